"""``clock_words.clock_time``: a wait that ends on another day is said with its date."""

from __future__ import annotations

import time

from notify.core.clock_words import clock_time


def local(y: int, mo: int, d: int, h: int, mi: int) -> float:
    return time.mktime((y, mo, d, h, mi, 0, 0, 0, -1))


def test_the_same_day_is_said_as_a_time_of_day() -> None:
    assert clock_time(local(2026, 11, 30, 23, 59), local(2026, 11, 30, 22, 10)) == "23:59"


def test_a_wait_past_midnight_is_said_with_its_date() -> None:
    """Regression: at 22:10 a 2-hour wait was said "until 00:10", which reads as the past."""
    assert clock_time(local(2026, 12, 1, 0, 10), local(2026, 11, 30, 22, 10)) == (
        "2026-12-01 00:10")
