"""Settings → Profile against the real engine and ranking service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.settings.profile_page import NAME_ROLE, ProfilePage
from notify.core.ranking.profile import Term
from tests.app.conftest import RSS, assert_not_blank, call


def names(view: Any) -> list[str]:
    """The features a learned list shows (its "nothing yet" line has none)."""
    return [str(view.item(i).data(NAME_ROLE)) for i in range(view.count())
            if view.item(i).data(NAME_ROLE)]


def select(view: Any, name: str) -> None:
    view.setCurrentRow(next(i for i in range(view.count())
                            if view.item(i).data(NAME_ROLE) == name))


def test_learned_features_interests_pin_forget_export(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/f.xml").respond_with_data(RSS, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/f.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    items = call(qtbot, bridge, lambda e: e.items())
    rust = next(i for i in items if i.title == "First story")
    call(qtbot, bridge, lambda e: e.feedback(rust.id, "like"))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: bool(names(page.more)), timeout=5000)
    assert "Learned from 1 reaction." in page.summary.text()
    assert names(page.less) == []  # a Like teaches only "more of"
    page.search.setText("rust")
    assert names(page.more)
    assert all("rust" in page.more.item(i).text().lower()
               or "rust" in str(page.more.item(i).data(NAME_ROLE))
               for i in range(page.more.count()))
    words = [n for n in names(page.more) if n.startswith("w:")]
    assert words, "a word feature was learned"
    name = words[0]
    select(page.more, name)
    messages: list[str] = []
    page.message.connect(messages.append)
    page.pin()
    qtbot.waitUntil(lambda: any(r[0] == name and r[2] for r in page.rows), timeout=5000)
    assert any(name.removeprefix("w:") in page.pin_list.item(i).text()
               and page.pin_list.item(i).text().startswith("Always notify")
               for i in range(page.pin_list.count()))
    page.interests.setText("gardening, source:Local news")
    page.save_interests()
    qtbot.waitUntil(lambda: "Interests saved." in messages, timeout=5000)
    summary = call(qtbot, bridge, lambda e: e.ranking().show(10))
    assert {t.value for t in summary.interests} == {"gardening", "Local news"}
    out = tmp_path / "profile.json"
    page.export_to(out)
    qtbot.waitUntil(lambda: any(m.startswith("Profile exported") for m in messages),
                    timeout=5000)
    assert "rust" in out.read_text()
    page.search.setText(name.split(":", 1)[1])
    select(page.more, name)
    page.forget()
    qtbot.waitUntil(lambda: all(r[0] != name for r in page.rows), timeout=5000)


def test_without_a_selection_it_says_so(qtbot: QtBot, bridge: Any) -> None:
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    messages: list[str] = []
    page.message.connect(messages.append)
    page.pin()
    assert messages == ["Select a learned feature first."]
    assert not page.add_alert_button.isEnabled()  # nothing typed yet
    page.add_pin("never")
    assert messages[-1] == "Type a keyword first."


def test_it_says_when_notify_is_looking_for_a_new_taste(qtbot: QtBot, bridge: Any) -> None:
    import time

    from notify.core.store.sources import transaction

    def alarm(e: Any) -> None:  # the change watch fired an hour ago
        svc = e.ranking()
        with transaction(svc.conn):
            svc.profile.meta["changed_at"] = time.time() - 3600
            svc.profile.save_meta()

    call(qtbot, bridge, alarm)
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: "interests changed" in page.summary.text(), timeout=5000)
    assert "until you like one" in page.summary.text()
    assert page.summary.wordWrap()


def test_pins_are_listed_added_blocked_and_removed(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer, shots_dir: Path) -> None:
    """Regression: pins made with ``notify profile pin`` were invisible in Settings → Profile,
    and the page could only pin "always": no block, no unpin, no keyword alert."""
    httpserver.expect_request("/f.xml").respond_with_data(RSS, content_type="application/rss+xml")
    source = call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/f.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    source = call(qtbot, bridge, lambda e: e.source(source.id))
    call(qtbot, bridge, lambda e: e.ranking().pin(Term("keyword", "football"), "never"))
    call(qtbot, bridge, lambda e: e.ranking().pin(Term("source", source.title), "always"))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.resize(820, 700)
    page.show()

    def pins_shown() -> list[str]:
        return [page.pin_list.item(i).text() for i in range(page.pin_list.count())
                if page.pin_list.item(i).data(NAME_ROLE)]

    qtbot.waitUntil(lambda: len(pins_shown()) == 2, timeout=5000)
    assert pins_shown() == ["Never notify: “football”",
                            f"Always notify: source “{source.title}”"]
    assert_not_blank(page, shots_dir / "settings-profile-pins.png")

    # a block typed in: an author; a source typed in any case gets its exact name
    messages: list[str] = []
    page.message.connect(messages.append)
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("author"))
    page.pin_value.setText("Ann Writer")
    page.add_block_button.click()
    qtbot.waitUntil(lambda: len(pins_shown()) == 3, timeout=5000)
    assert "Never notify: author “Ann Writer”" in pins_shown()
    assert page.pin_value.text() == ""
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("keyword"))
    page.pin_value.setText("Rust Lang")
    page.add_alert_button.click()
    qtbot.waitUntil(lambda: "Always notify: “rust lang”" in pins_shown(), timeout=5000)
    pins = call(qtbot, bridge, lambda e: e.ranking().show(5).pins)
    assert pins == {Term("keyword", "football"): "never", Term("source", source.title): "always",
                    Term("author", "Ann Writer"): "never",
                    Term("keyword", "rust lang"): "always"}

    # remove the source alert
    page.pin_list.setCurrentRow(next(i for i in range(page.pin_list.count())
                                     if "source" in page.pin_list.item(i).text()))
    assert page.remove_pin_button.isEnabled()
    page.remove_pin_button.click()
    qtbot.waitUntil(lambda: len(pins_shown()) == 3, timeout=5000)
    pins = call(qtbot, bridge, lambda e: e.ranking().show(5).pins)
    assert Term("source", source.title) not in pins
    assert any(m.startswith("Removed: Always notify: source") for m in messages)


def test_a_learned_feature_can_be_blocked(qtbot: QtBot, bridge: Any,
                                          httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f.xml").respond_with_data(RSS, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/f.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    items = call(qtbot, bridge, lambda e: e.items())
    garden = next(i for i in items if i.title == "Second story")
    call(qtbot, bridge, lambda e: e.feedback(garden.id, "dismiss"))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: "w:gardening" in [n.removeprefix("not:") for n in names(page.less)],
                    timeout=5000)
    assert names(page.more) == []  # a Dismiss teaches only "less of"
    name = next(n for n in names(page.less) if n.removeprefix("not:") == "w:gardening")
    select(page.less, name)
    assert page.buttons["block"].isEnabled()
    page.buttons["block"].click()
    qtbot.waitUntil(lambda: any(
        page.pin_list.item(i).text() == "Never notify: “gardening”"
        for i in range(page.pin_list.count())), timeout=5000)
    pins = call(qtbot, bridge, lambda e: e.ranking().show(5).pins)
    assert pins == {Term("keyword", "gardening"): "never"}
    # the learned line says it is blocked, in text (no emoji the font may lack)
    line = next(page.less.item(i).text() for i in range(page.less.count())
                if page.less.item(i).data(NAME_ROLE) == name)
    assert line.endswith("[Never notify]")  # sentence case, as the alerts and blocks list
    assert all(ord(ch) < 0x1F000 for i in range(page.less.count())
               for ch in page.less.item(i).text())


def test_the_names_offered_are_read_again_only_when_one_changed(qtbot: QtBot,
                                                                bridge: Any) -> None:
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml",
                                               title="Alpha news", group="news"))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()  # the names are read when the page is shown
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("source"))
    qtbot.waitUntil(lambda: page.pin_value.completer() is not None, timeout=5000)
    offered = page.pin_value.completer()
    with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):  # a change that renames nothing
        call(qtbot, bridge, lambda e: e.update_source(1, muted=True))
    names: list[object] = []
    bridge.submit(lambda e: e.sources(), names.append)  # after the page's own read (in order)
    qtbot.waitUntil(lambda: bool(names), timeout=5000)
    assert page.pin_value.completer() is offered  # not made again for the same 1 name
    call(qtbot, bridge, lambda e: e.update_source(1, title="Beta news"))
    qtbot.waitUntil(lambda: page.pin_value.completer() is not offered, timeout=5000)
    model = page.pin_value.completer().model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Beta news"]


def offered(page: ProfilePage, kind: str) -> list[str]:
    """The names the completer offers for alerts and blocks of ``kind``."""
    page.pin_kind.setCurrentIndex(page.pin_kind.findData(kind))
    completer = page.pin_value.completer()
    if completer is None:
        return []
    model = completer.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def after_the_page_s_reads(qtbot: QtBot, bridge: Any) -> None:
    """Wait until what the page asked of the engine so far is answered (asked in order)."""
    call(qtbot, bridge, lambda e: None)
    qtbot.wait(20)  # the answers' callbacks, queued to the GUI thread


def counting_reads_of_every_source(bridge: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the engine's reads of every source (``engine.sources()``) from now on."""
    reads: list[int] = []
    every = bridge.engine.sources

    def sources(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return every(*args, **kwargs)

    monkeypatch.setattr(bridge.engine, "sources", sources)
    return reads


def test_the_names_offered_follow_sources_added_renamed_and_removed(
        qtbot: QtBot, bridge: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the page is shown, a change to one source reads that source only (removing one of
    1,000 sources read them all on the engine thread, as the Sources page and the inbox ran:
    a GUI stall), and the names offered stay right."""
    for n, (title, group) in enumerate((("Alpha news", "news"), ("Beta blog", "blogs"))):
        call(qtbot, bridge, lambda e, n=n, t=title, g=group: e.add_source(
            "feed", f"http://127.0.0.1:9/{n}.xml", title=t, group=g))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: offered(page, "source") == ["Alpha news", "Beta blog"],
                    timeout=5000)
    reads = counting_reads_of_every_source(bridge, monkeypatch)
    gamma = call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/g.xml",
                                                       title="Gamma", group="Tech"))
    qtbot.waitUntil(lambda: offered(page, "source") == ["Alpha news", "Beta blog", "Gamma"],
                    timeout=5000)
    assert offered(page, "group") == ["blogs", "news", "Tech"]
    call(qtbot, bridge, lambda e: e.update_source(gamma.id, title="Gamma rays", group="news"))
    qtbot.waitUntil(lambda: offered(page, "source") == ["Alpha news", "Beta blog",
                                                        "Gamma rays"], timeout=5000)
    assert offered(page, "group") == ["blogs", "news"]
    call(qtbot, bridge, lambda e: e.remove_source(1))
    qtbot.waitUntil(lambda: offered(page, "source") == ["Beta blog", "Gamma rays"],
                    timeout=5000)
    assert offered(page, "group") == ["blogs", "news"]
    after_the_page_s_reads(qtbot, bridge)
    assert reads == []  # each change read its own source, not every one


def test_a_hidden_page_reads_the_names_once_when_shown(
        qtbot: QtBot, bridge: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hidden (another tab, Settings closed), the page reads no names at each change to the
    sources; shown, it reads them once, as they are then."""
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml",
                                               title="Alpha news", group="news"))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: offered(page, "source") == ["Alpha news"], timeout=5000)
    page.hide()
    reads = counting_reads_of_every_source(bridge, monkeypatch)
    for name in ("Beta", "Gamma"):
        with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):
            call(qtbot, bridge, lambda e, n=name: e.add_source(
                "feed", f"http://127.0.0.1:9/{n}.xml", title=n, group="blogs"))
    with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):
        call(qtbot, bridge, lambda e: e.remove_source(1))
    after_the_page_s_reads(qtbot, bridge)
    assert reads == []
    page.show()
    qtbot.waitUntil(lambda: offered(page, "source") == ["Beta", "Gamma"], timeout=5000)
    assert offered(page, "group") == ["blogs"]
    assert reads == [1]


def test_an_import_says_what_it_brought_in(qtbot: QtBot, bridge: Any, tmp_path: Path) -> None:
    """Regression: the page said only "Profile imported." where `notify profile import` counts
    what came in (a file with nothing usable in it looked the same as a full one)."""
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    messages: list[str] = []
    page.message.connect(messages.append)
    good = tmp_path / "profile.json"
    good.write_text('{"format": "notify-profile", "version": 3, "pins": [{"kind": "keyword", '
                    '"value": "rust", "mode": "always"}], "weights": {"w:go": {"weight": 2}}}')
    page.import_from(good)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages == [f"Profile imported from {good}: 1 feature, 0 interests, 1 pin."]


def test_reset_names_what_it_forgets_and_defaults_to_no(
        qtbot: QtBot, bridge: Any, monkeypatch: Any) -> None:
    """The buttons said "Export…", "Import…", "Reset…" under "What Notify learned" (a screen
    reader: "Reset"), and Enter in the confirmation reset the whole profile."""
    from PySide6.QtWidgets import QMessageBox

    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()
    assert [page.buttons[k].text() for k in ("export", "import", "reset")] == [
        "Export profile…", "Import profile…", "Reset profile…"]
    assert page.buttons["reset"].accessibleName() == "Reset profile"
    asked: list[tuple[Any, ...]] = []

    def answer(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.buttons["reset"].click()
    (_parent, _title, text, _buttons, default), = asked
    assert default == QMessageBox.StandardButton.No and "cannot be undone" in text
