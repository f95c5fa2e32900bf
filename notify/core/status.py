"""A health summary of the whole store: what ``notify status`` and the app's status line show.
Works over any connection (the CLI uses a read-only one)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from notify.core import scheduling
from notify.core.paths import Paths
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo


@dataclass(frozen=True)
class Status:
    sources: int
    enabled: int
    failing: int
    last_poll: float | None
    next_poll: float | None
    items: int
    unread: int
    db_bytes: int
    # sources whose last document had trouble although it was read (``SourceState.last_warning``:
    # not well-formed, no items, different items with one id)
    warned: int = 0


def status_of(
    conn: sqlite3.Connection, paths: Paths, schedule: scheduling.RoundSchedule | None = None,
    now: float | None = None,
) -> Status:
    """A health summary over any connection (the CLI uses a read-only one). ``next_poll`` is
    when the next round is due: ``now`` when a source is overdue, None with nothing enabled."""
    all_sources = sources_repo.list_all(conn)
    size = 0
    for suffix in ("", "-wal"):
        target = paths.db.with_name(paths.db.name + suffix)
        if target.exists():
            size += target.stat().st_size
    next_poll = schedule.next_run() if schedule is not None else None
    if next_poll is None:
        next_poll = state_repo.earliest_next_attempt(conn)
        if next_poll is not None:
            next_poll = max(next_poll, time.time() if now is None else now)
    return Status(
        sources=len(all_sources),
        enabled=sum(1 for s in all_sources if s.enabled),
        failing=state_repo.failing_count(conn),
        last_poll=state_repo.last_attempt(conn),
        next_poll=next_poll,
        items=items_repo.count(conn),
        unread=items_repo.count(conn, unread_only=True),
        db_bytes=size,
        warned=state_repo.warning_count(conn),
    )

