"""The ``sources`` table: subscriptions. The only SQL that reads or writes it.

Duplicates are refused by kind and ``urls.dedupe_key`` (``http://www.x.org/feed/`` and
``https://x.org/feed`` are the same subscription), not only by the exact URL.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from notify.core.errors import UnknownSourceError, UserInputError
from notify.core.logs import redact
from notify.core.models import Source
from notify.core.urls import dedupe_key

log = logging.getLogger(__name__)

_COLUMNS = (
    "id, kind, url, title, group_name, settings, interval_s, enabled, muted, html_url, created_at,"
    " title_given"
)
# Source field -> column, for update().
_UPDATABLE = {
    "url": "url",
    "title": "title",
    "title_given": "title_given",
    "group": "group_name",
    "settings": "settings",
    "interval_s": "interval_s",
    "enabled": "enabled",
    "muted": "muted",
    "html_url": "html_url",
}


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection (``db.connect`` opens those)."""
    if conn.in_transaction:  # nested: the outer transaction commits
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite already rolled back after e.g. SQLITE_FULL
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _row(row: sqlite3.Row) -> Source:
    return Source(
        id=int(row["id"]),
        kind=row["kind"],
        url=row["url"],
        title=row["title"],
        group=row["group_name"],
        settings=json.loads(row["settings"] or "{}"),
        interval_s=row["interval_s"],
        enabled=bool(row["enabled"]),
        muted=bool(row["muted"]),
        html_url=row["html_url"],
        created_at=float(row["created_at"]),
        title_given=None if row["title_given"] is None else bool(row["title_given"]),
    )


def exists(conn: sqlite3.Connection, source_id: int) -> bool:
    return conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is not None


def get(conn: sqlite3.Connection, source_id: int) -> Source:
    row = conn.execute(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        raise UnknownSourceError(source_id)
    return _row(row)


_IN_CHUNK = 500  # ids per ``IN (…)``: well below SQLite's limit of bound parameters


def get_many(conn: sqlite3.Connection, source_ids: Sequence[int]) -> list[Source]:
    """The sources of ``source_ids``, in that order, read in one statement (``notify poll
    --all`` of 76 sources read them one by one); ``UnknownSourceError`` for the first one not
    there, as ``get``."""
    ids = [int(i) for i in source_ids]
    found: dict[int, Source] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start:start + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT {_COLUMNS} FROM sources WHERE id IN ({marks})", chunk):
            source = _row(row)
            found[source.id] = source
    for source_id in ids:
        if source_id not in found:
            raise UnknownSourceError(source_id)
    return [found[i] for i in ids]


def list_all(conn: sqlite3.Connection, *, enabled_only: bool = False) -> list[Source]:
    where = " WHERE enabled = 1" if enabled_only else ""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM sources{where} ORDER BY id").fetchall()
    return [_row(r) for r in rows]


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0])


# Each source's key, computed once per address: adding sources one by one (an OPML import
# of 1,000 feeds) compared each new one with every source, 3.3 s of keys.
_key_of = functools.lru_cache(maxsize=8192)(dedupe_key)


def group_sizes(conn: sqlite3.Connection, groups: Iterable[str]) -> dict[str, int]:
    """How many sources each of ``groups`` holds (the ranker spreads a group's prior over
    them); no query when there is no group."""
    names = sorted({g for g in groups if g})
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    return dict(conn.execute(
        f"SELECT group_name, COUNT(*) FROM sources WHERE group_name IN ({marks}) "
        "GROUP BY group_name", names).fetchall())


def find_duplicate(conn: sqlite3.Connection, kind: str, url: str) -> Source | None:
    """The existing source of ``kind`` whose URL is another spelling of ``url``, if any."""
    key = _key_of(url)
    for source_id, other in conn.execute("SELECT id, url FROM sources WHERE kind = ?", (kind,)):
        if other == url or _key_of(other) == key:
            return get(conn, int(source_id))
    return None


def add(
    conn: sqlite3.Connection,
    *,
    kind: str,
    url: str,
    now: float,
    title: str = "",
    group: str = "",
    settings: Mapping[str, Any] | None = None,
    interval_s: int | None = None,
    html_url: str = "",
    enabled: bool = True,
    title_given: bool | None = False,
) -> Source:
    """Insert a source. Raises ``UserInputError`` when it is already subscribed.
    ``title_given``: who named it (``Source.title_given``)."""
    existing = find_duplicate(conn, kind, url)
    if existing is not None:
        raise UserInputError(
            redact(f"{url} is already subscribed as source {existing.id} "
                   f"({existing.title or existing.url})."),
        )
    cur = conn.execute(
        "INSERT INTO sources (kind, url, title, group_name, settings, interval_s, enabled,"
        " html_url, created_at, title_given) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, url, title, group, json.dumps(dict(settings or {}), sort_keys=True), interval_s,
         int(enabled), html_url, now, None if title_given is None else int(title_given)),
    )
    return get(conn, int(cur.lastrowid or 0))


def update(conn: sqlite3.Connection, source_id: int, **changes: Any) -> Source:
    """Change fields of a source (``title``, ``title_given``, ``group``, ``url``, ``settings``,
    ``interval_s``, ``enabled``, ``muted``, ``html_url``). Unknown fields are a programming
    error."""
    unknown = set(changes) - set(_UPDATABLE)
    if unknown:
        raise TypeError(f"cannot update source fields {sorted(unknown)}")
    get(conn, source_id)  # raises UnknownSourceError
    if not changes:
        return get(conn, source_id)
    sets, values = [], []
    for name, value in changes.items():
        if name == "settings":
            value = json.dumps(dict(value or {}), sort_keys=True)
        elif name in ("enabled", "muted") or (name == "title_given" and value is not None):
            value = int(bool(value))
        sets.append(f"{_UPDATABLE[name]} = ?")
        values.append(value)
    conn.execute(f"UPDATE sources SET {', '.join(sets)} WHERE id = ?", (*values, source_id))
    return get(conn, source_id)


def remove(conn: sqlite3.Connection, source_id: int) -> Source:
    """Delete a source with its state and items (foreign keys cascade)."""
    source = get(conn, source_id)
    conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    return source
