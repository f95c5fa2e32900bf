"""The engine's calls on items: saving one for later is one write that the listener hears
about (``ItemsChanged``), keeps the item past retention, and teaches the profile nothing; every
change of the profile made through the engine is heard about once (``ProfileChanged``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from notify.core import retention
from notify.core.engine import Engine
from notify.core.errors import UnknownItemError
from notify.core.events import ItemsChanged, ProfileChanged
from notify.core.models import ItemDraft
from notify.core.paths import Paths
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store.items import ItemQuery
from notify.core.store.sources import transaction

DAY = 86400.0
NOW = 1_800_000_000.0


def test_saving_an_item_is_announced_kept_past_retention_and_learns_nothing(
        tmp_path: Path) -> None:
    events: list[object] = []
    engine = Engine(Paths(tmp_path / "data"), listener=events.append,
                    clock=lambda: NOW).open()
    try:
        conn = engine.conn
        with transaction(conn):
            sid = sources_repo.add(conn, kind="feed", url="https://example.org/feed",
                                   now=NOW - 60 * DAY).id
            saved, other = items_repo.upsert(
                conn, sid, [ItemDraft(key="a", title="Keep me"), ItemDraft(key="b", title="Go")],
                now=NOW - 60 * DAY).new_ids
        assert engine.set_saved(saved) is True
        assert events == [ItemsChanged((saved,))]
        assert engine.set_saved(saved) is False  # the same again: nothing to announce
        assert len(events) == 1
        assert not any(isinstance(e, ProfileChanged) for e in events)
        assert conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0
        assert engine.item(saved).saved and engine.item(saved).reaction is None
        assert retention.prune(conn, now=NOW, days=30) == 1  # the unsaved one
        assert [i.id for i in engine.items(ItemQuery())] == [saved]
        assert engine.set_saved(saved, False) is True
        assert events[-1] == ItemsChanged((saved,))
        assert retention.prune(conn, now=NOW, days=30) == 1
        assert engine.items(ItemQuery()) == []
        with pytest.raises(UnknownItemError):
            engine.set_saved(other)
    finally:
        engine.close()


def test_mark_all_read_returns_the_ids_it_marked_for_an_undo(tmp_path: Path) -> None:
    """Mark all as read says which items it marked (the inbox's Undo marks exactly those unread
    again): not those read already, not those reacted to, not another source's."""
    events: list[object] = []
    engine = Engine(Paths(tmp_path / "data"), listener=events.append,
                    clock=lambda: NOW).open()
    try:
        conn = engine.conn
        with transaction(conn):
            a = sources_repo.add(conn, kind="feed", url="https://a.example/feed", now=NOW).id
            b = sources_repo.add(conn, kind="feed", url="https://b.example/feed", now=NOW).id
            ids_a = items_repo.upsert(conn, a, [ItemDraft(key=f"a{n}", title=f"A {n}")
                                                for n in range(4)], now=NOW).new_ids
            ids_b = items_repo.upsert(conn, b, [ItemDraft(key="b", title="B")],
                                      now=NOW).new_ids
        engine.mark_read([ids_a[0]])
        conn.execute("UPDATE items SET reaction = 'like' WHERE id = ?", (ids_a[1],))
        marked = asyncio.run(engine.mark_all_read([a]))
        assert marked == tuple(ids_a[2:])
        assert engine.mark_read(marked, False) == marked  # the undo: exactly those unread
        assert sorted(i.id for i in engine.items(ItemQuery(unread_only=True))) == sorted(
            [*ids_a[2:], *ids_b])
        assert asyncio.run(engine.mark_all_read([])) == ()
    finally:
        engine.close()


def test_every_change_of_the_profile_through_the_engine_is_announced_once(
        tmp_path: Path) -> None:
    """Regression: Settings → Profile changed the profile through ``engine.ranking()`` and
    nobody was told: after a reset the inbox's Undo still offered reactions that were gone,
    its Why panel still said what was forgotten. A change that changed nothing, or failed, is
    not announced."""
    from notify.core.errors import ProfileFileError
    from notify.core.ranking.profile import Term

    events: list[object] = []
    engine = Engine(Paths(tmp_path / "data"), listener=events.append,
                    clock=lambda: NOW).open()
    rust, pundit = Term("keyword", "rust"), Term("author", "Pundit")
    saved = tmp_path / "profile.json"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "notify-profile"}')
    learned = tmp_path / "learned.json"  # the word "rust" learned: a reason to lower
    learned.write_text('{"format": "notify-profile", "version": 3, '
                       '"weights": {"w:rust": {"weight": 8, "certainty": 4}}}')
    changes: list[tuple[str, Callable[[Any], Any], bool]] = [
        ("less of what is no reason", lambda r: r.less_of(rust), False),
        ("import of a learned word", lambda r: r.import_(learned), True),
        ("pin", lambda r: r.pin(pundit, "never"), True),
        ("the same pin again", lambda r: r.pin(pundit, "never"), False),
        ("unpin", lambda r: r.unpin(pundit), True),
        ("unpin of no pin", lambda r: r.unpin(pundit), False),
        ("less", lambda r: r.less_of(rust), True),
        ("forget", lambda r: r.forget(rust), True),
        ("forget of nothing learned", lambda r: r.forget(rust), False),
        ("interests", lambda r: r.interests(add=[rust]), True),
        ("export", lambda r: r.export(saved), False),
        ("reset", lambda r: r.reset(), True),
        ("import", lambda r: r.import_(saved), True),
    ]
    try:
        for what, change, announced in changes:
            events.clear()
            engine.change_profile(change)
            assert events == ([ProfileChanged()] if announced else []), what
        events.clear()
        with pytest.raises(ProfileFileError):
            engine.change_profile(lambda r: r.import_(bad))
        assert events == []
        assert engine.ranking().show(0).interests == [rust]  # the import's, as exported
    finally:
        engine.close()
