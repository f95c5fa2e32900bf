"""Changes not saved in Settings are never lost without a word: closing the window, quitting,
choosing another page or another source asks Save / Discard / Cancel (``unsaved.py``); changes
on several pages are asked about once, Save all / Discard / Cancel."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from notify.app.settings.window import SettingsWindow
from tests.app.conftest import call


def asked(qtbot: QtBot, window: SettingsWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: window.question is not None and window.question.isVisible(),
                    timeout=3000)
    assert window.question is not None
    return window.question


def answer(qtbot: QtBot, window: SettingsWindow, button: str) -> None:
    box = asked(qtbot, window)
    chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
    chosen.click()
    qtbot.waitUntil(lambda: window.question is None, timeout=3000)


def quiet_ticked(qtbot: QtBot, window: SettingsWindow) -> QCheckBox:
    page = window.notifications
    window.show_page(page)
    qtbot.waitUntil(lambda: bool(page.loaded), timeout=5000)
    switch = page.widgets["notify.quiet_enabled"]
    assert isinstance(switch, QCheckBox) and not switch.isChecked()
    switch.setChecked(True)
    return switch


def stored(qtbot: QtBot, bridge: Any, key: str) -> Any:
    return call(qtbot, bridge, lambda e: e.setting(key))


def test_closing_with_quiet_hours_ticked_asks_and_saves(qtbot: QtBot, window: SettingsWindow,
                                                        bridge: Any) -> None:
    """Regression: Notifications → tick Quiet hours → close Settings: the tick was dropped
    without a word (``notify settings show``: quiet_enabled no)."""
    quiet_ticked(qtbot, window)
    window.close()
    box = asked(qtbot, window)
    assert window.isVisible()  # not closed while asked
    assert "Notifications" in box.text() and "“Quiet\u00a0hours”" in box.informativeText()
    answer(qtbot, window, "Save")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)  # closed once stored
    assert stored(qtbot, bridge, "notify.quiet_enabled") is True


def test_discard_closes_and_keeps_what_was_stored(qtbot: QtBot, window: SettingsWindow,
                                                  bridge: Any) -> None:
    switch = quiet_ticked(qtbot, window)
    window.close()
    answer(qtbot, window, "Discard changes")
    assert not window.isVisible()
    assert not switch.isChecked()  # the page shows what is stored when it opens again
    assert stored(qtbot, bridge, "notify.quiet_enabled") is False


def test_cancel_keeps_the_window_and_the_change(qtbot: QtBot, window: SettingsWindow,
                                                bridge: Any) -> None:
    switch = quiet_ticked(qtbot, window)
    window.close()
    answer(qtbot, window, "Cancel")
    assert window.isVisible() and switch.isChecked()
    assert stored(qtbot, bridge, "notify.quiet_enabled") is False
    window.notifications.discard()  # (the fixture's close)


def test_a_refused_value_keeps_the_window_open_with_its_error(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    quiet_ticked(qtbot, window)
    start = window.notifications.widgets["notify.quiet_start"]
    assert isinstance(start, QLineEdit)
    start.setText("25:61")
    window.close()
    answer(qtbot, window, "Save")
    qtbot.wait(100)
    assert window.isVisible()  # nothing stored, nothing lost: said under its field
    assert "HH:MM" in window.notifications.errors["notify.quiet_start"].text()
    assert stored(qtbot, bridge, "notify.quiet_enabled") is False
    window.notifications.discard()


def test_choosing_another_page_asks_about_the_page_left(qtbot: QtBot, window: SettingsWindow,
                                                       bridge: Any) -> None:
    quiet_ticked(qtbot, window)
    notifications = window.tabs.currentIndex()
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.slots["general"]))
    asked(qtbot, window)
    assert window.tabs.currentIndex() == notifications  # back on it while asked
    answer(qtbot, window, "Save")
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.slots["general"],
                    timeout=5000)
    assert stored(qtbot, bridge, "notify.quiet_enabled") is True
    # nothing changed: no question
    window.tabs.setCurrentIndex(notifications)
    assert window.question is None and window.tabs.currentIndex() == notifications


def test_interests_typed_are_asked_about(qtbot: QtBot, window: SettingsWindow) -> None:
    page = window.profile
    window.show_page(page)
    qtbot.wait(200)
    page.interests.setText("telescopes")
    window.close()
    box = asked(qtbot, window)
    assert "“Interests”" in box.informativeText()
    answer(qtbot, window, "Discard changes")
    assert not window.isVisible() and page.interests.text() == ""


def two_sources(engine: Any) -> None:
    engine.add_source("feed", "http://127.0.0.1:9/a.xml", title="Alpha")
    engine.add_source("feed", "http://127.0.0.1:9/b.xml", title="Beta")


def test_choosing_another_source_asks_about_the_one_edited(qtbot: QtBot, window: SettingsWindow,
                                                          bridge: Any) -> None:
    call(qtbot, bridge, two_sources)
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2 and page.current is not None,
                    timeout=10_000)
    assert page.name.text() == "Alpha"
    page.group.setText("Astronomy")
    page.tree.setCurrentItem(page.tree.topLevelItem(1))  # a click on Beta
    box = asked(qtbot, window)
    assert "“Alpha”" in box.text() and "“Group”" in box.informativeText()
    assert page.name.text() == "Alpha" and page.list.selected_ids() == [page.current]
    answer(qtbot, window, "Save")
    qtbot.waitUntil(lambda: page.name.text() == "Beta", timeout=5000)
    assert page.list.selected_ids() == [page.current]
    sources = {s.title: s for s in call(qtbot, bridge, lambda e: e.sources())}
    assert sources["Alpha"].group == "Astronomy"
    # Discard: the other source is shown, the change gone
    page.name.setText("Beta renamed")
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    answer(qtbot, window, "Discard changes")
    qtbot.waitUntil(lambda: page.name.text() == "Alpha", timeout=5000)
    assert {s.title for s in call(qtbot, bridge, lambda e: e.sources())} == {"Alpha", "Beta"}


def interests_typed(qtbot: QtBot, window: SettingsWindow, text: str) -> None:
    """``text`` typed in the Profile page's interests, not saved (the page not shown)."""
    page = window.profile
    qtbot.wait(200)  # its profile read
    page.interests.setText(text)


def questions_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every question about changes the window asks from now on."""
    from notify.app.settings import window as module

    seen: list[str] = []

    def counted(real: Any) -> Any:
        def asking(*args: Any) -> QMessageBox:
            box: QMessageBox = real(*args)
            seen.append(box.text())
            return box
        return asking

    monkeypatch.setattr(module, "ask", counted(module.ask))
    monkeypatch.setattr(module, "ask_several", counted(module.ask_several))
    return seen


def test_closing_with_changes_on_two_pages_asks_once_naming_each(
        qtbot: QtBot, window: SettingsWindow, bridge: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: Quiet hours ticked on Notifications and interests typed on Profile, then
    Settings closed: it asked about the Notifications page, then, once answered, again about
    the Profile page. It asks once, each page on a line with what changed there."""
    quiet_ticked(qtbot, window)
    interests_typed(qtbot, window, "telescopes")
    seen = questions_asked(monkeypatch)
    window.close()
    box = asked(qtbot, window)
    assert box.text() == "Save your changes on 2 pages?"
    lines = box.informativeText().splitlines()
    assert lines[1:] == ["• the Notifications page: “Quiet\u00a0hours”",
                         "• the Profile page: “Interests”"]
    assert {b.text().replace("&", "") for b in box.buttons()} == {"Save all", "Discard",
                                                                   "Cancel"}
    answer(qtbot, window, "Save all")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)  # closed once both stored
    assert seen == ["Save your changes on 2 pages?"]  # never a second question
    assert stored(qtbot, bridge, "notify.quiet_enabled") is True
    summary = call(qtbot, bridge, lambda e: e.ranking().show(10))
    assert [t.value for t in summary.interests] == ["telescopes"]


def test_discard_drops_the_changes_on_every_page_and_closes(
        qtbot: QtBot, window: SettingsWindow, bridge: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    switch = quiet_ticked(qtbot, window)
    interests_typed(qtbot, window, "telescopes")
    seen = questions_asked(monkeypatch)
    window.close()
    answer(qtbot, window, "Discard")
    assert not window.isVisible() and len(seen) == 1
    assert not switch.isChecked() and window.profile.interests.text() == ""
    assert stored(qtbot, bridge, "notify.quiet_enabled") is False


def test_save_all_stops_on_the_page_whose_value_is_refused(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """A value refused on a page saved by Save all: that page is shown with the error under
    its field, the window stays, the other page's changes are kept (not lost)."""
    quiet_ticked(qtbot, window)
    start = window.notifications.widgets["notify.quiet_start"]
    assert isinstance(start, QLineEdit)
    start.setText("25:61")
    interests_typed(qtbot, window, "telescopes")
    window.close()
    answer(qtbot, window, "Save all")
    qtbot.wait(200)
    assert window.isVisible()
    assert window.tabs.currentWidget() is window.slots["notifications"]
    assert "HH:MM" in window.notifications.errors["notify.quiet_start"].text()
    assert window.profile.interests.text() == "telescopes"
    assert stored(qtbot, bridge, "notify.quiet_enabled") is False
    window.notifications.discard()
    window.profile.discard()


def test_changes_to_a_source_and_a_page_are_asked_about_together(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    call(qtbot, bridge, two_sources)
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2 and page.current is not None,
                    timeout=10_000)
    quiet_ticked(qtbot, window)  # (the Notifications page shown)
    page.group.setText("Astronomy")
    window.close()
    box = asked(qtbot, window)
    assert box.informativeText().splitlines()[1:] == [
        "• source “Alpha”: “Group”", "• the Notifications page: “Quiet\u00a0hours”"]
    answer(qtbot, window, "Save all")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    sources = {s.title: s for s in call(qtbot, bridge, lambda e: e.sources())}
    assert sources["Alpha"].group == "Astronomy"
    assert stored(qtbot, bridge, "notify.quiet_enabled") is True


def test_a_field_s_name_is_never_broken_over_two_lines(
        qtbot: QtBot, window: SettingsWindow) -> None:
    """Regression: closing with Quiet hours ticked and interests typed, the question's box
    (as wide as Qt makes it) wrapped its line as "the Notifications page: “Quiet" and
    "hours”". The lines break between words of the sentence, never inside a field's name."""
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QLabel

    quiet_ticked(qtbot, window)
    interests_typed(qtbot, window, "telescopes")
    window.close()
    box = asked(qtbot, window)
    label = next(w for w in box.findChildren(QLabel) if w.text() == box.informativeText())
    qtbot.wait(50)
    broken = []
    for paragraph in label.text().splitlines():
        layout = QTextLayout(paragraph, label.font())
        layout.beginLayout()
        ends = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(label.contentsRect().width())
            ends.append(line.textStart() + line.textLength())
        layout.endLayout()
        broken += [paragraph for end in ends[:-1]
                   if paragraph[:end].count("“") > paragraph[:end].count("”")]
    assert broken == []
    answer(qtbot, window, "Discard")
