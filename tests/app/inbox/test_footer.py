"""The line under the inbox: results kept a few seconds, the empty inbox's hint replaced as soon
as items are there."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox.footer import InboxFooter


def test_a_result_said_just_before_is_kept_over_a_page_count(qtbot: QtBot) -> None:
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    footer.say("Marked 3 items as read.")
    footer.loaded(70, filtered=False)
    assert footer.status.text() == "Marked 3 items as read."


def test_the_empty_inbox_hint_goes_when_items_come(qtbot: QtBot) -> None:
    """On a first start without a tray, the notice "No desktop notification service…" was said,
    the empty inbox then showed its hint over it, and the first run's 70 items came within a
    few seconds: the footer went on saying "No items yet" under 70 items."""
    footer = InboxFooter(AppActions())
    qtbot.addWidget(footer)
    footer.say("No desktop notification service is running.")
    footer.loaded(0, filtered=False)
    assert "No items yet" in footer.status.text()
    footer.loaded(70, filtered=False)
    assert footer.status.text() == "70 items loaded"


def test_nothing_matches_goes_when_the_search_is_cleared(qtbot: QtBot) -> None:
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    footer.loaded(0, filtered=True)
    assert footer.status.text() == "Nothing matches this filter or search."
    footer.loaded(70, filtered=False)  # the search cleared a second later
    assert footer.status.text() == "70 items loaded"
