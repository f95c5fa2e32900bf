"""Settings → Sources: the editor shows a source the list shows. Typing in the filter that hides
the source in the editor selects the first row the filter keeps (the editor shows it), or shows
none when no row matches; the editor's changes not saved are never dropped by a filter: it keeps
its source and says that the filter hides it (offscreen, the real engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from notify.app.settings.source_tree import ID_ROLE
from tests.app.settings.test_source_list import many, page_over

__all__ = ["many"]


def test_a_filter_that_hides_the_source_in_the_editor_selects_its_first_match(
        qtbot: QtBot, many: int, bridge: Any, shots_dir: Path) -> None:
    page = page_over(qtbot, bridge, many)
    page.resize(720, 700)
    tree = page.tree
    tree.setCurrentItem(tree.topLevelItem(1))  # "Source 2", tech
    assert page.name.text() == "Source 2"
    page.list.filter.setText("tech")  # keeps it: it stays
    assert page.name.text() == "Source 2"
    page.list.filter.setText("news")  # hides it
    current = tree.currentItem()
    assert current is not None and not current.isHidden() and current.isSelected()
    assert page.name.text() == current.text(0) == "Source 1"  # the first match, shown
    assert page.current == current.data(0, ID_ROLE)
    assert page.editor.title() == "Selected source"
    assert page.list.selected_ids() == [page.current]  # Remove… acts on what is shown
    page.list.filter.setText("")
    assert page.name.text() == "Source 1" and tree.currentItem() is current
    page.grab().save(str(shots_dir / "filter-follows.png"))


def test_a_filter_matching_nothing_empties_the_editor_and_says_so(
        qtbot: QtBot, many: int, bridge: Any) -> None:
    page = page_over(qtbot, bridge, many)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.list.filter.setText("no such source")
    assert page.current is None and page.name.text() == "" and not page.editor.isEnabled()
    assert page.editor.title() == "No source matches the filter"
    assert not page.check_button.isEnabled() and not page.remove_button.isEnabled()
    page.list.filter.setText("Source 7")  # rows again: the first is chosen
    assert page.name.text() == page.tree.currentItem().text(0)
    assert page.editor.title() == "Selected source"


def test_changes_not_saved_keep_their_source_in_the_editor_which_says_it_is_filtered_out(
        qtbot: QtBot, many: int, bridge: Any, shots_dir: Path) -> None:
    page = page_over(qtbot, bridge, many)
    page.resize(720, 700)
    page.tree.setCurrentItem(page.tree.topLevelItem(1))
    page.name.setText("Source 2, renamed")
    page.list.filter.setText("news")  # hides it: no question at each letter, nothing lost
    assert page.name.text() == "Source 2, renamed"
    assert page.editor.title() == ("Selected source (the filter hides its row; clear the "
                                   "filter to see it)")
    page.grab().save(str(shots_dir / "filter-hides-edited.png"))
    page.list.filter.setText("")
    assert page.editor.title() == "Selected source"
    assert page.tree.currentItem().text(0) == "Source 2"
