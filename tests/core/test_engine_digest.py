"""A digest held during quiet hours reaches the person when they end, also when no source brings
anything new: ``notify poll`` from cron (a one-off round) and the app's schedule (a round at
the end of the quiet hours, even when no source is due then)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notify.core import rounds
from notify.core.engine import Engine
from notify.core.engine_rounds import DIGEST_RETRY_S
from notify.core.events import Event, NotificationPlanned
from notify.core.models import ItemDraft, SourceState
from notify.core.store import items as items_repo
from notify.core.store import notifications as n_store
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from tests.core.test_engine import Clock, make_engine, run


def local(day: int, hh: int, mm: int = 0) -> float:
    return dt.datetime(2026, 3, day, hh, mm).timestamp()


FEED = "https://tech.example/feed.xml"
FEED_DUE = local(3, 9)


def hold(engine: Engine, *titles: str) -> list[int]:
    """Quiet hours 22:00–07:00, and items of one source (not due until tomorrow 09:00) held
    for the digest during them."""
    conn = engine.conn
    engine.set_setting("notify.quiet_enabled", True)
    source = sources_repo.find_duplicate(conn, "feed", FEED)
    if source is None:
        source = sources_repo.add(conn, kind="feed", url=FEED, now=engine.now(), title="Tech")
        state_repo.save(conn, SourceState(source.id, next_attempt=FEED_DUE,
                                          last_attempt=engine.now()))
    drafts = [ItemDraft(key=t, title=t, link=f"https://tech.example/{n}")
              for n, t in enumerate(titles)]
    ids = list(items_repo.upsert(conn, source.id, drafts, now=engine.now()).new_ids)
    n_store.record_decisions(conn, [
        n_store.Decided(i, 0.9, "digest", "quiet hours: 90% likely to interest you", None)
        for i in ids])
    return ids


def digests(events: list[Event]) -> list[NotificationPlanned]:
    return [e for e in events if isinstance(e, NotificationPlanned) and e.kind == "digest"]


def test_a_round_with_nothing_new_delivers_the_digest_once_quiet_hours_are_over(
        tmp_path: Path) -> None:
    events: list[Event] = []
    clock = Clock(local(3, 7, 5))
    engine = make_engine(tmp_path, events, clock)
    held = hold(engine, "Rust 2.0 released", "A new compiler")
    summary = run(engine, lambda: engine.poll([]))  # nothing polled, nothing new
    assert summary.new_items == 0
    [digest] = digests(events)
    assert set(digest.item_ids) == set(held)
    assert items_repo.get(engine.conn, held[0]).notified_at == clock.now
    events.clear()
    run(engine, lambda: engine.poll([]))  # delivered once
    assert digests(events) == []
    engine.close()


def test_during_quiet_hours_the_digest_waits_and_without_one_ranking_is_not_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ranked: list[object] = []
    real = rounds.rank_new

    def spy(*args: object, **kwargs: object) -> object:
        ranked.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rounds, "rank_new", spy)
    events: list[Event] = []
    clock = Clock(local(3, 6, 30))
    engine = make_engine(tmp_path, events, clock)
    run(engine, lambda: engine.poll([]))
    assert ranked == []  # nothing held: the no-news round costs no ranking
    held = hold(engine, "Rust 2.0 released")
    run(engine, lambda: engine.poll([]))
    assert ranked == [] and digests(events) == []  # held, but still quiet hours
    clock.now = local(3, 7)
    run(engine, lambda: engine.poll([]))
    assert len(ranked) == 1 and digests(events)[0].item_ids == tuple(held)
    engine.close()


def test_the_schedule_wakes_at_the_end_of_quiet_hours_for_a_held_digest(
        tmp_path: Path) -> None:
    clock = Clock(local(2, 23))
    engine = make_engine(tmp_path, [], clock)
    hold(engine)
    assert engine._earliest_due() == FEED_DUE  # nothing held yet: the source's time
    hold(engine, "Rust 2.0 released")
    assert engine._earliest_due() == local(3, 7)
    engine.set_setting("notify.paused_until", local(3, 8))  # a pause past the quiet hours
    assert engine._earliest_due() == local(3, 8)
    engine.set_setting("notify.paused_until", -1)  # until resumed: the resume wakes it
    assert engine._earliest_due() == FEED_DUE
    engine.close()


def test_a_digest_its_round_failed_to_deliver_is_tried_again_a_minute_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> list[NotificationPlanned]:
        raise RuntimeError("ranking broke")

    monkeypatch.setattr(rounds, "rank_new", broken)
    clock = Clock(local(3, 7, 30))
    engine = make_engine(tmp_path, [], clock)
    hold(engine, "Rust 2.0 released")
    assert engine._earliest_due() == clock.now  # due now: a round at once
    run(engine, lambda: engine.poll([]))
    assert engine._earliest_due() == clock.now + DIGEST_RETRY_S  # not a busy loop
    engine.close()


def test_a_round_ends_with_its_writes_in_the_database_file(tmp_path: Path) -> None:
    """A round copies the write-ahead log into the database at its end (``db.checkpoint``), not
    inside whichever later commit crosses SQLite's mark, often a reaction's."""
    import shutil
    import sqlite3

    events: list[Event] = []
    engine = make_engine(tmp_path, events, Clock(local(3, 12)))
    hold(engine, "Rust 2.0 released")  # written in the log
    copy = tmp_path / "copy" / "file-only.sqlite3"
    copy.parent.mkdir()

    async def round_then_copy() -> None:
        await engine.poll([])  # the round delivers the digest, then checkpoints
        shutil.copy(engine.paths.db, copy)  # the file alone, without its -wal (stopping the
        # engine would checkpoint it too)

    run(engine, round_then_copy)
    conn = sqlite3.connect(copy)
    found = conn.execute("SELECT COUNT(*) FROM notifications WHERE kind = 'digest'").fetchone()
    conn.close()
    engine.close()
    assert found == (1,)
