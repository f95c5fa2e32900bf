from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notify.app.inbox import query
from notify.core.models import ItemDraft
from notify.core.store import items as items_repo
from notify.core.store.db import connect
from notify.core.store.items import NEWEST_FIRST
from tests.app.conftest import BASE_TIME

NOW = BASE_TIME + 5000


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


def test_count_is_what_the_filter_shows_in_all(small_db: Path) -> None:
    """The footer's count: every item a view holds, not the rows of a page."""
    conn = connect(small_db, readonly=True)
    for filt in (query.InboxFilter(), query.InboxFilter(view=query.VIEW_NOTIFIED),
                 query.InboxFilter(view=query.VIEW_LIKED), query.InboxFilter(source_id=2),
                 query.InboxFilter(group="tech"), query.InboxFilter(search="topic3"),
                 query.InboxFilter(view=query.VIEW_UNREAD, group="news", search="number")):
        assert query.count(conn, filt) == len(query.page(conn, filt, limit=10_000)), filt
    assert query.count(conn, query.InboxFilter()) == 1000


def test_full_text_search_with_prefix(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    hits = query.page(conn, query.InboxFilter(search="topic3"), limit=10_000)
    assert hits and all("topic3" in r.title for r in hits)
    assert len(query.page(conn, query.InboxFilter(search="numb"), limit=10_000)) == 1000
    # FTS syntax in user input is taken literally, never an error
    assert query.page(conn, query.InboxFilter(search='"AND OR ('), limit=10) == []


def test_arrivals_are_the_rows_first_seen_since(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    since = query.last_arrival(conn)
    assert since == BASE_TIME + 1000
    # at that time too: a round's items share its time (the model skips those it lists)
    assert [r.id for r in query.arrivals(conn, query.InboxFilter(), since)] == [1000]
    assert [r.id for r in query.arrivals(conn, query.InboxFilter(), since + 1)] == []
    assert [r.id for r in query.arrivals(conn, query.InboxFilter(), since - 2)] == [
        1000, 999, 998]
    one_source = query.arrivals(conn, query.InboxFilter(source_id=2), since - 2)
    assert [r.id for r in one_source] == [1000]  # the filter holds


def _batch(db: Path) -> sqlite3.Connection:
    """One poll of a local test feed (the user's report): 30 stories stored in the feed's order,
    newest first, all first seen at NOW; "Story n" was published n minutes before."""
    conn = connect(db)
    items_repo.upsert(conn, 1, [ItemDraft(key=f"s{n}", title=f"Story {n}",
                                          published=NOW - 60 * n) for n in range(30)], now=NOW)
    return conn


def test_a_poll_batch_is_listed_newest_first_as_notify_items_lists_it(small_db: Path) -> None:
    """The inbox showed "Story 29 … 29 min ago" at the top and "Story 2" further down: a batch
    shares one first_seen, and ties went by id descending (the feed's order reversed)."""
    _batch(small_db).close()
    conn = connect(small_db, readonly=True)
    rows = query.page(conn, query.InboxFilter(), limit=30)
    assert [r.title for r in rows] == [f"Story {n}" for n in range(30)]
    assert [r.sort_time for r in rows] == [NOW - 60 * n for n in range(30)]
    listed = items_repo.query(conn, items_repo.ItemQuery(limit=1030))
    every = query.page(conn, query.InboxFilter(), limit=10_000)
    assert [r.id for r in every] == [i.id for i in listed]  # one order for the CLI and inbox


def test_pages_do_not_skip_or_repeat_rows_of_equal_time(small_db: Path) -> None:
    conn = connect(small_db)
    items_repo.upsert(conn, 2, [ItemDraft(key=f"u{n}", title=f"Undated {n}") for n in range(7)],
                      now=NOW)  # seven items of one time, in the feed's order
    conn.close()
    conn = connect(small_db, readonly=True)
    pages: list[list[int]] = [[r.id for r in query.page(conn, query.InboxFilter(), limit=3)]]
    while len(pages) < 400:
        last = query.rows_by_id(conn, [pages[-1][-1]])[0]
        page = query.page(conn, query.InboxFilter(), after=last.key, limit=3)
        if not page:
            break
        pages.append([r.id for r in page])
    ids = [i for p in pages for i in p]
    assert ids == [r.id for r in query.page(conn, query.InboxFilter(), limit=10_000)]
    assert len(ids) == len(set(ids)) == 1007
    assert [r.title for r in query.rows_by_id(conn, ids[:7])] == [f"Undated {n}"
                                                                 for n in range(7)]


def test_pages_and_arrivals_read_their_indexes(small_db: Path) -> None:
    """1,000 sources x 30 days: the first and the 200th page read the sort index from where
    they start (no sort of the table), arrivals read the few rows first seen since."""
    conn = connect(small_db, readonly=True)
    traced: list[str] = []
    conn.set_trace_callback(traced.append)
    query.page(conn, query.InboxFilter(), limit=5)
    query.page(conn, query.InboxFilter(), after=(BASE_TIME + 500, 500), limit=5)
    query.arrivals(conn, query.InboxFilter(), BASE_TIME + 990)
    conn.set_trace_callback(None)
    first, after, arrived = (" ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql,
                                                                  _params(sql)))
                             for sql in traced)
    assert "SCAN i USING INDEX items_sort_time" in first and "TEMP B-TREE" not in first, first
    assert "SEARCH i USING INDEX items_sort_time" in after and "TEMP B-TREE" not in after, after
    assert "SEARCH i USING INDEX items_first_seen (first_seen>?)" in arrived, arrived


def _params(sql: str) -> list[float]:
    return [0.0] * sql.count("?")


def test_detail_and_choices(small_db: Path) -> None:
    conn = connect(small_db, readonly=True)
    d = query.detail(conn, 5)
    assert d is not None and d.title.startswith("Item number 5") and d.authors == ("Author 2",)
    assert query.detail(conn, 999_999) is None
    sources, groups = query.source_choices(conn)
    assert [t for _, t in sources] == ["Source 1", "Source 2", "Source 3"]
    assert groups == ["news", "tech"]


def test_the_unread_view_lists_unread_items_newest_first_from_its_index(
        small_db: Path) -> None:
    """Unread: not read and not reacted to, newest first; in the terms of the partial index
    ``items_unread_sort``, so a page walks it (no sort, no walk of every item)."""
    writer = connect(small_db)
    writer.execute("UPDATE items SET read = 1 WHERE id > 990 OR id % 3 = 0")
    writer.execute("UPDATE items SET reaction = 'dismiss' WHERE id = 985")
    writer.close()
    conn = connect(small_db, readonly=True)
    unread = query.InboxFilter(view=query.VIEW_UNREAD)
    first = query.page(conn, unread, limit=5)
    assert [r.id for r in first] == [989, 988, 986, 983, 982]  # 990 987 984: read; 985: dismissed
    assert [r.id for r in query.page(conn, unread, after=first[-1].key, limit=2)] == [980, 979]
    every = query.page(conn, unread, limit=10_000)
    assert all(not r.read and r.reaction is None for r in every)
    assert len(every) == conn.execute(
        "SELECT COUNT(*) FROM items WHERE read = 0 AND reaction IS NULL").fetchone()[0]
    assert [r.id for r in query.matching(conn, unread, [989, 990, 985])] == [989]
    traced: list[str] = []
    conn.set_trace_callback(traced.append)
    query.page(conn, unread, limit=5)
    query.page(conn, unread, after=first[-1].key, limit=5)
    conn.set_trace_callback(None)
    for sql in traced:
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, _params(sql)))
        assert "USING INDEX items_unread_sort" in plan and "TEMP B-TREE" not in plan, plan


def test_a_common_word_walks_the_sort_index_a_rare_one_sorts_its_few_matches(
        small_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A word in 40 % of 100,000 items sorted all 40,000 matches for a page of 400 (68 ms of
    the reader's thread); a common word now walks the sort index with the match as a filter
    (8 ms), a rare one still sorts its few matches (walking would read every item). The pages
    are the same either way."""
    monkeypatch.setattr(query, "COMMON_MATCHES", 100)  # (1,000 items here: 100 is common)
    conn = connect(small_db, readonly=True)

    def plan_and_pages(search: str) -> tuple[str, list[list[int]], list[int]]:
        filt = query.InboxFilter(search=search)
        traced: list[str] = []
        conn.set_trace_callback(traced.append)
        first = query.page(conn, filt, limit=50)
        conn.set_trace_callback(None)
        sql = next(s for s in traced if s.startswith("SELECT i.id"))  # (values written in)
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, _params(sql)))
        second = query.page(conn, filt, after=first[-1].key, limit=50) if first else []
        clauses, params = query._where(filt)  # the sorted way, for the same rows
        sorted_ids = [r[0] for r in conn.execute(
            "SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY {NEWEST_FIRST} LIMIT 100", params)]
        return plan, [[r.id for r in first], [r.id for r in second]], sorted_ids

    assert query.common_match(conn, query.fts_query("numb"))
    plan, pages, sorted_ids = plan_and_pages("numb")  # every item
    assert "SCAN i USING INDEX items_sort_time" in plan and "TEMP B-TREE" not in plan, plan
    assert pages[0] + pages[1] == sorted_ids == list(range(1000, 900, -1))
    plan, pages, sorted_ids = plan_and_pages("topic3")  # one in seven
    assert "items_sort_time" in plan and "TEMP B-TREE" not in plan, plan
    assert pages[0] + pages[1] == sorted_ids
    assert not query.common_match(conn, query.fts_query("30 topic2"))
    plan, pages, sorted_ids = plan_and_pages("30 topic2")  # one item
    assert "USE TEMP B-TREE FOR ORDER BY" in plan and "items_sort_time" not in plan, plan
    assert pages == [[30], []] and sorted_ids == [30]
