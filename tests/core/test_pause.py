from __future__ import annotations

import datetime as dt

import pytest

from notify.core import pause
from notify.core.errors import UserInputError

NOW = dt.datetime(2026, 3, 2, 13, 30).timestamp()  # local time


@pytest.mark.parametrize(("text", "until"), [
    ("30m", NOW + 1800), ("2h", NOW + 7200), ("1.5 hours", NOW + 5400), ("1d", NOW + 86400),
    ("tomorrow", dt.datetime(2026, 3, 3, 7, 0).timestamp()),
    ("until-resumed", pause.UNTIL_RESUMED),
])
def test_parse(text: str, until: float) -> None:
    assert pause.parse(text, NOW) == until


@pytest.mark.parametrize("text", ["", "0h", "soon", "-2h", "5"])
def test_parse_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(UserInputError, match="30m, 2h or 1d"):
        pause.parse(text, NOW)


def test_describe() -> None:
    assert pause.describe(pause.NOT_PAUSED, NOW) == ""
    assert pause.describe(NOW - 1, NOW) == ""  # a pause that ended
    assert pause.describe(pause.UNTIL_RESUMED, NOW) == "until you resume"
    assert pause.describe(NOW + 3600, NOW) == "until 14:30"
    assert pause.describe(pause.until_tomorrow(NOW), NOW) == "until tomorrow 07:00"
    assert pause.describe(dt.datetime(2026, 3, 9, 7, 0).timestamp(), NOW) == \
        "until Mon 09 Mar 07:00"
