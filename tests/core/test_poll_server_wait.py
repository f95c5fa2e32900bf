# ruff: noqa: F811  (the shared fixtures "replay", "ring", "server", "test_kind" are imported by name)
"""GitHub's ``X-Poll-Interval`` ("you must not poll more often than X-Poll-Interval seconds") is
obeyed by a round the user forces (``notify poll --all``, the app's Poll now), as a server's
``Retry-After`` is: the source is skipped without a request, saying why and when it is polled
next, and the rest of the round goes on."""

from __future__ import annotations

import time
from pathlib import Path

from notify.core import secrets
from notify.core.store import state as state_repo
from tests.core.test_engine import Clock, make_engine, run
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401
from tests.support.memory_keyring import MemoryKeyring, ring  # noqa: F401
from tests.support.replay_server import ReplayServer, Response, Seen, replay  # noqa: F401
from tests.support.said import said

TOKEN = "ghp_CANARYtoken0123456789"


def serve_notifications(replay: ReplayServer, poll_interval: str) -> None:
    """The recorded notifications, with ``X-Poll-Interval: poll_interval``."""
    _, recorded = replay.load("github/notifications_all_2018")
    headers = tuple((k, v) for k, v in recorded.headers if k.lower() != "x-poll-interval")

    def answer(seen: Seen) -> Response:
        return Response(200, (*headers, ("X-Poll-Interval", poll_interval)), recorded.body)

    replay.handler("/notifications", answer)


def test_a_forced_round_does_not_poll_github_inside_its_poll_interval(
    tmp_path: Path, replay: ReplayServer, ring: MemoryKeyring, server: Server, test_kind: str
) -> None:
    serve_notifications(replay, "90")
    fine_route = server.feed("/fine", entries(1))
    clock = Clock(time.time())
    engine = make_engine(tmp_path, clock=clock)
    github = engine.add_source("github-notifications", replay.url("/notifications"),
                               settings={"token_ref": secrets.store_secret(TOKEN)})
    fine = engine.add_source(test_kind, server.url("/fine"), title="Fine")
    first = run(engine, lambda: engine.poll())
    assert {r.status for r in first.reports} == {"updated"}
    assert len(replay.hits("/notifications")) == 1
    polled_at = clock.now

    clock.now += 30  # Poll now, 30 s later: every enabled source, due or not
    forced = run(engine, lambda: engine.poll_all())
    by_id = {r.source_id: r for r in forced.reports}
    assert by_id[fine.id].status == "updated"  # the rest of the round goes on
    assert len(fine_route.hits) == 2
    skipped = by_id[github.id]
    assert skipped.status == "skipped"
    assert len(replay.hits("/notifications")) == 1  # no request
    state = engine.source_state(github.id)
    assert state.server_retry_at == polled_at + 90
    assert state.next_attempt is not None and state.next_attempt >= polled_at + 90
    assert skipped.next_attempt == state.next_attempt  # the schedule's next poll
    next_poll = said(state.next_attempt, polled_at)
    assert skipped.message == (
        f"GitHub asks Notify to wait 90 s between polls; next poll at {next_poll}.")
    assert state.consecutive_failures == 0 and state.last_error is None  # nothing recorded

    clock.now = polled_at + 91  # the wait is over: a forced round polls it again
    (again,) = run(engine, lambda: engine.poll([github.id])).reports
    assert again.status in ("updated", "not_modified")
    assert len(replay.hits("/notifications")) == 2
    engine.close()


def test_the_schedule_never_polls_github_before_its_poll_interval(
    tmp_path: Path, replay: ReplayServer, ring: MemoryKeyring
) -> None:
    """The poll interval bounds the jittered schedule too: a source whose own interval is the
    poll interval is not due before it (jitter took up to 10 % off it)."""
    serve_notifications(replay, "600")
    clock = Clock(time.time())
    engine = make_engine(tmp_path, clock=clock)
    engine.set_setting("poll.min_interval_min", 1)
    github = engine.add_source("github-notifications", replay.url("/notifications"),
                               settings={"token_ref": secrets.store_secret(TOKEN)},
                               interval_s=60)
    for _ in range(5):  # five rounds: the jitter takes time off some of them
        start = clock.now
        run(engine, lambda: engine.poll([github.id]))
        due = state_repo.earliest_next_attempt(engine.conn)
        assert due is not None and due >= start + 600
        assert engine.source_state(github.id).server_retry_at == start + 600
        clock.now = due
    assert len(replay.hits("/notifications")) == 5
    engine.close()
