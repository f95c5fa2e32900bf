"""How a moment is said in a message: one rule for every "until …" and "next poll at …"."""

from __future__ import annotations

import time


def clock_time(at: float, now: float) -> str:
    """``at`` as the local time of day (``14:05``), with its date when it is not ``now``'s day
    (``2026-12-01 00:06``): a wait said at 22:10 that ends after midnight is not "until 00:06"
    of today."""
    same_day = time.localtime(at)[:3] == time.localtime(now)[:3]
    return time.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M", time.localtime(at))
