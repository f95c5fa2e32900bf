"""Keeping the database bounded: items older than ``store.retention_days`` are deleted after a
round, except the ones the user liked or saved, and except items a source still lists (they
would come back as "new" on the next poll otherwise; see ``store.items.prune``)."""

from __future__ import annotations

import logging
import sqlite3

from notify.core.store import items as items_repo
from notify.core.store import settings as settings_repo
from notify.core.store.sources import transaction

log = logging.getLogger(__name__)

DAY_S = 86400.0
# Items are kept at least this many days after a poll last marked them as listed: a 304 marks
# them at most hourly (``poll.LISTED_REFRESH_S``), far inside that.
MIN_DAYS = 1


def cutoff(now: float, days: int) -> float:
    return now - max(MIN_DAYS, int(days)) * DAY_S


def prune(conn: sqlite3.Connection, *, now: float, days: int | None = None) -> int:
    """Delete expired items; returns how many. ``days`` defaults to the user's setting."""
    if days is None:
        days = int(settings_repo.read(conn, "store.retention_days"))
    with transaction(conn):
        deleted = items_repo.prune(conn, cutoff=cutoff(now, days))
    if deleted:
        log.info("retention: deleted %d items older than %d days", deleted, days)
    return deleted
