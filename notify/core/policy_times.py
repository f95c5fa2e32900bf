"""The notification policy's settings (``notify.*``) and the times they set: whether it is
quiet hours or a pause now, and where the budget's day starts. Apart from the policy
(``notify.core.policy``, which imports the ranking's words and the story grouping) so that
what only asks whether Notify notifies now (``notify status``, ``policy_state``) imports
neither; the policy re-exports them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class PolicySettings:
    daily_budget: int = 10
    sensitivity: float = 0.5
    quiet_enabled: bool = False
    quiet_start: str = "22:00"
    quiet_end: str = "07:00"
    paused_until: float = 0.0  # 0: not paused; -1: until resumed
    grouping: bool = True
    utc_offset_s: int | None = None  # None: the machine's local time


def _minutes(hhmm: str) -> int:
    hh, _, mm = hhmm.partition(":")
    return int(hh) * 60 + int(mm)


def local_minutes(now: float, utc_offset_s: int | None) -> int:
    if utc_offset_s is None:
        t = time.localtime(now)
        return t.tm_hour * 60 + t.tm_min
    return int(((now + utc_offset_s) % 86400) // 60)


def day_start(now: float, utc_offset_s: int | None) -> float:
    """The POSIX time of the last local midnight (the budget's day)."""
    if utc_offset_s is None:
        t = time.localtime(now)
        return now - (t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec)
    return now - ((now + utc_offset_s) % 86400)


def in_quiet_hours(now: float, s: PolicySettings) -> bool:
    if not s.quiet_enabled:
        return False
    start, end, cur = _minutes(s.quiet_start), _minutes(s.quiet_end), local_minutes(
        now, s.utc_offset_s)
    if start == end:
        return False
    return start <= cur < end if start < end else (cur >= start or cur < end)


def paused(now: float, s: PolicySettings) -> bool:
    return s.paused_until < 0 or now < s.paused_until
