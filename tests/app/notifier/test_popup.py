from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from notify.app.notifier.base import BubbleReaction, body_text
from notify.app.notifier.popup import PopupNotifier
from notify.core.events import NotificationPlanned
from tests.app.conftest import assert_not_blank

NOTE = NotificationPlanned(7, "single", "Rust 2.0 released", "The Rust team announced…",
                           "you liked 'rust' 4 times", (42,), ("https://example.org/rust",))


def test_body_says_why_it_was_shown() -> None:
    assert body_text(NOTE, markup=False).endswith("Why: you liked 'rust' 4 times")
    assert "<i>Why: you liked &#x27;rust&#x27; 4 times</i>" in body_text(NOTE, markup=True)


def test_popup_buttons_report_the_reaction(qtbot: QtBot, shots_dir: Path) -> None:
    notifier = PopupNotifier()
    notifier.show(NOTE)
    second = NotificationPlanned(8, "single", "Second", "", "", (43,))
    notifier.show(second)  # waits its turn
    window = notifier.current
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    assert_not_blank(window, shots_dir / "popup.png")
    with qtbot.waitSignal(notifier.reacted) as blocker:
        like = window.findChild(QPushButton, "popup-like")
        assert like is not None
        like.click()
    assert blocker.args == [BubbleReaction(7, (42,), "like", ("https://example.org/rust",))]
    assert notifier.current is not None and notifier.current.note is second
    notifier.close_all()
    assert notifier.current is None


def test_a_hostile_title_stays_a_short_line(qtbot: QtBot) -> None:
    """A 10,000-character title and U+202E: the window stays small, "evil" stays "evil"."""
    from notify.app.elided_label import ElidedLabel

    notifier = PopupNotifier()
    long_title = "\u202eevil\u202c " + "word " * 2000
    notifier.show(NotificationPlanned(9, "single", long_title, "x" * 3000, "", (44,)))
    window = notifier.current
    assert window is not None
    qtbot.addWidget(window)
    title = window.findChild(ElidedLabel, "popup-title")
    assert title is not None
    assert title.text().startswith("evil word") and "\u202e" not in title.text()
    assert len(title.text().split("\n")) <= 2
    assert window.width() <= 520 and window.height() < 400
    notifier.close_all()
