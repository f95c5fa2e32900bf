"""SQL of the notification decisions: the ranking columns of ``items`` (score, decision,
decision_reason, notified_at, group_key) and the ``notifications`` / ``notification_items``
tables (one row per bubble shown)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from notify.core.models import OVER_BUDGET
from notify.core.source_names import name_of_source


@dataclass(frozen=True)
class Decided:
    item_id: int
    score: float
    decision: str
    reason: str
    group_key: str | None


def record_decisions(conn: sqlite3.Connection, rows: Iterable[Decided]) -> None:
    conn.executemany(
        "UPDATE items SET score = ?, decision = ?, decision_reason = ?, group_key = ? "
        "WHERE id = ?",
        [(r.score, r.decision, r.reason, r.group_key, r.item_id) for r in rows],
    )


def add_notification(
    conn: sqlite3.Connection,
    at: float,
    kind: str,
    title: str,
    body: str,
    reason: str,
    item_ids: Sequence[int],
) -> int:
    """Record one bubble and mark its items notified (never notified twice)."""
    cur = conn.execute(
        "INSERT INTO notifications (at, kind, title, body, reason) VALUES (?, ?, ?, ?, ?)",
        (at, kind, title, body, reason),
    )
    nid = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT OR IGNORE INTO notification_items (notification_id, item_id) VALUES (?, ?)",
        [(nid, i) for i in item_ids],
    )
    conn.executemany(
        "UPDATE items SET notified_at = ? WHERE id = ? AND notified_at IS NULL",
        [(at, i) for i in item_ids],
    )
    return nid


def sent_since(conn: sqlite3.Connection, since: float) -> int:
    """Bubbles shown since ``since`` (digests do not count against the daily budget)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM notifications WHERE at >= ? AND kind != 'digest'", (since,)
    ).fetchone()
    return int(row[0])


def already_notified(conn: sqlite3.Connection, item_ids: Sequence[int]) -> set[int]:
    if not item_ids:
        return set()
    marks = ", ".join("?" for _ in item_ids)
    rows = conn.execute(
        f"SELECT id FROM items WHERE id IN ({marks}) AND notified_at IS NOT NULL", list(item_ids)
    ).fetchall()
    return {int(r[0]) for r in rows}


def held_for_digest(conn: sqlite3.Connection, limit: int = 20) -> list[tuple[int, float]]:
    """(item id, score) of items held for the digest and not shown yet, best first."""
    rows = conn.execute(
        "SELECT id, COALESCE(score, 0) FROM items WHERE decision = 'digest' "
        "AND notified_at IS NULL ORDER BY score DESC, id LIMIT ?",
        (limit,),
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def held_titles(
    conn: sqlite3.Connection, item_ids: Sequence[int] | None = None
) -> list[tuple[int, str, str | None, float]]:
    """(item id, title, link, score) of the items held for the digest and not shown yet, best
    first (``held_for_digest``'s order); only those of ``item_ids`` when given (a round's)."""
    sql = ("SELECT id, title, link, COALESCE(score, 0) FROM items WHERE decision = 'digest' "
           "AND notified_at IS NULL")
    if item_ids is None:
        rows = conn.execute(sql).fetchall()
    else:
        ids = list(dict.fromkeys(item_ids))
        rows = []
        for start in range(0, len(ids), 500):  # within SQLite's limit of bound values
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += conn.execute(f"{sql} AND id IN ({marks})", chunk).fetchall()
    rows.sort(key=lambda r: (-float(r[3]), int(r[0])))
    return [(int(r[0]), str(r[1]), r[2], float(r[3])) for r in rows]


def decided_as(
    conn: sqlite3.Connection, item_ids: Sequence[int], decision: str, reason: str | None = None
) -> int:
    """How many of ``item_ids`` were decided ``decision`` (with ``reason``, when given) and not
    shown yet: a round's items held for the digest, or silenced by a pause."""
    found = 0
    ids = list(dict.fromkeys(item_ids))
    for start in range(0, len(ids), 500):  # within SQLite's limit of bound values
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        row = conn.execute(
            f"SELECT COUNT(*) FROM items WHERE id IN ({marks}) AND decision = ? "
            "AND notified_at IS NULL AND (? IS NULL OR decision_reason = ?)",
            [*chunk, decision, reason, reason],
        ).fetchone()
        found += int(row[0])
    return found


def release_digest(conn: sqlite3.Connection, item_ids: Sequence[int]) -> None:
    """Items that were held but did not make the digest go back to silent."""
    conn.executemany(
        "UPDATE items SET decision = 'silent' WHERE id = ? AND notified_at IS NULL",
        [(i,) for i in item_ids],
    )


def story_copies(conn: sqlite3.Connection, item_id: int, reaction: str | None) -> list[int]:
    """The other items of the story ``item_id`` tells (its ``group_key``) whose reaction is
    ``reaction`` (None: those without one): the copies a story's Dismiss marks, or unmarks when
    it is taken back."""
    rows = conn.execute(
        "SELECT o.id FROM items i JOIN items o ON o.group_key = i.group_key AND o.id != i.id "
        "WHERE i.id = ? AND i.group_key IS NOT NULL AND o.reaction IS ?",
        (item_id, reaction),
    ).fetchall()
    return [int(r[0]) for r in rows]


def recent_group_keys(conn: sqlite3.Connection, since: float) -> dict[str, int]:
    """group_key -> an item id already notified since ``since`` (a story told once)."""
    rows = conn.execute(
        "SELECT group_key, MIN(id) FROM items WHERE group_key IS NOT NULL "
        "AND notified_at IS NOT NULL AND notified_at >= ? GROUP BY group_key",
        (since,),
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


@dataclass(frozen=True)
class NotifiedRow:
    item_id: int
    title: str
    source_title: str  # its source's name (``source_names.name_of_source``)
    score: float | None
    decision: str | None
    reason: str | None
    notified_at: float | None
    reaction: str | None


def listing(conn: sqlite3.Connection, *, notified_only: bool, limit: int) -> list[NotifiedRow]:
    """What was notified (newest first), or with ``notified_only=False`` every ranked item
    that would be / was notified or held (for the digest, or over the day's budget), best
    score first."""
    params: tuple[object, ...] = (limit,)
    if notified_only:
        where, order = "i.notified_at IS NOT NULL", "i.notified_at DESC, i.id DESC"
    else:
        where = ("i.decision IN ('notify', 'digest') OR i.notified_at IS NOT NULL"
                 " OR (i.decision = 'silent' AND i.decision_reason LIKE ?)")
        order = "i.score DESC, i.id DESC"
        params = (OVER_BUDGET + "%", limit)  # its reason has no % or _
    rows = conn.execute(
        "SELECT i.id, i.title, s.kind, s.url, s.title, i.score, i.decision, i.decision_reason, "
        "i.notified_at, i.reaction FROM items i JOIN sources s ON s.id = i.source_id "
        f"WHERE {where} ORDER BY {order} LIMIT ?",
        params,
    ).fetchall()
    return [NotifiedRow(int(r[0]), r[1], name_of_source(r[2], r[3], r[4]), r[5], r[6], r[7], r[8],
                        r[9]) for r in rows]


def recent_stories(
    conn: sqlite3.Connection, since: float
) -> list[tuple[int, str, str | None, str | None]]:
    """(id, title, link, group_key) of items notified since ``since`` (for "already told")."""
    rows = conn.execute(
        "SELECT id, title, link, group_key FROM items WHERE notified_at IS NOT NULL "
        "AND notified_at >= ? ORDER BY notified_at",
        (since,),
    ).fetchall()
    return [(int(r[0]), r[1], r[2], r[3]) for r in rows]


# an item's story: its group, or the item alone (what the budget and the tray's badge count)
STORY_KEY = "COALESCE(group_key, 'item:' || id)"


def story_keys(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """Each stored item's story key, by item id."""
    marks = ",".join("?" * len(ids))
    return {int(item_id): str(key) for item_id, key in conn.execute(
        f"SELECT id, {STORY_KEY} FROM items WHERE id IN ({marks})", ids)}


def stories_since(conn: sqlite3.Connection, since: float) -> int:
    """Stories notified since ``since`` (the daily budget counts stories, not sources)."""
    row = conn.execute(
        f"SELECT COUNT(DISTINCT {STORY_KEY}) FROM items "
        "WHERE notified_at IS NOT NULL AND notified_at >= ? AND decision = 'notify'",
        (since,),
    ).fetchone()
    return int(row[0])


def source_reactions(
    conn: sqlite3.Connection, source_id: int, *, exclude: int | None = None
) -> dict[str, int]:
    """How many items of one source got each reaction (for "you dismissed 3 from …")."""
    rows = conn.execute(
        "SELECT reaction, COUNT(*) FROM items WHERE source_id = ? AND reaction IS NOT NULL "
        "AND id != ? GROUP BY reaction",
        (source_id, -1 if exclude is None else exclude),
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}
