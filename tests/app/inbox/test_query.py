from __future__ import annotations

from pathlib import Path

from notify.app.inbox import query
from notify.core.store.db import connect


def test_pages_are_newest_first_and_do_not_overlap(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    first = query.page(conn, query.InboxFilter(), limit=100)
    second = query.page(conn, query.InboxFilter(), after=first[-1].key, limit=100)
    assert [r.id for r in first] == list(range(1000, 900, -1))
    assert [r.id for r in second] == list(range(900, 800, -1))


def test_filters(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    notified = query.page(conn, query.InboxFilter(view=query.VIEW_NOTIFIED), limit=10_000)
    assert len(notified) == 100 and all(r.notified_at for r in notified)
    liked = query.page(conn, query.InboxFilter(view=query.VIEW_LIKED), limit=10_000)
    assert len(liked) == 40 and all(r.reaction == "like" for r in liked)
    one = query.page(conn, query.InboxFilter(source_id=2), limit=10_000)
    assert one and all(r.source_id == 2 for r in one)
    group = query.page(conn, query.InboxFilter(group="tech"), limit=10_000)
    assert {r.source_id for r in group} == {2}


def test_full_text_search_with_prefix(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    hits = query.page(conn, query.InboxFilter(search="topic3"), limit=10_000)
    assert hits and all("topic3" in r.title for r in hits)
    assert len(query.page(conn, query.InboxFilter(search="numb"), limit=10_000)) == 1000
    # FTS syntax in user input is taken literally, never an error
    assert query.page(conn, query.InboxFilter(search='"AND OR ('), limit=10) == []


def test_newer_than_returns_only_new_rows(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    top = query.page(conn, query.InboxFilter(), limit=1)[0]
    assert query.page(conn, query.InboxFilter(), newer_than=top.key) == []


def test_detail_and_choices(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    d = query.detail(conn, 5)
    assert d is not None and d.title.startswith("Item number 5") and d.authors == ("Author 2",)
    assert query.detail(conn, 999_999) is None
    sources, groups = query.source_choices(conn)
    assert [t for _, t in sources] == ["Source 1", "Source 2", "Source 3"]
    assert groups == ["news", "tech"]
