"""The ``items`` table: stored items. The only SQL that reads or writes it.

Items are upserted by ``(source_id, key)``: an item seen again is not new; a changed one keeps
its id and gets the new title/summary. ``last_seen`` is the last poll that listed the item (on a
304, within the hour: see ``poll.LISTED_REFRESH_S``), so that retention never deletes an item a
feed still lists (it would come back as "new").
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from json.encoder import encode_basestring_ascii as _json_string

from notify.core import identity
from notify.core.errors import UnknownItemError
from notify.core.models import Enclosure, Item, ItemDraft
from notify.core.source_names import name_of_source

# An item's source is named by the app's one rule (``source_names.name_of_source``: its title,
# or host and path for one still named after its host), never by its stored title alone: the
# ranking's features (``src:NAME``), pins, explain and notifications read this name.
_SELECT = (
    "SELECT i.*, s.kind AS source_kind, s.url AS source_url, s.title AS source_title,"
    " s.group_name AS source_group FROM items i JOIN sources s ON s.id = i.source_id"
)

# "Newest first": the one order of ``notify items`` (``query``) and the inbox
# (``notify/app/inbox/query.py``). As a feed reader sorts: by the item's own date (published,
# else updated), but never later than when Notify first saw it (a date in the future would hold
# the top for ever); an undated item by when it was first seen. Equal times keep the feed's own
# order: a poll stores a feed's items in the order it lists them (newest first), so the lower id
# comes first. 0001_init.sql indexes this very expression (``items_sort_time``): SQLite uses the
# index only for the same expression, so queries take it from here.
SORT_TIME = "MIN(COALESCE(i.published, i.updated, i.first_seen), i.first_seen)"
NEWEST_FIRST = f"{SORT_TIME} DESC, i.id ASC"


def sort_time(item: Item) -> float:
    """``SORT_TIME`` of a loaded item: the time it is listed by (and shown with)."""
    own = item.published if item.published is not None else item.updated
    return item.first_seen if own is None else min(own, item.first_seen)


def listed_after(time: float, item_id: int) -> tuple[str, list[object]]:
    """A WHERE clause (and its parameters) for the items after ``(time, item_id)`` in the
    ``NEWEST_FIRST`` order, written so that SQLite reads the index from that point on (the plain
    ``a < ? OR (a = ? AND id > ?)`` made it scan: seconds for a page of 600,000 items)."""
    return (f"{SORT_TIME} <= ? AND ({SORT_TIME} < ? OR i.id > ?)", [time, time, item_id])


@dataclass(frozen=True)
class UpsertResult:
    new_ids: tuple[int, ...] = ()
    changed_ids: tuple[int, ...] = ()
    unchanged: int = 0
    # ids that different items of the document shared, each with how many items had it
    # (``identity.separate``: they were kept apart)
    shared: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ItemQuery:
    """What a reader asks for. ``unread_only``: not read and no reaction yet; ``saved_only``:
    the items the person saved for later."""

    source_ids: tuple[int, ...] = ()
    unread_only: bool = False
    saved_only: bool = False
    include_backlog: bool = True
    since: float | None = None  # first_seen at or after
    limit: int = 50
    offset: int = 0


def content_hash(draft: ItemDraft) -> str:
    text = "\x1f".join((draft.title, draft.link or "", draft.summary_text, draft.summary_html))
    return hashlib.sha1(text.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()


# The JSON of these two columns is written directly, exactly as ``json.dumps`` writes it (ASCII,
# ", " and ": "), with its C string escaper: json.dumps took ~2 us a call, 4,000 calls for the
# 2,374 items of a 76-feed first round.
def _json_list(values: tuple[str, ...]) -> str:
    if not values:
        return "[]"  # most items have no authors or tags
    return "[" + ", ".join(map(_json_string, values)) + "]"


def _enclosure_json(draft: ItemDraft) -> str | None:
    enc = draft.enclosure
    if enc is None:
        return None
    length = "null" if enc.length is None else int(enc.length)
    return (f'{{"url": {_json_string(enc.url)}, "type": {_json_string(enc.type)}, '
            f'"length": {length}}}')


_FTS_INSERT = "INSERT INTO items_fts (rowid, title, summary_text) VALUES (?, ?, ?)"


class IndexLater:
    """New items' full-text rows that ``upsert`` calls inside ``index_later`` hand over, indexed
    in one statement when the block ends. Why: FTS5 writes its pending rows out as a new segment
    at every savepoint, and the engine's writer stores each source of a batch in its own
    savepoint (``notify.core.writer``): 670 sources made 670 small segments, then merged them
    (a 670-feed first round's 27,000 items: ~1.8 s of the writer's CPU in SQLite, ~1.4 s with
    one index statement per batch; docs/benchmarks.md).

    Only ``upsert`` may change items inside the block: an UPDATE or DELETE of a row whose index
    row still waits here would make FTS5 remove words it does not hold. ``upsert`` itself
    indexes what waits before it stores a source a second time in the same block."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._rows: list[tuple[int, str, str]] = []
        self._sources: list[int] = []  # the sources whose rows wait, in order

    def mark(self) -> tuple[int, int]:
        """Where the rows stand now, for ``undo_to`` (before a savepoint's work)."""
        return len(self._rows), len(self._sources)

    def undo_to(self, mark: tuple[int, int]) -> None:
        """Forget the rows added since ``mark``: their savepoint was rolled back."""
        del self._rows[mark[0]:]
        del self._sources[mark[1]:]

    def holds(self, source_id: int) -> bool:
        return source_id in self._sources

    def add(self, source_id: int, rows: list[tuple[int, str, str]]) -> None:
        self._rows.extend(rows)
        self._sources.append(source_id)

    def flush(self) -> None:
        """Index every waiting row now (inside the caller's transaction)."""
        if self._rows:
            self.conn.executemany(_FTS_INSERT, self._rows)
        self._rows, self._sources = [], []


_later = threading.local()  # the writer thread's open ``index_later`` block, if any


@contextmanager
def index_later(conn: sqlite3.Connection) -> Iterator[IndexLater]:
    """Within the block, ``upsert`` on ``conn`` (this thread) leaves its new rows' full-text
    index to the block's end (``IndexLater``). Open it inside the transaction: it indexes them
    when the block ends without an error, and drops them on an error (the transaction is rolled
    back with the items). A block opened inside another is the same block."""
    outer: IndexLater | None = getattr(_later, "batch", None)
    if outer is not None and outer.conn is conn:
        yield outer
        return
    batch = IndexLater(conn)
    _later.batch = batch
    try:
        yield batch
        batch.flush()
    finally:
        _later.batch = outer


def upsert(
    conn: sqlite3.Connection,
    source_id: int,
    drafts: Sequence[ItemDraft],
    *,
    now: float,
    backlog: bool = False,
) -> UpsertResult:
    """Store drafts of one source. Call inside a transaction for speed. The new rows are
    indexed for search before it returns, or inside ``index_later`` when that block ends."""
    later: IndexLater | None = getattr(_later, "batch", None)
    if later is not None and later.conn is not conn:
        later = None
    if later is not None and later.holds(source_id):  # its rows may change now: index them
        later.flush()
    in_transaction = conn.in_transaction
    conn.execute("INSERT OR IGNORE INTO items_fts_defer (one) VALUES (1)")
    indexed: list[tuple[int, str, str]] = []  # new rows for items_fts (see 0001_init.sql)
    try:
        return _upsert(conn, source_id, drafts, now=now, backlog=backlog, indexed=indexed)
    finally:  # index what was inserted even on an error: the caller decides about rolling back
        # unless SQLite rolled the transaction back itself (a full disk): the inserted items and
        # the defer row went with it, and indexing them now, outside any transaction, would
        # commit index rows of items that do not exist (and hide the error behind another)
        if conn.in_transaction or not in_transaction:
            if indexed and later is not None:
                later.add(source_id, indexed)
            elif indexed:
                conn.executemany(_FTS_INSERT, indexed)
            conn.execute("DELETE FROM items_fts_defer")


def _upsert(
    conn: sqlite3.Connection,
    source_id: int,
    drafts: Sequence[ItemDraft],
    *,
    now: float,
    backlog: bool,
    indexed: list[tuple[int, str, str]],
) -> UpsertResult:
    new: list[int] = []
    changed: list[int] = []
    still_listed: list[tuple[float, int]] = []
    existing = {
        row[0]: (int(row[1]), row[2])
        for row in conn.execute(
            "SELECT key, id, content_hash FROM items WHERE source_id = ?", (source_id,)
        )
    }
    drafts, shared = _own_keys(conn, source_id, drafts, existing)
    seen: set[str] = set()
    for draft in drafts:
        if not draft.key or draft.key in seen:  # a feed that lists an item twice
            continue
        seen.add(draft.key)
        digest = content_hash(draft)
        known = existing.get(draft.key)
        if known is not None and known[1] == digest:
            still_listed.append((now, known[0]))
            continue
        values = (
            draft.title, draft.link, draft.summary_html, draft.summary_text,
            _json_list(draft.authors), _json_list(draft.tags), draft.published,
            draft.updated, _enclosure_json(draft), digest,
        )
        if known is None:
            cur = conn.execute(
                "INSERT INTO items (title, link, summary_html, summary_text, authors, tags,"
                " published, updated, enclosure, content_hash, source_id, key, first_seen,"
                " last_seen, backlog) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, source_id, draft.key, now, now, int(backlog)),
            )
            item_id = int(cur.lastrowid or 0)
            new.append(item_id)
            indexed.append((item_id, draft.title, draft.summary_text))
        else:
            conn.execute(
                "UPDATE items SET title = ?, link = ?, summary_html = ?, summary_text = ?,"
                " authors = ?, tags = ?, published = ?, updated = ?, enclosure = ?,"
                " content_hash = ?, last_seen = ? WHERE id = ?",
                (*values, now, known[0]),
            )
            changed.append(known[0])
    if still_listed:
        conn.executemany("UPDATE items SET last_seen = ? WHERE id = ?", still_listed)
    unchanged = len(still_listed)
    return UpsertResult(tuple(new), tuple(changed), unchanged, shared)


def _own_keys(
    conn: sqlite3.Connection,
    source_id: int,
    drafts: Sequence[ItemDraft],
    existing: dict[str, tuple[int, str]],
) -> tuple[Sequence[ItemDraft], tuple[tuple[str, int], ...]]:
    """``identity.separate``, and the stored keys carried over: when an id starts being shared,
    the item stored under it keeps it; when it stops, the item keeps its shared key. Returns
    the drafts and the shared ids with how many different items had each."""
    separated = identity.separate(drafts)
    if not separated.shared and not any(k.startswith(identity.SHARED_PREFIX) for k in existing):
        return drafts, ()  # the common case
    out = list(separated.drafts)
    for key, given in separated.shared.items():
        if key not in existing:
            continue
        row = conn.execute(
            "SELECT link, title FROM items WHERE source_id = ? AND key = ?", (source_id, key)
        ).fetchone()
        stored = {identity.shared_key(key, row[0], row[1], by_title=by_title)
                  for by_title in (False, True)}
        match = next((k for k in given if k in stored and k not in existing), None)
        if match is not None:
            out = [replace(d, key=key) if d.key == match else d for d in out]
    if any(k.startswith(identity.SHARED_PREFIX) for k in existing):
        # (before the plain key: when the id stopped being shared, another of the items that
        # shared it may be stored under the plain key)
        for n, draft in enumerate(out):
            if draft.key.startswith(identity.SHARED_PREFIX):
                continue
            for by_title in (False, True):
                own = identity.shared_key(draft.key, draft.link, draft.title, by_title=by_title)
                if own in existing:
                    out[n] = replace(draft, key=own)
                    break
    return out, tuple((key, len(given)) for key, given in separated.shared.items())


def touch_listed(conn: sqlite3.Connection, source_id: int, previous: float, now: float) -> None:
    """A 304: the items marked listed at ``previous`` (``last_seen == previous``) are still
    listed. The poll calls it at most hourly per source (``poll.LISTED_REFRESH_S``)."""
    conn.execute(
        "UPDATE items SET last_seen = ? WHERE source_id = ? AND last_seen = ?",
        (now, source_id, previous),
    )


def _row(row: sqlite3.Row) -> Item:
    enc = json.loads(row["enclosure"]) if row["enclosure"] else None
    return Item(
        id=int(row["id"]),
        source_id=int(row["source_id"]),
        key=row["key"],
        title=row["title"],
        link=row["link"],
        summary_html=row["summary_html"],
        summary_text=row["summary_text"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        tags=tuple(json.loads(row["tags"] or "[]")),
        published=row["published"],
        updated=row["updated"],
        enclosure=Enclosure(enc["url"], enc.get("type", ""), enc.get("length")) if enc else None,
        first_seen=float(row["first_seen"]),
        source_title=name_of_source(row["source_kind"], row["source_url"], row["source_title"]),
        source_group=row["source_group"],
        score=row["score"],
        decision=row["decision"],
        decision_reason=row["decision_reason"],
        notified_at=row["notified_at"],
        reaction=row["reaction"],
        saved=bool(row["saved"]),
        read=bool(row["read"]),
        backlog=bool(row["backlog"]),
    )


def get(conn: sqlite3.Connection, item_id: int) -> Item:
    row = conn.execute(f"{_SELECT} WHERE i.id = ?", (item_id,)).fetchone()
    if row is None:
        raise UnknownItemError(item_id)
    return _row(row)


def get_existing(conn: sqlite3.Connection, item_ids: Sequence[int]) -> list[Item]:
    """The items of ``item_ids`` that still exist (a source removed takes its items), in
    that order."""
    found: list[Item] = []
    for item_id in item_ids:
        row = conn.execute(f"{_SELECT} WHERE i.id = ?", (item_id,)).fetchone()
        if row is not None:
            found.append(_row(row))
    return found


def query(conn: sqlite3.Connection, q: ItemQuery) -> list[Item]:
    """Items newest first (``NEWEST_FIRST``)."""
    where: list[str] = []
    args: list[object] = []
    if q.source_ids:
        where.append(f"i.source_id IN ({', '.join('?' for _ in q.source_ids)})")
        args.extend(q.source_ids)
    if q.unread_only:
        where.append("i.read = 0 AND i.reaction IS NULL")
    if q.saved_only:
        where.append("i.saved = 1")
    if not q.include_backlog:
        where.append("i.backlog = 0")
    if q.since is not None:
        where.append("i.first_seen >= ?")
        args.append(q.since)
    sql = _SELECT + (f" WHERE {' AND '.join(where)}" if where else "")
    sql += f" ORDER BY {NEWEST_FIRST} LIMIT ? OFFSET ?"
    rows = conn.execute(sql, (*args, max(0, q.limit), max(0, q.offset))).fetchall()
    return [_row(r) for r in rows]


def count(conn: sqlite3.Connection, *, unread_only: bool = False) -> int:
    where = " WHERE read = 0 AND reaction IS NULL" if unread_only else ""
    return int(conn.execute(f"SELECT COUNT(*) FROM items{where}").fetchone()[0])


def any_held(conn: sqlite3.Connection) -> bool:
    """Whether an item is held for the quiet hours' digest and not shown yet: one look in the
    ``items_held`` index. Here, not with the decisions' other SQL (``notifications.py``, loaded
    with ranking), because every poll round asks it (``rounds.py``)."""
    return conn.execute(
        "SELECT 1 FROM items WHERE decision = 'digest' AND notified_at IS NULL LIMIT 1"
    ).fetchone() is not None


def count_by_source(conn: sqlite3.Connection, source_id: int) -> int:
    row = conn.execute("SELECT COUNT(*) FROM items WHERE source_id = ?", (source_id,)).fetchone()
    return int(row[0])


def left_unranked(conn: sqlite3.Connection, *, since: float, limit: int = 5000) -> list[int]:
    """Items first seen since ``since`` that a round stored but never ranked (no decision, not
    a new source's backlog): it stopped between storing and ranking (``items_undecided``)."""
    rows = conn.execute(
        "SELECT id FROM items INDEXED BY items_undecided WHERE decision IS NULL AND backlog = 0"
        " AND first_seen >= ? ORDER BY first_seen, id LIMIT ?", (since, limit))
    return [int(r[0]) for r in rows]


def rate_per_day(conn: sqlite3.Connection, source_id: int, *, now: float, since: float) -> float:
    """New (non-backlog) items per day first seen in ``[since, now]`` (at least one day)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM items WHERE source_id = ? AND backlog = 0 AND first_seen >= ?",
        (source_id, since),
    ).fetchone()
    days = max(1.0, (now - since) / 86400.0)
    return float(row[0]) / days


def prune(conn: sqlite3.Connection, *, cutoff: float) -> int:
    """Delete items first seen and last listed before ``cutoff``, except liked or saved ones.
    Returns how many were deleted."""
    cur = conn.execute(
        "DELETE FROM items WHERE first_seen < ? AND COALESCE(last_seen, first_seen) < ?"
        " AND saved = 0 AND COALESCE(reaction, '') <> 'like'",
        (cutoff, cutoff),
    )
    return int(cur.rowcount)


def unread_ids(conn: sqlite3.Connection, *, after: int = 0, limit: int = 500,
               source_ids: Sequence[int] = ()) -> list[int]:
    """Ids of unread items (not read, no reaction) above ``after``, in id order, of
    ``source_ids`` only when given: a range scan of the primary key, for marking all read a
    page at a time (no ordering by date, no join)."""
    where = "id > ? AND read = 0 AND reaction IS NULL"
    params: list[int] = [after]
    if source_ids:
        where += f" AND source_id IN ({','.join('?' * len(source_ids))})"
        params += list(source_ids)
    rows = conn.execute(f"SELECT id FROM items WHERE {where} ORDER BY id LIMIT ?",
                        (*params, limit)).fetchall()
    return [int(r[0]) for r in rows]


def set_saved(conn: sqlite3.Connection, item_id: int, saved: bool = True) -> bool:
    """Save an item for later (kept past retention: ``prune``) or unsave it; whether that
    changed it (False: it already was). Saving is no reaction: the profile learns nothing.
    ``UnknownItemError`` for an id that is not stored."""
    cur = conn.execute("UPDATE items SET saved = ? WHERE id = ? AND saved <> ?",
                       (int(saved), item_id, int(saved)))
    if cur.rowcount:
        return True
    if conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is None:
        raise UnknownItemError(item_id)
    return False


def mark_read(conn: sqlite3.Connection, item_ids: Sequence[int], read: bool = True) -> None:
    conn.executemany(
        "UPDATE items SET read = ? WHERE id = ?", [(int(read), i) for i in item_ids]
    )
