"""The settings window opens with only the page it shows built (the GUI thread's time at the
first open); every other page is built when its tab is chosen, or once the window is up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from notify.app.settings import window as settings_window
from notify.app.settings.window import SettingsWindow
from notify.app.text_size import text_size
from notify.core.paths import Paths
from tests.app.settings.conftest import showing_one_source

LATER_PAGES = ("notifications", "polling", "profile", "general")


def built_pages(window: SettingsWindow) -> list[str]:
    """The pages the window holds, by their tabs' titles (read from the widgets themselves)."""
    from notify.app.settings.general_page import GeneralPage
    from notify.app.settings.notifications_page import OptionsPage
    from notify.app.settings.profile_page import ProfilePage
    from notify.app.settings.sources_page import SourcesPage

    pages: list[QWidget] = []
    for cls in (SourcesPage, OptionsPage, ProfilePage, GeneralPage):
        pages += window.findChildren(cls)
    return sorted(page.accessibleName() for page in pages)


def test_the_window_opens_with_only_the_sources_page_built(
        qtbot: QtBot, bridge: Any, paths: Paths) -> None:
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentIndex() == 0
    assert built_pages(window) == ["Sources"]
    assert window.sources.isVisibleTo(window)


def test_choosing_a_tab_builds_its_page_shown_and_wired_to_the_status_line(
        qtbot: QtBot, bridge: Any, paths: Paths, monkeypatch: Any) -> None:
    monkeypatch.setattr(settings_window, "IDLE_BUILD_DELAY_MS", 60_000)  # none built meanwhile
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Profile"))
    assert built_pages(window) == ["Profile", "Sources"]
    page = window.profile  # the page the tab shows, not another one
    assert page.isVisibleTo(window) and page.accessibleName() == "Profile"
    assert window.profile is page
    page.message.emit("Saved your interests.")
    assert window.status.full_text == "Saved your interests."
    window.show_page(window.sources)
    assert window.tabs.currentIndex() == 0


def test_the_other_pages_are_built_once_the_window_is_up_not_before(
        qtbot: QtBot, bridge: Any, paths: Paths, monkeypatch: Any) -> None:
    monkeypatch.setattr(settings_window, "IDLE_BUILD_DELAY_MS", 50)
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    qtbot.wait(200)
    assert built_pages(window) == ["Sources"]  # a window not shown builds nothing more
    window.show()
    qtbot.waitUntil(lambda: len(built_pages(window)) == 5, timeout=5000)
    assert built_pages(window) == sorted(["Sources", "Notifications", "Polling and storage",
                                          "Profile", "General"])
    assert window.tabs.currentIndex() == 0  # still where the person was
    for key in LATER_PAGES:
        assert not getattr(window, key).isVisible()  # built, not shown over Sources


def test_a_page_asked_for_by_name_is_built_then(qtbot: QtBot, bridge: Any,
                                                paths: Paths) -> None:
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    page = window.notifications
    qtbot.waitUntil(lambda: bool(page.loaded), timeout=5000)
    assert built_pages(window) == ["Notifications", "Sources"]
    window.show()
    window.show_page(page)
    assert page.isVisible()


SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QApplication

from notify.app.bridge import EngineBridge, default_factory
from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths

app = QApplication([])
bridge = EngineBridge(default_factory(sys.argv[1]))
window = SettingsWindow(bridge, Paths(sys.argv[1]))
window.show()
app.processEvents()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("notify.app.settings."))))
"""


def test_opening_settings_imports_only_what_the_sources_page_needs(tmp_path: Path) -> None:
    """The other pages' modules are imported with their pages, not when the window opens: in a
    fresh interpreter, as the app imports the window when Settings opens the first time."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data")],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    assert "notify.app.settings.sources_page" in imported
    for module in ("profile_page", "notifications_page", "general_page"):
        assert f"notify.app.settings.{module}" not in imported


def _showing_one_source(qtbot: QtBot, bridge: Any, paths: Paths,
                        add: Any) -> SettingsWindow:
    """Settings shown, active, with the one source ``add(engine)`` adds chosen in its list."""
    window = showing_one_source(qtbot, bridge, paths, add)
    window.activateWindow()
    return window


def test_tab_goes_through_the_sources_page_as_it_is_seen(
        qtbot: QtBot, bridge: Any, paths: Paths) -> None:
    """Tab went from the list to the editor's fields, then to the buttons drawn between them
    (Import OPML… after Save), and stopped on the page's scroll area, showing no focus."""
    from PySide6.QtWidgets import QScrollArea

    window = _showing_one_source(qtbot, bridge, paths, lambda e: e.add_source(
        "feed", "http://127.0.0.1:9/a.xml", title="A"))
    page = window.sources
    page.tree.setFocus()
    seen = []
    for _ in range(40):
        window.focusNextChild()
        widget = window.focusWidget()
        if widget is page.tree:
            break
        seen.append(widget)
    names = [w.accessibleName() for w in seen]
    assert names.index("Import OPML") == 0
    assert names.index("Remove source") < names.index("Name") < names.index("Save source")
    assert not any(isinstance(w, QScrollArea) for w in seen)
    assert names[-5:] == ["Kind of source", "Address of the new source", "Add source",
                          "Filter sources", "Sort sources by"]


def test_tab_reaches_a_kinds_settings_before_the_switches_and_save(
        qtbot: QtBot, bridge: Any, paths: Paths) -> None:
    """The kind's own settings (Hacker News' list, minimum score…) are built when a source is
    chosen, after Save: Tab reached them after Save, below the switches they are drawn above."""
    window = _showing_one_source(qtbot, bridge, paths, lambda e: e.add_source(
        "hackernews", "", title="HN", settings={"list": "top"}))
    page = window.sources
    page.interval.setFocus()
    names = []
    for _ in range(8):
        window.focusNextChild()
        names.append(window.focusWidget().accessibleName())
    polled, muted = "Poll this source", "Never notify (items still reach the inbox)"
    assert names.index("List") < names.index("Minimum score") < names.index(polled)
    assert names.index(polled) < names.index(muted) < names.index("Save source")


def test_a_long_status_message_is_shown_whole_at_the_default_size(
        qtbot: QtBot, bridge: Any, paths: Paths, shots_dir: Path) -> None:
    """Regression: the status line was a word-wrapped QLabel: a message with an address or a
    path longer than the window made the window as wide as it (2,151 px: its end off screen),
    and a message of several lines could be cut. It wraps anywhere it must, keeps the window's
    width, and grows as tall as its lines."""
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    opened = text_size(window, *settings_window.SIZE_IN_TEXT)  # 820×720 at 9 pt, on screen
    assert window.size() == opened
    address = "https://example.org/" + "a-very-long-path-" * 12 + "feed.xml"
    message = (f"Could not add {address}: the server answered 404 Not Found.\n"
               "Check the address in your browser, then add it again; or import the "
               "feeds from an OPML file your old reader exported.")
    window.say(message)
    qtbot.waitUntil(lambda: window.status.height() >= window.status.sizeHint().height(),
                    timeout=2000)
    status = window.status
    assert window.width() == opened.width()
    assert status.geometry().right() < window.width()
    assert not status.elided and status.full_text == message
    shown = status.text().split("\n")
    assert len(shown) >= 4  # the address's line wrapped, the second line its own
    assert "".join(shown).replace(" ", "") == message.replace("\n", "").replace(" ", "")
    assert status.height() >= len(shown) * status.fontMetrics().lineSpacing()
    assert status.geometry().bottom() < window.height()
    window.grab().save(str(shots_dir / "settings-long-status.png"))


def test_a_pages_message_stays_with_its_page(qtbot: QtBot, bridge: Any, paths: Paths) -> None:
    """Regression: the status line kept its last message on every tab ("Added source 3…" was
    still shown on Notifications and Profile). Each page shows its own last message, or none."""
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    window.sources.message.emit("Added Example News.")
    assert window.status.full_text == "Added Example News."
    window.show_page(window.notifications)
    assert window.status.full_text == ""
    window.notifications.message.emit("Saved.")
    window.show_page(window.profile)
    assert window.status.full_text == ""
    window.show_page(window.sources)
    assert window.status.full_text == "Added Example News."
    window.sources.message.emit("Removed Example News.")  # said while Notifications is not
    window.show_page(window.notifications)
    assert window.status.full_text == "Saved."


def test_the_keyboard_starts_on_the_page_not_the_tab_bar(
        qtbot: QtBot, bridge: Any, paths: Paths) -> None:
    """Regression: Settings opened with the keyboard on the tab bar: a keyboard user pressed
    Tab once for nothing. It starts where the person acts (no sources: the address of a new
    one; sources: their list) and comes back to where it was on a page when its tab does."""
    from tests.app.conftest import call

    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.sources
    assert window.focusWidget() is page.add_url  # no sources yet
    window.show_page(window.general)
    assert window.focusWidget() is window.general.autostart
    window.show_page(window.notifications)
    first = window.focusWidget()
    assert first is not None and window.notifications.isAncestorOf(first)
    assert first is not window.tabs.tabBar()
    window.show_page(window.profile)
    assert window.profile.isAncestorOf(window.focusWidget())
    window.show_page(window.sources)
    assert window.focusWidget() is page.add_url
    page.add_kind.setFocus()  # the person moved; the page keeps it
    window.show_page(window.general)
    window.show_page(window.sources)
    assert window.focusWidget() is page.add_kind

    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", title="A"))
    again = SettingsWindow(bridge, paths)
    qtbot.addWidget(again)
    again.show()
    again.activateWindow()
    qtbot.waitUntil(lambda: again.sources.tree.topLevelItemCount() == 1, timeout=10_000)
    assert again.focusWidget() is again.sources.tree  # sources: the list
