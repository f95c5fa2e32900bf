"""Settings → Sources → the selected source's editor (source_editor.py): what it shows when no
source is selected, and the keyboard (offscreen, the real engine)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app import message_boxes
from notify.app.settings.window import SettingsWindow
from tests.app.conftest import call


def shown_source(qtbot: QtBot, window: SettingsWindow, count: int = 1) -> None:
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == count and not page.list.busy,
                    timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    assert page.editor.isEnabled()


def test_with_no_source_selected_the_editor_keeps_nothing_of_the_last_one(
        qtbot: QtBot, window: SettingsWindow, bridge: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a muted source with its own interval, removed, left "Never notify" ticked
    and its interval in the greyed-out editor, as if they were what a new source gets."""
    source = call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml",
                                                        title="A", interval_s=45 * 60))
    call(qtbot, bridge, lambda e: e.update_source(source.id, muted=True))
    page = window.sources
    qtbot.waitUntil(lambda: source.id in page.sources and page.sources[source.id][0].muted,
                    timeout=10_000)
    shown_source(qtbot, window)
    assert page.muted.isChecked() and page.enabled.isChecked()
    assert page.interval.value() == 45
    monkeypatch.setattr(message_boxes, "confirm", lambda *_a: True)
    page.remove_button.click()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not page.editor.isEnabled(), timeout=5000)
    assert (page.name.text(), page.address.text(), page.group.text()) == ("", "", "")
    assert not page.muted.isChecked() and not page.enabled.isChecked()
    assert page.interval.value() == 0 and page.interval.text() == "default"


@pytest.mark.parametrize("field", ["name", "group", "interval"])
def test_enter_in_a_field_saves(qtbot: QtBot, window: SettingsWindow, bridge: Any,
                                field: str) -> None:
    """Regression: Enter saved only in the Address; in Name, Group or Poll every it did
    nothing, and the change typed was lost on selecting another source."""
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", title="A"))
    page = window.sources
    shown_source(qtbot, window)
    widget = getattr(page, field)
    if field == "interval":
        widget.setValue(20)
    else:
        widget.setText("Typed")
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Saved"), timeout=10_000)
    source = call(qtbot, bridge, lambda e: e.sources()[0])
    assert {"name": source.title, "group": source.group,
            "interval": (source.interval_s or 0) // 60}[field] in ("Typed", 20)


def test_the_groups_there_are_are_offered_while_a_group_is_typed(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """A group is free text: "News" typed "news " made another group. The groups of the
    sources are offered (any case, any part of the name), read when the field is entered."""
    for n, group in enumerate(("News", "Tech news", "", "News")):
        call(qtbot, bridge, lambda e, n=n, g=group: e.add_source(
            "feed", f"http://127.0.0.1:9/{n}.xml", title=f"S{n}", group=g))
    page = window.sources
    shown_source(qtbot, window, count=4)
    page.group.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: page.group.completer() is not None
                    and page.group.completer().model().rowCount() == 2, timeout=5000)
    completer = page.group.completer()
    model = completer.model()
    assert [model.index(r, 0).data() for r in range(2)] == ["News", "Tech news"]
    completer.setCompletionPrefix("NEWS")
    assert completer.completionCount() == 2  # "News" and "Tech news": any case, any part


def test_poll_every_is_as_wide_as_its_text_in_a_wide_window(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """Regression: at 1280 px wide "Poll every" took a third of the row (362 px for "default
    (30 min)"); it is as wide as its longest text, whole, and the Group field has the rest."""
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", title="A"))
    page = window.sources
    window.resize(1280, 900)
    shown_source(qtbot, window)
    box = page.interval
    qtbot.waitUntil(lambda: box.text().startswith("default ("), timeout=5000)
    metrics = box.fontMetrics()
    assert metrics.horizontalAdvance(box.text()) < box.lineEdit().width()  # whole
    assert box.width() <= metrics.horizontalAdvance(box.text()) + 8 * metrics.averageCharWidth()
    assert page.group.width() > 3 * box.width()


def test_under_a_list_of_few_sources_the_editor_has_the_height_it_needs(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """Regression: one Mastodon source (its editor with three settings and their help) under
    a list mostly empty got at most 42 % of the page's height, its fields behind a scroll bar;
    the window made taller gave all the height to the empty list."""
    call(qtbot, bridge, lambda e: e.add_source("mastodon", "https://mastodon.social",
                                               settings={"timeline": "public"}))
    page = window.sources
    window.resize(900, 650)
    shown_source(qtbot, window)
    needed = page.editor.sizeHint().height()
    window.resize(1280, 900)
    qtbot.waitUntil(lambda: page.split.sizes()[1] >= needed, timeout=3000)
    list_part = page.split.widget(0)
    assert page.split.sizes()[0] >= list_part.minimumSizeHint().height()


def test_a_name_typed_is_the_persons_and_saving_other_fields_leaves_a_notify_name_notifys(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    """Typing the very name Notify gave (the feed's own title) makes it the person's: kept when
    the feed renames itself; saving the group only does not; clearing the name gives it back."""
    source = call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml"))
    page = window.sources
    shown_source(qtbot, window)
    page.group.setText("News")
    page.save_button.click()
    qtbot.waitUntil(lambda: call(qtbot, bridge, lambda e: e.source(source.id)).group == "News",
                    timeout=5000)
    assert call(qtbot, bridge, lambda e: e.source(source.id)).title_given is False
    page.name.selectAll()
    qtbot.keyClicks(page.name, "127.0.0.1")  # the name it has, typed
    page.save_button.click()
    qtbot.waitUntil(lambda: call(qtbot, bridge, lambda e: e.source(source.id)).title_given,
                    timeout=5000)
    page.name.selectAll()
    qtbot.keyClick(page.name, Qt.Key.Key_Delete)
    page.save_button.click()
    qtbot.waitUntil(
        lambda: call(qtbot, bridge, lambda e: e.source(source.id)).title_given is False,
        timeout=5000)
    assert call(qtbot, bridge, lambda e: e.source(source.id)).title == "127.0.0.1"


def shown_whole(widget: QWidget) -> bool:
    """Every line of ``widget`` is in sight: its rectangle, within every widget it is in."""
    from PySide6.QtCore import QPoint, QRect

    seen = QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        seen &= QRect(parent.mapTo(parent.window(), QPoint(0, 0)), parent.size())
        parent = parent.parentWidget() if not parent.isWindow() else None
    return seen.size() == widget.size()


@pytest.mark.parametrize("look", ["usual", "14 pt"])
def test_the_health_line_is_read_whole_at_the_default_size(
        qtbot: QtBot, bridge: Any, paths: Any, httpserver: HTTPServer, request: Any,
        look: str, shots_dir: Any) -> None:
    """Regression: at the window's default size, under a list of 30 sources, the selected
    source's health (four lines and more, a feed that gives JSON) was cut: the editor had
    its own scroll bar inside the page's, and the page's scrolled to the end still hid its
    last lines. The editor is as tall as its content; the page scrolls, once."""
    from PySide6.QtWidgets import QScrollArea

    from tests.app.conftest import assert_not_blank

    if look == "14 pt":
        request.getfixturevalue("large_font")
    httpserver.expect_request("/api.json").respond_with_json({"results": [{"name": "a"}]})
    url = httpserver.url_for("/api.json")

    def add(engine: Any) -> None:
        for n in range(30):
            engine.add_source("feed", f"{url}?n={n}", title=f"An API {n:02}")

    call(qtbot, bridge, add)
    window = SettingsWindow(bridge, paths)  # at its default size
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    shown_source(qtbot, window, 30)
    page = window.sources
    call(qtbot, bridge, lambda e: e.poll())
    qtbot.waitUntil(lambda: "Last error" in page.health.text(), timeout=10_000)
    qtbot.wait(100)  # the layout settles
    outer = next(a for a in window.findChildren(QScrollArea) if a.widget() is page)
    outer.ensureWidgetVisible(page.health, 0, 0)
    qtbot.wait(50)
    assert page.health.height() >= page.health.heightForWidth(page.health.width())
    assert shown_whole(page.health), page.health.text()
    assert_not_blank(window, shots_dir / f"health-{look.replace(' ', '-')}.png")
