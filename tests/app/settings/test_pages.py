"""Settings pages against the real engine (offscreen) and a feed on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QSpinBox
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app import desktop_entry, message_boxes
from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths
from tests.app.conftest import RSS, assert_not_blank, call


def engine_call(qtbot: QtBot, bridge: Any, fn: Any) -> Any:
    out: list[Any] = []
    bridge.submit(fn, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=5000)
    return out[0]


def test_add_edit_remove_a_feed(qtbot: QtBot, window: SettingsWindow, bridge: Any,
                                httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch,
                                shots_dir: Path) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    page = window.sources
    page.add_url.setText(httpserver.url_for("/feed.xml"))
    # a new source is polled at once; let that round end first (it names the source)
    with qtbot.waitSignal(bridge.pollFinished, timeout=15_000):
        page.add_button.click()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Added"))
    qtbot.waitUntil(lambda: page.tree.topLevelItem(0).text(3) == "OK", timeout=5000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    assert page.editor.isEnabled()
    page.name.setText("My local news")
    page.group.setText("local")
    page.interval.setValue(45)
    page.muted.setChecked(True)
    page.save_button.click()
    qtbot.waitUntil(lambda: window.status.full_text == "Saved My local news.", timeout=5000)
    source = engine_call(qtbot, bridge, lambda e: e.sources()[0])
    assert (source.title, source.group, source.interval_s, source.muted) == (
        "My local news", "local", 45 * 60, True)
    qtbot.waitUntil(lambda: page.tree.topLevelItem(0).text(0) == "My local news")
    assert_not_blank(window, shots_dir / "settings-sources.png")
    monkeypatch.setattr(message_boxes, "confirm", lambda *_a: True)
    page.remove_button.click()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 0, timeout=5000)
    assert engine_call(qtbot, bridge, lambda e: e.sources()) == []


def test_a_web_page_offers_its_feed(qtbot: QtBot, window: SettingsWindow, bridge: Any,
                                   httpserver: HTTPServer) -> None:
    feed_url = httpserver.url_for("/feed.xml")
    httpserver.expect_request("/").respond_with_data(
        f'<html><head><link rel="alternate" type="application/rss+xml" title="News" '
        f'href="{feed_url}"></head><body>hi</body></html>', content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    page = window.sources
    page.add_url.setText(httpserver.url_for("/"))
    page.add_button.click()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    source = engine_call(qtbot, bridge, lambda e: e.sources()[0])
    assert source.url == feed_url


def test_json_that_is_no_feed_points_at_the_json_kind(qtbot: QtBot, window: SettingsWindow,
                                                     httpserver: HTTPServer) -> None:
    """Regression: the page said "a web page that announces no feed" for a JSON API; then
    the command line's advice with its commands cut out ("follow it as a JSON API source:
    http://…/api.json; see first what it gives with http://…/api.json."): now the app's."""
    httpserver.expect_request("/api.json").respond_with_data(
        '{"results": [{"name": "a"}]}', content_type="application/json")
    page = window.sources
    url = httpserver.url_for("/api.json")
    page.add_url.setText(url)
    page.add_button.click()
    qtbot.waitUntil(lambda: "JSON, but not a feed" in window.status.full_text, timeout=10_000)
    assert window.status.full_text == (
        f"{url} is JSON, but not a feed. If it is a web API, follow it as a JSON API source: "
        "in Settings → Sources, choose the kind “JSON API” under Add a source and give it "
        "this address.")


def test_an_unreachable_address_says_what_failed(qtbot: QtBot, window: SettingsWindow) -> None:
    page = window.sources
    page.add_url.setText("http://127.0.0.1:9/nothing.xml")
    page.add_button.click()
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Could not add"), timeout=15_000)
    assert "127.0.0.1:9" in window.status.full_text
    assert page.add_button.isEnabled()


def test_opml_import_and_export(qtbot: QtBot, window: SettingsWindow, tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline text="A" type="rss" xmlUrl="http://127.0.0.1:9/a.xml"/>'
                    '<outline text="B" type="rss" xmlUrl="http://127.0.0.1:9/b.xml"/>'
                    '</body></opml>')
    page = window.sources
    page.import_opml(opml)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: "2 added" in window.status.full_text)
    out = tmp_path / "out.opml"
    page.export_opml(out)
    qtbot.waitUntil(out.exists, timeout=5000)
    assert "http://127.0.0.1:9/a.xml" in out.read_text()
    assert window.status.full_text == f"Exported 2 feeds to {out}."


def test_an_export_says_what_it_left_out(qtbot: QtBot, window: SettingsWindow, bridge: Any,
                                         tmp_path: Path) -> None:
    """Regression: "Exported your sources to …" when the Hacker News source was not in it."""
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml"))
    call(qtbot, bridge, lambda e: e.add_source("hackernews",
                                               "http://127.0.0.1:9/v0/topstories.json"))
    out = tmp_path / "out.opml"
    window.sources.export_opml(out)
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Exported"), timeout=5000)
    assert window.status.full_text == (
        f"Exported 1 feed to {out}. 1 web-API source (hackernews) is not in it: OPML lists "
        "feeds, and feed readers cannot use web APIs.")
    assert "topstories" not in out.read_text()


def test_notification_options_save_through_the_engine(qtbot: QtBot, window: SettingsWindow,
                                                      bridge: Any, shots_dir: Path) -> None:
    page = window.notifications
    window.show_page(page)  # its message is shown with it
    budget = page.widgets["notify.daily_budget"]
    assert isinstance(budget, QSpinBox)
    qtbot.waitUntil(lambda: bool(page.loaded))
    assert "notify.paused_until" not in page.widgets
    budget.setValue(3)
    page.save_button.click()
    qtbot.waitUntil(lambda: window.status.full_text == "Saved.", timeout=5000)
    assert engine_call(qtbot, bridge, lambda e: e.setting("notify.daily_budget")) == 3
    window.show_page(page)
    assert_not_blank(window, shots_dir / "settings-notifications.png")


def test_option_fields_and_save_are_as_wide_as_they_need_in_a_wide_window(
        qtbot: QtBot, window: SettingsWindow, shots_dir: Path) -> None:
    """Regression: at 1280×1024 a number of minutes had a 1,000 px field and Save was a bar
    across the window."""
    window.resize(1280, 1024)
    for page in (window.notifications, window.polling):
        window.show_page(page)
        qtbot.waitUntil(lambda p=page: bool(p.loaded))
        qtbot.wait(50)
        em = page.fontMetrics().horizontalAdvance("M")
        for key, widget in page.widgets.items():
            if not isinstance(widget, QCheckBox):
                assert widget.width() <= max(widget.sizeHint().width(), 12 * em), key
        assert page.save_button.width() <= page.save_button.sizeHint().width() + 2
        window.grab().save(str(shots_dir / f"settings-{page.accessibleName()}-1280.png"))


def test_start_at_login_writes_the_autostart_entry(qtbot: QtBot, window: SettingsWindow,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    page = window.general
    page.autostart.setChecked(True)
    entry = tmp_path / "config/autostart/io.github.notify.Notify.desktop"
    assert entry.exists() and "X-GNOME-Autostart-enabled=true" in entry.read_text()
    assert desktop_entry.autostart_enabled()
    page.autostart.setChecked(False)
    assert not entry.exists()


def test_open_data_folder_says_when_no_file_manager_opened_it(
        qtbot: QtBot, window: SettingsWindow, paths: Paths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: with no file manager the button did nothing, without a word. And it was a
    bar across the window."""
    from notify.app.settings import general_page

    asked: list[str] = []

    class NoFileManager:
        @staticmethod
        def openUrl(url: Any) -> bool:
            asked.append(url.toLocalFile())
            return False

    monkeypatch.setattr(general_page, "QDesktopServices", NoFileManager)
    window.resize(1280, 1024)
    page = window.general
    window.show_page(page)
    qtbot.wait(50)
    assert page.open_button.width() <= page.open_button.sizeHint().width() + 2
    page.open_button.click()
    assert asked == [str(paths.data_dir)]
    assert window.status.full_text == (
        f"No file manager could open the data folder {paths.data_dir}. Its path is shown "
        "above: select it to copy it.")


def test_every_control_has_an_accessible_name(window: SettingsWindow) -> None:
    from tests.app.conftest import unnamed_controls

    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        assert unnamed_controls(window) == [], window.tabs.tabText(index)


def test_without_a_keyring_a_token_is_refused_and_nothing_is_stored(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, paths: Paths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    page = window.sources
    page.add_kind.setCurrentIndex(page.add_kind.findData("json"))
    page.add_url.setText("http://127.0.0.1:9/api.json")
    token = "canary-no-keyring-51b2"
    page.add_form.widgets["token_ref"].setText(token)  # type: ignore[attr-defined]
    page.add_button.click()
    qtbot.waitUntil(lambda: "keyring" in window.status.full_text, timeout=10_000)
    # what failed, what it means for the source, what to do (as `notify sources add` says)
    assert window.status.full_text.startswith(
        "The token was not saved, so the source was not added. No system keyring is available.")
    assert "Start or unlock your keyring and try again." in window.status.full_text
    assert engine_call(qtbot, bridge, lambda e: e.sources()) == []
    assert page.add_button.isEnabled()
    # a token typed in a source's editor: the source is kept as it was, and the page says so
    source = engine_call(qtbot, bridge, lambda e: e.add_source(
        "json", "http://127.0.0.1:9/api.json"))
    qtbot.waitUntil(lambda: page.list.item(source.id) is not None, timeout=5000)
    page.tree.setCurrentItem(page.list.item(source.id))
    page.kind_form.widgets["token_ref"].setText(token)  # type: ignore[attr-defined]
    window.status.clear()
    page.save_button.click()
    qtbot.waitUntil(lambda: "keyring" in window.status.full_text, timeout=10_000)
    assert window.status.full_text.startswith(
        "The token was not saved, so nothing was changed. No system keyring is available.")
    assert not engine_call(qtbot, bridge, lambda e: e.sources())[0].settings.get("token_ref")
    searched = [path for path in paths.data_dir.rglob("*") if path.is_file()]
    assert paths.db in searched  # the search looked where a stored token would be
    for path in searched:
        assert token.encode() not in path.read_bytes(), f"the token is in {path}"


def test_quiet_hours_that_start_when_they_end_are_refused(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, shots_dir: Path) -> None:
    """As 'notify settings set' refuses them: start = end would be no quiet hours at all."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    page = window.notifications
    window.show_page(page)  # its message is shown with it
    qtbot.waitUntil(lambda: bool(page.loaded))
    switch, start = page.widgets["notify.quiet_enabled"], page.widgets["notify.quiet_start"]
    assert isinstance(switch, QCheckBox) and isinstance(start, QLineEdit)
    switch.setChecked(True)
    start.setText("07:00")  # the end is 07:00
    page.save_button.click()
    qtbot.waitUntil(lambda: "cannot start and end at the same time (07:00)"
                    in window.status.full_text, timeout=5000)
    assert "at the same time" in page.errors["notify.quiet_start"].text()  # under the start
    assert page.errors["notify.quiet_end"].marked and start.hasFocus()
    window.show_page(page)
    assert_not_blank(window, shots_dir / "settings-quiet-hours-refused.png")
    # nothing of that Save was stored, not even the switch
    assert engine_call(qtbot, bridge, lambda e: (e.setting("notify.quiet_enabled"),
                                                 e.setting("notify.quiet_start"))) == (
        False, "22:00")


def test_a_bad_quiet_hours_time_is_said_under_its_field_which_gets_the_keyboard(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, shots_dir: Path) -> None:
    """Regression: "25:61" was said only in the window's bottom line; the field was neither
    marked nor focused, and nothing said what form is accepted."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    page = window.notifications
    window.show_page(page)
    qtbot.waitUntil(lambda: bool(page.loaded))
    switch, start = page.widgets["notify.quiet_enabled"], page.widgets["notify.quiet_start"]
    assert isinstance(switch, QCheckBox) and isinstance(start, QLineEdit)
    switch.setChecked(True)
    start.setText("25:61")
    page.save_button.setFocus()
    page.save_button.click()
    error = page.errors["notify.quiet_start"]
    assert error.isVisible() and "HH:MM" in error.text() and "07:30" in error.text()
    assert start.hasFocus() and start.selectedText() == "25:61"  # to type it again at once
    assert start.styleSheet() and start.accessibleDescription() == error.text()
    assert error.text() in window.status.full_text
    assert_not_blank(window, shots_dir / "settings-quiet-hours-bad-time.png")
    qtbot.keyClicks(start, "22:30")  # typing takes the mark away; this one is saved
    assert not error.isVisible() and not start.styleSheet()
    page.save_button.click()
    qtbot.waitUntil(lambda: window.status.full_text == "Saved.", timeout=5000)
    assert engine_call(qtbot, bridge, lambda e: e.setting("notify.quiet_start")) == "22:30"


def test_fields_of_the_other_pages_say_their_errors_under_them(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, shots_dir: Path) -> None:
    """As for quiet hours: an empty address to add, an address that still shows a hidden
    secret, an interest or an alert that is no feature are said under their fields, which
    get the keyboard (they were said only in the window's bottom line)."""
    sources = window.sources
    sources.add_url.clear()
    sources.add_button.click()
    error = sources.adder.url_error
    assert error.isVisibleTo(window) and error.text().startswith("Type ")
    assert sources.add_url.hasFocus() and error.text() in window.status.full_text
    qtbot.keyClicks(sources.add_url, "h")  # typing takes it away
    assert not error.isVisibleTo(window)

    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/feed.xml"))
    qtbot.waitUntil(lambda: sources.tree.topLevelItemCount() == 1, timeout=10_000)
    sources.tree.setCurrentItem(sources.tree.topLevelItem(0))
    sources.address.setText("http://127.0.0.1:9/•••/feed.xml")
    sources.save_button.click()
    assert sources.address_error.isVisibleTo(window) and sources.address.hasFocus()
    assert "secret is hidden" in sources.address_error.text()
    qtbot.wait(50)  # the editor's layout makes room for the line
    assert sources.address.height() >= sources.address.minimumSizeHint().height()
    assert_not_blank(window, shots_dir / "settings-address-error.png")

    sources.editor.discard()  # else choosing another page asks about it first
    profile = window.profile
    window.show_page(profile)
    profile.interests.setText("rust, nosuchkind:x")
    profile.save_interests()
    assert profile.interests_error.isVisibleTo(window) and profile.interests.hasFocus()
    assert "KIND:VALUE" in profile.interests_error.text()
    profile.pin_value.clear()
    profile.add_pin("always")
    assert profile.pin_error.isVisibleTo(window) and profile.pin_value.hasFocus()
    assert_not_blank(window, shots_dir / "settings-profile-errors.png")


def test_a_setting_changed_elsewhere_shows_in_the_page(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """'notify settings set' while the page is open: the field shows the new value, unless
    the person is editing it."""
    page = window.notifications
    qtbot.waitUntil(lambda: bool(page.loaded))
    budget, sensitivity = (page.widgets["notify.daily_budget"],
                           page.widgets["notify.sensitivity"])
    assert isinstance(budget, QSpinBox)
    sensitivity.setValue(0.9)  # being edited, not saved
    engine_call(qtbot, bridge, lambda e: e.set_settings({"notify.daily_budget": 4,
                                                          "notify.sensitivity": 0.2}))
    qtbot.waitUntil(lambda: budget.value() == 4, timeout=5000)
    assert sensitivity.value() == 0.9


def test_quiet_hours_switch_comes_first_and_enables_its_times(window: SettingsWindow) -> None:
    from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel

    page = window.notifications
    layout = page.layout()
    assert isinstance(layout, QFormLayout)
    labels = []  # each row's name: its label's, or its check box's
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel) and item.widget().text():
            labels.append(item.widget().text())
            continue
        field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        boxes = field.widget().findChildren(QCheckBox) if field and field.widget() else []
        labels += [box.text() for box in boxes]
    quiet = labels.index("Quiet hours")
    assert labels[quiet + 1:quiet + 3] == ["Quiet hours start", "Quiet hours end"]
    switch = page.widgets["notify.quiet_enabled"]
    assert isinstance(switch, QCheckBox)
    start = page.widgets["notify.quiet_start"]
    switch.setChecked(False)
    assert not start.isEnabled()
    switch.setChecked(True)
    assert start.isEnabled()


def test_every_option_says_what_it_does(window: SettingsWindow) -> None:
    from PySide6.QtWidgets import QCheckBox, QLabel

    from notify.core.settings import BY_KEY

    page = window.notifications
    window.show_page(page)
    help_label = page.findChild(QLabel, "help-notify.sensitivity")
    assert help_label is not None and help_label.isVisibleTo(page)
    assert help_label.text() == BY_KEY["notify.sensitivity"].help
    grouping = page.widgets["notify.grouping"]
    assert isinstance(grouping, QCheckBox) and grouping.text() == BY_KEY["notify.grouping"].label
    grouping_help = page.findChild(QLabel, "help-notify.grouping")  # wrapped under the box
    assert grouping_help is not None and grouping_help.isVisibleTo(page)
    assert grouping_help.text() == BY_KEY["notify.grouping"].help
    assert grouping_help.wordWrap()


def test_sources_page_shows_address_default_interval_and_empty_hint(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    from notify.core.settings import BY_KEY

    page = window.sources
    qtbot.waitUntil(lambda: page.empty_hint.isVisibleTo(page), timeout=5000)
    assert not page.tree.isVisibleTo(page)
    assert not page.add_form.isVisibleTo(page)  # a feed needs nothing more: no blank gap
    engine_call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml",
                                                      title="A feed"))
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=5000)
    assert page.tree.isVisibleTo(page) and not page.empty_hint.isVisibleTo(page)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    assert page.address.text() == "http://127.0.0.1:9/a.xml"
    default = BY_KEY["poll.default_interval_min"].default
    assert page.interval.value() == 0
    assert page.interval.specialValueText() == f"default ({default} min)"
    # the default comes from the settings: change it and the page says so
    engine_call(qtbot, bridge, lambda e: e.set_setting("poll.default_interval_min", 120))
    page.refresh()
    qtbot.waitUntil(lambda: page.interval.specialValueText() == "default (2 hours)",
                    timeout=5000)


def test_a_failed_check_offers_add_anyway(qtbot: QtBot, window: SettingsWindow,
                                          bridge: Any) -> None:
    page = window.sources
    url = "http://127.0.0.1:9/down-for-now.xml"
    page.add_url.setText(url)
    page.add_button.click()
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Could not add"), timeout=15_000)
    assert page.add_anyway_button.isVisibleTo(page)
    assert engine_call(qtbot, bridge, lambda e: e.sources()) == []
    page.add_anyway_button.click()
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Added"), timeout=5000)
    assert [s.url for s in engine_call(qtbot, bridge, lambda e: e.sources())] == [url]
    assert not page.add_anyway_button.isVisibleTo(page)
    # editing the address withdraws the offer
    page.add_url.setText("http://127.0.0.1:9/other.xml")
    page.add_button.click()
    qtbot.waitUntil(lambda: page.add_anyway_button.isVisibleTo(page), timeout=15_000)
    page.add_url.setText("http://127.0.0.1:9/changed.xml")
    assert not page.add_anyway_button.isVisibleTo(page)


def test_a_source_read_with_a_warning_says_so_in_its_health() -> None:
    """A feed read leniently (or with items sharing an id) is not plain "ok": its health
    shows the warning until a clean read clears it (``SourceState.last_warning``)."""
    from notify.app.settings.source_health import health_text, status_word
    from notify.core.models import Source, SourceState

    source = Source(1, "feed", "https://example.org/feed", "Example", "", {}, None, True,
                    False, "", 0.0)
    warned = SourceState(1, last_success=100.0, last_warning="it was not well-formed XML")
    assert status_word(source, warned) == "Warning"
    assert "Warning: it was not well-formed XML" in health_text(warned, now=200.0)
    clean = SourceState(1, last_success=100.0)
    assert status_word(source, clean) == "OK" and "Warning" not in health_text(clean, 200.0)


def test_the_option_pages_stay_narrow_with_a_large_font(
        qtbot: QtBot, bridge: Any, large_font: Any) -> None:
    """Regression: a check box's help was its text, which never wraps: at 14 pt the
    Notifications page was 1,217 px wide at the least (the window with it), wider than the
    screen with a larger font. The help wraps under the box; the widest line is a field's."""
    from notify.app.settings.notifications_page import OptionsPage

    for prefixes in (("notify.",), ("poll.", "fetch.", "store.")):
        page = OptionsPage(bridge, prefixes)
        qtbot.addWidget(page)
        chars = page.minimumSizeHint().width() / page.fontMetrics().averageCharWidth()
        assert chars <= 60, (prefixes, page.minimumSizeHint())
