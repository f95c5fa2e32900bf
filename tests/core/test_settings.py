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


def test_every_option_a_person_can_set_is_read_by_the_code() -> None:
    """A setting shown in Settings that nothing reads would silently do nothing (the digest
    time did: the digest comes when quiet hours end)."""
    from pathlib import Path

    from notify.core.settings import OPTIONS

    package = Path(__file__).resolve().parents[2] / "notify"
    code = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py")
                     if p.name != "settings.py" or p.parent.name != "core")
    unread = [o.key for o in OPTIONS if f'"{o.key}"' not in code]
    assert unread == []
