"""Every window of Notify from the keyboard alone: Tab goes through every stop of Settings' pages,
the inbox and the dialogs, and each stop shows it has the keyboard (at least a one-pixel
outline's worth of pixels around it change by 3:1: WCAG 2.4.13's measure) and is in view, at
1000 px and at 480 px / 14 pt, light and dark. Fusion (Qt's style where the desktop gives none,
as under GNOME) marked a button, a check box, a combo box, a spin box and a list by no pixel of
3:1, a field by its caret only. Real widgets over the real engine; feeds served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.focus_ring import focused_link
from notify.app.inbox.window import InboxWindow
from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths
from tests.app.conftest import RSS, call, open_inbox
from tests.app.test_focus_ring import AROUND_PX, Stop, changed_by_3, faults, tab_through

LOOKS = ["1000 px, light", "1000 px, dark", "480 px, 14 pt, light", "480 px, 14 pt, dark"]


@pytest.fixture(params=LOOKS)
def look(request: Any) -> str:
    """The look of the test: the window's width, the font, the theme."""
    look: str = request.param
    if "14 pt" in look:
        request.getfixturevalue("large_font")
    if "dark" in look:
        request.getfixturevalue("dark_theme")
    return look


def width(look: str) -> int:
    return int(look.split()[0])


def shot(widget: QWidget, shots_dir: Path, name: str) -> None:
    widget.grab().save(str(shots_dir / f"{name}.png"))


def active(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def settled(qtbot: QtBot, slot: QWidget) -> None:
    """``slot``'s page laid out in its scroll area: as wide as the area's viewport (a scroll
    bar that just came leaves the page its old width until the next turn of the event
    loop, its right edge under the bar)."""
    area = slot.findChild(QScrollArea)
    assert area is not None
    qtbot.waitUntil(lambda: area.widget().width() == area.viewport().width(), timeout=5000)
    qtbot.wait(50)  # (rows read by the page's first queries, laid out)
    qtbot.waitUntil(lambda: area.widget().width() == area.viewport().width(), timeout=5000)


def check(stops: list[Stop], least: int) -> None:
    """``least`` stops at least, each ringed and in view."""
    names = [s.name for s in stops]
    assert len(stops) >= least, names
    assert faults(stops) == [], names


# ----- Settings: every page
@pytest.fixture
def settings(qtbot: QtBot, bridge: Any, paths: Paths, look: str) -> SettingsWindow:
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml",
                                               title="Alpha", group="News"))
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.resize(width(look), 760)
    active(qtbot, window)
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1 and not page.list.busy,
                    timeout=10_000)
    return window


# the stops each page has at least (its fields, switches and buttons), the tab bar included
PAGES = {"sources": 15, "notifications": 6, "polling": 8, "profile": 6, "general": 3}


@pytest.mark.parametrize("key", list(PAGES))
def test_every_stop_of_every_settings_page_is_ringed_and_in_view(
        qtbot: QtBot, settings: SettingsWindow, key: str, look: str, shots_dir: Path) -> None:
    """Only Sources had a ring: on Notifications, Polling, Profile and General a button, a
    check box, a combo box or a spin box that had the keyboard changed no pixel by 3:1."""
    slot = settings.slots[key]
    settings.tabs.setCurrentWidget(slot)
    qtbot.waitUntil(lambda: slot.built and settings.focusWidget() is not None
                    and slot.isAncestorOf(settings.focusWidget()), timeout=5000)
    settled(qtbot, slot)
    stops = tab_through(settings, qtbot)
    shot(settings, shots_dir, f"settings-{key}-{look}")
    check(stops, PAGES[key])
    assert any(s.widget is settings.tabs.tabBar() for s in stops)  # Tab reaches the tabs


def test_the_unsaved_question_rings_its_buttons(qtbot: QtBot, settings: SettingsWindow,
                                                look: str, shots_dir: Path) -> None:
    """Settings' question about changes not saved (Save, Discard, Cancel)."""
    page = settings.notifications
    settings.show_page(page)
    qtbot.waitUntil(lambda: "notify.quiet_enabled" in page.loaded, timeout=5000)
    switch = page.widgets["notify.quiet_enabled"]
    assert isinstance(switch, QCheckBox)
    switch.setChecked(not switch.isChecked())
    settings.close()  # asked
    qtbot.waitUntil(lambda: settings.question is not None
                    and settings.question.isVisible(), timeout=5000)
    box = settings.question
    assert box is not None
    active(qtbot, box)
    stops = tab_through(box, qtbot)
    shot(box, shots_dir, f"unsaved-{look}")
    check(stops, 3)
    box.reject()
    page.discard()


# ----- the profile's dialogs (shown, not exec()-ed: the test goes through them, then closes)
@pytest.fixture
def shown_boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    boxes: list[QMessageBox] = []

    def show(box: QMessageBox) -> int:
        boxes.append(box)
        box.show()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    return boxes


@pytest.mark.parametrize("which", ["reset", "import", "refused"])
def test_the_profile_dialogs_ring_their_buttons(
        qtbot: QtBot, look: str, shots_dir: Path, shown_boxes: list[QMessageBox],
        which: str) -> None:
    from notify.app.settings import profile_dialogs

    parent = QWidget()
    qtbot.addWidget(parent)
    if which == "reset":
        profile_dialogs.ask_reset(parent, "3 interests, 12 learned words.")
    elif which == "import":
        profile_dialogs.ask_import(parent, Path("mine.json"), ["Interests: rust"], 2)
    else:
        profile_dialogs.show_refused(parent, Path("mine.json"), "", ["line 3: not JSON"])
    box = shown_boxes[0]
    active(qtbot, box)
    stops = tab_through(box, qtbot)
    shot(box, shots_dir, f"profile-{which}-{look}")
    check(stops, 1 if which == "refused" else 2)
    box.close()


# ----- the OPML import's report and the recovery dialog
def test_the_import_report_rings_its_text_and_buttons(qtbot: QtBot, look: str,
                                                      shots_dir: Path) -> None:
    from notify.app.settings.import_report import ImportReportDialog
    from notify.core.errors import Advised
    from notify.core.subscriptions import ImportReport

    dialog = ImportReportDialog("Mine.opml", ImportReport(
        (), (), (), (), (Advised("A warning."),)))
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    stops = tab_through(dialog, qtbot)
    shot(dialog, shots_dir, f"import-report-{look}")
    check(stops, 3)  # the report's text, Copy report, Close


def test_the_recovery_dialog_rings_its_buttons(qtbot: QtBot, paths: Paths, look: str,
                                               shots_dir: Path) -> None:
    from notify.app.recovery import RecoveryDialog
    from notify.core.errors import DatabaseCorruptError

    dialog = RecoveryDialog(DatabaseCorruptError("file is not a database"), Path(paths.db),
                            [])
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    stops = tab_through(dialog, qtbot)
    shot(dialog, shots_dir, f"recovery-{look}")
    check(stops, 2)  # Start fresh, Quit


# ----- the inbox
@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths, httpserver: HTTPServer,
          look: str) -> Iterator[InboxWindow]:
    feed = RSS.replace("<description>About rust and compilers</description>",
                       "<description><![CDATA[<p>Tips on <a href=\"http://127.0.0.1/tips\">"
                       "rust</a></p>]]></description>")
    for window in open_inbox(qtbot, bridge, paths, httpserver, "/feed.xml", feed):
        window.resize(width(look), 700)
        active(qtbot, window)
        window.view.setFocus()
        qtbot.waitUntil(window.view.hasFocus, timeout=2000)
        yield window


def test_every_stop_of_the_inbox_is_ringed_and_in_view(
        qtbot: QtBot, inbox: InboxWindow, look: str, shots_dir: Path) -> None:
    """The list, the reading pane's text and buttons, the toolbar's Show menu and search:
    Fusion marked the list by a dotted line around one cell, the buttons and the Show menu by
    no pixel of 3:1."""
    qtbot.waitUntil(lambda: inbox.pane.item is not None, timeout=5000)
    # the Why panel filled (its explanation comes after the item) and laid out
    qtbot.waitUntil(lambda: any(b.objectName() == "why-mute" and b.isVisible()
                                for b in inbox.pane.findChildren(QPushButton)), timeout=5000)
    qtbot.wait(50)
    stops = tab_through(inbox, qtbot)
    shot(inbox, shots_dir, f"inbox-{look}")
    names = [s.name for s in stops]
    for wanted in (inbox.view, inbox.filter_box, inbox.search):
        assert any(s.widget is wanted or wanted.isAncestorOf(s.widget) for s in stops), names
    check(stops, 5)


def test_the_keyboard_on_the_inbox_is_ringed_where_it_moves_by_itself(
        qtbot: QtBot, inbox: InboxWindow) -> None:
    """/ and Ctrl+F put the keyboard in the search: ringed there too, not only after Tab."""
    ring = inbox.focus_ring
    qtbot.keyClick(inbox.view, Qt.Key.Key_Slash)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not inbox.view, timeout=2000)
    assert ring.target is QApplication.focusWidget()
    assert ring.target is not None and (ring.target is inbox.search
                                        or inbox.search.isAncestorOf(ring.target))


def test_a_link_walked_to_in_the_item_text_is_ringed(
        qtbot: QtBot, inbox: InboxWindow, look: str, shots_dir: Path) -> None:
    """Enter in the item's text walks its links with Tab. The text browser marked the link
    the keyboard is on by a dotted line (8 pixels of 3:1 around "rust", whose outline is
    76): the ring goes from the text to the link, and back to the text on Esc."""
    browser = inbox.pane.browser
    ring = inbox.focus_ring
    browser.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: ring.target is browser and ring.isVisible(), timeout=2000)
    text_ring = ring.geometry()
    viewport = browser.viewport()
    before = inbox.grab().toImage()
    qtbot.keyClick(browser, Qt.Key.Key_Return)  # the first link
    assert browser.textCursor().selectedText() == "rust"
    link = focused_link(browser)
    assert link is not None
    on_window = QRect(viewport.mapTo(inbox, link.topLeft()), link.size())
    assert ring.isVisible() and ring.geometry().contains(on_window)
    assert ring.geometry().width() < text_ring.width() // 2
    around = on_window.adjusted(-AROUND_PX, -AROUND_PX, AROUND_PX, AROUND_PX)
    after = inbox.grab().toImage()
    shot(inbox, shots_dir, f"inbox-link-{look}")
    changed = changed_by_3(before.copy(around), after.copy(around))
    assert changed >= 2 * (link.width() + link.height()), (changed, link)
    qtbot.keyClick(browser, Qt.Key.Key_Escape)  # back to the text as one stop
    assert ring.geometry() == text_ring


# ----- the first run
def test_the_first_run_rings_every_stop(qtbot: QtBot, bridge: Any, look: str,
                                        shots_dir: Path) -> None:
    """The welcome took no ring when the other windows did (it was being rebuilt): its
    address field, Add, the OPML button, the feed list, interests and Start, each ringed."""
    from notify.app.firstrun import FirstRunDialog

    dialog = FirstRunDialog(bridge, [])
    qtbot.addWidget(dialog)
    dialog.resize(width(look), 700)
    active(qtbot, dialog)
    stops = tab_through(dialog, qtbot)
    shot(dialog, shots_dir, f"first-run-{look}")
    check(stops, 5)
