# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""A 304 marks the items a source still lists (``items.last_seen``) at most hourly, and
retention never deletes an item a source still lists, however often it answers 304."""

from __future__ import annotations

from pathlib import Path

from notify.core import poll, retention
from notify.core.engine import Engine
from notify.core.store.items import ItemQuery
from tests.core.test_engine import DAY, Clock, make_engine, run
from tests.core.test_engine_kind import Server, doc, entries, server, test_kind  # noqa: F401

MIN = 60.0


def _last_seen(engine: Engine) -> dict[str, float]:
    rows = engine.conn.execute("SELECT key, last_seen FROM items").fetchall()
    return {str(r["key"]): float(r["last_seen"]) for r in rows}


def test_a_304_within_the_hour_writes_no_item_row(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    server.feed("/f", entries(1, 2), etag='"v1"')
    sid = engine.add_source(test_kind, server.url("/f")).id
    seen: list[dict[str, float]] = []
    changes: list[int] = []

    async def scenario() -> None:
        await engine.poll()
        marked = clock.now
        for minutes in (20, 40, 59):
            clock.now = marked + minutes * MIN
            before = engine.conn.total_changes
            summary = await engine.poll([sid])
            assert summary.reports[0].status == "not_modified"
            changes.append(engine.conn.total_changes - before)
            seen.append(_last_seen(engine))
        clock.now = marked + 61 * MIN  # over an hour since they were marked: marked again
        await engine.poll([sid])
        seen.append(_last_seen(engine))

    first = clock.now
    run(engine, scenario)
    assert seen[:3] == [{"e1": first, "e2": first}] * 3
    assert changes == [1, 1, 1]  # the source's state row only, no item row
    assert seen[3] == {"e1": first + 61 * MIN, "e2": first + 61 * MIN}
    assert engine.source_state(sid).listed_at == first + 61 * MIN
    engine.close()


def test_retention_keeps_what_a_source_still_lists_through_days_of_304s(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    engine.set_setting("store.retention_days", 1)
    route = server.feed("/f", entries(1, 2), etag='"v1"')
    sid = engine.add_source(test_kind, server.url("/f")).id

    async def scenario() -> None:
        await engine.poll()
        clock.now += 50 * MIN
        route.etag = '"v2"'  # e1 leaves the listing, e3 comes
        route.responses = [(200, {}, doc(entries(2, 3)))]
        await engine.poll([sid])
        for _ in range(int(3 * DAY // (25 * MIN))):  # three days of 304s every 25 minutes
            clock.now += 25 * MIN
            summary = await engine.poll([sid])
            assert summary.reports[0].status == "not_modified"

    run(engine, scenario)
    assert sorted(i.key for i in engine.items(ItemQuery())) == ["e2", "e3"]
    engine.close()


def test_the_refresh_lag_is_far_inside_the_shortest_retention() -> None:
    assert poll.LISTED_REFRESH_S * 12 <= retention.MIN_DAYS * retention.DAY_S


def test_a_result_waits_for_company_only_while_no_source_waits_for_its_place(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """The writer may hold a result a moment to store it with others (``Writer.store(light=)``):
    any result while every source of the round has a place; with sources waiting for one
    (``max_in_flight``), only results without items."""
    from dataclasses import replace as dc_replace

    lights: dict[int, list[bool]] = {}
    for limit in (48, 1):
        engine = make_engine(tmp_path / str(limit))
        engine.config = dc_replace(engine.config, max_in_flight=limit)
        for n in range(3):
            server.feed(f"/f{limit}-{n}", entries(n + 1))
            engine.add_source(test_kind, server.url(f"/f{limit}-{n}"))
        seen = lights[limit] = []
        plain_store = engine._writer.store

        async def spy(fn: object, *, light: bool = False, _seen: list[bool] = seen,
                      _store: object = plain_store) -> object:
            _seen.append(light)
            return await _store(fn, light=light)  # type: ignore[operator]

        engine._writer.store = spy  # type: ignore[method-assign]
        run(engine, lambda engine=engine: engine.poll())
        engine.close()
    assert lights[48] == [True, True, True]
    assert lights[1] == [False, False, True]  # the last: nobody waits any more
