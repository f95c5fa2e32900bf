"""SQL that renames features in the learned profile's tables: the weights (``profile_weights``,
its log folded first) and the reactions' records (``feedback.source``, ``feedback.features``).
What is renamed to what is ``notify.core.ranking.source_renames``'s."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from notify.core.store import feedback as store

# A reaction's record as ``store.feedback.add_feedback`` writes it.
_RECORD = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def mentioned(conn: sqlite3.Connection, features: Sequence[str], prefixes: Sequence[str],
              texts: Sequence[str]) -> bool:
    """Whether the profile may hold anything of these names: a weight named one of
    ``features`` or starting with one of ``prefixes`` (in the table, or in the log's names), or
    a value (interests, pins, meta, counts, first-run answers) holding one of ``texts`` (as its
    JSON writes it). A few indexed looks and one scan of the small ``profile`` table: most
    renames (a new source's first poll naming it after its feed) find nothing to move."""
    for name in features:
        if conn.execute("SELECT 1 FROM profile_weights WHERE feature = ?",
                        (name,)).fetchone() is not None:
            return True
    for prefix in prefixes:  # a range of the primary key: "sw:Sport|" up to "sw:Sport}"
        if conn.execute("SELECT 1 FROM profile_weights WHERE feature > ? AND feature < ? LIMIT 1",
                        (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))).fetchone() is not None:
            return True
    for text in texts:
        for table, column in (("profile_weights_log", "names"), ("profile", "value")):
            if conn.execute(f"SELECT 1 FROM {table} WHERE instr({column}, ?) > 0 LIMIT 1",
                            (text,)).fetchone() is not None:
                return True
    return False


def weight_names(conn: sqlite3.Connection) -> list[str]:
    """Every feature with a learned weight, after folding the log (so that a rename is one
    ``UPDATE`` of ``profile_weights``, not a rewrite of the log's packed rows)."""
    store.fold_weights(conn)
    return [str(r[0]) for r in conn.execute("SELECT feature FROM profile_weights")]


def copy_weights(conn: sqlite3.Connection, moves: Mapping[str, Sequence[str]],
                 drop: Iterable[str]) -> None:
    """Give each row of ``moves`` to each of its new names (a name that has a row keeps its
    own), then delete the rows of ``drop``. Call after ``weight_names`` (the log folded)."""
    conn.executemany(
        "INSERT OR IGNORE INTO profile_weights (feature, mean, precision, at) "
        "SELECT ?, mean, precision, at FROM profile_weights WHERE feature = ?",
        [(new, old) for old, news in moves.items() for new in news if new != old])
    conn.executemany("DELETE FROM profile_weights WHERE feature = ?", [(n,) for n in drop])


def renamed_reactions(conn: sqlite3.Connection, sources: Sequence[str], needles: Sequence[str],
                      change: Callable[[int | None, str | None, list[Any]],
                                       tuple[str | None, list[Any]] | None]) -> int:
    """Rewrite the reactions whose ``source`` is one of ``sources`` or whose record holds one of
    ``needles`` (text of the record's JSON, e.g. ``"src:Sport"``): ``change(source id of the
    reacted item or None (pruned), source, record)`` gives their new source and record (None:
    unchanged). Returns the rows rewritten."""
    if not sources and not needles:
        return 0
    parts = ["instr(f.features, ?) > 0"] * len(needles)
    if sources:
        parts.insert(0, f"f.source IN ({', '.join('?' * len(sources))})")
    where = " OR ".join(parts)
    rows = conn.execute(
        "SELECT f.id, i.source_id, f.source, f.features FROM feedback f "
        f"LEFT JOIN items i ON i.id = f.item_id WHERE {where}", (*sources, *needles)).fetchall()
    written = 0
    for feedback_id, source_id, source, features in rows:
        changed = change(None if source_id is None else int(source_id), source,
                         json.loads(features or "[]"))
        if changed is not None:
            conn.execute("UPDATE feedback SET source = ?, features = ? WHERE id = ?",
                         (changed[0], _RECORD.encode(changed[1]), feedback_id))
            written += 1
    return written


def item_sources(conn: sqlite3.Connection, item_ids: Iterable[int]) -> dict[int, int]:
    """Item id -> its source's id, for the items of ``item_ids`` that are still stored."""
    ids = sorted(set(item_ids))
    out: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        out.update((int(r[0]), int(r[1])) for r in conn.execute(
            f"SELECT id, source_id FROM items WHERE id IN ({', '.join('?' * len(part))})",
            part))
    return out
