"""The inbox's body (``body.py``) from 480 to 1200 px, at the default font and at 14 pt, light and
dark: the pane beside the list when wide, below it when narrow, the Title readable at every
width; a window at its smallest height that never grows for the footer's lines or for the pane
going below the list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox.budget import Budget
from notify.app.inbox.reader import Reader
from notify.app.inbox.row_cells import COL_TITLE
from notify.app.inbox.window import InboxWindow
from tests.app.conftest import assert_not_blank, dark_palette

WIDTHS = (480, 640, 900, 1200)
NOTICE = ("Beta News failed 2 times in a row: example.org has nothing at this address (HTTP 404 "
          "Not Found). Check the address; the feed may have moved.")


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


@pytest.fixture(params=["9pt-light", "14pt-dark"])
def look(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    """The default font in the light theme, or 14 pt in a dark one."""
    font, style, palette = qapp.font(), qapp.style().name(), qapp.palette()
    if request.param == "14pt-dark":
        large = qapp.font()
        large.setPointSize(14)
        QApplication.setFont(large)
        QApplication.setStyle("Fusion")
        QApplication.setPalette(dark_palette())
    yield str(request.param)
    QApplication.setFont(font)
    QApplication.setStyle(style)
    QApplication.setPalette(palette)


def opened(qtbot: QtBot, reader: Reader) -> InboxWindow:
    window = InboxWindow(None, reader, actions=AppActions())  # a toolbar as full as the app's
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    return window


def at_smallest(qtbot: QtBot, window: InboxWindow, width: int) -> QSize:
    """The window at ``width`` and its least height, once its layout for that width has
    settled (the pane below the list at 480 px, beside it at 1200) and the least height no
    longer moves: under load the first least height asked can be the one before the fonts'
    and the layout's (437 px for 545 at 14 pt), and the window then rightly grows to the
    real one."""
    def settled() -> bool:
        least = window.minimumSizeHint().height()
        if window.size() != QSize(width, least):
            window.resize(width, least)
            return False
        return window.body.stacked == (width == 480)

    qtbot.waitUntil(settled, timeout=5000)
    qtbot.wait(100)
    qtbot.waitUntil(settled, timeout=5000)  # and it stays so
    return window.size()


def title_chars(window: InboxWindow) -> float:
    header = window.view.horizontalHeader()
    return header.sectionSize(COL_TITLE) / window.view.fontMetrics().averageCharWidth()


def test_from_480_to_1200_px_the_title_stays_readable(qtbot: QtBot, look: str, reader: Reader,
                                                      shots_dir: Path) -> None:
    """Regression: at 480 px the pane took half the width and the Title column showed about
    8 characters ("Item n…"); at 14 pt the window could not get narrower than 645 px. Narrow,
    the pane goes below the list, which has the window's width."""
    window = opened(qtbot, reader)
    body = window.body
    for width in WIDTHS:
        window.resize(width, 700)
        qtbot.waitUntil(lambda width=width: window.width() == width, timeout=2000)
        qtbot.wait(150)  # the columns fitted (``columns.SETTLE_MS``)
        stacked = width < body.side_by_side_width()
        assert body.stacked == stacked, width
        if stacked:
            assert window.view.width() >= 0.9 * width
            assert window.pane.width() >= 0.9 * width  # below, as wide
            assert window.pane.y() > window.view.y()
        else:
            assert window.pane.x() > window.view.x() + window.view.width() - 1
        assert title_chars(window) >= 24, (width, title_chars(window))
        assert_not_blank(window, shots_dir / f"inbox-{look}-{width}.png")
    assert body.stacked is False  # 1200 px: side by side, at 14 pt too
    window.resize(480, 700)
    qtbot.waitUntil(lambda: body.stacked, timeout=2000)


def test_each_arrangement_keeps_the_split_the_person_gave_it(qtbot: QtBot,
                                                             reader: Reader) -> None:
    """Narrowed (the pane below) and widened again, the list and the pane are side by side as
    the person left them, and below each other as they were left so."""
    window = opened(qtbot, reader)
    window.resize(1200, 700)
    splitter = window.body.splitter
    qtbot.waitUntil(lambda: not window.body.stacked, timeout=2000)
    splitter.moveSplitter(400, 1)  # as a drag does (it emits splitterMoved)
    beside = splitter.sizes()
    window.resize(480, 700)
    qtbot.waitUntil(lambda: window.body.stacked, timeout=2000)
    splitter.moveSplitter(150, 1)
    below = splitter.sizes()
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: not window.body.stacked, timeout=2000)
    assert splitter.sizes() == beside
    window.resize(480, 700)
    qtbot.waitUntil(lambda: window.body.stacked, timeout=2000)
    assert splitter.sizes() == below


def test_at_its_smallest_height_the_footer_s_lines_never_make_the_window_taller(
        qtbot: QtBot, look: str, reader: Reader, shots_dir: Path) -> None:
    """Regression: at its smallest height each footer line (a notice, the pause, quiet hours,
    today's budget) made the window taller than asked: 332 → 382 px for three. They scroll in
    the room kept for them instead; with room, they show whole."""
    window = opened(qtbot, reader)
    for width in (480, 1200):  # the pane below the list, and beside it
        smallest = at_smallest(qtbot, window, width)
        window.set_notices([NOTICE])
        window.set_paused(True, "until 14:30")
        window.set_quiet(True, "until 07:00")
        window.set_budget(Budget(budget=10, used=10, held=3, day_ends=2e9))
        qtbot.wait(100)
        assert window.size() == smallest, width
        assert window.minimumSizeHint().height() <= smallest.height()
        area = window.body.footer_area
        lines = window.footer.heightForWidth(area.viewport().width())
        # whole, or scrolling in their room (wrapped in 480 px, they need more than it has)
        assert area.height() + area.verticalScrollBar().maximum() >= lines
        assert_not_blank(window, shots_dir / f"inbox-{look}-{width}-smallest-footer.png")
        window.resize(width, 900)  # with room: every line shows, nothing to scroll
        bar = area.verticalScrollBar()
        qtbot.waitUntil(lambda bar=bar: bar.maximum() == 0, timeout=2000)
        assert area.height() >= window.footer.heightForWidth(area.viewport().width())
        window.set_notices([])
        window.set_paused(False)
        window.set_quiet(False)
        window.set_budget(Budget())


def test_narrowed_at_its_smallest_height_the_window_stays_as_tall(qtbot: QtBot, look: str,
                                                                  reader: Reader) -> None:
    """The pane going below the list needs the list's height and the pane's: the window's least
    height is that one whatever the width, so narrowing a window at its smallest height does
    not make it taller."""
    window = opened(qtbot, reader)
    height = at_smallest(qtbot, window, 1200).height()
    window.resize(480, height)
    qtbot.waitUntil(lambda: window.body.stacked, timeout=2000)
    qtbot.wait(100)
    assert window.height() == height


def test_tab_never_stops_on_the_footer_s_scroll_area_and_reaches_the_notice_s_dismiss(
        qtbot: QtBot, reader: Reader, shots_dir: Path) -> None:
    """Regression: the area the footer's lines scroll in took a Tab stop of its own (a ring
    around the whole footer, with a standing notice in it: nothing to do there)."""
    from tests.app.test_focus_ring import tab_through

    window = opened(qtbot, reader)
    window.resize(900, 700)
    window.set_notices([NOTICE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=2000)
    stops = tab_through(window, qtbot)
    area = window.body.footer_area
    assert area.isVisible() and area not in [s.widget for s in stops]
    assert window.view in [s.widget for s in stops]  # the others, still stops
    # the notice's Dismiss is reached from the keyboard (a mouse click on it only, before),
    # ringed, and Enter on it dismisses the notice
    notice = window.footer.notice
    (stop,) = [s for s in stops if s.widget is notice]
    assert stop.ringed and stop.seen
    dismissed: list[bool] = []
    window.footer.noticeDismissed.connect(lambda: dismissed.append(True))
    notice.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(notice.hasFocus, timeout=2000)
    qtbot.wait(300)
    window.grab().save(str(shots_dir / "inbox-notice-dismiss-focused.png"))
    qtbot.keyClick(notice, Qt.Key.Key_Return)
    assert dismissed == [True] and not window.footer.notice_row.isVisible()
