"""The line under the inbox: results kept a few seconds, the empty inbox's hint replaced as soon
as items are there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.query import InboxFilter


def test_a_result_said_just_before_is_kept_over_a_page_count(qtbot: QtBot) -> None:
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    footer.say("Marked 3 items as read.")
    footer.loaded(70)
    assert footer.status.text() == "Marked 3 items as read."


def test_the_empty_inbox_hint_goes_when_items_come(qtbot: QtBot) -> None:
    """On a first start without a tray, the notice "No desktop notification service…" was said,
    the empty inbox then showed its hint over it, and the first run's 70 items came within a
    few seconds: the footer went on saying "No items yet" under 70 items."""
    footer = InboxFooter(AppActions())
    qtbot.addWidget(footer)
    footer.say("No desktop notification service is running.")
    footer.loaded(0)
    assert "No items yet" in footer.status.text()
    footer.loaded(70)
    assert footer.status.text() == "70 items"


def test_nothing_matches_goes_when_the_search_is_cleared(qtbot: QtBot) -> None:
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    footer.loaded(0, InboxFilter(search="rust"))
    assert footer.status.text() == "No item matches “\u2068rust\u2069”."
    footer.loaded(70)  # the search cleared a second later
    assert footer.status.text() == "70 items"


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


def test_each_empty_view_says_what_fits_it(qtbot: QtBot) -> None:
    """Regression: every empty view but All items said "Nothing matches this filter or
    search." (Show → Unread with none left, under the pane's "You're all caught up")."""
    from notify.app.inbox import query

    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    footer.keys = {"save": "s", "like": "l"}
    name = "\u2068Local news\u2069"  # as ``filters.shown_name`` gives it
    cases = [
        (InboxFilter(view=query.VIEW_UNREAD), "", "No unread items: you're all caught up."),
        (InboxFilter(view=query.VIEW_SAVED), "",
         "Nothing saved yet: press s to save the item shown for later."),
        (InboxFilter(view=query.VIEW_LIKED), "",
         "No liked items yet: press l to like the item shown."),
        (InboxFilter(view=query.VIEW_NOTIFIED), "", "No items were notified yet."),
        (InboxFilter(view=query.VIEW_OVER_BUDGET), "",
         "No items were left silent over today's budget."),
        (InboxFilter(source_id=4), name, f"No items from {name} yet."),
        (InboxFilter(view=query.VIEW_UNREAD, source_id=4), name,
         f"No unread items from {name}: you're all caught up."),
        (InboxFilter(search="rust  async"), "", "No item matches “\u2068rust async\u2069”."),
        (InboxFilter(view=query.VIEW_SAVED, source_id=4, search="rust"), name,
         f"No saved item from {name} matches “\u2068rust\u2069”."),
        (InboxFilter(), "", "No items yet."),
    ]
    for filt, shown, words in cases:
        footer.say("Marked 3 items as read.")  # an empty page is no count: it says so at once
        footer.loaded(0, filt, shown)
        assert footer.status.text() == words, filt
    footer.keys = {}  # (no menus: an inbox without its item actions)
    footer.loaded(0, InboxFilter(view=query.VIEW_SAVED))
    assert footer.status.text() == "Nothing saved yet: Item → Save for later keeps the item shown."


def test_the_unread_view_with_none_left_says_you_are_caught_up_in_both_places(
        qtbot: QtBot, tmp_path: Path, shots_dir: Path) -> None:
    from notify.app.inbox import query
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow
    from notify.core.paths import Paths
    from notify.core.store.db import connect
    from tests.app.conftest import fill

    paths = Paths(tmp_path / "data").ensure()
    fill(paths.db, 30)
    conn = connect(paths.db)
    conn.execute("UPDATE items SET read = 1")
    conn.commit()
    conn.close()
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.resize(820, 600)
        window.show()
        qtbot.waitUntil(lambda: window.status.text() == "30 items")
        window.set_view(query.VIEW_UNREAD)
        qtbot.waitUntil(lambda: window.pane.title.text() == "You're all caught up")
        qtbot.waitUntil(lambda: window.status.text()
                        == "No unread items: you're all caught up.")
        window.grab().save(str(shots_dir / "inbox-unread-caught-up.png"))
        window.set_view(query.VIEW_SAVED)  # the key the window's Save for later has
        qtbot.waitUntil(lambda: window.status.text()
                        == "Nothing saved yet: press s to save the item shown for later.")
        window.grab().save(str(shots_dir / "inbox-saved-empty.png"))
    finally:
        reader.close()


def colours_of(widget: object) -> set[str]:
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    return {image.pixelColor(x, y).name() for x in range(image.width())
            for y in range(image.height())}


def test_the_links_follow_a_live_switch_to_a_dark_theme(qtbot: QtBot, qapp: Any) -> None:
    """Regression: after a live switch from the light theme to a dark one the footer's links
    (Dismiss, Resume) stayed the light theme's dark blue, unreadable on the dark window; a
    window opened in the dark theme was fine."""
    from PySide6.QtWidgets import QApplication

    from tests.app.conftest import dark_palette

    before = qapp.palette()
    footer = InboxFooter(AppActions())
    qtbot.addWidget(footer)
    footer.resize(600, 120)
    footer.show()
    footer.set_notices(["No desktop notification service is running."])
    footer.set_paused(True, "until 14:30")
    light_link = before.link().color().name()
    dark = dark_palette()
    try:
        QApplication.setPalette(dark)
        qtbot.wait(20)
        for label in (footer.notice, footer.paused_note):
            drawn = colours_of(label)
            assert dark.link().color().name() in drawn, label.accessibleName()
            assert light_link not in drawn, label.accessibleName()
    finally:
        QApplication.setPalette(before)
    qtbot.wait(20)
    assert light_link in colours_of(footer.notice)  # and back
