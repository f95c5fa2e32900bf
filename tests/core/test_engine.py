# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""The engine's poll rounds against real HTTP servers on 127.0.0.1, a fresh database per test."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from notify.core.engine import Engine
from notify.core.engine_config import EngineConfig
from notify.core.events import (
    Event,
    ItemsAdded,
    PollFinished,
    PollStarted,
    SourcePolled,
    SourcesChanged,
)
from notify.core.fetch.config import FetchConfig
from notify.core.paths import Paths
from notify.core.store import items as items_repo
from notify.core.store.items import ItemQuery
from tests.core.test_engine_kind import Server, doc, entries, server, test_kind  # noqa: F401

DAY = 86400.0


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_engine(tmp_path: Path, events: list[Event] | None = None,
                clock: Clock | None = None, *, processes: bool = False) -> Engine:
    config = EngineConfig(seed=7, fetch=FetchConfig(deadline_s=5, read_timeout_s=5),
                          cpu_processes=processes, cpu_big_bytes=1,  # every body is "big"
                          cpu_process_after_bytes=0)
    return Engine(Paths(tmp_path / "data"), config,
                  listener=None if events is None else events.append,
                  clock=clock or Clock()).open()


def run(engine: Engine, scenario: Callable[[], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        try:
            return await scenario()
        finally:
            await engine.stop()

    result = asyncio.run(main())
    engine.open()  # stop() closed the store; reopen it for the assertions
    return result


def test_one_broken_source_never_aborts_the_round(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    server.feed("/a", entries(1, 2), title="Feed A")
    server.feed("/b", entries(3))
    server.route("/crash", (200, {}, b"crash"))
    server.route("/err", (500, {}, b"oops"))
    ids = [engine.add_source(test_kind, server.url(p)).id for p in ("/a", "/crash", "/b", "/err")]
    missing = engine.add_source(test_kind, server.url("/missing")).id
    summary = run(engine, lambda: engine.poll())

    by_id = {r.source_id: r for r in summary.reports}
    assert [r.source_id for r in summary.reports] == [*ids, missing]
    assert by_id[ids[0]].status == "updated" and by_id[ids[0]].new_items == 2
    assert by_id[ids[2]].new_items == 1
    assert by_id[ids[1]].status == "failed"
    assert "reader failed" in (by_id[ids[1]].message or "")
    assert by_id[ids[3]].status == "failed" and by_id[missing].status == "failed"
    assert (summary.fetched, summary.new_items, len(summary.failed)) == (2, 3, 3)

    state = engine.source_state(ids[3])
    assert state.consecutive_failures == 1 and state.last_error
    assert state.next_attempt is not None and state.next_attempt > engine._clock()
    assert engine.source(ids[0]).title == "Feed A"  # filled from the feed's own name

    kinds = [type(e) for e in events]
    assert kinds[0] is SourcesChanged and PollStarted in kinds
    assert kinds[-1] is PollFinished
    polled = [e for e in events if isinstance(e, SourcePolled)]
    assert [e.done for e in polled] == [1, 2, 3, 4, 5] and {e.total for e in polled} == {5}
    (added,) = [e for e in events if isinstance(e, ItemsAdded)]
    assert len(added.item_ids) == 3


def test_parsing_in_worker_processes(tmp_path: Path, server: Server, test_kind: str) -> None:
    engine = make_engine(tmp_path, processes=True)
    server.feed("/a", entries(1, 2, 3))
    server.route("/crash", (200, {}, b"crash"))
    engine.add_source(test_kind, server.url("/a"))
    engine.add_source(test_kind, server.url("/crash"))
    summary = run(engine, lambda: engine.poll())
    assert [r.status for r in summary.reports] == ["updated", "failed"]
    assert summary.new_items == 3
    # the worker's exception came back as this source's failure
    assert "broken on purpose" in (summary.reports[1].message or "")


def test_first_poll_is_backlog_and_second_round_is_conditional(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    route = server.feed("/f", entries(1, 2), etag='"v1"')
    sid = engine.add_source(test_kind, server.url("/f")).id

    async def scenario() -> tuple[Any, Any, Any]:
        first = await engine.poll()
        clock.now += 3600
        second = await engine.poll([sid])
        route.etag = '"v2"'
        route.responses = [(200, {}, doc(entries(1, 2, 3)))]
        clock.now += 3600
        third = await engine.poll([sid])
        return first, second, third

    first, second, third = run(engine, scenario)
    assert first.reports[0].new_items == 2
    assert second.reports[0].status == "not_modified"
    assert route.hits[1].get("if-none-match") == '"v1"'
    assert third.reports[0].new_items == 1
    stored = engine.items(ItemQuery())
    assert sorted((i.key, i.backlog) for i in stored) == [
        ("e1", True), ("e2", True), ("e3", False)]
    state = engine.source_state(sid)
    assert state.etag == '"v2"' and state.last_success == clock.now


def test_gone_disables_the_source_with_a_clear_reason(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    engine = make_engine(tmp_path)
    server.route("/gone", (410, {}, b""))
    sid = engine.add_source(test_kind, server.url("/gone")).id
    summary = run(engine, lambda: engine.poll())
    assert summary.reports[0].status == "disabled"
    assert not engine.source(sid).enabled
    reason = engine.source_state(sid).disabled_reason or ""
    assert "gone" in reason and "stopped polling" in reason
    assert engine._select(None, engine._clock()) == []  # no longer due
    engine.open()
    engine.update_source(sid, enabled=True)
    state = engine.source_state(sid)
    assert state.disabled_reason is None and state.consecutive_failures == 0
    engine.close()


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_sets_the_next_attempt(
    tmp_path: Path, server: Server, test_kind: str, status: int
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    server.route("/slow", (status, {"Retry-After": "7200"}, b"slow down"))
    sid = engine.add_source(test_kind, server.url("/slow")).id
    run(engine, lambda: engine.poll())
    engine.open()
    state = engine.source_state(sid)
    engine.close()
    assert state.consecutive_failures == 1
    assert state.next_attempt is not None
    # Retry-After is relative to the real time of the response; the engine clock is fixed.
    assert state.next_attempt >= clock.now + 1800


def test_failures_back_off_exponentially_within_a_day(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    server.route("/err", (500, {}, b"oops"))
    sid = engine.add_source(test_kind, server.url("/err")).id

    async def scenario() -> list[float]:
        delays = []
        for _ in range(8):
            await engine.poll([sid])
            delays.append((engine.source_state(sid).next_attempt or 0) - clock.now)
        return delays

    delays = run(engine, scenario)
    assert all(30 * 60 <= d <= DAY for d in delays)
    assert max(delays[4:]) > 2 * 30 * 60


def test_permanent_redirect_three_times_moves_the_source(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    engine = make_engine(tmp_path)
    server.route("/old", (301, {"Location": server.url("/new")}, b""))
    server.feed("/new", entries(1))
    sid = engine.add_source(test_kind, server.url("/old"), title="Mover").id

    async def scenario() -> list[str]:
        return [(await engine.poll([sid])).reports[0].status for _ in range(3)]

    statuses = run(engine, scenario)
    assert statuses == ["updated", "updated", "moved"]
    engine.open()
    assert engine.source(sid).url == server.url("/new")
    notice = engine.source_state(sid).moved_notice or ""
    assert "moved permanently" in notice and server.url("/new") in notice
    engine.close()


def test_a_source_behind_a_login_keeps_it_when_it_moves_within_its_host(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """Regression: the moved address came from the server's Location, without the address'
    ``user:password@``: the next polls of a feed behind a login then said it needs one."""
    engine = make_engine(tmp_path)
    server.route("/old", (301, {"Location": server.url("/new")}, b""))
    server.feed("/new", entries(1))
    with_login = server.url("/old").replace("http://", "http://reader:pw@")
    sid = engine.add_source(test_kind, with_login, title="Mover").id

    async def scenario() -> None:
        for _ in range(3):
            await engine.poll([sid])

    run(engine, scenario)
    engine.open()
    assert engine.source(sid).url == server.url("/new").replace("http://", "http://reader:pw@")
    assert "pw" not in (engine.source_state(sid).moved_notice or "")
    engine.close()


def test_redirect_not_seen_three_times_in_a_row_does_not_move(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    engine = make_engine(tmp_path)
    server.route("/flaky", (301, {"Location": server.url("/new")}, b""),
                 (301, {"Location": server.url("/new")}, b""),
                 (200, {}, doc(entries(1))), (301, {"Location": server.url("/new")}, b""))
    server.feed("/new", entries(1))
    sid = engine.add_source(test_kind, server.url("/flaky")).id

    async def scenario() -> None:
        for _ in range(4):
            await engine.poll([sid])

    run(engine, scenario)
    engine.open()
    assert engine.source(sid).url == server.url("/flaky")
    assert engine.source_state(sid).moved_count == 1
    engine.close()


def test_server_ttl_hint_stretches_the_interval(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    server.feed("/ttl", entries(1), ttl=4 * 3600)
    sid = engine.add_source(test_kind, server.url("/ttl")).id
    run(engine, lambda: engine.poll())
    engine.open()
    state = engine.source_state(sid)
    engine.close()
    assert state.ttl_s == 4 * 3600
    assert state.next_attempt is not None
    assert 0.9 * 4 * 3600 <= state.next_attempt - clock.now <= 1.1 * 4 * 3600


def test_retention_runs_after_a_round_and_keeps_liked_and_saved(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    route = server.feed("/f", entries(1, 2, 3))
    sid = engine.add_source(test_kind, server.url("/f")).id

    async def scenario() -> None:
        await engine.poll()
        conn = engine.conn
        ids = {i.key: i.id for i in engine.items()}
        conn.execute("UPDATE items SET reaction = 'like' WHERE id = ?", (ids["e1"],))
        conn.execute("UPDATE items SET saved = 1 WHERE id = ?", (ids["e2"],))
        route.responses = [(200, {}, doc(entries(4)))]
        clock.now += 40 * DAY
        await engine.poll([sid])

    run(engine, scenario)
    engine.open()
    assert sorted(i.key for i in engine.items()) == ["e1", "e2", "e4"]
    engine.close()


def test_polling_a_disabled_source_by_id_is_skipped(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    engine = make_engine(tmp_path)
    sid = engine.add_source(test_kind, server.url("/x")).id
    engine.update_source(sid, enabled=False)
    summary = run(engine, lambda: engine.poll([sid]))
    assert summary.reports[0].status == "skipped"
    assert server.routes == {}


def test_poll_all_polls_every_enabled_source_due_or_not(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """The app's Poll now (as ``notify poll --all``): right after a round nothing is due, and
    ``poll()`` alone fetches nothing; ``poll_all()`` fetches every enabled source."""
    engine = make_engine(tmp_path)
    server.feed("/a", entries(1))
    server.feed("/off", entries(1))
    engine.add_source(test_kind, server.url("/a"))
    off = engine.add_source(test_kind, server.url("/off")).id
    engine.update_source(off, enabled=False)

    async def scenario() -> tuple[int, int]:
        await engine.poll()
        due_only = await engine.poll()
        every = await engine.poll_all()
        return len(due_only.reports), len(every.reports)

    assert run(engine, scenario) == (0, 1)
    assert len(server.routes["/a"].hits) == 2
    assert not server.routes["/off"].hits


def test_a_listener_that_raises_does_not_break_the_round(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    def bad(event: Event) -> None:
        raise RuntimeError("listener bug")

    engine = Engine(Paths(tmp_path), EngineConfig(seed=1), listener=bad).open()
    server.feed("/f", entries(1))
    engine.add_source(test_kind, server.url("/f"))
    summary = run(engine, lambda: engine.poll())
    assert summary.new_items == 1


def test_status_counts(tmp_path: Path, server: Server, test_kind: str) -> None:
    engine = make_engine(tmp_path)
    server.feed("/f", entries(1, 2))
    engine.add_source(test_kind, server.url("/f"))
    engine.add_source(test_kind, server.url("/missing"))
    run(engine, lambda: engine.poll())
    engine.open()
    status = engine.status()
    engine.close()
    assert (status.sources, status.enabled, status.failing, status.items) == (2, 2, 1, 2)
    assert status.last_poll is not None and status.db_bytes > 0


def test_items_are_not_duplicated_across_rounds(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    engine = make_engine(tmp_path)
    server.feed("/f", entries(1, 2))
    sid = engine.add_source(test_kind, server.url("/f")).id

    async def scenario() -> int:
        await engine.poll()
        return (await engine.poll([sid])).new_items

    assert run(engine, scenario) == 0
    engine.open()
    assert items_repo.count(engine.conn) == 2
    engine.close()


def test_the_ca_bundle_is_loaded_only_for_a_round_that_may_talk_tls(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """A round of plain http:// sources never loads the CA bundle (~20 ms of CPU); a round with
    an https source builds it before the round, off the loop."""
    from notify.core.fetch import client as client_module

    client_module._tls_context.cache_clear()
    engine = make_engine(tmp_path)
    server.feed("/a", entries(1))
    engine.add_source(test_kind, server.url("/a"))
    summary = run(engine, lambda: engine.poll())
    assert summary.reports[0].status == "updated"
    assert client_module._tls_context.cache_info().currsize == 0
    engine.add_source(test_kind, "https://127.0.0.1:9/feed")  # refused: nothing listens there
    run(engine, lambda: engine.poll())
    assert client_module._tls_context.cache_info().currsize == 1


def test_a_one_off_round_ranks_only_when_it_has_new_items_to_rank(
    tmp_path: Path, server: Server, test_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a schedule (the CLI), a round whose new items are all a new source's backlog
    does not call (nor import) the ranking service: it would rank none of them. A later round
    with a new item calls it, with the backlog sources of that round."""
    from notify.core import rounds

    calls: list[tuple[list[int], tuple[int, ...]]] = []
    real = rounds.rank_new

    def spy(conn: Any, item_ids: Any, now: float, *, backlog_source_ids: Any = ()) -> list[Any]:
        calls.append((list(item_ids), tuple(backlog_source_ids)))
        return real(conn, item_ids, now, backlog_source_ids=backlog_source_ids)

    monkeypatch.setattr(rounds, "rank_new", spy)
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    route = server.feed("/f", entries(1, 2), etag='"v1"')
    sid = engine.add_source(test_kind, server.url("/f")).id

    async def scenario() -> None:
        await engine.poll()  # the first poll: backlog only
        assert calls == []
        route.etag = '"v2"'
        route.responses = [(200, {}, doc(entries(1, 2, 3)))]
        clock.now += 3600
        await engine.poll([sid])

    run(engine, scenario)
    assert len(calls) == 1 and len(calls[0][0]) == 1 and calls[0][1] == ()
    assert sorted((i.key, i.backlog) for i in engine.items(ItemQuery())) == [
        ("e1", True), ("e2", True), ("e3", False)]


def test_items_a_round_stored_but_did_not_rank_are_ranked_by_the_next_round(
    tmp_path: Path, server: Server, test_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round stopped between storing and ranking (Ctrl-C, a crash; here its ranking fails)
    left its new items without a score or decision, and later rounds ranked only their own new
    items: those were never notified. The next round ranks them; a day later they stay."""
    from notify.core import rounds

    real = rounds.rank_new
    calls: list[list[int]] = []

    def failing_once(conn: Any, item_ids: Any, now: float, **kw: Any) -> list[Any]:
        calls.append(list(item_ids))
        if len(calls) == 1:
            raise RuntimeError("the round stopped here")
        return real(conn, item_ids, now, **kw)

    monkeypatch.setattr(rounds, "rank_new", failing_once)
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    route = server.feed("/f", entries(1), etag='"v1"')
    sid = engine.add_source(test_kind, server.url("/f")).id

    def decided() -> dict[str, str | None]:
        return {i.key: i.decision for i in engine.items(ItemQuery())}

    async def scenario() -> None:
        await engine.poll()  # the first poll: backlog only, never ranked
        route.etag = '"v2"'
        route.responses = [(200, {}, doc(entries(1, 2)))]
        clock.now += 3600
        await engine.poll([sid])  # e2 stored, its ranking fails
        assert decided() == {"e1": None, "e2": None}
        clock.now += 3600
        await engine.poll([sid])  # nothing new (304): e2 is ranked now
        assert decided()["e2"] is not None and decided()["e1"] is None  # backlog stays
        route.etag = '"v3"'
        route.responses = [(200, {}, doc(entries(1, 2, 3)))]
        calls.clear()  # the next ranking fails again: e3 is left
        clock.now += 3600
        await engine.poll([sid])
        clock.now += 2 * 86400  # too late to notify: e3 stays unranked
        await engine.poll([sid])

    run(engine, scenario)
    assert len(calls) == 1 and decided()["e3"] is None


def test_opening_the_engine_shortens_the_gil_switch_interval(tmp_path: Path) -> None:
    import sys

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        Engine(Paths(tmp_path / "a"), EngineConfig(gil_switch_s=None)).open().close()
        assert sys.getswitchinterval() == pytest.approx(0.005)  # None: left alone
        Engine(Paths(tmp_path / "b"), EngineConfig()).open().close()
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        sys.setswitchinterval(before)


def test_data_version_moves_for_another_connections_writes_only(tmp_path: Path) -> None:
    """The inbox asks the engine whether another program changed the database (a ``notify
    save`` in a terminal). The engine's own writes, which its events report, must not count."""
    import sqlite3

    engine = make_engine(tmp_path)
    try:
        before = engine.data_version()
        engine.add_source("feed", "http://127.0.0.1:9/feed.xml")
        assert engine.data_version() == before
        other = sqlite3.connect(Paths(tmp_path / "data").db)
        with other:
            other.execute("UPDATE sources SET title = 'Renamed elsewhere'")
        other.close()
        assert engine.data_version() != before
    finally:
        engine.close()
