"""Settings → Sources: a row says its name, group, kind and health to a screen reader in either
layout, and "Sort by" orders the list by any column, stacked (Group and Kind hidden) or not,
with the keyboard; the order chosen stays when the layout changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from notify.app.settings.source_list import SourceList
from notify.app.settings.source_tree import COL_GROUP, COL_KIND, COL_NAME, COL_STATUS
from notify.app.settings.sources_page import kind_settings
from notify.core.models import Source, SourceState
from notify.core.paths import Paths
from tests.app.settings.test_source_list import column, thousand_rows

REFUSED = ("Could not connect to lwn.net: the connection was refused. Notify will try again "
           "later.")


def _spoken(source_list: SourceList, row: int) -> str:
    """What a screen reader reads for the row's first cell (Qt's accessible table)."""
    tree = source_list.tree
    face = QAccessible.queryAccessibleInterface(tree)
    assert face is not None
    # its children: the header's cells, then each row's, column by column
    cell = face.child((row + 1) * tree.columnCount() + COL_NAME)
    assert cell is not None and cell.role() == QAccessible.Role.TreeItem
    return cell.text(QAccessible.Text.Name)


def _three(qtbot: QtBot) -> SourceList:
    source_list = SourceList(kind_settings)
    qtbot.addWidget(source_list)
    source_list.resize(900, 400)
    source_list.show()
    qtbot.waitExposed(source_list)
    rows = [
        (Source(id=1, kind="feed", url="https://lwn.net/headlines/rss", title="LWN",
                group="Linux"),
         SourceState(source_id=1, last_attempt=1.0, last_error=REFUSED,
                     consecutive_failures=3), 0),
        (Source(id=2, kind="hackernews", url="https://news.ycombinator.com/", title="HN"),
         SourceState(source_id=2, last_attempt=1.0, last_success=1.0), 0),
        (Source(id=3, kind="feed", url="https://example.org/feed", title="Quiet",
                group="Misc", enabled=False),
         SourceState(source_id=3, disabled_reason="Gone: the feed answered 410 Gone five "
                                                  "times. Remove it."), 0),
    ]
    source_list.update_rows(rows, complete=True)
    face = QAccessible.queryAccessibleInterface(source_list.tree)
    # the rows laid out (drawn), as a screen reader finds them: the header's cells and 3 rows'
    qtbot.waitUntil(lambda: face.childCount() == 4 * 4)
    return source_list


def test_each_row_says_name_group_kind_and_health_stacked_or_not(qtbot: QtBot) -> None:
    """Stacked (narrow window, large text), a screen reader heard the name alone: the group and
    kind are drawn under it, not in a cell. The row's first cell now says all of it, the reason
    of a failing or disabled source too, in both layouts."""
    source_list = _three(qtbot)
    tree = source_list.tree
    wide = [_spoken(source_list, row) for row in range(3)]
    assert wide == [
        "HN, Hacker News, OK",
        f"LWN, group Linux, Feed, Failing: {REFUSED}",
        "Quiet, group Misc, Feed, Disabled: Gone: the feed answered 410 Gone five times. "
        "Remove it.",
    ]
    source_list.resize(300, 400)
    qtbot.waitUntil(lambda: tree.stacked)
    assert tree.isColumnHidden(COL_GROUP) and tree.isColumnHidden(COL_KIND)
    assert [_spoken(source_list, row) for row in range(3)] == wide


def test_sort_by_orders_the_stacked_list_by_a_hidden_column_and_keeps_it(
        qtbot: QtBot) -> None:
    """Stacked, Group and Kind had no header to click: the list could not be sorted by them.
    "Sort by" sorts by any column from the keyboard; the order stays when the list is wide
    again (the header shows it), and a header click shows in "Sort by"."""
    source_list = thousand_rows(qtbot)
    tree, header, choice = source_list.tree, source_list.tree.header(), source_list.sort_by.choice
    assert choice.currentText() == "Name, A to Z"
    source_list.resize(300, 500)
    qtbot.waitUntil(lambda: tree.stacked)
    choice.setFocus()
    qtbot.waitUntil(choice.hasFocus)
    for _ in range(2):  # "Name, Z to A", then "Group, A to Z"
        qtbot.keyClick(choice, Qt.Key.Key_Down)
    assert choice.currentText() == "Group, A to Z"
    assert header.sortIndicatorSection() == COL_GROUP
    groups = column(source_list, COL_GROUP)
    assert groups == sorted(groups, key=str.casefold) and groups[0] == ""
    source_list.resize(900, 500)  # wide again: the same order, the header says it
    qtbot.waitUntil(lambda: not tree.stacked)
    assert column(source_list, COL_GROUP) == groups
    assert header.sortIndicatorSection() == COL_GROUP
    source_list.resize(300, 500)
    qtbot.waitUntil(lambda: tree.stacked)
    assert column(source_list, COL_GROUP) == groups and choice.currentText() == "Group, A to Z"
    for _ in range(3):  # "Group, Z to A", "Kind, A to Z", "Kind, Z to A"
        qtbot.keyClick(choice, Qt.Key.Key_Down)
    kinds = column(source_list, COL_KIND)
    assert kinds == sorted(kinds, reverse=True) and kinds[0] != kinds[-1]
    source_list.resize(900, 500)
    qtbot.waitUntil(lambda: not tree.stacked)
    assert header.sortIndicatorSection() == COL_KIND
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)  # a header click
    assert choice.currentText() == "Name, A to Z"


def _in_view(source_list: SourceList, title: str) -> bool:
    tree = source_list.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(COL_NAME) == title)
    return tree.visualItemRect(item).intersects(tree.viewport().rect())


def test_a_new_order_shows_the_source_selected(qtbot: QtBot) -> None:
    """Regression (s15, 752 sources): "Slow drip" selected, Sort by → "Status, A to Z": it went
    to row 1, and the list stayed at its old scroll offset (row 561 at the top) showing other
    rows. The order the person chose shows the selected source."""
    source_list = thousand_rows(qtbot)
    tree, choice = source_list.tree, source_list.sort_by.choice
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(COL_NAME) == "Feed 990")
    tree.setCurrentItem(item)
    tree.scrollToItem(item)
    assert _in_view(source_list, "Feed 990")
    choice.setFocus()
    qtbot.waitUntil(choice.hasFocus)
    qtbot.keyClick(choice, Qt.Key.Key_Down)  # "Name, Z to A": Feed 990 near the top now
    assert choice.currentText() == "Name, Z to A"
    assert tree.currentItem() is item
    assert _in_view(source_list, "Feed 990")


def test_the_source_edited_stays_in_view_when_its_row_moves(qtbot: QtBot) -> None:
    """Regression (s15): a failing source saved with a working address became "OK" and its row
    moved among the OK rows out of sight, the editor still showing it. The current row, in view
    before it moves, is in view after; other rows moving do not scroll the list."""
    source_list = thousand_rows(qtbot)
    tree = source_list.tree
    tree.scrollToTop()
    first = tree.topLevelItem(2)
    tree.setCurrentItem(first)
    name, source_id = first.text(COL_NAME), first.source_id
    assert _in_view(source_list, name)
    other = tree.topLevelItem(5)  # another row moving: the list stays where it is
    source_list.update_rows([(Source(id=other.source_id, kind="feed",
                                     url=f"http://127.0.0.1:9/{other.source_id}",
                                     title="Zz other"), SourceState(source_id=other.source_id),
                              0)])
    assert tree.verticalScrollBar().value() == 0
    source_list.update_rows([(Source(id=source_id, kind="feed",
                                     url=f"http://127.0.0.1:9/{source_id}", title="Zz saved"),
                              SourceState(source_id=source_id), 0)])
    assert tree.currentItem() is first and first.text(COL_NAME) == "Zz saved"
    assert tree.indexOfTopLevelItem(first) > 900
    assert _in_view(source_list, "Zz saved")


def test_the_order_chosen_comes_back_after_a_restart(qtbot: QtBot, bridge: Any,
                                                     paths: Paths) -> None:
    """Regression (s15): "Status, A to Z" chosen, Notify quit and started: Settings came back
    as "Name, A to Z". The order is remembered with the window, as the Show menu is."""
    from notify.app.settings.window import SettingsWindow
    from notify.app.window_state import WindowState

    first = SettingsWindow(bridge, paths)
    qtbot.addWidget(first)
    first.show()
    choice = first.sources.list.sort_by.choice
    choice.setCurrentIndex(choice.findText("Status, Z to A"))
    choice.activated.emit(choice.currentIndex())  # as a pick in the menu does
    header = first.sources.tree.header()
    assert header.sortIndicatorSection() == COL_STATUS
    WindowState(paths.window_state).save(first, "settings")
    again = SettingsWindow(bridge, paths)
    qtbot.addWidget(again)
    WindowState(paths.window_state).restore(again, "settings")
    again.show()
    assert again.sources.list.sort_by.choice.currentText() == "Status, Z to A"
    header = again.sources.tree.header()
    assert header.sortIndicatorSection() == COL_STATUS
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # an edited file's nonsense is left alone
    again.sources.list.sort_by.remembered.restore_choice("colour,sideways")
    assert again.sources.list.sort_by.choice.currentText() == "Status, Z to A"
