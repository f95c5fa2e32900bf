from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QEnterEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from notify.app.notifier import popup as popup_module
from notify.app.notifier.base import BubbleReaction, body_text
from notify.app.notifier.popup import (
    CLICK_GUARD_MS,
    MAX_SHOWN,
    PopupNotifier,
    PopupWindow,
    free_position,
    stack_at_bottom,
)
from notify.core.events import NotificationPlanned
from tests.app.conftest import assert_not_blank

NOTE = NotificationPlanned(7, "single", "Rust 2.0 released", "The Rust team announced…",
                           "you liked 'rust' 4 times", (42,), ("https://example.org/rust",))


def note(n: int) -> NotificationPlanned:
    return NotificationPlanned(n, "single", f"Story {n}", "Some source", "why", (n,))


@pytest.fixture
def notifier() -> Iterator[PopupNotifier]:
    n = PopupNotifier()
    yield n
    n.close_all()


def clickable(qtbot: QtBot, window: PopupWindow) -> PopupWindow:
    qtbot.waitUntil(lambda: window.clickable, timeout=CLICK_GUARD_MS + 2000)
    return window


def button(window: PopupWindow, action: str) -> QPushButton:
    found = window.findChild(QPushButton, f"popup-{action}")
    assert found is not None
    return found


def test_body_says_why_it_was_shown() -> None:
    assert body_text(NOTE, markup=False).endswith("Why: you liked 'rust' 4 times")
    assert "<i>Why: you liked &#x27;rust&#x27; 4 times</i>" in body_text(NOTE, markup=True)


def test_popup_buttons_report_the_reaction(qtbot: QtBot, notifier: PopupNotifier,
                                           shots_dir: Path) -> None:
    notifier.show(NOTE)
    window = notifier.current
    assert window is not None and window.isVisible()
    clickable(qtbot, window)
    assert_not_blank(window, shots_dir / "popup.png")
    with qtbot.waitSignal(notifier.reacted) as blocker:
        button(window, "like").click()
    assert blocker.args == [BubbleReaction(7, (42,), "like", ("https://example.org/rust",))]
    assert notifier.current is None


def test_a_digest_popup_only_shows_its_stories_and_its_expiry_teaches_nothing(
        qtbot: QtBot, notifier: PopupNotifier) -> None:
    digest = NotificationPlanned(8, "digest", "While you were away: 2 stories",
                                 "• One (A)\n• Two (B)", "held during quiet hours", (1, 2),
                                 ("https://example.org/1", "https://example.org/2"))
    notifier.show(digest)
    window = clickable(qtbot, notifier.current)  # type: ignore[arg-type]
    assert [b.text() for b in window.findChildren(QPushButton)] == ["Show in Notify"]
    with qtbot.waitSignal(notifier.reacted) as blocker:
        button(window, "inbox").click()
    assert blocker.args == [BubbleReaction(8, (1, 2), "inbox", digest.links, "digest")]
    notifier.show(digest)
    window = clickable(qtbot, notifier.current)  # type: ignore[arg-type]
    with qtbot.assertNotEmitted(notifier.reacted):
        window._expired()
    assert notifier.current is None


def test_popups_stack_and_never_move(qtbot: QtBot, notifier: PopupNotifier) -> None:
    """A click aimed at one popup cannot land on another: each keeps its place, and a new one
    goes where none is."""
    for n in range(1, MAX_SHOWN + 2):
        notifier.show(note(n))
    shown = list(notifier.shown)
    assert [w.note.notification_id for w in shown] == list(range(1, MAX_SHOWN + 1))
    assert notifier.waiting == 1  # the column is full: the last one waits
    frames = [w.frameGeometry() for w in shown]
    assert all(w.isVisible() for w in shown)
    for i, a in enumerate(frames):
        for b in frames[i + 1:]:
            assert not a.intersects(b), "two popups overlap"
    first_frame = frames[0]
    clickable(qtbot, shown[0])
    button(shown[0], "dismiss").click()
    # the waiting one comes in the place just freed; the others did not move
    assert [w.frameGeometry() for w in shown[1:]] == frames[1:]
    newcomer = notifier.shown[-1]
    assert newcomer.note.notification_id == MAX_SHOWN + 1
    assert newcomer.frameGeometry().topLeft() == first_frame.topLeft()


def test_a_click_right_after_a_popup_appears_is_ignored(qtbot: QtBot,
                                                        notifier: PopupNotifier) -> None:
    """The popup that takes the place of one just closed does not catch the click meant for
    the one that was there (a Like went to item 86 while the screen showed 85)."""
    reactions: list[BubbleReaction] = []
    notifier.reacted.connect(reactions.append)
    notifier.show(note(85))
    first = clickable(qtbot, notifier.current)  # type: ignore[arg-type]
    notifier.show(note(86))
    button(first, "dismiss").click()  # 85 closes…
    second = notifier.current
    assert second is not None and second.note.notification_id == 86
    button(second, "like").click()  # …and the double click's second half lands on 86
    assert [r.notification_id for r in reactions] == [85]
    assert not second.clickable
    clickable(qtbot, second)
    button(second, "like").click()
    assert [(r.notification_id, r.action) for r in reactions] == [(85, "dismiss"),
                                                                  (86, "like")]


def test_a_popup_under_the_pointer_does_not_expire(qtbot: QtBot, notifier: PopupNotifier,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(popup_module, "EXPIRE_MS", 200)
    reactions: list[BubbleReaction] = []
    notifier.reacted.connect(reactions.append)
    notifier.show(note(3))
    window = notifier.current
    assert window is not None
    QApplication.sendEvent(window, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    qtbot.wait(600)
    assert reactions == [], "a popup being read was recorded as ignored"
    assert window.isVisible()
    QApplication.sendEvent(window, QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: bool(reactions), timeout=3000)
    assert [(r.notification_id, r.action) for r in reactions] == [(3, "ignore")]


def test_popups_keep_clear_of_the_tray(qtbot: QtBot, notifier: PopupNotifier) -> None:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    area = screen.availableGeometry()
    tray_top = QRect(area.right() - 200, area.top(), 200, 32)  # trayer: top right
    notifier.keep_clear_of(lambda: tray_top)
    notifier.show(note(1))
    window = notifier.current
    assert window is not None
    assert not window.frameGeometry().intersects(tray_top), "the popup covers the tray"
    assert window.frameGeometry().bottom() > area.center().y()  # at the bottom
    assert window.frameGeometry().right() <= area.right()
    notifier.close_all()
    tray_bottom = QRect(area.right() - 200, area.bottom() - 31, 200, 32)
    notifier.keep_clear_of(lambda: tray_bottom)
    notifier.show(note(2))
    window = notifier.current
    assert window is not None
    assert not window.frameGeometry().intersects(tray_bottom)
    assert window.frameGeometry().top() < area.center().y()  # at the top


def test_where_the_stack_goes_without_a_tray() -> None:
    screen = QRect(0, 0, 1280, 1024)
    assert stack_at_bottom(QRect(0, 32, 1280, 992), screen, None)  # a panel at the top
    assert not stack_at_bottom(QRect(0, 0, 1280, 992), screen, None)  # a panel at the bottom
    assert not stack_at_bottom(screen, screen, None)  # no panel: top right, as bubbles go
    assert stack_at_bottom(screen, screen, QRect(1100, 0, 24, 24))
    assert not stack_at_bottom(screen, screen, QRect(1100, 1000, 24, 24))


def test_free_position_fills_the_nearest_gap_and_stops_when_full() -> None:
    area = QRect(0, 0, 1000, 400)
    size = QSize(300, 100)
    first = free_position(area, size, [], bottom=False)
    assert first == QPoint(1000 - 16 - 300, 16)
    taken = [QRect(first, size)]
    second = free_position(area, size, taken, bottom=False)
    assert second is not None and second.y() >= taken[0].bottom() + 1
    taken.append(QRect(second, size))
    third = free_position(area, size, taken, bottom=False)
    assert third is not None
    taken.append(QRect(third, size))
    assert free_position(area, size, taken, bottom=False) is None  # 400 px hold three
    assert free_position(area, size, taken[1:], bottom=False) == first  # the gap at the top
    bottom = free_position(area, size, [], bottom=True)
    assert bottom == QPoint(1000 - 16 - 300, 400 - 16 - 100)


def test_the_item_text_is_shown_as_text(qtbot: QtBot, notifier: PopupNotifier) -> None:
    notifier.show(NotificationPlanned(4, "single", "<b>Bold</b> & co", "<i>Source</i>", "",
                                      (4,)))
    window = notifier.current
    assert window is not None
    title = next(label for label in window.findChildren(QLabel)
                 if label.accessibleName() == "Notification title")
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.text() == "<b>Bold</b> & co"
    body = next(label for label in window.findChildren(QLabel)
                if label.accessibleName() == "Notification text")
    assert body.textFormat() == Qt.TextFormat.PlainText


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


def test_every_line_of_a_popup_is_shown(qtbot: QtBot, notifier: PopupNotifier) -> None:
    """A two-line title took a line from the text under it: "Rust News" and the end of the
    why line were cut in half."""
    notifier.show(NotificationPlanned(
        5, "single", "Story number 5 with a rather long title that wraps onto two lines",
        "Rust News", "you said you're interested in “rust”; you seem to like source Rust News",
        (5,)))
    window = notifier.current
    assert window is not None
    qtbot.waitExposed(window)
    title = next(label for label in window.findChildren(QLabel)
                 if label.accessibleName() == "Notification title")
    body = next(label for label in window.findChildren(QLabel)
                if label.accessibleName() == "Notification text")
    assert title.text().count("\n") == 1  # two lines
    assert title.height() >= title.sizeHint().height()
    assert body.height() >= body.heightForWidth(body.width()), "the text is cut"


def test_a_popup_says_it_is_notifys_and_closes_without_teaching(
        qtbot: QtBot, notifier: PopupNotifier) -> None:
    """A live session without a notification server: the popups said neither whose they were
    (a desktop bubble shows the app's name and icon) nor how to close one without Dismiss,
    which teaches "not interested"; only waiting 30 s took one away."""
    reactions: list[BubbleReaction] = []
    notifier.reacted.connect(reactions.append)
    notifier.show(NOTE)
    notifier.show(note(8))
    window = notifier.current
    assert window is not None
    app_name = window.findChild(QLabel, "popup-app")
    assert app_name is not None and app_name.text() == "Notify"
    close = window.close_button
    assert close.accessibleName() == "Close this notification"
    close.click()  # right after it appeared: a click meant for what was there before
    assert notifier.current is window
    clickable(qtbot, window)
    close.click()
    assert reactions == [] and window not in notifier.shown
    assert [w.note.notification_id for w in notifier.shown] == [8]


def test_a_popup_on_screen_follows_a_switch_to_a_dark_theme(qtbot: QtBot, qapp: Any,
                                                            notifier: PopupNotifier) -> None:
    """Regression: a popup already on screen stayed light when the theme switched to dark
    (its style sheet took the window colour once, when it was set)."""
    from tests.app.conftest import dark_palette

    before = qapp.palette()
    window = PopupWindow(note(1), notifier)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    def background() -> str:
        return window.grab().toImage().pixelColor(window.width() // 2, 4).name()

    assert background() == before.window().color().name()
    dark = dark_palette()
    try:
        QApplication.setPalette(dark)
        qtbot.wait(20)
        assert background() == dark.window().color().name()
    finally:
        QApplication.setPalette(before)
    qtbot.wait(20)
    assert background() == before.window().color().name()
