"""The notification policy's state now, as the store holds it: its settings
(``policy_settings``), whether notifications are paused or in quiet hours and until when, how
many items (and stories, counted as the digest counts them) are held for the digest, and when
that digest can be delivered (``next_delivery``: the end of the quiet hours, or of the pause,
whichever comes later).

Read by ``notify status``, the summary of ``notify poll`` and the engine's schedule (the app
delivers a held digest when the quiet hours end, even when no source is due then). Loaded only
when needed. The policy itself (``notify.core.policy``, and with it the ranking's words and
the story grouping) is imported only where items are held for the digest, to count their
stories as the digest does: ``notify status`` with nothing held, or a poll round without
anything held, imports neither (``policy_times`` has the settings and the clock).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notify.core import pause
from notify.core.policy_times import PolicySettings, in_quiet_hours, paused
from notify.core.store import items as items_store
from notify.core.store import notifications as n_store
from notify.core.store import settings as settings_store

# ``next_delivery`` steps over a pause, then quiet hours, then a pause again…: a few steps at
# most (a pause that ends inside quiet hours, quiet hours that end inside a pause)
_STEPS = 8


def policy_settings(conn: sqlite3.Connection) -> PolicySettings:
    """The policy's settings as stored (the ``notify.*`` options)."""

    def get(key: str) -> Any:
        return settings_store.read(conn, key)

    return PolicySettings(
        daily_budget=int(get("notify.daily_budget")),
        sensitivity=float(get("notify.sensitivity")),
        quiet_enabled=bool(get("notify.quiet_enabled")),
        quiet_start=str(get("notify.quiet_start")),
        quiet_end=str(get("notify.quiet_end")),
        paused_until=pause.stored(float(get(pause.PAUSED_UNTIL))),
        grouping=bool(get("notify.grouping")),
    )


def _next_local(now: float, hhmm: str, s: PolicySettings) -> float:
    """The next moment after ``now`` whose local time is ``hhmm`` (to the minute)."""
    hh, _, mm = hhmm.partition(":")
    at_s = (int(hh) * 60 + int(mm)) * 60
    if s.utc_offset_s is None:
        t = time.localtime(now)
        into_day = t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec
    else:
        into_day = int((now + s.utc_offset_s) % 86400)
    return now - (now % 1) + ((at_s - into_day) % 86400 or 86400)


def quiet_ends_at(now: float, s: PolicySettings) -> float | None:
    """When the quiet hours in progress at ``now`` end (the next ``quiet_end``, local time);
    None when it is not quiet hours."""
    if not in_quiet_hours(now, s):
        return None
    at = _next_local(now, s.quiet_end, s)
    # a change of the clocks (summer time) in between: the end is that local time, not that
    # many hours later; step until the policy agrees that the quiet hours are over
    for _ in range(4):
        if not in_quiet_hours(at, s):
            return at
        at += 1800
    return at


@dataclass(frozen=True)
class QuietHours:
    """The quiet hours as the app shows them: whether they are on now, when they end, and when
    that next changes (their start or their end; None: no quiet hours are set)."""

    on: bool = False
    ends_at: float | None = None
    next_change: float | None = None


def quiet_hours(now: float, s: PolicySettings) -> QuietHours:
    """Whether it is quiet hours at ``now``, until when, and when that changes next."""
    if not s.quiet_enabled or s.quiet_start == s.quiet_end:
        return QuietHours()
    ends = quiet_ends_at(now, s)
    if ends is not None:
        return QuietHours(True, ends, ends)
    return QuietHours(False, None, _next_local(now, s.quiet_start, s))


def next_delivery(now: float, s: PolicySettings) -> float | None:
    """The first moment from ``now`` on when a held digest can be delivered: neither paused
    nor in quiet hours. None during a pause that lasts until the person resumes."""
    at = now
    for _ in range(_STEPS):
        if paused(at, s):
            if s.paused_until == pause.UNTIL_RESUMED:
                return None
            at = s.paused_until
            continue
        end = quiet_ends_at(at, s)
        if end is None:
            return at
        at = end
    return at


def digest_due_at(conn: sqlite3.Connection, now: float) -> float | None:
    """When the digest of the items held for it can be delivered (``now`` if it can be now);
    None when nothing is held (one look in an index: the common case costs no more), or during
    a pause until resumed."""
    if not items_store.any_held(conn):
        return None
    return next_delivery(now, policy_settings(conn))


@dataclass(frozen=True)
class PolicyState:
    """What ``notify status`` says about notifications."""

    paused_until: float  # ``pause.NOT_PAUSED``, ``pause.UNTIL_RESUMED`` or a POSIX time
    paused: bool
    quiet_enabled: bool
    quiet_start: str
    quiet_end: str
    quiet_until: float | None  # the end of the quiet hours in progress; None: not now
    held: int  # items held for the digest, not shown yet
    held_stories: int  # the stories they tell, as the digest counts them (``held_count``)
    digest_at: float | None  # when they are delivered; None: nothing held, or until resumed


def held_count(
    conn: sqlite3.Connection, item_ids: Sequence[int] | None = None
) -> tuple[int, int]:
    """(items, stories) held for the digest and not shown yet (only of ``item_ids`` when
    given): the stories counted as the digest counts them (``policy.held_stories``), so that
    what ``notify status`` and ``notify poll`` say held agrees with the digest's title."""
    rows = n_store.held_titles(conn, item_ids)
    if not rows:
        return 0, 0
    from notify.core import policy  # the digest's story grouping: only with something held

    stories = policy.held_stories([policy.Candidate(i, title, "", link, score)
                                   for i, title, link, score in rows])
    return len(rows), len(stories)


def read(conn: sqlite3.Connection, now: float) -> PolicyState:
    s = policy_settings(conn)
    held, stories = held_count(conn)
    return PolicyState(
        paused_until=s.paused_until,
        paused=paused(now, s),
        quiet_enabled=s.quiet_enabled,
        quiet_start=s.quiet_start,
        quiet_end=s.quiet_end,
        quiet_until=quiet_ends_at(now, s),
        held=held,
        held_stories=stories,
        digest_at=next_delivery(now, s) if held else None,
    )


# -- in words (``notify status``, ``notify poll``) --------------------------------------------


def items_text(n: int) -> str:
    return f"{n} item{'' if n == 1 else 's'}"


def stories_text(items: int, stories: int) -> str:
    """"2 stories", as the digest counts them; "2 stories (4 items)" when a story came from
    several sources (the inbox shows each of its items)."""
    text = f"{stories} stor{'y' if stories == 1 else 'ies'}"
    return text if items == stories else f"{text} ({items_text(items)})"


def at_words(at: float, now: float) -> str:
    """A time to come as ``at 07:00``, ``tomorrow 07:00``, ``at Mon 09 Mar 07:00``."""
    words = pause.describe(at, now).removeprefix("until ")
    return words if words.startswith("tomorrow") else f"at {words}"


def held_words(state: PolicyState, now: float) -> str:
    """"3 stories held for the digest, delivered at 07:00", "2 stories (4 items) held …" (""
    when nothing is held)."""
    if not state.held:
        return ""
    if state.digest_at is None:
        delivered = "delivered when you resume notifications"
    elif state.digest_at <= now:
        delivered = "delivered at the next poll"
    else:
        delivered = f"delivered {at_words(state.digest_at, now)}"
    from notify.core.policy import DIGEST_MAX  # imported by ``held_count`` already

    shown = (f" (it shows the likeliest {DIGEST_MAX} stories; the others stay in the inbox)"
             if state.held_stories > DIGEST_MAX else "")
    return (f"{stories_text(state.held, state.held_stories)} held for the digest, "
            f"{delivered}{shown}")


def status_words(state: PolicyState, now: float) -> str:
    """Whether Notify notifies now, as ``notify status`` says it: "on (quiet hours
    22:00–07:00)", "quiet hours until 07:00: …", "paused until 14:00 …"; and what is held."""
    if state.paused:
        text = (f"paused {pause.describe(state.paused_until, now)} ('notify resume' ends the "
                "pause)")
    elif state.quiet_until is not None:
        text = (f"quiet hours {pause.describe(state.quiet_until, now)}: what is worth "
                "notifying is held for one digest")
    else:
        text = "on" + (f" (quiet hours {state.quiet_start}–{state.quiet_end})"
                       if state.quiet_enabled else "")
    held = held_words(state, now)
    return f"{text}; {held}" if held else text
