"""WrappedLabel: the height its text needs at the width it has, narrower or wider."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from notify.app.settings.wrapped_label import WrappedLabel

TEXT = ("A weight is the evidence learned for (+) or against (−) items with it: +2.3 makes an "
        "item ten times likelier to be wanted, −2.3 ten times less; weights fade by half "
        "every 10 days unless your reactions renew them.")


def test_its_least_height_follows_its_width_both_ways(qtbot: QtBot) -> None:
    """Regression: made narrow then wide again, the label kept the narrow width's height (a
    QLabel's height for a width is at least its least height, which it was itself set to):
    in Settings → Profile, three lines of legend in a box six lines tall."""
    label = WrappedLabel(TEXT)
    qtbot.addWidget(label)
    label.show()
    label.resize(900, 10)
    wide = label.minimumHeight()
    label.resize(300, 10)
    narrow = label.minimumHeight()
    assert narrow > wide > 0
    label.resize(900, 10)
    assert label.minimumHeight() == wide
