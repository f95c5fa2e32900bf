"""The settings schema's checks of what a person types."""

from __future__ import annotations

import pytest

from notify.core.settings import coerce


def test_quiet_hours_accept_hh_mm() -> None:
    assert coerce("notify.quiet_start", "07:30") == "07:30"


@pytest.mark.parametrize("value", ["7h30", "24:00", "07:60", "\xb2\xb2:00", "07:\xb3\xb3"])
def test_quiet_hours_refuse_anything_else_with_advice(value: str) -> None:
    with pytest.raises(ValueError, match="use HH:MM"):
        coerce("notify.quiet_start", value)
