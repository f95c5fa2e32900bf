"""Pausing notifications (the tray's and the inbox's "Pause notifications", ``notify pause``):
until when, as ``notify.paused_until`` stores it, and said in words.

``notify.paused_until`` is a POSIX time; ``NOT_PAUSED`` (0) is no pause and ``UNTIL_RESUMED``
(-1) a pause that lasts until the person resumes. While paused the policy notifies nothing
(``policy.paused``): the items stay in the inbox, and a digest held during quiet hours waits
for the pause to end.
"""

from __future__ import annotations

import datetime as dt
import re

from notify.core.errors import UserInputError

PAUSED_UNTIL = "notify.paused_until"  # the setting (``notify/core/settings.py``)
NOT_PAUSED = 0.0
UNTIL_RESUMED = -1.0
TOMORROW_AT = dt.time(7, 0)  # "until tomorrow": the morning, in local time
HOUR = 3600.0
DAY = 86400.0
LONGEST_DAYS = 365  # a longer pause is one until resumed: ``until-resumed`` says so
NEAR_DAYS = 14  # a pause ending further away is said by its date, with the year

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s*$",
                       re.IGNORECASE)
_UNIT_S = {"m": 60.0, "h": HOUR, "d": 86400.0}


def until_tomorrow(now: float) -> float:
    """Tomorrow at ``TOMORROW_AT``, local time."""
    local = dt.datetime.fromtimestamp(now).astimezone()
    tomorrow = local + dt.timedelta(days=1)
    return tomorrow.replace(hour=TOMORROW_AT.hour, minute=TOMORROW_AT.minute, second=0,
                            microsecond=0).timestamp()


def parse(text: str, now: float) -> float:
    """``notify pause WHEN``: a duration (``30m``, ``2h``, ``1d``), ``tomorrow`` (until 07:00
    tomorrow) or ``until-resumed``; returns the ``notify.paused_until`` value. Raises
    ``UserInputError`` with the forms it takes."""
    word = text.strip().lower()
    if word == "tomorrow":
        return until_tomorrow(now)
    if word in ("until-resumed", "resumed", "indefinitely"):
        return UNTIL_RESUMED
    m = _DURATION.match(word)
    if m is None or float(m.group(1)) <= 0:
        raise UserInputError(
            f"Cannot pause for {text!r}: give a duration such as 30m, 2h or 1d, 'tomorrow' "
            "(until 07:00 tomorrow) or 'until-resumed'.")
    seconds = float(m.group(1)) * _UNIT_S[m.group(2)[0].lower()]
    if seconds > LONGEST_DAYS * DAY:
        raise UserInputError(
            f"Cannot pause for {text!r}: a pause lasts at most {LONGEST_DAYS} days; for "
            "longer, 'until-resumed' pauses until you resume.")
    return now + seconds


def stored(until: float) -> float:
    """``notify.paused_until`` as read from the settings: an end past the calendar's last year
    (stored by a version that took any duration; no date can say it) is a pause until
    resumed."""
    try:
        dt.datetime.fromtimestamp(until)
    except (OverflowError, OSError, ValueError):
        return UNTIL_RESUMED
    return until


def is_paused(until: float, now: float) -> bool:
    return until == UNTIL_RESUMED or until > now


def describe(until: float, now: float) -> str:
    """When a pause ends, in words: "until 14:30", "until tomorrow 07:00", "until Mon 09 Mar
    07:00" (within ``NEAR_DAYS``), "until 2027-03-09 07:00" (further), "until you resume" (""
    when not paused). An end past the calendar's last year (stored by a version that took any
    duration) is a pause until resumed."""
    if not is_paused(until, now):
        return ""
    if stored(until) == UNTIL_RESUMED:
        return "until you resume"
    end = dt.datetime.fromtimestamp(until).astimezone()
    today = dt.datetime.fromtimestamp(now).astimezone().date()
    clock = end.strftime("%H:%M")
    if end.date() == today:
        return f"until {clock}"
    if end.date() == today + dt.timedelta(days=1):
        return f"until tomorrow {clock}"
    if end.date() <= today + dt.timedelta(days=NEAR_DAYS):
        return f"until {end.strftime('%a %d %b %H:%M')}"
    return f"until {end.strftime('%Y-%m-%d %H:%M')}"
