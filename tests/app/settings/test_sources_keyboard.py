"""Settings → Sources from the keyboard alone: every action (add, edit, enable, disable, remove,
check now, sort, find) is a Tab stop that shows it has the keyboard; Enter in the list edits the
source shown, Delete removes the sources selected (asked first); Check now polls the source
shown. Real widgets over the real engine; a feed served on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.contrast import contrast
from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths
from tests.app.conftest import RSS, call
from tests.app.settings.conftest import showing_one_source

# from the list, as the page shows them (the add box above the list comes after the editor)
STOPS = ["Your sources", "Import OPML", "Export OPML", "Enable the selected sources",
         "Disable the selected sources", "Remove source", "Name", "Address", "Group",
         "Poll interval in minutes", "Poll this source",
         "Never notify (items still reach the inbox)", "Save source", "Check now",
         "Kind of source", "Address of the new source", "Add source", "Filter sources",
         "Sort sources by"]


def _window(qtbot: QtBot, bridge: Any, paths: Paths, *sources: tuple[str, bool],
            width: int = 1000) -> SettingsWindow:
    """Settings ``width`` wide on its Sources page with ``sources`` (name, enabled), the first
    chosen."""

    def add(engine: Any) -> None:
        for n, (name, enabled) in enumerate(sources):
            source = engine.add_source("feed", f"http://127.0.0.1:9/{n}.xml", title=name,
                                       group="News")
            if not enabled:
                engine.update_source(source.id, enabled=False)

    call(qtbot, bridge, add)
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == len(sources)
                    and not page.list.busy, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)
    return window


def _marked(window: QWidget, widget: QWidget) -> int:
    """How many pixels of ``widget`` and a few around it change, with a contrast of 3:1 at
    least, when it gets the keyboard (WCAG's measure of a focus indicator)."""
    around = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).adjusted(-4, -4, 4, 4)
    focused = window.grab(around).toImage()
    widget.clearFocus()
    unfocused = window.grab(around).toImage()
    widget.setFocus()
    return _changed(focused, unfocused)


def _changed(a: QImage, b: QImage) -> int:
    return sum(1 for x in range(a.width()) for y in range(a.height())
               if a.pixel(x, y) != b.pixel(x, y)
               and contrast(QColor(a.pixel(x, y)), QColor(b.pixel(x, y))) >= 3)


def _tab_stops(window: SettingsWindow, qtbot: QtBot) -> dict[str, int]:
    """From the list, Tab until the list again: each stop's name and how many of its pixels
    its focus mark changes; each is in sight (the page scrolled to it)."""
    page = window.sources
    stops: dict[str, int] = {}
    for _ in range(40):
        widget = window.focusWidget()
        assert widget is not None
        if page.isAncestorOf(widget):
            assert not widget.visibleRegion().isEmpty(), f"{widget.accessibleName()} unseen"
        stops[widget.accessibleName()] = _marked(window, widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if window.focusWidget() is page.tree:
            break
    return stops


@pytest.mark.parametrize(("enabled", "look"), [(True, "1000 px"), (False, "1000 px"),
                                                (True, "480 px, 14 pt")])
def test_every_action_is_a_tab_stop_that_shows_the_keyboard(
        qtbot: QtBot, bridge: Any, paths: Paths, request: Any, enabled: bool,
        look: str) -> None:
    """Fusion's marks of the keyboard changed no pixel by 3:1 or more on a button, a check box
    or a combo box, only the caret of an empty field, and on the list a darker line around the
    current row's first cell, blue on the selection's blue. Each stop now changes at least a
    one-pixel outline's worth of pixels around it. At 480 px, Tab from the window's tabs to
    the add box left the page scrolled down to the editor, the keyboard out of sight."""
    if "14 pt" in look:
        request.getfixturevalue("large_font")
    window = _window(qtbot, bridge, paths, ("Alpha", enabled), ("Beta", True),
                     width=int(look.split()[0]))
    stops = _tab_stops(window, qtbot)
    # a button that would change nothing is greyed out, and no Tab stop: Enable for a
    # source polled, Disable and Check now for one disabled
    greyed = (["Enable the selected sources"] if enabled
              else ["Disable the selected sources", "Check now"])
    wanted = [s for s in STOPS if s not in greyed]
    assert [s for s in stops if s in STOPS] == wanted  # in the order seen on the page
    for name in wanted:
        widget = next(w for w in window.findChildren(QWidget) if w.accessibleName() == name)
        outline = 2 * (widget.width() + widget.height())
        assert stops[name] >= outline, (name, stops[name], outline)


def test_enter_in_the_list_edits_the_source_and_delete_removes_it(
        qtbot: QtBot, bridge: Any, paths: Paths, questions_answered_yes: list[str]) -> None:
    """The list had no key of its own: Enter did nothing, and Remove… was three Tabs away."""
    window = _window(qtbot, bridge, paths, ("Alpha", True), ("Beta", True))
    page = window.sources
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.focusWidget() is page.name and page.name.text() == "Alpha"
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Down)  # Beta
    asked = questions_answered_yes
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    assert asked == ["Remove \u2068Beta\u2069 and all its items? This cannot be undone."]
    assert page.tree.topLevelItem(0).text(0) == "Alpha"


def test_check_now_polls_the_source_shown_and_says_what_it_found(
        qtbot: QtBot, bridge: Any, paths: Paths, httpserver: HTTPServer) -> None:
    """There was no way to poll one source (one just fixed) but Poll now, every source."""
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    url = httpserver.url_for("/feed.xml")
    window = showing_one_source(
        qtbot, bridge, paths, lambda e: e.add_source("feed", url, title="Local news"))
    page = window.sources
    said: list[str] = []
    page.message.connect(said.append)
    qtbot.waitUntil(lambda: len(httpserver.log) == 1, timeout=10_000)  # its first poll
    page.check_button.setFocus()
    qtbot.keyClick(page.check_button, Qt.Key.Key_Space)
    assert said == ["Checking \u2068Local news\u2069…"]  # the name isolated (bidi)
    assert not page.check_button.isEnabled()
    qtbot.waitUntil(lambda: len(said) == 2, timeout=15_000)
    assert said[1] == "1 source checked, 0 new items."  # its items came with the first
    assert len(httpserver.log) == 2  # asked again now, not due for half an hour
    assert page.check_button.isEnabled()


def test_after_remove_the_next_source_is_selected_and_the_list_has_the_keyboard(
        qtbot: QtBot, bridge: Any, paths: Paths, questions_answered_yes: list[str]) -> None:
    """Regression (s15): six sources selected, Remove…, Yes: "Removed 6 sources.", then no row
    selected, the editor empty and the keyboard nowhere (Remove…, which had it, went grey):
    Delete or the arrows did nothing until a click. Now the source after them is selected and
    the list has the keyboard."""
    window = _window(qtbot, bridge, paths, ("Alpha", True), ("Beta", True), ("Gamma", True),
                     ("Delta", True))
    page = window.sources
    names = [page.tree.topLevelItem(n).text(0) for n in range(4)]
    assert names == ["Alpha", "Beta", "Delta", "Gamma"]
    qtbot.keyClick(page.tree, Qt.Key.Key_Down)  # Beta
    qtbot.keyClick(page.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # and Delta
    assert len(page.list.selected_ids()) == 2
    asked = questions_answered_yes
    page.remove_button.setFocus()
    qtbot.waitUntil(page.remove_button.hasFocus)
    qtbot.keyClick(page.remove_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=10_000)
    # which, by name (it said "Remove 6 sources (Slow drip, …)": one of six)
    assert asked == ["Remove 2 sources (\u2068Beta\u2069 and \u2068Delta\u2069) and all their "
                     "items? This cannot be undone."]
    qtbot.waitUntil(lambda: page.tree.currentItem() is not None
                    and page.tree.currentItem().text(0) == "Gamma")
    assert page.tree.currentItem().isSelected()
    assert page.name.text() == "Gamma"  # the editor shows it
    qtbot.waitUntil(page.tree.hasFocus)
    qtbot.keyClick(page.tree, Qt.Key.Key_Up)  # the keyboard acts on the list
    assert page.tree.currentItem().text(0) == "Alpha"
