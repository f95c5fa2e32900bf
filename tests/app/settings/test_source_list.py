"""Settings → Sources with many sources: rows updated in place, the filter box, sorting, several
sources selected at once (offscreen, the real engine over a real database)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QLocale, QPoint, Qt
from pytestqt.qtbot import QtBot

from notify.app import message_boxes
from notify.app.settings import source_list as source_list_module
from notify.app.settings.source_list import CHUNK, CHUNK_MS, SourceList
from notify.app.settings.source_order import sort_key
from notify.app.settings.source_tree import COL_GROUP, COL_KIND, COL_NAME, ID_ROLE
from notify.app.settings.sources_page import SourcesPage, kind_settings
from notify.core.models import Source, SourceState
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.app.conftest import call, fill


def rows_of(page: SourcesPage) -> list[str]:
    return [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]


def page_over(qtbot: QtBot, bridge: Any, count: int) -> SourcesPage:
    page = SourcesPage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == count and not page.list.busy,
                    timeout=10_000)
    return page


@pytest.fixture
def many(paths: Paths) -> int:
    """300 sources ("Source 1" … "Source 300", groups news and tech), written before the engine
    starts (the ``bridge`` fixture opens the same data folder); polled fine a minute ago and not
    due for a long while (their addresses on port 9 refuse)."""
    fill(paths.db, 0, n_sources=300)
    conn = connect(paths.db)
    now = time.time()
    conn.execute("INSERT INTO source_state (source_id, last_attempt, last_success, next_attempt)"
                 " SELECT id, ?, ?, ? FROM sources", (now - 60, now - 60, now + 86_400))
    conn.close()
    return 300


def select(page: SourcesPage, first: int, last: int) -> None:
    """A click on row ``first``, then a shift-click on row ``last``."""
    model = page.tree.model()
    page.tree.setCurrentItem(page.tree.topLevelItem(first))
    page.tree.selectionModel().select(
        QItemSelection(model.index(first, 0), model.index(last, 0)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def test_a_change_to_one_source_redraws_its_row_only(qtbot: QtBot, many: int,
                                                     bridge: Any) -> None:
    page = page_over(qtbot, bridge, many)
    items = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    call(qtbot, bridge, lambda e: e.update_source(7, title="Renamed seven"))
    qtbot.waitUntil(lambda: "Renamed seven" in rows_of(page), timeout=5000)
    # the same 300 row objects: one row redrawn, not the list rebuilt
    assert {id(i) for i in items} == {id(page.tree.topLevelItem(i))
                                      for i in range(page.tree.topLevelItemCount())}
    assert page.list.count.text() == "300 sources"


def test_a_poll_round_keeps_what_is_typed_in_the_editor(qtbot: QtBot, bridge: Any) -> None:
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml",
                                               title="A feed"))
    page = page_over(qtbot, bridge, 1)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.name.setText("A better name, being typed")
    call(qtbot, bridge, lambda e: e.poll([1]))  # port 9 refuses: the health changes
    qtbot.waitUntil(lambda: page.tree.topLevelItem(0).text(3) == "Failing", timeout=10_000)
    qtbot.waitUntil(lambda: "Last error" in page.health.text(), timeout=5000)
    assert page.name.text() == "A better name, being typed"
    # a saved change to the source itself is shown in the editor
    call(qtbot, bridge, lambda e: e.update_source(1, title="Saved elsewhere"))
    qtbot.waitUntil(lambda: page.name.text() == "Saved elsewhere", timeout=5000)


def test_the_filter_finds_one_source_among_many(qtbot: QtBot, many: int, bridge: Any) -> None:
    page = page_over(qtbot, bridge, many)

    def shown() -> list[str]:
        return [t for i, t in enumerate(rows_of(page))
                if not page.tree.topLevelItem(i).isHidden()]

    page.list.filter.setText("feed250.xml")  # by address
    assert shown() == ["Source 250"]
    assert page.list.count.text() == "1 of 300 sources shown"
    page.list.filter.setText("TECH source 25")  # every word, in any column, any case
    assert shown() == ["Source 250", "Source 252", "Source 254", "Source 256", "Source 258"]
    page.list.filter.setText("")
    assert len(shown()) == many and page.list.count.text() == "300 sources"
    # a row that changes while filtered out stays filtered out
    page.list.filter.setText("feed250.xml")
    call(qtbot, bridge, lambda e: e.update_source(3, title="Source three"))
    qtbot.waitUntil(lambda: "Source three" in rows_of(page), timeout=5000)
    assert shown() == ["Source 250"]


def test_the_filter_shows_the_current_row_or_the_top(
        qtbot: QtBot, many: int, bridge: Any) -> None:
    """The list kept its scroll position: after typing in the filter, the rows it kept could
    all be out of view."""
    page = page_over(qtbot, bridge, many)
    page.resize(700, 600)
    tree = page.tree
    bar = tree.verticalScrollBar()

    def in_view(row: int) -> bool:
        rect = tree.visualItemRect(tree.topLevelItem(row))
        return rect.isValid() and tree.viewport().rect().contains(rect)

    tree.setCurrentItem(tree.topLevelItem(0))  # Source 1, news
    tree.scrollToBottom()
    assert not in_view(0) and bar.value() > 0
    page.list.filter.setText("news")  # keeps the current row: it is shown
    assert in_view(0)
    page.list.filter.setText("")
    tree.setCurrentItem(tree.topLevelItem(1))  # Source 2, tech
    tree.scrollToBottom()
    page.list.filter.setText("news")  # hides the current row: the top, the first match
    assert bar.value() == 0 and in_view(0)


def test_the_list_sorts_by_name_ignoring_case(qtbot: QtBot, bridge: Any) -> None:
    for n, title in enumerate(("beta", "Alpha", "gamma", "Delta")):
        call(qtbot, bridge, lambda e, n=n, title=title: e.add_source(
            "feed", f"http://127.0.0.1:9/{n}.xml", title=title))
    page = page_over(qtbot, bridge, 4)
    assert rows_of(page) == ["Alpha", "beta", "Delta", "gamma"]
    call(qtbot, bridge, lambda e: e.update_source(2, title="zeta"))  # Alpha -> zeta
    qtbot.waitUntil(lambda: rows_of(page) == ["beta", "Delta", "gamma", "zeta"], timeout=5000)


def test_numbers_in_names_sort_by_value(qtbot: QtBot, bridge: Any) -> None:
    for n, title in enumerate(("Podcast 10", "podcast 2", "Podcast 1")):
        call(qtbot, bridge, lambda e, n=n, title=title: e.add_source(
            "feed", f"http://127.0.0.1:9/{n}.xml", title=title))
    page = page_over(qtbot, bridge, 3)
    assert rows_of(page) == ["Podcast 1", "podcast 2", "Podcast 10"]


def test_a_source_added_while_the_filter_hides_it_is_shown(
        qtbot: QtBot, many: int, bridge: Any) -> None:
    page = page_over(qtbot, bridge, many)
    page.list.filter.setText("feed250.xml")
    source = call(qtbot, bridge, lambda e: e.add_source(
        "feed", "http://127.0.0.1:9/new.xml", title="Brand new"))
    page._added(source)  # as the add box does once the engine added it
    qtbot.waitUntil(lambda: page.tree.currentItem() is not None
                    and page.tree.currentItem().text(0) == "Brand new", timeout=5000)
    assert not page.tree.currentItem().isHidden() and page.list.filter.text() == ""


def test_several_sources_are_disabled_enabled_and_removed_at_once(
        qtbot: QtBot, many: int, bridge: Any, questions_answered_yes: list[str]) -> None:
    page = page_over(qtbot, bridge, many)
    select(page, 0, 9)
    assert not page.editor.isEnabled()
    assert page.editor.title().startswith("10 sources selected")
    chosen = set(page.list.selected_ids())
    assert len(chosen) == 10
    # all polled: Enable would change nothing, and is greyed out rather than ignored
    assert (page.enable_button.isEnabled(), page.disable_button.isEnabled()) == (False, True)
    page.disable_button.click()
    qtbot.waitUntil(lambda: page.list.count.text() == "300 sources · 10 disabled",
                    timeout=10_000)
    qtbot.waitUntil(lambda: (page.enable_button.isEnabled(),
                             page.disable_button.isEnabled()) == (True, False), timeout=5000)
    select(page, 5, 14)  # five disabled, five polled: both offered
    assert (page.enable_button.isEnabled(), page.disable_button.isEnabled()) == (True, True)
    select(page, 0, 9)
    disabled = call(qtbot, bridge, lambda e: {s.id for s in e.sources() if not s.enabled})
    assert disabled == chosen
    said: list[str] = []
    page.message.connect(said.append)
    page.enable_button.click()  # (polled again at once: their port 9 refuses, they fail)
    qtbot.waitUntil(lambda: "disabled" not in page.list.count.text(), timeout=10_000)
    qtbot.waitUntil(lambda: said == ["Enabled 10 sources."], timeout=5000)
    asked = questions_answered_yes
    page.remove_button.click()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == many - 10, timeout=10_000)
    assert asked and asked[0].startswith("Remove 10 sources (")
    left = call(qtbot, bridge, lambda e: {s.id for s in e.sources()})
    assert not left & chosen and len(left) == many - 10
    assert page.current is None and not page.editor.isEnabled()


def test_several_sources_selected_show_no_one_sources_fields(
        qtbot: QtBot, many: int, bridge: Any) -> None:
    """The greyed-out editor showed the first source's name, address, group… as if it alone
    were chosen."""
    page = page_over(qtbot, bridge, many)
    select(page, 0, 0)
    first = page.tree.topLevelItem(0).text(0)
    assert page.name.isVisible() and page.name.text() == first
    select(page, 0, 9)
    fields = (page.name, page.address, page.group, page.interval, page.enabled, page.muted,
              page.health, page.save_button)
    assert not any(f.isVisible() for f in fields)
    assert page.editor.title().startswith("10 sources selected")
    assert page.several_note.isVisible()
    select(page, 0, 0)  # one again: its fields
    assert all(f.isVisible() for f in fields) and not page.several_note.isVisible()
    assert page.editor.isEnabled() and page.name.text() == first
    # one row left selected while another is current (a Ctrl-click unselected the current
    # one): the editor shows the selected one, which the buttons act on
    page.tree.selectionModel().select(
        page.tree.model().index(3, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert page.list.selected_ids() == [page.current]
    assert page.name.text() == page.tree.topLevelItem(3).text(0)


def test_selecting_many_sources_costs_what_selecting_one_does(
        qtbot: QtBot, many: int, bridge: Any) -> None:
    """A Shift-click on 500 rows took ~60 ms of the GUI thread: each selected row was read
    (its item, whether hidden, its source) to say what the buttons and the editor offer."""
    page = page_over(qtbot, bridge, many)
    select(page, 0, 0)
    calls = 0

    def count(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        select(page, 0, many - 1)
    finally:
        sys.setprofile(None)
    assert calls < 150
    assert page.editor.title().startswith(f"{many} sources selected")
    assert (page.enable_button.isEnabled(), page.disable_button.isEnabled(),
            page.remove_button.isEnabled()) == (False, True, True)


def test_many_rows_are_shown_a_chunk_per_event_loop_turn(qtbot: QtBot) -> None:
    shown: list[int] = []
    source_list = SourceList(kind_settings)
    qtbot.addWidget(source_list)
    source_list.rowsShown.connect(lambda: shown.append(source_list.tree.topLevelItemCount()))
    rows = [(Source(id=n, kind="feed", url=f"http://127.0.0.1:9/{n}", title=f"Feed {n}"),
             SourceState(source_id=n), 0) for n in range(1, 2 * CHUNK + 11)]
    source_list.update_rows(rows, complete=True)
    assert 0 < source_list.tree.topLevelItemCount() <= CHUNK and source_list.busy  # the rest
    qtbot.waitUntil(lambda: not source_list.busy)  # later
    assert shown == [len(rows)]
    assert source_list.count.text() == f"{len(rows)} sources"


def test_a_turn_shows_no_more_rows_than_its_time_allows(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """250 rows a turn took 20-26 ms of the GUI thread during an OPML import: a turn stops at
    ``CHUNK_MS`` (here each row takes 2/7 of it, by a clock that says so), and the rows
    all come, in order, at the following turns."""
    ticks = iter(range(10**6))
    monkeypatch.setattr(source_list_module, "perf_counter",
                        lambda: next(ticks) * CHUNK_MS / 3.5 / 1000)
    source_list = SourceList(kind_settings)
    qtbot.addWidget(source_list)
    turns: list[int] = []  # the rows each turn added
    source_list.tree.model().rowsInserted.connect(
        lambda _parent, first, last: turns.append(last - first + 1))
    rows = [(Source(id=n, kind="feed", url=f"http://127.0.0.1:9/{n}", title=f"Feed {n}"),
             SourceState(source_id=n), 0) for n in range(1, 41)]
    source_list.update_rows(rows, complete=True)
    assert turns == [4] and source_list.busy
    qtbot.waitUntil(lambda: not source_list.busy)
    assert turns == [4] * 10
    assert column(source_list, COL_NAME) == [f"Feed {n}" for n in range(1, 41)]


def test_removing_one_source_names_it(qtbot: QtBot, many: int, bridge: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    page = page_over(qtbot, bridge, many)
    select(page, 0, 0)
    name = page.tree.topLevelItem(0).text(0)
    monkeypatch.setattr(message_boxes, "confirm", lambda *_a: True)
    said: list[str] = []
    page.message.connect(said.append)
    page.remove_button.click()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == [f"Removed \u2068{name}\u2069."]  # isolated: a name is untrusted text


def thousand_rows(qtbot: QtBot) -> SourceList:
    """1,000 sources, named, grouped and of kinds in no order."""
    source_list = SourceList(kind_settings)
    qtbot.addWidget(source_list)
    source_list.resize(700, 500)
    source_list.show()
    kinds = ("feed", "github-repo", "mastodon")
    rows = [(Source(id=n, kind=kinds[n % 3], url=f"http://127.0.0.1:9/{n}",
                    title=f"Feed {(n * 7919) % 1000}", group=("news", "Tech", "")[n % 3 - 1]),
             SourceState(source_id=n), 0) for n in range(1, 1001)]
    source_list.update_rows(rows, complete=True)
    qtbot.waitUntil(lambda: not source_list.busy)
    return source_list


def column(source_list: SourceList, col: int) -> list[str]:
    tree = source_list.tree
    return [tree.topLevelItem(i).text(col) for i in range(tree.topLevelItemCount())]


def test_a_header_click_sorts_1000_rows_without_python_per_comparison(qtbot: QtBot) -> None:
    """Qt's sort called a Python ``__lt__`` for each of ~10,000 comparisons (27-57 ms of the GUI
    thread for 1,000 rows): the list sorts in Python, once per row at most."""
    source_list = thousand_rows(qtbot)
    here = sys.modules[SourceList.__module__].__file__
    calls = 0

    def count(frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        if event == "call" and frame.f_code.co_filename == here:
            calls += 1

    sys.setprofile(count)
    try:
        source_list.tree.header().setSortIndicator(COL_GROUP, Qt.SortOrder.AscendingOrder)
    finally:
        sys.setprofile(None)
    groups = column(source_list, COL_GROUP)
    assert groups == sorted(groups, key=str.casefold) and groups[0] == ""
    assert calls < 1500


def test_a_sort_runs_no_python_per_row(qtbot: QtBot) -> None:
    """The sort's key function was a Python lambda, called for each of the 1,000 rows: the
    keys are made with the rows' texts, and the sort looks them up. The same rows come in the
    same order: the column's key (case-insensitive, numbers by value), then the id."""
    source_list = thousand_rows(qtbot)
    tree = source_list.tree
    calls = 0

    def count(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    for col, order in ((COL_GROUP, Qt.SortOrder.AscendingOrder),
                       (COL_NAME, Qt.SortOrder.DescendingOrder)):
        calls = 0
        sys.setprofile(count)
        try:
            tree.header().setSortIndicator(col, order)
        finally:
            sys.setprofile(None)
        assert calls < 100
        ids = [tree.topLevelItem(i).data(0, ID_ROLE) for i in range(tree.topLevelItemCount())]
        texts = {tree.topLevelItem(i).data(0, ID_ROLE): tree.topLevelItem(i).text(col)
                 for i in range(tree.topLevelItemCount())}
        assert ids == sorted(texts, key=lambda n: (sort_key(texts[n]), n),
                             reverse=order == Qt.SortOrder.DescendingOrder)


def test_what_is_selected_is_counted_not_read_row_by_row(qtbot: QtBot) -> None:
    """Selecting 500 sources read each selected row on the GUI thread (~60 ms): the list
    counts them from the selection's ranges, and says the same as the rows would."""
    source_list = thousand_rows(qtbot)
    tree, model = source_list.tree, source_list.tree.model()
    disabled = {n for n in range(1, 1001) if n % 4 == 0}
    kinds = ("feed", "github-repo", "mastodon")
    source_list.update_rows([(Source(id=n, kind=kinds[n % 3], url=f"http://127.0.0.1:9/{n}",
                                     title=f"Feed {(n * 7919) % 1000}", enabled=False,
                                     group=("news", "Tech", "")[n % 3 - 1]),
                              SourceState(source_id=n), 0) for n in sorted(disabled)])
    qtbot.waitUntil(lambda: not source_list.busy)
    flags = QItemSelectionModel.SelectionFlag

    def as_rows_say() -> tuple[int, int, int | None]:
        ids = source_list.selected_ids()
        return len(ids), len(set(ids) & disabled), ids[0] if len(ids) == 1 else None

    calls = 0

    def count(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    tree.selectionModel().select(QItemSelection(model.index(0, 0), model.index(499, 0)),
                                 flags.ClearAndSelect | flags.Rows)
    source_list.selection()  # the rows' marks made once (after a change to the rows)
    sys.setprofile(count)
    try:
        chosen = source_list.selection()
    finally:
        sys.setprofile(None)
    assert calls < 60
    assert (chosen.count, chosen.disabled, chosen.one) == as_rows_say() == (500, 125, None)
    # overlapping ranges (Ctrl-clicks), and rows the filter hides: counted once, not at all
    tree.selectionModel().select(QItemSelection(model.index(400, 1), model.index(600, 3)),
                                 flags.Select)
    tree.selectionModel().select(QItemSelection(model.index(900, 0), model.index(999, 0)),
                                 flags.Select | flags.Rows)
    assert source_list.selection().count == 701
    for text in ("tech", "feed 5"):
        source_list.filter.setText(text)
        chosen = source_list.selection()
        assert (chosen.count, chosen.disabled, chosen.one) == as_rows_say()
        assert 0 < chosen.disabled < chosen.count < 701
    tree.header().setSortIndicator(COL_KIND, Qt.SortOrder.AscendingOrder)  # rows move
    chosen = source_list.selection()
    assert (chosen.count, chosen.disabled, chosen.one) == as_rows_say()
    one = max(source_list.selected_ids())
    source_list.filter.setText(f":9/{one}")  # its address: one row shown of those selected
    assert source_list.selection() == source_list_module.Selection(1, one in disabled, one)
    tree.clearSelection()
    assert source_list.selection() == source_list_module.Selection()


def test_a_header_click_sorts_by_its_column_and_keeps_what_is_shown(qtbot: QtBot) -> None:
    source_list = thousand_rows(qtbot)
    tree, header = source_list.tree, source_list.tree.header()
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == COL_NAME
    names = column(source_list, COL_NAME)
    assert names[:3] == ["Feed 0", "Feed 1", "Feed 2"]  # numbers by value
    model = tree.model()
    tree.setCurrentItem(tree.topLevelItem(500))
    tree.selectionModel().select(
        QItemSelection(model.index(10, 0), model.index(20, 3)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect)
    chosen, current = set(source_list.selected_ids()), tree.currentItem()
    tree.verticalScrollBar().setValue(300)
    # a click on the Kind header: by kind, then by id (rows of one kind keep a stable order)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(COL_KIND) + 5, 5))
    assert header.sortIndicatorSection() == COL_KIND
    ids = [tree.topLevelItem(i).data(0, ID_ROLE) for i in range(tree.topLevelItemCount())]
    kinds = column(source_list, COL_KIND)
    assert kinds == sorted(kinds) and ids[:3] == [3, 6, 9]  # feed: n % 3 == 0
    assert set(source_list.selected_ids()) == chosen and tree.currentItem() is current
    # the order chosen shows the current row (the old offset means nothing in the new order)
    assert tree.in_view(current)
    # the same header again: descending, the indicator shows it
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(COL_KIND) + 5, 5))
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert column(source_list, COL_KIND) == sorted(kinds, reverse=True)
    # rows the filter hides stay hidden, whatever the order
    source_list.filter.setText("feed 99")
    shown = {i.source_id for i in source_list._items.values() if not i.isHidden()}
    header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert {i.source_id for i in source_list._items.values() if not i.isHidden()} == shown
    names = [t for i, t in enumerate(column(source_list, COL_NAME))
             if not tree.topLevelItem(i).isHidden()]
    assert 0 < len(names) < 100 and names == sorted(names, key=sort_key)


def test_a_changed_row_moves_to_its_place_in_the_order_shown(qtbot: QtBot) -> None:
    source_list = thousand_rows(qtbot)
    source_list.tree.header().setSortIndicator(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert column(source_list, COL_NAME)[0] == "Feed 999"
    source_list.update_rows([(Source(id=5, kind="feed", url="http://127.0.0.1:9/5",
                                     title="Zebra"), SourceState(source_id=5), 0)])
    qtbot.waitUntil(lambda: not source_list.busy)
    assert column(source_list, COL_NAME)[:2] == ["Zebra", "Feed 999"]


def a_source(n: int, title: str, *, group: str = "", kind: str = "feed",
             enabled: bool = True) -> tuple[Source, SourceState, int]:
    return (Source(id=n, kind=kind, url=f"http://127.0.0.1:9/{n}", title=title, group=group,
                   enabled=enabled), SourceState(source_id=n), 0)


def as_built_anew(qtbot: QtBot, source_list: SourceList) -> tuple[list[object], str, object]:
    """What a list built anew from ``source_list``'s rows shows: its rows (id, texts, hidden)
    top to bottom, its count line and what it counts of the same selection."""
    rows = {i.source_id: i for i in source_list._items.values()}
    fresh = SourceList(kind_settings)
    qtbot.addWidget(fresh)
    header = source_list.tree.header()
    fresh.tree.header().setSortIndicator(header.sortIndicatorSection(),
                                         header.sortIndicatorOrder())
    fresh.filter.setText(source_list.filter.text())
    fresh.update_rows([(Source(id=n, kind="feed", url=f"http://127.0.0.1:9/{n}",
                               title=item.text(COL_NAME), group=item.text(COL_GROUP),
                               enabled=item.text(3) != "Disabled"), SourceState(source_id=n), 0)
                       for n, item in rows.items()], complete=True)
    qtbot.waitUntil(lambda: not fresh.busy)
    chosen = set(source_list.selected_ids())
    fresh.tree.clearSelection()
    for item in fresh._items.values():
        item.setSelected(item.source_id in chosen)
    return shown(fresh), fresh.count.text(), fresh.selection()


def shown(source_list: SourceList) -> list[object]:
    tree = source_list.tree
    return [(tree.topLevelItem(i).data(0, ID_ROLE), tree.topLevelItem(i).text(COL_NAME),
             tree.topLevelItem(i).text(COL_GROUP), tree.topLevelItem(i).text(3),
             tree.topLevelItem(i).isHidden()) for i in range(tree.topLevelItemCount())]


def test_one_source_added_removed_renamed_or_disabled_keeps_the_list_right(
        qtbot: QtBot) -> None:
    """A change to one source puts its row in its place and counts it, without re-sorting or
    counting every row: what is shown, the count line and what the selection counts are what a
    list built anew shows, in any order, with or without a filter."""
    source_list = SourceList(kind_settings)
    qtbot.addWidget(source_list)
    source_list.show()
    source_list.update_rows([a_source(n, f"Feed {n * 37 % 60}", group=("news", "Tech")[n % 2],
                                      enabled=n % 5 != 0) for n in range(1, 61)],
                            complete=True)
    qtbot.waitUntil(lambda: not source_list.busy)
    tree = source_list.tree
    changes: list[tuple[list[tuple[Source, SourceState, int]], list[int]]] = [
        ([a_source(61, "Aardvark", group="news")], []),  # added at the top
        ([a_source(62, "Feed 30b", group="Tech", enabled=False)], []),  # added mid-list
        ([], [7]),  # removed
        ([a_source(12, "Zulu", group="news")], []),  # renamed: to the bottom
        ([a_source(20, "Feed 1", group="Tech")], []),  # enabled (it was disabled)
        ([a_source(21, "Feed 3", group="Tech", enabled=False)], []),  # disabled
        ([], [61, 62]),  # two removed
    ]
    for sort in ((COL_NAME, Qt.SortOrder.AscendingOrder),
                 (COL_GROUP, Qt.SortOrder.DescendingOrder),
                 (COL_NAME, Qt.SortOrder.DescendingOrder)):
        tree.header().setSortIndicator(*sort)
        for words in ("", "tech"):
            source_list.filter.setText(words)
            for rows, gone in changes:
                select(source_list, 2, 9)  # type: ignore[arg-type]
                source_list.selection()  # its marks made: the change must keep them right
                source_list.update_rows(rows, gone=gone)
                qtbot.waitUntil(lambda: not source_list.busy)
                assert (shown(source_list), source_list.count.text(),
                        source_list.selection()) == as_built_anew(qtbot, source_list)
            for _rows, gone in changes:  # the removed ones back, for the next round
                if gone:
                    source_list.update_rows([a_source(n, f"Feed {n * 37 % 60}",
                                                      group=("news", "Tech")[n % 2],
                                                      enabled=n % 5 != 0)
                                             for n in gone if n <= 60])
                qtbot.waitUntil(lambda: not source_list.busy)


def test_removing_or_renaming_one_of_1000_sources_runs_no_python_per_row(
        qtbot: QtBot) -> None:
    """Removing one of 1,000 sources re-sorted the list and counted every row's status again
    on the GUI thread (with the inbox and the engine running Python at the same time: a stall
    of 29-57 ms); one row is taken out, or put in its place, and counted alone."""
    source_list = thousand_rows(qtbot)
    tree = source_list.tree
    tree.setCurrentItem(tree.topLevelItem(5))
    source_list.selection()
    before = source_list.count.text()
    calls = 0

    def count(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    for change in (lambda: source_list.update_rows([], gone=[500]),
                   lambda: source_list.update_rows([a_source(600, "Aardvark")]),
                   lambda: source_list.update_rows([a_source(601, "Feed 1", enabled=False)])):
        calls = 0
        sys.setprofile(count)
        try:
            change()
            source_list.selection()
        finally:
            sys.setprofile(None)
        assert not source_list.busy and calls < 400
    assert before == f"{QLocale().toString(1000)} sources"
    assert source_list.count.text() == "999 sources · 1 disabled"  # 1,000 - 1 + 1 - 1 + 0
    assert column(source_list, COL_NAME)[0] == "Aardvark"
    assert 500 not in {tree.topLevelItem(i).data(0, ID_ROLE)
                       for i in range(tree.topLevelItemCount())}
    # the current row renamed (its editor saved): it moves, and stays current and selected
    mine = tree.currentItem().data(0, ID_ROLE)
    tree.currentItem().setSelected(True)
    source_list.update_rows([a_source(mine, "Zz last")])
    assert tree.currentItem().data(0, ID_ROLE) == mine and tree.currentItem().isSelected()
    assert tree.indexOfTopLevelItem(tree.currentItem()) == tree.topLevelItemCount() - 1
    assert source_list.selected_ids() == [mine]


def test_many_sources_have_the_room_and_the_split_is_remembered(
        qtbot: QtBot, many: int, bridge: Any, paths: Paths, shots_dir: Path) -> None:
    """Regression: at the default 820×720 with hundreds of sources about 12 rows showed, and the
    editor (greyed out until a source is selected) took half the page."""
    from notify.app.settings.window import SettingsWindow
    from notify.app.window_state import WindowState

    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == many and not page.list.busy,
                    timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(3))
    qtbot.wait(50)
    rows = page.tree.viewport().height() // page.tree.visualItemRect(
        page.tree.topLevelItem(0)).height()
    assert rows >= 18, rows
    list_part, editor = page.split.sizes()
    assert list_part > 1.3 * editor
    # the editor's Save is in sight without scrolling the editor
    save_at = page.save_button.mapTo(page.split.widget(1), page.save_button.rect().bottomLeft())
    assert save_at.y() <= page.split.widget(1).height()
    window.grab().save(str(shots_dir / "settings-many-sources.png"))

    page.split.setSizes([200, 420])  # the person drags the divider
    WindowState(paths.window_state).save(window, "settings")
    again = SettingsWindow(bridge, paths)
    qtbot.addWidget(again)
    WindowState(paths.window_state).restore(again, "settings")
    again.show()
    qtbot.waitUntil(lambda: again.sources.split.sizes()[0] > 0)
    assert again.sources.split.sizes() == page.split.sizes()


def test_a_selected_source_s_health_is_in_sight_until_the_person_places_the_divider(
        qtbot: QtBot, many: int, bridge: Any, paths: Paths, shots_dir: Path) -> None:
    """Regression: at 1280×1024 the editor was sized for no source selected; a source's Health
    (two lines) was then cut behind a scroll bar, under a list mostly empty. Until the person
    places the divider the editor gets what it needs (up to its share, and never less than
    its content); after, it is theirs."""
    from notify.app.settings.window import SettingsWindow

    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.resize(1280, 1024)
    window.show()
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == many and not page.list.busy,
                    timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(3))
    assert "\n" in page.health.text() or page.health.heightForWidth(page.health.width()) > (
        page.health.fontMetrics().lineSpacing() + 2)  # two lines: last success, next poll
    editor = page.split.widget(1)
    assert editor is page.editor  # in no scroll area of its own
    qtbot.wait(300)  # laid out
    assert editor.height() >= editor.heightForWidth(editor.width()), page.split.sizes()
    window.grab().save(str(shots_dir / "settings-source-health-1280.png"))
    # the person drags the divider up: the editor keeps the room they gave it
    page.split.moveSplitter(page.split.sizes()[0] - 60, 1)
    placed = page.split.sizes()
    page.tree.setCurrentItem(page.tree.topLevelItem(5))
    qtbot.wait(50)
    assert page.split.sizes() == placed


def test_the_list_says_kinds_and_statuses_in_sentence_case(qtbot: QtBot, bridge: Any,
                                                           shots_dir: Path) -> None:
    """Regression: the list said "feed", "ok", "failing" while the Add box says "Feed (RSS,
    Atom, JSON Feed)" and every other label of the app is in sentence case. The stored kind
    and the command line's words are unchanged; the filter still finds a kind by its id."""
    from notify.app.settings.source_tree import COL_STATUS

    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/feed.xml"))
    call(qtbot, bridge, lambda e: e.add_source("hackernews", ""))
    page = page_over(qtbot, bridge, 2)
    kinds = sorted(column(page.list, COL_KIND))
    assert kinds == ["Feed", "Hacker News"]
    assert set(column(page.list, COL_STATUS)) <= {"New", "Failing"}  # port 9 refuses
    assert page.add_kind.currentText().startswith("Feed")  # the same word as the Add box
    page.list.filter.setText("hackernews")
    tree = page.tree
    shown = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [i.text(COL_KIND) for i in shown if not i.isHidden()] == ["Hacker News"]
    page.grab().save(str(shots_dir / "sources-sentence-case.png"))
    sources = call(qtbot, bridge, lambda e: e.sources())
    assert sorted(s.kind for s in sources) == ["feed", "hackernews"]


def test_a_wider_window_gives_its_width_to_the_names(qtbot: QtBot, bridge: Any,
                                                     shots_dir: Path) -> None:
    """Regression: at 1280×1024 the names kept 260 px, cut ("10,000 Words :: where journalism
    and t…"), while the Status column ("New", "OK") had 700 px of nothing. The names take the
    width; Group, Kind and Status keep what they show."""
    from notify.app.settings.source_tree import COL_STATUS

    long_name = "10,000 Words :: where journalism and technology meet, a long name"
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/feed.xml",
                                               title=long_name, group="Journalism"))
    page = page_over(qtbot, bridge, 1)
    page.resize(1280, 900)
    qtbot.wait(50)
    tree = page.tree
    width = tree.viewport().width()
    assert tree.columnWidth(COL_NAME) >= width // 2
    assert tree.columnWidth(COL_STATUS) <= width // 6
    assert tree.columnWidth(COL_NAME) >= tree.fontMetrics().horizontalAdvance(long_name)
    assert tree.columnWidth(COL_GROUP) >= tree.fontMetrics().horizontalAdvance("Journalism")
    page.resize(820, 700)
    qtbot.wait(50)
    assert tree.columnWidth(COL_NAME) > 300  # more than it had (260) at 820 px too
    assert sum(tree.columnWidth(c) for c in range(4)) <= tree.viewport().width() + 1
    page.grab().save(str(shots_dir / "sources-names-wide.png"))


def test_the_buttons_act_on_the_source_the_editor_shows(qtbot: QtBot, paths: Paths,
                                                         bridge: Any) -> None:
    """Settings opened over sources: the list makes its first row current on its own, and
    the editor shows it; Enable, Disable and Remove… were greyed out under it (nothing was
    selected). The source the editor shows is the one selected, whatever made it current."""
    from notify.app.settings.window import SettingsWindow

    fill(paths.db, 0, n_sources=3)
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 3 and page.current is not None,
                    timeout=10_000)
    assert page.name.text() == "Source 1"
    assert page.list.selected_ids() == [page.current]
    assert page.disable_button.isEnabled() and page.remove_button.isEnabled()
    # a Ctrl-click that takes the selection off the row shown: it stays the one acted on
    page.tree.selectionModel().clearSelection()
    assert page.list.selected_ids() == [page.current]
    assert page.remove_button.isEnabled()
    # another row made current by the keyboard alone (Ctrl+Down): the editor shows the
    # source selected, the one the buttons act on, not the row the keyboard is on
    page.tree.selectionModel().setCurrentIndex(
        page.tree.model().index(2, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert page.list.selected_ids() == [page.current]
    assert page.name.text() == page.sources[page.current][0].title
    # a row clicked: shown and acted on
    page.tree.setCurrentItem(page.tree.topLevelItem(2))
    assert page.name.text() == "Source 3"
    assert page.list.selected_ids() == [page.current] == [3]
    page.disable_button.click()
    qtbot.waitUntil(lambda: not page.sources[3][0].enabled, timeout=5000)
    assert page.sources[1][0].enabled


def test_two_sources_named_after_one_host_are_told_apart(qtbot: QtBot, bridge: Any) -> None:
    """Regression: two sources added without a check on one host (named after it until polled)
    were both listed as "127.0.0.1", where the CLI and the poll's report say
    "127.0.0.1:9/a.xml" and "127.0.0.1:9/b.xml": the list says the name the rest of Notify says."""
    for path in ("a.xml", "b.xml"):
        call(qtbot, bridge, lambda e, p=path: e.add_source("feed", f"http://127.0.0.1:9/{p}",
                                                           title="127.0.0.1"))
    page = page_over(qtbot, bridge, 2)
    assert sorted(rows_of(page)) == ["127.0.0.1:9/a.xml", "127.0.0.1:9/b.xml"]
    assert "127.0.0.1:9/" in page.tree.topLevelItem(0).toolTip(COL_NAME)
    page.list.filter.setText("b.xml")
    assert [t for i, t in enumerate(rows_of(page))
            if not page.tree.topLevelItem(i).isHidden()] == ["127.0.0.1:9/b.xml"]
