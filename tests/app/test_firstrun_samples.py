"""The first run's "Tell Notify what you like": after Start and the first poll, samples of that
poll with Like / Dismiss, learnt as the first-run answers through the engine's feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.firstrun import CatalogueFeed, FirstRunDialog
from notify.core.store import feedback as feedback_store
from tests.app.conftest import RSS, assert_not_blank, call, unnamed_controls
from tests.app.test_firstrun import started_with_all

SCIENCE = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Science daily</title><link>http://127.0.0.1/</link>
<item><title>A comet returns after 6,000 years, visible at dawn from the northern
hemisphere</title><link>http://127.0.0.1/s1</link><guid>s1</guid>
<pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate>
<description>Astronomers say the comet will be brightest next week; binoculars help, and
a dark site away from city lights helps more than any telescope would.</description></item>
<item><title>Bees learn to count to four</title><link>http://127.0.0.1/s2</link><guid>s2</guid>
<pubDate>Sun, 29 Nov 2026 08:00:00 GMT</pubDate>
<description>A study of honeybees and sugar rewards.</description></item>
</channel></rss>"""


def started(qtbot: QtBot, bridge: Any, httpserver: HTTPServer,
            feeds: dict[str, str]) -> FirstRunDialog:
    """The welcome after Start with ``feeds`` (path -> RSS) ticked, the first poll done."""
    catalogue = []
    for path, text in feeds.items():
        httpserver.expect_request(path).respond_with_data(
            text, content_type="application/rss+xml")
        catalogue.append(CatalogueFeed("Local", path, httpserver.url_for(path)))
    return started_with_all(qtbot, bridge, catalogue)


def answers(qtbot: QtBot, bridge: Any) -> list[tuple[int | None, str]]:
    """The first-run answers the profile holds, (item, reaction), in the order given."""
    return call(qtbot, bridge, lambda e: [
        (a["item_id"], a["label"]) for a in feedback_store.get_value(e.conn, "first_run", [])])


def marks(qtbot: QtBot, bridge: Any) -> dict[str, str | None]:
    return call(qtbot, bridge, lambda e: {i.title: i.reaction for i in e.items()})


def click(qtbot: QtBot, dialog: FirstRunDialog, button: Any) -> None:
    """Click ``button`` of a sample and wait for its answer to be saved."""
    assert dialog.samples is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(button.isEnabled, timeout=10_000)


def test_the_samples_of_the_first_poll_are_shown_varied_and_named(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS, "/s.xml": SCIENCE})
    panel = dialog.samples
    assert panel is not None and panel.isVisible()
    rows = panel.rows
    # one per source in turn, the newest first (Local news' items are undated: as new as
    # they were read), then more
    assert [(r.sample.source, r.sample.title) for r in rows] == [
        ("Local news", "First story"),
        ("Science daily", "A comet returns after 6,000 years, visible at dawn from the "
                          "northern hemisphere"),
        ("Local news", "Second story"), ("Science daily", "Bees learn to count to four")]
    assert rows[0].about.text() == "Local news — About rust and compilers"
    assert "http://127.0.0.1/1" in rows[0].title.toolTip()
    assert not dialog.tree.isVisible() and not dialog.interests.isVisible()
    assert "2 sources" in dialog.status.text()  # the result stays above
    assert dialog.done_button.text() == "Skip"
    assert rows[0].like.hasFocus()  # the keyboard starts on the first answer
    assert unnamed_controls(dialog) == []
    assert rows[0].like.accessibleName() == "Like “\u2068First story\u2069”"
    assert rows[0].dismiss.accessibleDescription() == "no answer yet"


def test_a_like_and_a_dismiss_are_learnt_as_first_run_answers(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    """Regression (a new user): the welcome offered no sample to answer, and the first-run
    answers (learnt as a set, counted twice) could not be given in the app."""
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS, "/s.xml": SCIENCE})
    assert dialog.samples is not None
    rows = {r.sample.title: r for r in dialog.samples.rows}
    first, second = rows["First story"], rows["Second story"]
    click(qtbot, dialog, first.like)
    assert dialog.done_button.text() == "Done"
    click(qtbot, dialog, second.dismiss)
    assert first.like.isChecked() and not first.dismiss.isChecked()
    assert second.dismiss.isChecked() and second.dismiss.accessibleDescription() == "dismissed"
    assert answers(qtbot, bridge) == [(first.sample.item_id, "like"),
                                      (second.sample.item_id, "dismiss")]
    assert marks(qtbot, bridge)["First story"] == "like"
    shown = call(qtbot, bridge, lambda e: e.ranking().show(50))
    assert shown.reactions == 2
    meta = call(qtbot, bridge, lambda e: dict(e.ranking().profile.meta))
    assert not meta.get("rounds") and "created_at" not in meta  # no ranking round yet
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.done_button.click()
    # the first round that could notify ends the first run: its answers stand as learnt
    fresh = RSS.replace("<item>", "<item><title>Third story</title><link>http://127.0.0.1/3"
                        "</link><guid>3</guid><description>News</description></item><item>", 1)
    httpserver.clear()
    httpserver.expect_request("/a.xml").respond_with_data(
        fresh, content_type="application/rss+xml")
    httpserver.expect_request("/s.xml").respond_with_data(
        SCIENCE, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.poll_all())
    assert answers(qtbot, bridge) == []
    meta = call(qtbot, bridge, lambda e: dict(e.ranking().profile.meta))
    assert meta["rounds"] == 1


def test_a_second_click_takes_the_answer_back_and_the_other_replaces_it(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS})
    assert dialog.samples is not None
    first, second = dialog.samples.rows
    click(qtbot, dialog, first.like)
    click(qtbot, dialog, second.like)
    click(qtbot, dialog, first.like)  # taken back: not the last answer given
    assert not first.like.isChecked() and not first.dismiss.isChecked()
    assert answers(qtbot, bridge) == [(second.sample.item_id, "like")]
    assert marks(qtbot, bridge) == {"First story": None, "Second story": "like"}
    click(qtbot, dialog, second.dismiss)  # replaces the Like
    assert second.dismiss.isChecked() and not second.like.isChecked()
    assert answers(qtbot, bridge) == [(second.sample.item_id, "dismiss")]
    assert call(qtbot, bridge, lambda e: e.ranking().show(50).reactions) == 1
    click(qtbot, dialog, second.dismiss)
    assert answers(qtbot, bridge) == []
    assert dialog.done_button.text() == "Skip"
    assert call(qtbot, bridge, lambda e: e.ranking().show(50).reactions) == 0


def test_skip_opens_the_inbox_without_an_answer(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS})
    assert dialog.done_button.text() == "Skip"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.done_button, Qt.Key.Key_Space)
    assert answers(qtbot, bridge) == []
    assert set(marks(qtbot, bridge).values()) == {None}


def test_without_an_item_the_page_is_skipped_with_a_word(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=410)
    dialog = FirstRunDialog(bridge, [CatalogueFeed("Old", "Gone",
                                                   httpserver.url_for("/gone.xml"))])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.feed_items[0].setCheckState(0, Qt.CheckState.Checked)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.done_button.isVisible(), timeout=15_000)
    assert dialog.samples is None
    assert "No items to ask you about yet" in dialog.status.text()
    assert dialog.done_button.text() == "Open the inbox"


def test_an_answer_that_could_not_be_saved_is_said_and_put_back(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS})
    assert dialog.samples is not None
    first = dialog.samples.rows[0]
    call(qtbot, bridge, lambda e: e.remove_source(e.sources()[0].id))  # its items go too
    qtbot.mouseClick(first.like, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.samples.status.isVisible, timeout=10_000)
    assert not first.like.isChecked()
    said = dialog.samples.status.text()
    assert said == ("“First story” is gone from your inbox (its source was removed); answer "
                    "the others."), said
    assert not first.like.isEnabled()  # nothing to answer any more
    assert dialog.samples.status.isVisible()


@pytest.mark.parametrize("width,theme", [(480, "light"), (480, "dark"), (1000, "light"),
                                         (1000, "dark")])
def test_the_page_at_480_and_1000_px_large_text_light_and_dark(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer, shots_dir: Path, width: int,
        theme: str, large_font: Any, request: pytest.FixtureRequest) -> None:
    if theme == "dark":
        request.getfixturevalue("dark_theme")
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS, "/s.xml": SCIENCE})
    dialog.resize(width, 700)
    qtbot.wait(50)
    assert dialog.samples is not None
    click(qtbot, dialog, dialog.samples.rows[0].like)
    click(qtbot, dialog, dialog.samples.rows[1].dismiss)
    qtbot.wait(50)
    for row in dialog.samples.rows:  # nothing cut at the right: the buttons are whole
        for button in (row.like, row.dismiss):
            right = button.mapTo(dialog, button.rect().topRight()).x()
            assert right < dialog.width(), (row.sample.title, right)
            assert button.width() >= button.sizeHint().width()
    assert_not_blank(dialog, shots_dir / f"firstrun-samples-{width}-{theme}.png")


def test_tab_reaches_every_answer_and_scrolls_it_into_view(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer, large_font: Any) -> None:
    dialog = started(qtbot, bridge, httpserver, {"/a.xml": RSS, "/s.xml": SCIENCE})
    dialog.resize(480, 500)
    qtbot.wait(50)
    assert dialog.samples is not None
    bar = dialog.samples.list_area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    last = dialog.samples.rows[-1].dismiss
    for _ in range(2 * len(dialog.samples.rows)):  # Like, Dismiss of each row in turn
        if last.hasFocus():
            break
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert last.hasFocus()
    assert bar.value() > 0
    corner = last.mapTo(dialog.samples.list_area.viewport(), last.rect().bottomRight())
    assert dialog.samples.list_area.viewport().rect().contains(corner)
    qtbot.keyClick(last, Qt.Key.Key_Space)  # the keyboard answers too
    qtbot.waitUntil(last.isEnabled, timeout=10_000)
    assert answers(qtbot, bridge) == [(dialog.samples.rows[-1].sample.item_id, "dismiss")]
