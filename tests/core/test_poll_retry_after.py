# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""A server's ``Retry-After`` is honoured even when the user forces a round (``notify poll
--all`` polls the given sources, due or not): such a source is skipped, saying until when."""

from __future__ import annotations

import time
from pathlib import Path

from notify.core.store import state as state_repo
from tests.core.test_engine import Clock, make_engine, run
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401
from tests.support.said import said

HOUR = 3600.0


def test_a_forced_round_skips_a_source_waiting_out_retry_after(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock(time.time())
    limited = server.route("/limited", (429, {"Retry-After": "7200"}, b"slow down"))
    server.feed("/fine", entries(1))
    engine = make_engine(tmp_path, clock=clock)
    slow = engine.add_source(test_kind, server.url("/limited"), title="Slow")
    fine = engine.add_source(test_kind, server.url("/fine"), title="Fine")
    first = run(engine, lambda: engine.poll())
    assert {r.status for r in first.reports} == {"failed", "updated"}
    retry_at = clock.now + 2 * HOUR  # Retry-After: 7200 (read by the fetcher's own clock)

    clock.now += HOUR  # the user forces a round an hour later: every source, due or not
    forced = run(engine, lambda: engine.poll([slow.id, fine.id]))
    by_id = {r.source_id: r for r in forced.reports}
    assert by_id[fine.id].status == "updated"
    skipped = by_id[slow.id]
    assert skipped.status == "skipped"
    assert len(limited.hits) == 1  # not asked again
    stored = skipped.next_attempt
    assert stored is not None and abs(stored - retry_at) < 5
    until = said(stored, clock.now)
    assert skipped.message == (f"The server asked Notify to wait until {until} before asking "
                               "again; Notify polls it then.")
    assert engine.source_state(slow.id).server_retry_at == stored
    assert engine.source_state(slow.id).consecutive_failures == 1  # nothing recorded

    clock.now = stored + 1  # the wait is over: polled again
    later = run(engine, lambda: engine.poll([slow.id]))
    assert later.reports[0].status == "failed" and len(limited.hits) == 2
    engine.close()


def test_the_batch_window_does_not_poll_a_source_before_its_retry_after(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock(time.time())
    limited = server.route("/limited", (503, {"Retry-After": "7200"}, b"busy"))
    engine = make_engine(tmp_path, clock=clock)
    slow = engine.add_source(test_kind, server.url("/limited"))
    run(engine, lambda: engine.poll())
    retry_at = engine.source_state(slow.id).next_attempt
    assert retry_at is not None and abs(retry_at - (clock.now + 2 * HOUR)) < 5
    # a due round 30 s before then takes the sources due within the next 60 s, not this one
    clock.now = retry_at - 30
    assert run(engine, lambda: engine.poll()).reports == ()
    assert len(limited.hits) == 1
    # the schedule wakes for it when the server allows, not before
    assert state_repo.earliest_next_attempt(engine.conn) >= retry_at
    clock.now = retry_at
    assert len(run(engine, lambda: engine.poll()).reports) == 1
    assert len(limited.hits) == 2
    engine.close()


def test_a_retry_after_is_said_as_the_servers_wish_not_as_notifys_next_try(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """Regression: "Notify will try again after 03:47. Next try in 24 min." The server's time
    was said as Notify's, next to the schedule's own (later) next try."""
    clock = Clock(time.time())
    server.route("/limited", (429, {"Retry-After": "60"}, b"slow down"))
    engine = make_engine(tmp_path, clock=clock)
    engine.add_source(test_kind, server.url("/limited"), title="Slow")
    report = run(engine, lambda: engine.poll()).reports[0]
    assert report.status == "failed" and report.next_attempt is not None
    asked = said(clock.now + 60, clock.now)
    assert report.message.endswith(f"asked Notify to slow down (HTTP 429 Too Many Requests). "
                                   f"It asked Notify to wait until {asked}.")
    assert "will try again" not in report.message
    assert report.next_attempt >= clock.now + 60  # never earlier than the server asked
    engine.close()
