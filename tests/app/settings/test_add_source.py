"""Settings → Sources → "Add a source" for every kind, and the OPML import report, against the
real engine (offscreen), with servers on 127.0.0.1 and an in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.settings import feed_picker
from notify.app.settings.address_hints import Takes, hint_for
from notify.app.settings.kind_form import KindForm
from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths
from notify.core.sources import registry
from notify.core.sources.base import SettingType
from tests.app.conftest import assert_not_blank, call

CLI_WORDS = ("--option", "--token-stdin", "notify sources", "-o ")


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict, for the GUI tests (the real Secret Service runs in the session
    tests)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: only set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    ring = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: ring)
    return ring


@pytest.fixture
def window(qtbot: QtBot, bridge: Any, paths: Paths) -> Iterator[SettingsWindow]:
    w = SettingsWindow(bridge, paths)
    qtbot.addWidget(w)
    w.resize(900, 700)
    w.show()
    yield w


def choose(window: SettingsWindow, kind: str) -> None:
    page = window.sources
    page.add_kind.setCurrentIndex(page.add_kind.findData(kind))


def said(qtbot: QtBot, window: SettingsWindow, start: str, timeout: int = 10_000) -> str:
    qtbot.waitUntil(lambda: window.status.full_text.startswith(start), timeout=timeout)
    return window.status.full_text


def test_the_add_form_shows_every_setting_each_kind_declares(
        qtbot: QtBot, window: SettingsWindow, shots_dir: Path) -> None:
    """Regression: the form showed only required or secret settings (no Mastodon timeline or
    hashtag, no JSON items or fields, no Hacker News list)."""
    page = window.sources
    placeholders = set()
    for kind in registry.all_kinds():
        choose(window, kind.id)
        form = page.add_form
        assert form.settings == kind.settings, kind.id
        assert form.isVisibleTo(page) == bool(kind.settings), kind.id
        for setting in kind.settings:
            widget = form.widgets[setting.key]
            assert widget.isVisibleTo(page), (kind.id, setting.key)
            if setting.type is SettingType.CHOICE:
                assert isinstance(widget, QComboBox)
                assert [widget.itemData(i) for i in range(widget.count())] == list(
                    setting.choices)
                assert widget.currentData() == setting.default
            elif setting.type is SettingType.BOOL:
                assert isinstance(widget, QCheckBox)
                assert widget.isChecked() == bool(setting.default)
            label = form.layout().labelForField(  # type: ignore[attr-defined]
                widget.parentWidget() if widget.parentWidget() is not form else widget)
            assert isinstance(label, QLabel)
            assert label.text().endswith(" *") == setting.required, (kind.id, setting.key)
        hint = hint_for(kind)
        assert page.add_url.isVisibleTo(page) == (hint.takes is not Takes.NONE), kind.id
        if hint.takes is not Takes.NONE:
            placeholders.add(page.add_url.placeholderText())
        example = page.findChild(QLabel, "add-example")
        assert example is not None and example.isVisibleTo(page) and example.text(), kind.id
        # the form replaced is hidden at once, not drawn over the new one until deleted
        assert [f for f in page.findChildren(KindForm) if f.isVisibleTo(page)] in (
            [form], []), kind.id
        if kind.id in ("mastodon", "json"):
            assert_not_blank(window, shots_dir / f"settings-add-{kind.id}.png")
    # each kind says what address it wants, not "Feed or web page address" for all
    assert len(placeholders) == sum(hint_for(k).takes is not Takes.NONE
                                    for k in registry.all_kinds())


def test_hacker_news_is_added_without_an_address(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: "Type the address of a feed or web page first." for a kind that needs
    none."""
    from notify.core.sources import hackernews

    monkeypatch.setattr(hackernews, "API", httpserver.url_for("/v0"))
    httpserver.expect_request("/v0/newstories.json").respond_with_json([])
    page = window.sources
    choose(window, "hackernews")
    assert not page.add_url.isVisibleTo(page)
    list_box = page.add_form.widgets["list"]
    assert isinstance(list_box, QComboBox)
    list_box.setCurrentIndex(list_box.findData("new"))
    page.add_button.click()
    said(qtbot, window, "Added")
    source = call(qtbot, bridge, lambda e: e.sources()[0])
    assert (source.kind, source.url, source.settings["list"]) == (
        "hackernews", httpserver.url_for("/v0/newstories.json"), "new")


def test_github_notifications_take_an_empty_address_and_a_token(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> None:
    from notify.core.sources import github

    monkeypatch.setattr(github, "API", httpserver.url_for("").rstrip("/"))
    httpserver.expect_request("/notifications").respond_with_json([])
    page = window.sources
    choose(window, "github-notifications")
    assert page.add_url.isVisibleTo(page) and page.add_url.text() == ""
    assert "github.com" in page.add_url.placeholderText()
    page.add_button.click()  # no token yet: said with the field's label
    text = said(qtbot, window, "GitHub notifications need a token")
    assert "“GitHub token”" in text and not any(w in text for w in CLI_WORDS)
    token = page.add_form.widgets["token_ref"]
    assert isinstance(token, QLineEdit)
    token.setText("canary-gh-token-7731")
    page.add_button.click()
    said(qtbot, window, "Added")
    source = call(qtbot, bridge, lambda e: e.sources()[0])
    assert source.url == httpserver.url_for("/notifications")
    assert list(memory_keyring.store.values()) == ["canary-gh-token-7731"]


def test_a_choice_left_at_its_default_lets_the_address_decide(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A GitHub user's page pasted into the add form was refused ("a user has no releases")
    until "What to follow" was switched by hand: the form sent the choice's default, where
    `notify sources add` lets the address decide. A choice the person picks still counts."""
    from notify.core.sources import github_repo

    monkeypatch.setattr(github_repo, "API", httpserver.url_for("").rstrip("/"))
    httpserver.expect_request("/users/torvalds/events/public").respond_with_json([])
    page = window.sources
    choose(window, "github-repo")
    what = page.add_form.widgets["what"]
    assert isinstance(what, QComboBox) and what.currentData() == "releases"
    page.add_url.setText("https://github.com/torvalds")
    page.add_button.click()
    said(qtbot, window, "Added")
    source = call(qtbot, bridge, lambda e: e.sources()[0])
    assert source.settings["what"] == "events"
    # picked by the person, the default is given: the same address is then refused
    what.activated.emit(what.findData("releases"))
    page.add_url.setText("https://github.com/gvanrossum")
    page.add_button.click()
    qtbot.waitUntil(lambda: "has no releases" in window.status.full_text, timeout=10_000)
    assert len(call(qtbot, bridge, lambda e: e.sources())) == 1


def test_mastodon_hashtag_and_home_timelines(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        memory_keyring: MemoryKeyring) -> None:
    """Regression: no timeline or hashtag field; the error said ``--option tag=python``."""
    httpserver.expect_request("/api/v1/timelines/tag/python").respond_with_json([])
    httpserver.expect_request("/api/v1/timelines/home").respond_with_json([])
    instance = httpserver.url_for("").rstrip("/")
    page = window.sources
    choose(window, "mastodon")
    timeline = page.add_form.widgets["timeline"]
    assert isinstance(timeline, QComboBox)
    assert timeline.currentData() == "local"  # the instance alone: its local timeline
    timeline.setCurrentIndex(timeline.findData("tag"))
    page.add_url.setText(instance)
    page.add_form.widgets["token_ref"].setText("canary-masto-token-1")  # type: ignore[attr-defined]
    page.add_button.click()
    text = said(qtbot, window, "The Mastodon tag timeline needs a hashtag")
    assert "“Hashtag (for the tag timeline)”" in text, text
    assert not any(w in text for w in CLI_WORDS), text
    # the source was refused before its token went to the keyring: nothing left behind there
    assert memory_keyring.store == {}
    assert page.add_button.isEnabled()

    page.add_form.widgets["tag"].setText("python")  # type: ignore[attr-defined]
    page.add_form.widgets["token_ref"].clear()  # type: ignore[attr-defined]
    page.add_button.click()
    said(qtbot, window, "Added")

    # the hashtag typed for the tag timeline does not apply to the home one: greyed out and
    # not given (it was, and refused: "A hashtag is only for the tag timeline")
    timeline.setCurrentIndex(timeline.findData("home"))
    assert not page.add_form.widgets["tag"].isEnabled()
    page.add_url.setText(instance)
    page.add_button.click()
    text = said(qtbot, window, "The Mastodon home timeline needs an access token")
    assert "“Access token (home, notifications)”" in text and "--token" not in text
    page.add_form.widgets["token_ref"].setText("canary-masto-token-2")  # type: ignore[attr-defined]
    page.add_button.click()
    qtbot.waitUntil(lambda: len(call(qtbot, bridge, lambda e: e.sources())) == 2,
                    timeout=10_000)
    urls = sorted(s.url for s in call(qtbot, bridge, lambda e: e.sources()))
    assert urls == [f"{instance}/api/v1/timelines/home", f"{instance}/api/v1/timelines/tag/python"]
    assert list(memory_keyring.store.values()) == ["canary-masto-token-2"]


def test_json_items_and_fields_are_set_when_adding(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/alerts.json").respond_with_json(
        {"features": [{"properties": {"id": "a1", "headline": "Storm"}}]})
    page = window.sources
    choose(window, "json")
    page.add_url.setText(httpserver.url_for("/alerts.json"))
    page.add_form.widgets["items"].setText("features[].properties")  # type: ignore[attr-defined]
    page.add_form.widgets["fields"].setPlainText("title: headline")  # type: ignore[attr-defined]
    page.add_button.click()
    said(qtbot, window, "Added")
    source = call(qtbot, bridge, lambda e: e.sources()[0])
    assert source.settings["items"] == "features[].properties"
    assert source.settings["fields"] == {"title": "headline"}


def test_a_missing_address_is_asked_for_in_the_kinds_words(window: SettingsWindow) -> None:
    page = window.sources
    choose(window, "reddit")
    page.add_button.click()
    assert window.status.full_text == "Type a subreddit first."
    choose(window, "feed")
    page.add_button.click()
    assert window.status.full_text == "Type the address of a feed or web page first."


def test_why_an_address_cannot_be_added_is_said_under_it(
        qtbot: QtBot, window: SettingsWindow, httpserver: HTTPServer, shots_dir: Path) -> None:
    """Regression: a 404, a refused connection, a page without feeds or an address that is
    none were said only in the status line at the window's foot, far from the field: now
    under the address too, which is marked and has the keyboard with what was typed selected,
    so that it can be typed again at once; typing there takes the mark away."""
    httpserver.expect_request("/page.html").respond_with_data(
        "<html><head><title>A page</title></head><body>No feeds</body></html>",
        content_type="text/html")
    page = window.sources
    box = page.adder
    for url, start in ((httpserver.url_for("/missing.xml"), "Could not add"),
                       ("http://127.0.0.1:9/feed.xml", "Could not add"),
                       (httpserver.url_for("/page.html"), httpserver.url_for("/page.html")),
                       ("not an address", "'not an address' is not a valid web address")):
        page.add_url.setText(url)
        page.add_url.setFocus()
        qtbot.keyClick(page.add_url, Qt.Key.Key_Return)
        text = said(qtbot, window, start)
        assert box.url_error.isVisible() and box.url_error.text() == text
        assert page.add_url.hasFocus() and page.add_url.selectedText() == url
        assert_not_blank(window, shots_dir / f"settings-add-error-{len(url)}.png")
    qtbot.keyClicks(page.add_url, "h")  # typing again: the mark goes
    assert not box.url_error.isVisible() and page.add_url.text() == "h"


def test_a_missing_token_is_said_under_the_token_field(qtbot: QtBot,
                                                       window: SettingsWindow) -> None:
    """The message names the “GitHub token” field: it is said under that field (not under the
    address), which gets the keyboard; Enter there adds, as in the address."""
    page = window.sources
    choose(window, "github-notifications")
    page.add_button.click()
    text = said(qtbot, window, "GitHub notifications need a token")
    error = page.add_form.errors["token_ref"]
    token = page.add_form.widgets["token_ref"]
    assert error.isVisible() and error.text() == text
    assert not page.adder.url_error.isVisible()
    assert token.hasFocus()
    window.status.set_full_text("")
    qtbot.keyClick(token, Qt.Key.Key_Return)  # Enter in a setting's field adds too
    assert said(qtbot, window, "GitHub notifications need a token") == text


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>{0}</title>
<link>http://example.org/</link><item><title>An item</title><guid>{0}-1</guid></item>
</channel></rss>"""


def test_a_web_page_s_feeds_are_offered_those_already_added_marked(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A web site's page that announces three feeds, one of which is a source already: the
    chooser names the page, marks that one and offers the first other one; Cancel says that
    nothing was added (it said "Looking at…" for ever); when every feed is a source already,
    that is said under the address, with no chooser."""
    links = "".join(f'<link rel="alternate" type="application/rss+xml" title="{t}" '
                    f'href="{httpserver.url_for(f"/{t}.xml")}">' for t in ("news", "blog", "pod"))
    httpserver.expect_request("/").respond_with_data(
        f"<html><head><title>Site</title>{links}</head><body>hi</body></html>",
        content_type="text/html")
    for name in ("news", "blog", "pod"):
        httpserver.expect_request(f"/{name}.xml").respond_with_data(
            FEED.format(name.title()), content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/news.xml"),
                                               title="My news"))
    asked: list[tuple[str, list[str], int]] = []
    answers = [("", False)]  # Cancel first

    def choose_feed(_parent: Any, _title: str, label: str, labels: list[str], current: int,
                    *, ok_text: str = "") -> int | None:
        asked.append((label, labels, current))
        assert ok_text == "Add this feed"
        pick, ok = answers.pop(0)
        return next(n for n, x in enumerate(labels) if x.startswith(pick)) if ok else None

    monkeypatch.setattr(feed_picker, "choose", choose_feed)
    page = window.sources
    site = httpserver.url_for("/")
    page.add_url.setText(site)
    page.add_button.click()
    assert said(qtbot, window, "Nothing added") == f"Nothing added: no feed of {site} was chosen."
    label, labels, current = asked[0]
    assert label == f"{site} offers 3 feeds. Choose the one to add:"
    assert labels[0].endswith("(in your sources as \u2068My news\u2069)")
    assert not any("in your sources" in x for x in labels[1:])
    assert current == 1  # the first one not added yet
    for name in ("blog", "pod"):
        answers.append((name, True))
        page.add_url.setText(site)
        page.add_button.click()
        said(qtbot, window, f"Added {name.title()}")
    urls = {s.url for s in call(qtbot, bridge, lambda e: e.sources())}
    assert urls == {httpserver.url_for(f"/{n}.xml") for n in ("news", "blog", "pod")}
    asked.clear()
    page.add_url.setText(site)
    page.add_button.click()
    text = said(qtbot, window, "Every feed")
    assert text.startswith(f"Every feed {site} offers is in your sources already: ")
    assert asked == [] and page.adder.url_error.text() == text


def test_the_first_source_added_is_selected_and_can_be_removed(
        qtbot: QtBot, window: SettingsWindow, httpserver: HTTPServer) -> None:
    """Regression: the first source added to an empty list was the list's current row but not
    selected: the editor showed it, and Remove, Disable stayed greyed out."""
    httpserver.expect_request("/f.xml").respond_with_data(FEED.format("First"),
                                                          content_type="application/rss+xml")
    page = window.sources
    page.add_url.setText(httpserver.url_for("/f.xml"))
    page.add_button.click()
    said(qtbot, window, "Added")
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1 and page.name.text() != "",
                    timeout=10_000)
    qtbot.waitUntil(lambda: page.remove_button.isEnabled(), timeout=5000)
    assert page.tree.selectedItems() == [page.tree.topLevelItem(0)]
    assert page.disable_button.isEnabled() and not page.enable_button.isEnabled()


def test_tab_goes_through_a_kind_s_settings_before_add(qtbot: QtBot,
                                                      window: SettingsWindow) -> None:
    """Regression: a kind's settings, made when it is chosen, came last in the Tab order,
    after Import and Export OPML: the address, then its settings, then Add."""
    page = window.sources
    choose(window, "mastodon")
    form = page.add_form
    page.add_kind.setFocus()
    chain = []
    for _ in range(6):
        chain.append(window.focusWidget())
        window.focusNextChild()
    assert chain == [page.add_kind, page.add_url, form.widgets["timeline"],
                     form.widgets["token_ref"], page.add_button, chain[-1]]
    # the hashtag, greyed out for the local timeline, is skipped; with the tag timeline not
    timeline = form.widgets["timeline"]
    assert isinstance(timeline, QComboBox)
    timeline.setCurrentIndex(timeline.findData("tag"))
    page.add_kind.setFocus()
    chain = []
    for _ in range(6):
        chain.append(window.focusWidget())
        window.focusNextChild()
    assert chain == [page.add_kind, page.add_url, timeline,
                     form.widgets["tag"], form.widgets["token_ref"], page.add_button]


def test_a_file_that_cannot_be_imported_is_named_with_what_to_do(
        qtbot: QtBot, window: SettingsWindow, tmp_path: Path) -> None:
    """Regression: "This file is a feed (<rss>)…" did not say it was the import that failed
    nor of which file; a file that could not be read said "Could not read" and no more."""
    feed = tmp_path / "news.xml"
    feed.write_text(FEED.format("News"), encoding="utf-8")
    page = window.sources
    page.import_opml(feed)
    text = said(qtbot, window, "Could not import news.xml: ")
    assert "is a feed" in text and "not an OPML subscription list" in text
    page.import_opml(tmp_path / "gone.opml")
    text = said(qtbot, window, f"Could not import {tmp_path / 'gone.opml'}: ")
    assert text.endswith("Choose an OPML file exported from your feed reader.")


def test_opml_import_shows_every_warning_merge_and_skip(
        qtbot: QtBot, window: SettingsWindow, tmp_path: Path, shots_dir: Path) -> None:
    """Regression: the status said only "2 added, 0 already there" while the command line
    also listed the repaired file, the address without a scheme, the merged duplicate."""
    opml = tmp_path / "Mine.opml"
    opml.write_text(
        '<?xml version="1.0"?>\n<opml version="2.0"><head><title>Mine & yours</title></head>'
        '<body>\n<outline text="Tech &amp; more">\n'
        '<outline text="A" type="rss" xmlUrl="http://127.0.0.1:9/a.xml?api_key=SECRETKEY123"/>\n'
        '<outline text="B" type="rss" xmlUrl="127.0.0.1:9/b.xml?api_key=SECRETKEY456"/>\n'
        '</outline>\n<outline text="News">\n'
        '<outline text="A again" type="rss" '
        'xmlUrl="http://127.0.0.1:9/a.xml?api_key=SECRETKEY123"/>\n'
        '</outline>\n<outline text="Nothing" type="rss" xmlUrl="javascript:alert(1)"/>\n'
        '</body></opml>\n')
    page = window.sources
    page.import_opml(opml)
    text = said(qtbot, window, "Imported Mine.opml: 2 added")
    assert "Details:" in text and "3 warnings" in text
    dialog = page.import_report
    assert dialog is not None and dialog.isVisible()
    lines = dialog.lines()
    assert any("not well-formed" in line and "repaired" in line for line in lines)
    assert any("has no http:// or https://" in line for line in lines)
    assert any(line.startswith("'A again' in folder 'News' is the same feed as 'A'")
               for line in lines)
    assert any(line.startswith("Nothing (line") for line in lines)
    shown = dialog.details.toPlainText()
    assert "has no http:// or https://" in shown and "the same feed as" in shown
    assert "SECRETKEY" not in shown + dialog.text
    assert_not_blank(dialog, shots_dir / "settings-import-report.png")


def test_an_import_with_nothing_to_report_opens_no_dialog(
        qtbot: QtBot, window: SettingsWindow, tmp_path: Path) -> None:
    opml = tmp_path / "clean.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline text="A" type="rss" xmlUrl="http://127.0.0.1:9/a.xml"/>'
                    '</body></opml>')
    window.sources.import_opml(opml)
    text = said(qtbot, window, "Imported clean.opml")
    assert text == "Imported clean.opml: 1 added, 0 already there."
    assert window.sources.import_report is None


def test_a_refused_token_says_in_the_editor_where_to_type_it_again(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        memory_keyring: MemoryKeyring) -> None:
    """Regression: the health line said "give it again: notify sources edit 1 the “GitHub
    token” field, or in Settings → Sources." (half a command line, half the form) after the
    fetcher's "Check the token or credentials for this source in Settings."."""
    from notify.app.settings.source_tree import COL_STATUS

    httpserver.expect_request("/notifications").respond_with_json(
        {"message": "Bad credentials"}, status=401)
    page = window.sources
    choose(window, "github-notifications")
    page.add_url.setText(httpserver.url_for("/notifications"))
    page.add_form.widgets["token_ref"].setText("canary-gh-token-8842")  # type: ignore[attr-defined]
    page.add_button.click()
    said(qtbot, window, "Added")
    call(qtbot, bridge, lambda e: e.poll())
    qtbot.waitUntil(lambda: "Last error" in page.health.text(), timeout=10_000)
    health = page.health.text()
    assert ("Create a new token and give it again: type it in the “GitHub token” field of this "
            "source and press Save.") in health, health
    assert not any(w in health for w in CLI_WORDS), health
    assert "Check the token or credentials" not in health
    row = page.list.item(call(qtbot, bridge, lambda e: e.sources()[0]).id)
    assert row is not None and row.toolTip(COL_STATUS) == health
    assert "canary-gh-token-8842" not in health


def test_the_import_reports_lines_are_worked_out_off_the_gui_thread(
        qtbot: QtBot, window: SettingsWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Redacting a big list's warnings and merges (regular expressions) ran three times on the
    GUI thread when the import ended: once, on the engine's thread, now."""
    import threading

    from notify.app.settings import import_report

    on_gui_thread: list[bool] = []

    def redact(text: str) -> str:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return text

    monkeypatch.setattr(import_report, "redact", redact)
    opml = tmp_path / "Twice.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline text="A" type="rss" xmlUrl="http://127.0.0.1:9/a.xml"/>'
                    '<outline text="A again" type="rss" xmlUrl="http://127.0.0.1:9/a.xml"/>'
                    '<outline text="B" type="rss" xmlUrl="127.0.0.1:9/b.xml"/>'
                    '</body></opml>')
    page = window.sources
    page.import_opml(opml)
    said(qtbot, window, "Imported Twice.opml: 2 added")
    dialog = page.import_report
    assert dialog is not None and dialog.isVisible()
    assert any("has no http:// or https://" in line for line in dialog.lines())
    assert on_gui_thread and not any(on_gui_thread)


def test_a_feed_that_gives_json_says_in_its_health_how_to_follow_it_here(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    """Regression: the health of a feed source whose address gives JSON said the command
    line's advice with its commands cut out by the form's rewording ("follow it as a JSON API
    source: http://…; see first what it gives with http://…")."""
    from notify.app.settings.source_tree import COL_STATUS

    httpserver.expect_request("/api.json").respond_with_json({"results": [{"name": "a"}]})
    url = httpserver.url_for("/api.json")
    call(qtbot, bridge, lambda e: e.add_source("feed", url, title="An API"))
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    call(qtbot, bridge, lambda e: e.poll())
    qtbot.waitUntil(lambda: "Last error" in page.health.text(), timeout=10_000)
    health = page.health.text()
    assert ("If it is a web API, follow it as a JSON API source: in Settings → Sources, choose "
            "the kind “JSON API” under Add a source and give it this address.") in health, health
    assert not any(w in health for w in CLI_WORDS) and "see first" not in health, health
    row = page.list.item(call(qtbot, bridge, lambda e: e.sources()[0]).id)
    assert row is not None and row.toolTip(COL_STATUS) == health


def test_a_source_removed_meanwhile_says_where_the_sources_are_not_a_command(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """Regression: saving a source removed elsewhere (``notify sources remove``) said "Run
    'notify sources list' to see the ids." in the app."""
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", title="A"))
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    source_id = page.current
    call(qtbot, bridge, lambda e: e.remove_source(source_id))
    page.name.setText("Renamed")
    page.save()
    text = said(qtbot, window, f"No source with id {source_id}")
    assert text == (f"No source with id {source_id}. It may have been removed meanwhile: "
                    "Settings → Sources lists the sources there are.")
