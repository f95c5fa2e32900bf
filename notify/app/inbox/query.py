"""Read-only queries behind the inbox: pages of rows, one item's detail, the filter choices.

Runs on the inbox's reader thread over its own read-only connection (WAL: readers never block
the engine's writer). Rows come newest first in the order ``notify items`` lists them
(``notify.core.store.items.NEWEST_FIRST``: by the item's own date); pages use keyset pagination
on ``(sort_time, id)`` so the 200th page costs what the first does. Items that arrive later are
found by when they were first seen (``arrivals``): with an older date, a new item may belong
below the top. Search uses the ``items_fts`` full-text index: a page of a word that few items
have sorts its matches; of a common one (``common_match``: a word in 40 % of 100,000 items
sorted 40,000 matches, 68 ms of the reader's thread) walks the view's sort index from the top,
the match a filter, until the page is full (8 ms; but in a group, whose items no index lists).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

from notify.core import policy
from notify.core.models import OVER_BUDGET
from notify.core.source_names import name_of_source
from notify.core.store.items import NEWEST_FIRST, SORT_TIME, listed_after

VIEW_ALL = "all"
VIEW_UNREAD = "unread"  # not read, not reacted to (``UNREAD``)
VIEW_NOTIFIED = "notified"
VIEW_LIKED = "liked"
VIEW_SAVED = "saved"  # saved for later (kept past retention)
VIEW_OVER_BUDGET = "over-budget"  # left silent today because the daily budget was used
VIEWS = (VIEW_NOTIFIED, VIEW_ALL, VIEW_UNREAD, VIEW_LIKED, VIEW_SAVED, VIEW_OVER_BUDGET)
PAGE_SIZE = 400
# a search matching at least this many items, and this share of them (1/50), walks the sort
# index (bench: 100,000 items, 2,000 matches both ways about 4 ms; 40,000: 68 ms sorted, 7 ms
# walked; 91: 0.6 ms sorted, 14 ms walked)
COMMON_MATCHES = 2000
COMMON_SHARE = 50


@dataclass(frozen=True)
class InboxFilter:
    view: str = VIEW_ALL
    source_id: int | None = None
    group: str | None = None
    search: str = ""


class Row(NamedTuple):
    """One inbox line: plain values only (the model keeps them as exact tuples, which the
    garbage collector stops tracking)."""

    id: int
    title: str
    source_id: int
    source_name: str  # by the app's one rule (``name_of_source``), not the stored title
    first_seen: float
    published: float | None
    decision: str | None
    reaction: str | None
    notified_at: float | None
    score: float | None
    read: bool
    saved: bool  # saved for later
    sort_time: float  # what it is listed by and shown with (``SORT_TIME``)

    @property
    def key(self) -> tuple[float, int]:
        """Where the row is in the inbox's order (``page(after=...)``)."""
        return (self.sort_time, self.id)


SORT_TIME_FIELD = Row._fields.index("sort_time")
ID_FIELD = Row._fields.index("id")


def order_key(row: tuple[Any, ...]) -> tuple[float, int]:
    """A row (or the plain tuple of one) as a key that sorts rows in the inbox's order,
    ascending (for ``bisect``)."""
    return (-row[SORT_TIME_FIELD], row[ID_FIELD])


@dataclass(frozen=True)
class Detail:
    id: int
    title: str
    link: str | None
    source_name: str  # by the app's one rule (``name_of_source``)
    summary_html: str
    summary_text: str
    authors: tuple[str, ...]
    published: float | None
    first_seen: float
    decision_reason: str | None
    reaction: str | None
    source_id: int
    sort_time: float  # the time the list shows (``SORT_TIME``), not the raw date


# what ``name_of_source`` needs of the item's source
_SOURCE = "s.kind AS source_kind, s.url AS source_url, s.title AS source_title"
_COLUMNS = (
    f"i.id, i.title, i.source_id, {_SOURCE}, "
    "i.first_seen, i.published, i.decision, i.reaction, i.notified_at, i.score, i.read, "
    f"i.saved, {SORT_TIME} AS sort_time"
)


UNREAD = "i.read = 0 AND i.reaction IS NULL"
"""The Unread view: in the very terms of the partial index ``items_unread_sort`` (migration
0003), so SQLite walks that index, newest first, for a page."""


OVER_BUDGET_TODAY = (
    "i.first_seen >= ? AND i.decision = 'silent' AND i.notified_at IS NULL "
    "AND i.decision_reason LIKE ?")
"""Today's items the policy left silent because the daily budget was used (its reason starts
``models.OVER_BUDGET``); with ``over_budget_params``."""


def over_budget_params(now: float | None = None) -> list[object]:
    """Since the last local midnight (the budget's day, ``policy.day_start``)."""
    start = policy.day_start(time.time() if now is None else now, None)
    return [start, OVER_BUDGET + "%"]


def fts_query(text: str) -> str:
    """User words -> an FTS5 query: every word must match, the last one as a prefix."""
    words = [w for w in text.replace('"', " ").split() if w]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def common_match(conn: sqlite3.Connection, match: str) -> bool:
    """Whether the FTS query ``match`` matches so many items (``COMMON_MATCHES`` and one in
    ``COMMON_SHARE`` of them) that a page is found sooner by walking the sort index than by
    sorting every match; counted no further than that."""
    top = conn.execute("SELECT MAX(id) FROM items").fetchone()[0] or 0  # (about the count)
    enough = max(COMMON_MATCHES, int(top) // COMMON_SHARE)
    found = conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM items_fts WHERE items_fts "
                         "MATCH ? LIMIT ?)", (match, enough)).fetchone()[0]
    return int(found) >= enough


def _where(filt: InboxFilter, *, walk: bool = False) -> tuple[list[str], list[object]]:
    """The filter's SQL terms; ``walk``: the search's match a filter only (``+i.id``: SQLite
    then walks the view's sort index, not the matches by id and a sort)."""
    clauses: list[str] = []
    params: list[object] = []
    if filt.view == VIEW_NOTIFIED:
        clauses.append("i.notified_at IS NOT NULL")
    elif filt.view == VIEW_UNREAD:
        clauses.append(UNREAD)
    elif filt.view == VIEW_LIKED:
        clauses.append("i.reaction = 'like'")
    elif filt.view == VIEW_SAVED:
        clauses.append("i.saved = 1")
    elif filt.view == VIEW_OVER_BUDGET:
        clauses.append(OVER_BUDGET_TODAY)
        params += over_budget_params()
    if filt.source_id is not None:
        clauses.append("i.source_id = ?")
        params.append(filt.source_id)
    if filt.group:
        clauses.append("s.group_name = ?")
        params.append(filt.group)
    match = fts_query(filt.search)
    if match:
        clauses.append(f"{'+' if walk else ''}i.id IN "
                       "(SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
        params.append(match)
    return clauses, params


def page(conn: sqlite3.Connection, filt: InboxFilter, *, after: tuple[float, int] | None = None,
         limit: int = PAGE_SIZE) -> list[Row]:
    """Rows newest first, from the start or after the row whose ``key`` is ``after``."""
    match = fts_query(filt.search)
    # (a group's items have no index of their own: walking for a small group read them all)
    walk = bool(match) and not filt.group and common_match(conn, match)
    clauses, params = _where(filt, walk=walk)
    if after is not None:
        clause, more = listed_after(*after)
        clauses.append(clause)
        params += more
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (f"SELECT {_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id {where} "
           f"ORDER BY {NEWEST_FIRST} LIMIT ?")
    return [_row(r) for r in conn.execute(sql, [*params, limit])]


def count(conn: sqlite3.Connection, filt: InboxFilter) -> int:
    """How many items ``filt`` shows in all (the list loads them a page at a time)."""
    clauses, params = _where(filt)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    join = "JOIN sources s ON s.id = i.source_id " if filt.group else ""
    found = conn.execute(f"SELECT COUNT(*) FROM items i {join}{where}", params).fetchone()
    return int(found[0])


def up_to(conn: sqlite3.Connection, filt: InboxFilter,
          last: tuple[float, int] | None) -> list[Row]:
    """Rows newest first, from the start down to the row whose ``key`` is ``last`` (included;
    None: every row): the part of the list that is loaded, read again in one query."""
    clauses, params = _where(filt)
    if last is not None:
        clauses.append(f"{SORT_TIME} >= ? AND ({SORT_TIME} > ? OR i.id <= ?)")
        params += [last[0], last[0], last[1]]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (f"SELECT {_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id {where} "
           f"ORDER BY {NEWEST_FIRST}")
    return [_row(r) for r in conn.execute(sql, params)]


def data_version(conn: sqlite3.Connection) -> tuple[int, int]:
    """(this connection, SQLite's ``PRAGMA data_version``): the number changes when another
    connection (the engine's, another process's: ``notify save`` in a terminal) committed a
    change since this connection last looked. Only comparable on one connection, hence its
    identity."""
    return id(conn), int(conn.execute("PRAGMA data_version").fetchone()[0])


def last_arrival(conn: sqlite3.Connection) -> float:
    """When the newest item was first seen (0 without items): what a later ``arrivals`` call
    starts from. Read before the first page, so that nothing stored in between is missed."""
    row = conn.execute("SELECT MAX(first_seen) FROM items").fetchone()
    return float(row[0] or 0.0)


def arrivals(conn: sqlite3.Connection, filt: InboxFilter, since: float) -> list[Row]:
    """Rows first seen at or after ``since`` (the items of a round can share one time: those
    stored after the last look at that time are new too; the caller skips those it lists),
    newest first (they go wherever they sort, not only on top). Read through the
    ``first_seen`` index: the few new rows, then sorted."""
    clauses, params = _where(filt)
    clauses.append("i.first_seen >= ?")
    params.append(since)
    sql = (f"SELECT {_COLUMNS} FROM items i INDEXED BY items_first_seen "
           f"JOIN sources s ON s.id = i.source_id WHERE {' AND '.join(clauses)} "
           f"ORDER BY {NEWEST_FIRST}")
    return [_row(r) for r in conn.execute(sql, params)]


def rows_by_id(conn: sqlite3.Connection, ids: list[int]) -> list[Row]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (f"SELECT {_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
           f"WHERE i.id IN ({marks})")
    return [_row(r) for r in conn.execute(sql, ids)]


def matching(conn: sqlite3.Connection, filt: InboxFilter, ids: list[int]) -> list[Row]:
    """The rows of ``ids`` that the filter shows (an item just notified joins "Notified")."""
    if not ids:
        return []
    clauses, params = _where(filt)
    clauses.append(f"i.id IN ({','.join('?' * len(ids))})")
    sql = (f"SELECT {_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
           f"WHERE {' AND '.join(clauses)}")
    return [_row(r) for r in conn.execute(sql, [*params, *ids])]


@dataclass(frozen=True)
class Placement:
    """Where an item stands for a view (``placement``): its row, and whether the view lists it."""

    row: Row
    listed: bool


def placement(conn: sqlite3.Connection, filt: InboxFilter, item_id: int) -> Placement | None:
    """The row of ``item_id`` and whether ``filt`` (the view and the search) lists it; None
    when the item is no longer stored (its source removed, or pruned by retention)."""
    rows = rows_by_id(conn, [item_id])
    if not rows:
        return None
    return Placement(rows[0], bool(matching(conn, filt, [item_id])))


def detail(conn: sqlite3.Connection, item_id: int) -> Detail | None:
    r = conn.execute(
        f"SELECT i.id, i.title, i.link, {_SOURCE}, "
        "i.summary_html, i.summary_text, i.authors, i.published, i.first_seen, "
        f"i.decision_reason, i.reaction, i.source_id, {SORT_TIME} AS sort_time "
        "FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?", (item_id,)
    ).fetchone()
    if r is None:
        return None
    try:
        authors = tuple(str(a) for a in json.loads(r["authors"] or "[]"))
    except ValueError:
        authors = ()
    return Detail(r["id"], r["title"], r["link"], _source_name(r), r["summary_html"],
                  r["summary_text"], authors, r["published"], r["first_seen"],
                  r["decision_reason"], r["reaction"], r["source_id"], float(r["sort_time"]))


@dataclass(frozen=True)
class Stored:
    """What is still stored of what the inbox lists (``stored``)."""

    source_names: dict[int, str]  # the sources asked about that are still stored: their names
    item_stored: bool  # the item asked about is still stored (True when none was asked)


def stored(conn: sqlite3.Connection, source_ids: list[int], item_id: int | None) -> Stored:
    """Which of ``source_ids`` are still stored, with their names as listed, and whether
    ``item_id`` is (a source removed deletes its items; another process may remove one)."""
    names: dict[int, str] = {}
    for start in range(0, len(source_ids), 500):  # SQLite's limit on parameters
        chunk = source_ids[start:start + 500]
        names.update((int(r[0]), name_of_source(r[1], r[2], r[3])) for r in conn.execute(
            "SELECT id, kind, url, title FROM sources "
            f"WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    item = item_id is None or conn.execute(
        "SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is not None
    return Stored(names, item)


def source_choices(conn: sqlite3.Connection) -> tuple[list[tuple[int, str]], list[str]]:
    """(id, name) of every source by name (``name_of_source``), and every non-empty group name,
    for the filter menu."""
    sources = sorted(((int(r[0]), name_of_source(r[1], r[2], r[3])) for r in conn.execute(
        "SELECT id, kind, url, title FROM sources")), key=lambda s: (s[1].casefold(), s[0]))
    groups = [str(r[0]) for r in conn.execute(
        "SELECT DISTINCT group_name FROM sources WHERE group_name != '' ORDER BY 1")]
    return sources, groups


def _source_name(r: sqlite3.Row) -> str:
    return name_of_source(r["source_kind"], r["source_url"], r["source_title"])


def _row(r: sqlite3.Row) -> Row:
    return Row(int(r["id"]), r["title"] or "", int(r["source_id"]), _source_name(r),
               float(r["first_seen"]), r["published"], r["decision"], r["reaction"],
               r["notified_at"], r["score"], bool(r["read"]), bool(r["saved"]),
               float(r["sort_time"]))
