"""SQL of the learned profile: weights (``profile_weights`` and its log,
``profile_weights_log``: ``save_weights``), the user-made parts (``profile``, JSON values) and
the reactions (``feedback``, kept for undo).

A feedback row's ``features`` column holds what the update changed, as
``[[feature, old_mean, old_precision, old_at], ...]`` (old values null for a feature that had no
row; entries named ``@…`` are no feature's: ``ranking.withdrawal.READING_ROW``, ``CHANGE_ROW``,
``REPLACED_ROW``):
undoing the last reaction restores exactly those values. What a reaction left in a row is the
old value the next reaction to change it recorded (``changes_after``): taking back an earlier
reaction uses it to take out only that reaction's own effect.

A feedback row's ``undone`` is ``STANDS`` (0: undo takes it back), ``UNDONE`` (1: taken back,
undone or replaced by another reaction) or ``FORGOTTEN`` (2: given before the profile was reset
or replaced by an import; what it taught went with the rest, so it can no longer be undone, and
the item keeps its mark: the reaction is a fact of what the person did). Resets before this
value existed marked their reactions 1.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WeightRow = list[float]  # [mean, precision, at]
STANDS, UNDONE, FORGOTTEN = 0, 1, 2  # ``feedback.undone`` (above)
JSON_SLICE = 1_000  # entries of a large value serialized per call (``set_mapping``)
# Writes the weights' log holds at most before one folds it (``save_weights``): ~100 reactions
# with no ranking round between them (a round folds it), ~0.4 MB, folded in ~30 ms.
LOG_FOLD_WRITES = 100
# A reaction's record (``add_feedback``): the text ``json.dumps(changes, ensure_ascii=False)``
# gives, by one encoder made once and without the check for circular lists (a record has none):
# json.dumps makes an encoder a call, and the check keeps a dict of the ~110 lists.
_RECORD = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _packed(rows: Mapping[str, WeightRow]) -> tuple[str, bytes]:
    """One write's rows as the log keeps them: the names (a JSON list) and their numbers
    (mean, precision, at of each, 8-byte little-endian doubles: exactly the floats)."""
    return (json.dumps(list(rows), ensure_ascii=False),
            struct.pack(f"<{3 * len(rows)}d", *[v for row in rows.values() for v in row]))


def _logged(conn: sqlite3.Connection) -> dict[str, WeightRow]:
    """The newest row of each feature in the log (later writes win)."""
    out: dict[str, WeightRow] = {}
    for names_json, packed in conn.execute(
            "SELECT names, rows FROM profile_weights_log ORDER BY id"):
        names = json.loads(names_json)
        values = struct.unpack(f"<{3 * len(names)}d", packed)
        for i, name in enumerate(names):
            out[name] = list(values[3 * i:3 * i + 3])
    return out


def load_weights(conn: sqlite3.Connection) -> dict[str, WeightRow]:
    """The learned weights: ``profile_weights``, then the log's writes not folded yet, in the
    order they were made (the newest row of a feature wins)."""
    table = {r[0]: [float(r[1]), float(r[2]), float(r[3])] for r in conn.execute(
        "SELECT feature, mean, precision, at FROM profile_weights")}
    table.update(_logged(conn))
    return table


def save_weights(conn: sqlite3.Connection, rows: Mapping[str, WeightRow]) -> None:
    """Write rows of the learned weights: appended to the log as one row
    (``profile_weights_log``: a page or two at its end, not one page of ``profile_weights`` per
    row), folded into ``profile_weights`` by the next ranking round, or here once the log holds
    ``LOG_FOLD_WRITES`` writes."""
    if not rows:
        return
    cur = conn.execute("INSERT INTO profile_weights_log (names, rows) VALUES (?, ?)",
                       _packed(rows))
    # ids start again at 1 once the log is emptied: this write's is how many writes it holds
    if (cur.lastrowid or 0) > LOG_FOLD_WRITES:
        fold_weights(conn)


def fold_weights(conn: sqlite3.Connection) -> int:
    """Write the log's rows into ``profile_weights`` (the newest of each feature) and empty
    the log; returns the rows written (0: the log was empty, one look)."""
    if conn.execute("SELECT 1 FROM profile_weights_log LIMIT 1").fetchone() is None:
        return 0
    rows = _logged(conn)
    conn.executemany(
        "INSERT INTO profile_weights (feature, mean, precision, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(feature) DO UPDATE SET mean = excluded.mean, "
        "precision = excluded.precision, at = excluded.at",
        [(k, v[0], v[1], v[2]) for k, v in sorted(rows.items())],  # in the B-tree's order
    )
    conn.execute("DELETE FROM profile_weights_log")
    return len(rows)


def delete_weights(conn: sqlite3.Connection, features: Iterable[str]) -> None:
    fold_weights(conn)  # the log's rows of these features go with them
    conn.executemany("DELETE FROM profile_weights WHERE feature = ?", [(f,) for f in features])


def clear_weights(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM profile_weights")
    conn.execute("DELETE FROM profile_weights_log")


def weights_bytes(conn: sqlite3.Connection) -> int:
    """Size of the learned weights as stored: the names plus three 8-byte numbers a row (a
    feature both in ``profile_weights`` and in its log counted once). Reads only."""
    total = int(conn.execute(
        "SELECT COALESCE(SUM(LENGTH(CAST(feature AS BLOB)) + 24), 0) FROM profile_weights"
    ).fetchone()[0])
    logged = list(_logged(conn))
    known: set[str] = set()
    for start in range(0, len(logged), 500):  # SQLite takes 999 parameters at least
        part = logged[start:start + 500]
        known.update(r[0] for r in conn.execute(
            "SELECT feature FROM profile_weights WHERE feature IN "
            f"({', '.join('?' * len(part))})", part))
    return total + sum(len(n.encode()) + 24 for n in logged if n not in known)


def get_value(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM profile WHERE key = ?", (key,)).fetchone()
    return default if row is None else json.loads(row[0])


def set_value(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO profile (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
    )


def set_mapping(conn: sqlite3.Connection, key: str, value: Mapping[str, Any],
                names: Sequence[str]) -> None:
    """``set_value`` of a large mapping (thousands of entries): the same text, made
    ``JSON_SLICE`` entries per ``json.dumps``. One call for all of them holds the GIL
    throughout (~30 ms for 20,000 entries: the GUI thread stalls with the engine's); between
    slices other threads run. ``names``: ``value``'s keys in sorted order, kept by the caller
    (sorting them here would be one long call again)."""
    parts = []
    for start in range(0, len(names), JSON_SLICE):
        part = {name: value[name] for name in names[start:start + JSON_SLICE]}
        parts.append(json.dumps(part, ensure_ascii=False, sort_keys=True)[1:-1])
    conn.execute(
        "INSERT INTO profile (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, "{" + ", ".join(parts) + "}"),
    )


def clear_values(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM profile")


def values_bytes(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT COALESCE(SUM(LENGTH(key) + LENGTH(CAST(value AS BLOB))), 0) FROM profile"
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    item_id: int | None
    label: str
    at: float
    changes: list[list[Any]]


def add_feedback(
    conn: sqlite3.Connection,
    item_id: int | None,
    label: str,
    at: float,
    changes: list[list[Any]],
    source: str | None = None,
    words: Iterable[str] = (),
) -> int:
    """Record a reaction; ``source`` (``src:X``) and the item's lead ``words`` are what
    ``reactions_to_source`` reads back."""
    cur = conn.execute(
        "INSERT INTO feedback (item_id, label, at, features, source, words) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (item_id, label, at, _RECORD.encode(changes), source,
         " ".join(words)),
    )
    return int(cur.lastrowid or 0)


def reactions_to_source(conn: sqlite3.Connection, source: str,
                        limit: int) -> list[tuple[str, list[str]]]:
    """(label, lead words) of the last ``limit`` reactions to items of ``source`` that were
    not undone, oldest first."""
    rows = conn.execute(
        "SELECT label, words FROM feedback WHERE source = ? AND undone = 0 "
        "ORDER BY id DESC LIMIT ?", (source, limit)).fetchall()
    return [(str(label), (words or "").split()) for label, words in reversed(rows)]


def reactions_with_word(conn: sqlite3.Connection, word: str,
                        limit: int) -> list[tuple[str, str, list[str], float]]:
    """(label, source feature, lead words, when) of the last ``limit`` reactions to items whose
    lead has ``word`` that were not undone, oldest first."""
    rows = conn.execute(
        "SELECT label, source, words, at FROM feedback WHERE undone = 0 AND source IS NOT NULL "
        "AND ' ' || words || ' ' LIKE ? ORDER BY id DESC LIMIT ?",
        (f"% {word} %", limit)).fetchall()
    return [(str(label), str(source), (words or "").split(), float(at))
            for label, source, words, at in reversed(rows)]


def _one_row(conn: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> FeedbackRow | None:
    row = conn.execute(
        f"SELECT id, item_id, label, at, features FROM feedback WHERE undone = 0 {where}",
        args).fetchone()
    if row is None:
        return None
    return FeedbackRow(int(row[0]), row[1], row[2], float(row[3]), json.loads(row[4]))


def last_feedback(conn: sqlite3.Connection) -> FeedbackRow | None:
    return _one_row(conn, "ORDER BY id DESC LIMIT 1", ())


def last_reaction_to(conn: sqlite3.Connection, item_id: int) -> FeedbackRow | None:
    """The item's last reaction that was not undone, or None. No index on ``item_id`` (it
    would cost every reaction a page write): the rows are read newest first and the search
    stops at the first match; it is only asked for an item that has a reaction."""
    return _one_row(conn, "AND item_id = ? ORDER BY id DESC LIMIT 1", (item_id,))


def changes_after(conn: sqlite3.Connection, feedback_id: int, names: set[str],
                  until: float | None = None) -> Iterator[list[list[Any]]]:
    """What each reaction recorded after ``feedback_id`` (until the time ``until``) changed,
    oldest first (undone ones too: what they found is still what was there), for the
    reactions that changed one of ``names``: the features still looked for, a set the caller
    takes the ones it found out of. A record that mentions none of them is skipped without
    being parsed (its entries' names are read off the text)."""
    # JSON writes a name as it is unless it has a quote, a backslash or a control character;
    # a name with one of those (or a bracket) is looked for in parsed records only
    plain = not any('"' in n or "\\" in n or "[" in n or min(n, default=" ") < " "
                    for n in names)
    cur = conn.execute(
        "SELECT features FROM feedback WHERE id > ? AND at <= ? ORDER BY id",
        (feedback_id, float("inf") if until is None else until))
    try:
        for (features,) in cur:
            if plain and names.isdisjoint(
                    part.partition('"')[0] for part in features.split('["')[1:]):
                continue
            yield json.loads(features)
    finally:
        cur.close()


def reacted_at(conn: sqlite3.Connection, at: float, *, after_id: int) -> bool:
    """Whether a reaction recorded after ``after_id`` was given at the time ``at``."""
    return conn.execute("SELECT 1 FROM feedback WHERE at = ? AND id > ? LIMIT 1",
                        (at, after_id)).fetchone() is not None


def feedback_by_id(conn: sqlite3.Connection, feedback_id: int) -> FeedbackRow | None:
    """One reaction that was not undone, or None."""
    return _one_row(conn, "AND id = ?", (feedback_id,))


def last_like_at(conn: sqlite3.Connection) -> float | None:
    """When the last Like that was not undone was given, or None."""
    row = conn.execute(
        "SELECT MAX(at) FROM feedback WHERE undone = 0 AND label = 'like'").fetchone()
    return None if row is None or row[0] is None else float(row[0])


def mark_undone(conn: sqlite3.Connection, feedback_id: int) -> None:
    conn.execute("UPDATE feedback SET undone = 1 WHERE id = ?", (feedback_id,))


def forget_feedback(conn: sqlite3.Connection) -> None:
    """The profile is reset or replaced: every standing reaction is ``FORGOTTEN``."""
    conn.execute(f"UPDATE feedback SET undone = {FORGOTTEN} WHERE undone = {STANDS}")


def newest_forgotten(conn: sqlite3.Connection) -> FeedbackRow | None:
    """The newest reaction not taken back, when it was forgotten (given before the profile was
    reset or replaced); None when it stands, or there is none."""
    row = conn.execute(
        f"SELECT id, item_id, label, at, undone FROM feedback WHERE undone IN ({STANDS}, "
        f"{FORGOTTEN}) ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[4] != FORGOTTEN:
        return None
    return FeedbackRow(int(row[0]), row[1], row[2], float(row[3]), [])


def forgotten_reaction_to(conn: sqlite3.Connection, item_id: int) -> str | None:
    """The item's last reaction given before the profile was reset or replaced (its label), or
    None. Asked only for an item marked with a reaction that has no standing one."""
    row = conn.execute(
        f"SELECT label FROM feedback WHERE item_id = ? AND undone = {FORGOTTEN} "
        "ORDER BY id DESC LIMIT 1", (item_id,)).fetchone()
    return None if row is None else str(row[0])


def set_item_reaction(conn: sqlite3.Connection, item_ids: Iterable[int], label: str | None) -> None:
    conn.executemany(
        "UPDATE items SET reaction = ? WHERE id = ?", [(label, i) for i in item_ids]
    )


def reactions_with(conn: sqlite3.Connection, item_ids: Iterable[int]) -> dict[str, int]:
    """How many of ``item_ids`` got each reaction (for "you dismissed 3 similar")."""
    ids = list(item_ids)
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(
        f"SELECT reaction, COUNT(*) FROM items WHERE id IN ({marks}) AND reaction IS NOT NULL "
        "GROUP BY reaction",
        ids,
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}
