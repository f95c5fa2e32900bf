"""How the tests expect a moment to be said in a message, written out independently of
``notify.core.clock_words``: the time of day, with the date when it is another day's (a test
run at 23:30 whose wait ends at 00:30 expects the date)."""

from __future__ import annotations

import time


def said(at: float, now: float | None = None) -> str:
    when = time.localtime(at)
    today = time.localtime(time.time() if now is None else now)
    return time.strftime("%H:%M" if when[:3] == today[:3] else "%Y-%m-%d %H:%M", when)


def until_said(at: float, now: float | None = None) -> str:
    """The end of quiet hours or of a pause, as Notify says it: ``14:05`` the same day,
    ``tomorrow 00:35`` the next (these tests' ends are within a day)."""
    when = time.localtime(at)
    today = time.localtime(time.time() if now is None else now)
    clock = time.strftime("%H:%M", when)
    return clock if when[:3] == today[:3] else f"tomorrow {clock}"
