"""Read-only queries behind the inbox: pages of rows, one item's detail, the filter choices.

Runs on the inbox's reader thread over its own read-only connection (WAL: readers never block
the engine's writer). Pages use keyset pagination on ``(first_seen, id)`` so the 200th page
costs what the first does. Search uses the ``items_fts`` full-text index.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

VIEW_ALL = "all"
VIEW_NOTIFIED = "notified"
VIEW_LIKED = "liked"
VIEWS = (VIEW_NOTIFIED, VIEW_ALL, VIEW_LIKED)
PAGE_SIZE = 400


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
    source_title: str
    first_seen: float
    published: float | None
    decision: str | None
    reaction: str | None
    notified_at: float | None
    score: float | None
    read: bool

    @property
    def key(self) -> tuple[float, int]:
        return (self.first_seen, self.id)


@dataclass(frozen=True)
class Detail:
    id: int
    title: str
    link: str | None
    source_title: str
    summary_html: str
    summary_text: str
    authors: tuple[str, ...]
    published: float | None
    first_seen: float
    decision_reason: str | None
    reaction: str | None
    source_id: int


_COLUMNS = (
    "i.id, i.title, i.source_id, COALESCE(NULLIF(s.title, ''), s.url) AS source_title, "
    "i.first_seen, i.published, i.decision, i.reaction, i.notified_at, i.score, i.read"
)


def fts_query(text: str) -> str:
    """User words -> an FTS5 query: every word must match, the last one as a prefix."""
    words = [w for w in text.replace('"', " ").split() if w]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def _where(filt: InboxFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filt.view == VIEW_NOTIFIED:
        clauses.append("i.notified_at IS NOT NULL")
    elif filt.view == VIEW_LIKED:
        clauses.append("i.reaction = 'like'")
    if filt.source_id is not None:
        clauses.append("i.source_id = ?")
        params.append(filt.source_id)
    if filt.group:
        clauses.append("s.group_name = ?")
        params.append(filt.group)
    match = fts_query(filt.search)
    if match:
        clauses.append("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
        params.append(match)
    return clauses, params


def page(conn: sqlite3.Connection, filt: InboxFilter, *, after: tuple[float, int] | None = None,
         newer_than: tuple[float, int] | None = None, limit: int = PAGE_SIZE) -> list[Row]:
    """Rows newest first: older than ``after``, or (for new arrivals) newer than ``newer_than``."""
    clauses, params = _where(filt)
    if after is not None:
        clauses.append("(i.first_seen < ? OR (i.first_seen = ? AND i.id < ?))")
        params += [after[0], after[0], after[1]]
    if newer_than is not None:
        clauses.append("(i.first_seen > ? OR (i.first_seen = ? AND i.id > ?))")
        params += [newer_than[0], newer_than[0], newer_than[1]]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (f"SELECT {_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id {where} "
           "ORDER BY i.first_seen DESC, i.id DESC LIMIT ?")
    return [_row(r) for r in conn.execute(sql, [*params, limit])]


def rows_by_id(conn: sqlite3.Connection, ids: list[int]) -> list[Row]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (f"SELECT {_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
           f"WHERE i.id IN ({marks})")
    return [_row(r) for r in conn.execute(sql, ids)]


def detail(conn: sqlite3.Connection, item_id: int) -> Detail | None:
    r = conn.execute(
        "SELECT i.id, i.title, i.link, COALESCE(NULLIF(s.title, ''), s.url) AS source_title, "
        "i.summary_html, i.summary_text, i.authors, i.published, i.first_seen, "
        "i.decision_reason, i.reaction, i.source_id "
        "FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?", (item_id,)
    ).fetchone()
    if r is None:
        return None
    try:
        authors = tuple(str(a) for a in json.loads(r["authors"] or "[]"))
    except ValueError:
        authors = ()
    return Detail(r["id"], r["title"], r["link"], r["source_title"], r["summary_html"],
                  r["summary_text"], authors, r["published"], r["first_seen"],
                  r["decision_reason"], r["reaction"], r["source_id"])


def source_choices(conn: sqlite3.Connection) -> tuple[list[tuple[int, str]], list[str]]:
    """(id, title) of every source, and every non-empty group name, for the filter menu."""
    sources = [(int(r[0]), str(r[1])) for r in conn.execute(
        "SELECT id, COALESCE(NULLIF(title, ''), url) FROM sources ORDER BY 2 COLLATE NOCASE")]
    groups = [str(r[0]) for r in conn.execute(
        "SELECT DISTINCT group_name FROM sources WHERE group_name != '' ORDER BY 1")]
    return sources, groups


def _row(r: sqlite3.Row) -> Row:
    return Row(int(r["id"]), r["title"] or "", int(r["source_id"]), r["source_title"] or "",
               float(r["first_seen"]), r["published"], r["decision"], r["reaction"],
               r["notified_at"], r["score"], bool(r["read"]))
