"""First run: catalogue and OPML, interests, one silent poll that fills the inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.firstrun import CatalogueFeed, FirstRunDialog, load_catalogue
from tests.app.conftest import RSS, assert_not_blank


def test_the_shipped_catalogue_is_urls_by_topic() -> None:
    feeds = load_catalogue()
    assert len(feeds) >= 15
    assert len({f.topic for f in feeds}) >= 4
    assert all(f.url.startswith("https://") and f.title for f in feeds)
    assert len({f.url for f in feeds}) == len(feeds)


def test_picking_feeds_adds_them_and_fills_the_inbox_silently(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer, shots_dir: Path) -> None:
    httpserver.expect_request("/a.xml").respond_with_data(RSS, content_type="application/rss+xml")
    catalogue = [CatalogueFeed("Local", "Feed A", httpserver.url_for("/a.xml")),
                 CatalogueFeed("Local", "Feed B", httpserver.url_for("/b.xml"))]
    planned: list[Any] = []
    bridge.notificationPlanned.connect(planned.append)
    dialog = FirstRunDialog(bridge, catalogue)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_not_blank(dialog, shots_dir / "firstrun.png")
    dialog.start_button.click()
    assert "Pick at least one" in dialog.status.text()
    from PySide6.QtCore import Qt

    dialog.feed_items[0].setCheckState(0, Qt.CheckState.Checked)
    dialog.interests.setText("rust, gardening")
    assert dialog.choices().interests == ("rust", "gardening")
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.start_button.click()
    assert "1 feeds added" in dialog.result_text
    if hasattr(bridge_engine_class(), "ranking"):
        interests: list[Any] = []
        bridge.submit(lambda e: e.ranking().show(5).interests, interests.append)
        qtbot.waitUntil(lambda: bool(interests), timeout=5000)
        assert {t.value for t in interests[0]} == {"rust", "gardening"}
    out: list[Any] = []
    bridge.submit(lambda e: (e.sources(), e.items()), out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=5000)
    sources, items = out[0]
    assert [s.url for s in sources] == [httpserver.url_for("/a.xml")]
    assert {i.title for i in items} == {"First story", "Second story"}
    assert planned == [], "the first poll must not notify old items"


def test_opml_file_is_offered(qtbot: QtBot, bridge: Any, tmp_path: Path) -> None:
    opml = tmp_path / "mine.opml"
    opml.write_bytes(b"<opml version='2.0'><body/></opml>")
    dialog = FirstRunDialog(bridge, [])
    qtbot.addWidget(dialog)
    dialog.use_opml(opml)
    assert dialog.opml_label.text() == "mine.opml"
    assert dialog.choices().opml == opml.read_bytes()
    dialog.use_opml(tmp_path / "missing.opml")
    assert "Could not read" in dialog.status.text()


def test_every_first_run_control_has_an_accessible_name(qtbot: QtBot, bridge: Any) -> None:
    from tests.app.conftest import unnamed_controls

    dialog = FirstRunDialog(bridge, [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == []


def bridge_engine_class() -> Any:
    from notify.core.engine import Engine

    return Engine
