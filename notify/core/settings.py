"""User settings, declared once with type, default and help. The CLI (``notify settings``), the
settings window and the docs read this schema; the values live in the ``settings`` table (JSON
values)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from notify.core.pause import PAUSED_UNTIL


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    label: str
    help: str
    minimum: float | None = None
    maximum: float | None = None


OPTIONS: tuple[Option, ...] = (
    Option("poll.default_interval_min", int, 30, "Default poll interval (minutes)",
           "How often a source is polled unless it has an interval of its own, or its kind "
           "has one (Hacker News, Reddit, Mastodon and GitHub sources have their own).",
           5, 24 * 60),
    Option("poll.min_interval_min", int, 1, "Shortest poll interval (minutes)",
           "No source is polled more often than this, nor more often than its kind allows "
           "(feeds: every 5 minutes at most).", 1, 24 * 60),
    Option("fetch.max_body_mb", int, 10, "Largest response (MB)",
           "A response larger than this is cut off and reported as an error.", 1, 200),
    Option("fetch.per_host_limit", int, 2, "Requests at once per host",
           "Politeness: at most this many requests to one host at the same time.", 1, 8),
    Option("fetch.global_limit", int, 32, "Requests at once, all hosts",
           "At most this many requests in flight at the same time.", 1, 128),
    Option("store.retention_days", int, 30, "Keep items for (days)",
           "Older items are deleted, except the ones you liked or saved.", 1, 3650),
    Option("notify.daily_budget", int, 10, "Notifications per day at most",
           "Notify never sends more than this many notifications in a day.", 0, 100),
    Option("notify.sensitivity", float, 0.5, "Sensitivity",
           "Higher notifies more readily; lower only what the profile is sure of.", 0.0, 1.0),
    Option("notify.quiet_start", str, "22:00", "Quiet hours start",
           "From this time (HH:MM, local) items are held for the digest.", None, None),
    Option("notify.quiet_end", str, "07:00", "Quiet hours end",
           "At this time the held items are delivered as one ranked digest.", None, None),
    Option("notify.quiet_enabled", bool, False, "Quiet hours",
           "Between the start and end times, hold notifications; they come as one digest at "
           "the end.",
           None, None),
    Option("notify.grouping", bool, True, "Group notifications",
           "The same story from several sources, or a burst from one round, becomes one "
           "notification.", None, None),
    Option(PAUSED_UNTIL, float, 0.0, "Paused until",
           "POSIX time until which notifications are paused (0: not paused; -1: until resumed).",
           None, None),
)

BY_KEY: Mapping[str, Option] = {o.key: o for o in OPTIONS}


def coerce(key: str, value: Any) -> Any:
    """Validate ``value`` for option ``key``; raises ValueError with a user-facing message."""
    opt = BY_KEY.get(key)
    if opt is None:
        raise ValueError(f"Unknown setting {key!r}. Known settings: {', '.join(BY_KEY)}.")
    try:
        if opt.type is bool and isinstance(value, str):
            low = value.strip().lower()
            if low not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(value)
            out: Any = low in ("1", "true", "yes", "on")
        else:
            out = opt.type(value)
    except (TypeError, ValueError) as err:
        wanted = {bool: "yes or no", int: "a whole number", float: "a number"}.get(
            opt.type, f"a valid {opt.type.__name__}")
        raise ValueError(f"{opt.label}: {value!r} is not {wanted}.") from err
    if opt.minimum is not None and out < opt.minimum:
        raise ValueError(f"{opt.label}: at least {opt.minimum:g}.")
    if opt.maximum is not None and out > opt.maximum:
        raise ValueError(f"{opt.label}: at most {opt.maximum:g}.")
    if opt.type is str and key.endswith(("_start", "_end", "_time")):
        hh, _, mm = str(out).partition(":")
        if not (hh.isdecimal() and mm.isdecimal() and int(hh) < 24 and int(mm) < 60):
            raise ValueError(f"{opt.label}: use HH:MM, for example 07:30.")
    return out


QUIET_KEYS = ("notify.quiet_enabled", "notify.quiet_start", "notify.quiet_end")


def check_together(values: Mapping[str, Any], changed: Iterable[str]) -> None:
    """Rules across options, for ``values`` (every option, with the ``changed`` ones as they
    would be saved); raises ValueError with a user-facing message. Quiet hours that start when
    they end would be no quiet hours at all: refused, whether they are on or not (turning them
    on later would silently do nothing)."""
    if not set(changed) & set(QUIET_KEYS):
        return
    start, end = values.get("notify.quiet_start"), values.get("notify.quiet_end")
    if start is not None and end is not None and _clock(str(start)) == _clock(str(end)):
        raise ValueError(
            f"Quiet hours cannot start and end at the same time ({end}): that would be no "
            "quiet hours at all. Choose a different start or end; for no quiet hours, turn "
            "them off.")


def _clock(hhmm: str) -> tuple[int, int]:
    hh, _, mm = hhmm.partition(":")
    return (int(hh), int(mm)) if hh.isdecimal() and mm.isdecimal() else (-1, -1)
