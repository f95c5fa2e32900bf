"""The Settings window made as narrow as it goes (a window tiled on a small screen): every page
reflows, none scrolls sideways, at the usual font and at 14 pt, light and dark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from notify.app.settings.source_tree import COL_NAME, NAME_SHARE
from notify.app.settings.window import MIN_WIDTH_CHARS, SettingsWindow
from notify.app.text_size import text_width
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, call


def _one_source(engine: Any) -> None:
    engine.add_source("feed", "http://127.0.0.1:9/feed.xml",
                      title="A feed whose name is rather long, as names are", group="News")


def _narrowest(qtbot: QtBot, bridge: Any, paths: Paths) -> SettingsWindow:
    """Settings with one source chosen in its list (its editor's fields shown), every page
    built, made as narrow as it goes."""
    call(qtbot, bridge, _one_source)
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    for slot in window.slots.values():
        slot.ensure()
    window.resize(1, window.height())
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth(), timeout=2000)
    return window


def _sideways(window: SettingsWindow) -> list[str]:
    """The views of the page shown that scroll sideways."""
    return [f"{type(area).__name__} {area.accessibleName() or area.objectName()}"
            for area in window.findChildren(QAbstractScrollArea)
            if area.isVisible() and area.horizontalScrollBar().isVisible()]


@pytest.mark.parametrize("look", ["usual", "14 pt", "14 pt dark"])
def test_every_page_fits_the_narrowest_window_without_scrolling_sideways(
        qtbot: QtBot, bridge: Any, paths: Paths, request: Any, look: str,
        shots_dir: Path) -> None:
    """Regression: below about 530 px (626 px at 14 pt, every page built) Settings could not be
    made narrower, or scrolled sideways: rows of buttons, forms' labels beside their fields,
    a check box's sentence and the pins' note were as wide as they were long."""
    if "14 pt" in look:
        request.getfixturevalue("large_font")
    if "dark" in look:
        request.getfixturevalue("dark_theme")
    window = _narrowest(qtbot, bridge, paths)
    assert window.minimumWidth() == text_width(window, MIN_WIDTH_CHARS)
    if "14 pt" in look:
        assert window.width() <= 480
    for n, (key, slot) in enumerate(window.slots.items()):
        window.tabs.setCurrentWidget(slot)
        qtbot.wait(30)  # the page's layout settles
        assert _sideways(window) == [], key
        assert window.width() == window.minimumWidth(), key  # no page widened the window
        assert_not_blank(window, shots_dir / f"narrow-{look.replace(' ', '-')}-{n}-{key}.png")


def test_at_the_narrowest_the_names_keep_their_share_and_long_labels_go_above(
        qtbot: QtBot, bridge: Any, paths: Paths, large_font: Any) -> None:
    """Regression: at 480 px and 14 pt the sources' names kept 60 px ("A fe…") beside Group,
    Kind and Status at their usual widths; a long option label squeezed its field and help
    into a sliver."""
    window = _narrowest(qtbot, bridge, paths)
    tree = window.sources.tree
    assert tree.columnWidth(COL_NAME) >= tree.viewport().width() * NAME_SHARE - 1
    options = window.notifications
    window.show_page(options)
    qtbot.wait(30)
    layout = options.layout()
    assert isinstance(layout, QFormLayout)
    label = layout.labelForField(options.widgets["notify.daily_budget"].parentWidget())
    assert isinstance(label, QLabel)
    field = options.widgets["notify.daily_budget"]
    assert field.mapTo(options, field.rect().topLeft()).y() > label.geometry().bottom()
    # widened again: the label beside its field, the columns at their widths again
    window.resize(1000, window.height())
    qtbot.waitUntil(lambda: window.width() == 1000, timeout=2000)
    qtbot.wait(30)
    assert field.mapTo(options, field.rect().topLeft()).y() < label.geometry().bottom()
    window.show_page(window.sources)
    qtbot.waitUntil(lambda: tree.columnWidth(1) == 150, timeout=2000)


@pytest.mark.parametrize("look", ["usual", "14 pt"])
def test_at_480_px_every_field_s_placeholder_is_read_whole(
        qtbot: QtBot, bridge: Any, paths: Paths, request: Any, look: str,
        shots_dir: Path) -> None:
    """Regression: at 480 px, 14 pt, the Mastodon form's "Access token" field sat beside its
    long label, its placeholder ("kept in the system keyring") cut to "kep…"; the address
    field's ("Instance address, or a hashtag page"; a feed's "Address of a feed, or of a web
    page that announces one"), an alert's ("a word or words, e.g. rust") and the interests'
    ("What you care about, comma separated: …") were cut too; so were the GitHub repository
    kind's ("Repository (owner/name) or its github.com address") and, once there are sources,
    the list's filter ("Filter by name, group, kind, status or address"). Every kind is looked
    at. A field goes under its label, or to a line of its own, instead; a placeholder longer
    than a line is made shorter."""
    from PySide6.QtWidgets import QLineEdit

    from notify.app.settings.placeholder_fit import placeholder_width
    from notify.core.sources import registry

    if look == "14 pt":
        request.getfixturevalue("large_font")
    call(qtbot, bridge, _one_source)  # the list and its filter shown
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.sources
    for slot in window.slots.values():
        slot.ensure()
    window.resize(480, 760)
    qtbot.wait(50)
    cut: dict[str, list[str]] = {}
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    for name, kind in [("sources", k.id) for k in registry.all_kinds()] + [("profile", "")]:
        if kind:
            page.add_kind.setCurrentIndex(page.add_kind.findData(kind))
        shown = window.slots[name].ensure()
        window.show_page(shown)
        qtbot.wait(50)
        for field in shown.findChildren(QLineEdit):
            if (field.isVisible() and field.placeholderText()
                    and field.width() < placeholder_width(field)):
                cut.setdefault(kind or name, []).append(field.placeholderText())
        assert_not_blank(window,
                         shots_dir / f"placeholders-{kind or name}-{look.replace(' ', '-')}.png")
    assert cut == {}


@pytest.mark.parametrize("look", ["14 pt", "14 pt dark"])
def test_at_480_px_and_14_pt_the_sources_are_stacked_and_read_whole(
        qtbot: QtBot, bridge: Any, paths: Paths, request: Any, look: str,
        shots_dir: Path) -> None:
    """Regression: at 480 px, 14 pt the list showed three rows of four columns, "A feed
    named…", "Fail…", the count line and the buttons drawn over its last row, the editor below
    squeezed into a scroll bar of its own. Narrow, each source is on two lines (its group and
    kind under its name, their columns hidden), the names and statuses whole, several rows,
    nothing drawn over them; wide again, four columns as before."""
    from PySide6.QtCore import QPoint

    from notify.app.settings.source_tree import COL_GROUP, COL_KIND, COL_STATUS

    request.getfixturevalue("large_font")
    if "dark" in look:
        request.getfixturevalue("dark_theme")

    def add(engine: Any) -> None:
        for n in range(8):
            engine.add_source("feed", f"http://127.0.0.1:9/{n}.xml",
                              title=f"A feed named {n} rather long", group="News")

    call(qtbot, bridge, add)
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.sources
    tree = page.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 8 and not page.list.busy,
                    timeout=10_000)
    tree.setCurrentItem(tree.topLevelItem(0))
    window.resize(480, 720)
    qtbot.waitUntil(lambda: window.width() == 480, timeout=2000)
    qtbot.wait(50)  # the layout settles
    metrics = tree.fontMetrics()
    item = tree.topLevelItem(0)
    padding = 4 * metrics.averageCharWidth()
    assert tree.columnWidth(COL_NAME) >= metrics.horizontalAdvance(item.text(COL_NAME)) + padding
    assert tree.columnWidth(COL_STATUS) >= metrics.horizontalAdvance(item.text(COL_STATUS))
    assert tree.isColumnHidden(COL_GROUP) and tree.isColumnHidden(COL_KIND)
    delegate = tree.itemDelegateForColumn(COL_NAME)
    assert delegate.second_line(tree.indexFromItem(item, COL_NAME)) == "News · Feed"
    row = tree.visualItemRect(item).height()
    assert row >= 2 * metrics.lineSpacing()  # two lines
    assert tree.viewport().height() >= 4 * row  # source_tree.MIN_ROWS
    count = page.list.count
    assert count.mapTo(window, QPoint(0, 0)).y() >= tree.mapTo(
        window, QPoint(0, tree.height())).y()  # under the list, not over its rows
    assert page.editor.height() >= page.editor.heightForWidth(page.editor.width())
    assert_not_blank(window, shots_dir / f"sources-480-{look.replace(' ', '-')}.png")
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: not tree.isColumnHidden(COL_GROUP), timeout=2000)
    qtbot.waitUntil(lambda: tree.columnWidth(COL_GROUP) == 150, timeout=2000)
    assert tree.visualItemRect(item).height() < 2 * metrics.lineSpacing()  # one line again
