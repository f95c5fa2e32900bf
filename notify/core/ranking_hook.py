"""The engine's one call into ranking after a round: score the new items, plan notifications.

Ranking lives in ``notify.core.ranking.service`` (its own engineer's part); until it is there the
items simply stay unranked in the inbox. What it plans is turned into ``NotificationPlanned``
events for the listener.
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from notify.core.events import NotificationPlanned

log = logging.getLogger(__name__)

_EVENT_FIELDS = tuple(f.name for f in fields(NotificationPlanned))


def service_class() -> Any:
    """``RankingService`` or None when ranking is not installed in this checkout."""
    try:
        module = importlib.import_module("notify.core.ranking.service")
    except ModuleNotFoundError as err:
        if err.name in ("notify.core.ranking.service", "notify.core.ranking"):
            return None
        raise
    return getattr(module, "RankingService", None)


def service(conn: sqlite3.Connection) -> Any:
    """A ``RankingService`` over ``conn``; raises ``NotifyError`` when ranking is missing."""
    cls = service_class()
    if cls is None:
        from notify.core.errors import NotifyError

        raise NotifyError("Ranking is not available in this build of Notify.")
    return cls(conn)


def to_event(planned: Any) -> NotificationPlanned:
    if isinstance(planned, NotificationPlanned):
        return planned
    values = {name: getattr(planned, name) for name in _EVENT_FIELDS if hasattr(planned, name)}
    values["item_ids"] = tuple(values.get("item_ids", ()))
    values["links"] = tuple(values.get("links", ()))
    return NotificationPlanned(**values)


def rank_new(
    conn: sqlite3.Connection,
    item_ids: Sequence[int],
    now: float,
    *,
    backlog_source_ids: Sequence[int] = (),
) -> list[NotificationPlanned]:
    """Score ``item_ids`` (new, not backlog) and return what to show now."""
    cls = service_class()
    if cls is None:
        log.debug("no ranking service in this build; %d new items stay unranked", len(item_ids))
        return []
    planned = cls(conn).process_new(
        list(item_ids), now, backlog_source_ids=frozenset(backlog_source_ids)
    )
    return [to_event(p) for p in planned]
