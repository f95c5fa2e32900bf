"""Settings → Profile against the real engine and ranking service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.settings.profile_page import NAME_ROLE, ProfilePage
from tests.app.conftest import RSS


def call(qtbot: QtBot, bridge: Any, fn: Any) -> Any:
    out: list[Any] = []
    bridge.submit(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


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
    qtbot.waitUntil(lambda: page.features.count() > 0, timeout=5000)
    assert "Learned from 1 reaction." in page.summary.text()
    page.search.setText("rust")
    assert page.features.count() >= 1
    assert all("rust" in page.features.item(i).text().lower()
               or "rust" in str(page.features.item(i).data(NAME_ROLE))
               for i in range(page.features.count()))
    rows = [i for i in range(page.features.count())
            if str(page.features.item(i).data(NAME_ROLE)).startswith("w:")]
    assert rows, "a word feature was learned"
    page.features.setCurrentRow(rows[0])
    name = str(page.features.currentItem().data(NAME_ROLE))
    messages: list[str] = []
    page.message.connect(messages.append)
    page.pin()
    qtbot.waitUntil(lambda: any(r[0] == name and r[2] for r in page.rows), timeout=5000)
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
    page.features.setCurrentRow(next(i for i in range(page.features.count())
                                     if page.features.item(i).data(NAME_ROLE) == name))
    page.forget()
    qtbot.waitUntil(lambda: all(r[0] != name for r in page.rows), timeout=5000)


def test_without_a_selection_it_says_so(qtbot: QtBot, bridge: Any) -> None:
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    messages: list[str] = []
    page.message.connect(messages.append)
    page.pin()
    assert messages == ["Select a learned feature first."]


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
