"""The ``settings`` table: user settings as JSON values, validated by
``notify.core.settings.coerce``; an unset key reads as its declared default."""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from notify.core.errors import UserInputError
from notify.core.settings import BY_KEY, OPTIONS, coerce

log = logging.getLogger(__name__)
_reported: set[tuple[str, str]] = set()  # (key, stored value) said once, not at every read


def read(conn: sqlite3.Connection, key: str) -> Any:
    """The value of setting ``key`` (its default when unset or when the stored value is no
    longer valid)."""
    option = BY_KEY.get(key)
    if option is None:
        raise UserInputError(f"Unknown setting {key!r}. Known settings: {', '.join(BY_KEY)}.")
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return option.default
    try:
        return coerce(key, json.loads(row["value"]))
    except (ValueError, TypeError) as err:  # json.JSONDecodeError is a ValueError
        if (key, row["value"]) in _reported:
            return option.default
        _reported.add((key, row["value"]))
        log.warning("setting %s: the stored value %.80r is not valid (%s); using the default "
                    "%r until it is set again (notify settings set %s …)",
                    key, row["value"], err, option.default, key)
        return option.default


def write(conn: sqlite3.Connection, key: str, value: Any) -> Any:
    """Validate and store a setting; returns the stored value. Raises ``UserInputError``."""
    try:
        clean = coerce(key, value)
    except ValueError as err:
        raise UserInputError(str(err)) from err
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(clean)),
    )
    return clean


def reset(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))


def read_all(conn: sqlite3.Connection) -> dict[str, Any]:
    return {opt.key: read(conn, opt.key) for opt in OPTIONS}
