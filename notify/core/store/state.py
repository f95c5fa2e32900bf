"""The ``source_state`` table: each source's health and validators. The only SQL for it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import fields

from notify.core.errors import placed_from_json, placed_to_json
from notify.core.models import SourceState

_FIELDS = tuple(f.name for f in fields(SourceState))
_CURSOR = _FIELDS.index("cursor")
_ADVICE = tuple(_FIELDS.index(n) for n in ("last_error_advice", "disabled_reason_advice"))
# built once: ``get`` and ``save`` run for every source of every round (670 per round)
_SELECT_ONE = f"SELECT {', '.join(_FIELDS)} FROM source_state WHERE source_id = ?"
_UPSERT = (
    f"INSERT INTO source_state ({', '.join(_FIELDS)}) VALUES ({', '.join('?' for _ in _FIELDS)})"
    " ON CONFLICT(source_id) DO UPDATE SET "
    + ", ".join(f"{n} = excluded.{n}" for n in _FIELDS if n != "source_id")
)


def _row(row: sqlite3.Row) -> SourceState:
    values = {name: row[name] for name in _FIELDS}
    values["cursor"] = json.loads(values["cursor"] or "{}")
    values["consecutive_failures"] = int(values["consecutive_failures"] or 0)
    values["moved_count"] = int(values["moved_count"] or 0)
    for name in ("last_error_advice", "disabled_reason_advice"):
        values[name] = placed_from_json(values[name])
    return SourceState(**values)


def get(conn: sqlite3.Connection, source_id: int) -> SourceState:
    """The stored state, or a fresh one for a source never polled."""
    row = conn.execute(_SELECT_ONE, (source_id,)).fetchone()
    return SourceState(source_id=source_id) if row is None else _row(row)


def all_states(conn: sqlite3.Connection) -> dict[int, SourceState]:
    rows = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM source_state").fetchall()
    return {int(r["source_id"]): _row(r) for r in rows}


def own_titles(conn: sqlite3.Connection) -> dict[int, str]:
    """The name each source gives itself, as last read (``own_title``), by source id: for
    those whose own title is known."""
    rows = conn.execute(
        "SELECT source_id, own_title FROM source_state WHERE own_title IS NOT NULL")
    return {int(r[0]): str(r[1]) for r in rows}


def save(conn: sqlite3.Connection, state: SourceState) -> None:
    """Insert or replace the whole state row."""
    values = [getattr(state, name) for name in _FIELDS]
    values[_CURSOR] = json.dumps(dict(state.cursor), sort_keys=True) if state.cursor else "{}"
    for index in _ADVICE:
        values[index] = placed_to_json(values[index])
    conn.execute(_UPSERT, values)


def earliest_next_attempt(conn: sqlite3.Connection) -> float | None:
    """The soonest ``next_attempt`` of an enabled source (never before the server's
    ``server_retry_at``); ``-inf``-like 0.0 when one is due now because it was never polled.
    None when no source is enabled."""
    row = conn.execute(
        "SELECT COUNT(*) AS n, MIN(MAX(COALESCE(st.next_attempt, 0),"
        " COALESCE(st.server_retry_at, 0))) AS t FROM sources s"
        " LEFT JOIN source_state st ON st.source_id = s.id WHERE s.enabled = 1"
    ).fetchone()
    if not row["n"]:
        return None
    return float(row["t"])


def failing_count(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM source_state st JOIN sources s ON s.id = st.source_id"
        " WHERE st.consecutive_failures > 0 OR st.disabled_reason IS NOT NULL"
    ).fetchone()
    return int(row[0])


def warning_count(conn: sqlite3.Connection) -> int:
    """Sources whose last document was read in spite of trouble (``last_warning``)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM source_state st JOIN sources s ON s.id = st.source_id"
        " WHERE st.last_warning IS NOT NULL"
    ).fetchone()
    return int(row[0])


def last_attempt(conn: sqlite3.Connection) -> float | None:
    row = conn.execute("SELECT MAX(last_attempt) FROM source_state").fetchone()
    return None if row[0] is None else float(row[0])


def attempted_since(conn: sqlite3.Connection, source_ids: Sequence[int],
                    since: float) -> dict[int, int]:
    """Of ``source_ids``, those whose poll was stored at or after ``since``, with the number of
    items they brought that were first seen then: what an interrupted round kept, read from
    the database (its events may not have been told yet)."""
    out: dict[int, int] = {}
    for start in range(0, len(source_ids), 500):  # SQLite's bound parameters
        chunk = list(source_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for sid, new in conn.execute(
                f"SELECT st.source_id, (SELECT COUNT(*) FROM items i WHERE i.source_id ="
                f" st.source_id AND i.first_seen >= ?) FROM source_state st"
                f" WHERE st.source_id IN ({marks}) AND st.last_attempt >= ?",
                (since, *chunk, since)):
            out[int(sid)] = int(new)
    return out
