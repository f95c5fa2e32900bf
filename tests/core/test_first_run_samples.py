"""The first run's sample items (``first_run_samples``): a few, varied over the sources, newest
first, each with its source's name, a short summary and its link."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from notify.core import first_run_samples as samples
from notify.core.engine import Engine
from notify.core.models import ItemDraft
from notify.core.paths import Paths
from notify.core.store import items as items_store
from notify.core.store import sources as sources_store
from notify.core.store.sources import transaction

NOW = 1_800_000_000.0


def feed(conn: sqlite3.Connection, name: str, titles: list[str], *, title: str = "",
         newest: float = NOW, summary: str = "") -> int:
    """A source with items ``titles``, newest first, an hour apart from ``newest``."""
    sid = sources_store.add(conn, kind="feed", url=f"https://{name}.example/feed", now=NOW,
                            title=title).id
    drafts = [ItemDraft(key=f"{name}{n}", title=t, summary_text=summary or f"About {t}",
                        link=f"https://{name}.example/{n}", published=newest - 3600 * n)
              for n, t in enumerate(titles)]
    items_store.upsert(conn, sid, drafts, now=NOW, backlog=True)
    return sid


def titles(found: list[samples.Sample]) -> list[str]:
    return [s.title for s in found]


def test_one_per_source_in_turn_newest_first_then_more(tmp_path: Path) -> None:
    engine = Engine(Paths(tmp_path / "data"), clock=lambda: NOW).open()
    try:
        conn = engine.conn
        with transaction(conn):
            # a busy source first: it alone would fill the page
            feed(conn, "busy", [f"Busy {n}" for n in range(30)], title="Busy News")
            feed(conn, "quiet", ["Quiet 0", "Quiet 1"], title="Quiet Blog", newest=NOW - 60)
            feed(conn, "old", ["Old 0"], title="Old Feed", newest=NOW - 86400)
            feed(conn, "untitled", ["Host 0"], newest=NOW - 120)  # named by its address
        found = engine.first_run_samples()
    finally:
        engine.close()
    assert len(found) == samples.SAMPLES
    assert titles(found)[:4] == ["Busy 0", "Quiet 0", "Host 0", "Old 0"]
    assert titles(found)[4:6] == ["Busy 1", "Quiet 1"]
    assert titles(found)[6:] == ["Busy 2", "Busy 3", "Busy 4", "Busy 5"]
    assert [s.source for s in found[:4]] == ["Busy News", "Quiet Blog",
                                            "untitled.example/feed", "Old Feed"]
    assert found[0].summary == "About Busy 0"
    assert found[0].link == "https://busy.example/0" and found[0].reaction is None


def test_a_story_of_two_sources_and_an_untitled_item_are_passed_over(tmp_path: Path) -> None:
    engine = Engine(Paths(tmp_path / "data"), clock=lambda: NOW).open()
    try:
        conn = engine.conn
        with transaction(conn):
            feed(conn, "a", ["Rust 2.0 released", "", "Gardening"], title="A")
            feed(conn, "b", ["rust  2.0 Released", "Climate"], title="B", newest=NOW - 1)
        found = engine.first_run_samples(limit=5)
    finally:
        engine.close()
    assert titles(found) == ["Rust 2.0 released", "Climate", "Gardening"]


def test_a_busy_source_does_not_hide_the_others(tmp_path: Path) -> None:
    engine = Engine(Paths(tmp_path / "data"), clock=lambda: NOW).open()
    try:
        conn = engine.conn
        with transaction(conn):
            feed(conn, "busy", [f"Busy {n}" for n in range(samples.SCAN + 5)], title="Busy")
            feed(conn, "older", ["Older 0"], title="Older", newest=NOW - 86400 * 400)
        found = engine.first_run_samples(limit=4)
    finally:
        engine.close()
    assert titles(found) == ["Busy 0", "Older 0", "Busy 1", "Busy 2"]


def test_none_before_any_item(tmp_path: Path) -> None:
    engine = Engine(Paths(tmp_path / "data"), clock=lambda: NOW).open()
    try:
        assert engine.first_run_samples() == []
    finally:
        engine.close()


def test_a_summary_is_short_and_cut_at_a_word() -> None:
    text = "word " * 100
    cut = samples.short(text)
    assert len(cut) <= samples.SUMMARY_CHARS and cut.endswith("word…")
    assert samples.short("  two\n lines ") == "two lines"
    long_word = "x" * 400
    assert samples.short(long_word) == "x" * (samples.SUMMARY_CHARS - 1) + "…"
