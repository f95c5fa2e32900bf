"""The line under the inbox: results kept a few seconds, the empty inbox's hint replaced as soon
as items are there."""

from __future__ import annotations

from pathlib import Path

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


def test_the_hint_quiet_hours_and_pause_keep_an_820_px_inbox_820_px_wide(
        qtbot: QtBot, tmp_path: Path, shots_dir: Path) -> None:
    """Regression: the footer's line, the quiet hours and the pause sat side by side on one
    line, never wrapped: together they made an inbox resized to 820 px 1,417 px wide (wider
    than the screen, their end out of sight). Each is on a line of its own, wrapped."""
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow
    from notify.core.paths import Paths
    from tests.app.conftest import fill

    paths = Paths(tmp_path / "data").ensure()
    fill(paths.db, 0)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.resize(820, 720)
        window.show()
        footer = window.footer
        qtbot.waitUntil(lambda: footer.status.text().startswith("No items yet"))
        footer.set_quiet(True, "until 07:00")
        footer.set_paused(True, "until tomorrow 07:00")
        footer.say("3 sources checked, 0 new items, 2 failed: Example News (the server did "
                   "not answer in 30 s) and Another Blog (404 Not Found).")
        qtbot.wait(100)
        assert window.width() == 820
        for label in (footer.status, footer.quiet_note, footer.paused_note):
            assert label.isVisible()
            right = label.mapTo(window, label.rect().topRight()).x()
            assert right < window.width(), label.accessibleName()
            assert label.height() >= label.heightForWidth(label.width())  # no line cut
        window.grab().save(str(shots_dir / "inbox-footer-quiet-paused.png"))
    finally:
        reader.close()
