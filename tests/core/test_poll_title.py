"""A poll fills an empty title with the feed's own name, but never over a name the user gave
while the round was running (regression: the round's snapshot still had the empty title)."""

from __future__ import annotations

import random
from pathlib import Path

from notify.core import poll
from notify.core.fetch.outcomes import Updated
from notify.core.models import ItemDraft, SourceState
from notify.core.sources.base import PollResult
from notify.core.store import sources as sources_repo
from notify.core.store.db import connect


def _apply(tmp_path: Path, rename_to: str | None) -> str:
    conn = connect(tmp_path / "t.sqlite3")
    snapshot = sources_repo.add(conn, kind="feed", url="http://127.0.0.1/feed", now=1.0)
    if rename_to is not None:
        sources_repo.update(conn, snapshot.id, title=rename_to, title_given=True)  # as edits do
    result = PollResult(Updated("http://127.0.0.1/feed", 200, {}, b""), title="Feed's own name")
    poll.apply(conn, snapshot, SourceState(snapshot.id), result, now=2.0,
               interval_of=lambda _s, _h: 1800, rng=random.Random(0))
    title = sources_repo.get(conn, snapshot.id).title
    conn.close()
    return title


def test_an_empty_title_is_filled_from_the_feed(tmp_path: Path) -> None:
    assert _apply(tmp_path, None) == "Feed's own name"


def test_a_rename_during_the_round_is_kept(tmp_path: Path) -> None:
    assert _apply(tmp_path, "My name") == "My name"


def test_a_source_removed_during_the_round_has_its_result_dropped(tmp_path: Path) -> None:
    """Its result is no "database" failure (FOREIGN KEY constraint failed): it is skipped."""
    conn = connect(tmp_path / "t.sqlite3")
    snapshot = sources_repo.add(conn, kind="feed", url="http://127.0.0.1/feed", now=1.0)
    sources_repo.remove(conn, snapshot.id)  # while it was being fetched
    result = PollResult(Updated("http://127.0.0.1/feed", 200, {}, b"<rss/>"), title="T",
                        items=[ItemDraft(key="one", title="One", link="http://127.0.0.1/1")])
    applied = poll.apply(conn, snapshot, SourceState(snapshot.id), result, now=2.0,
                         interval_of=lambda _s, _h: 1800, rng=random.Random(0))
    assert applied.report.status == "skipped"
    assert applied.report.message == "It was removed during the round."
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0
    conn.close()
