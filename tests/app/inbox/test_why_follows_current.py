"""The Why panel is for the current item only: when the list moves on it says "Working out
why…" at once, with no button, and an explanation that arrives late for an item passed since is
dropped (a quick click muted the source of the item before)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.inbox import reactions
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import RSS, call, open_inbox

OTHER = RSS.replace("Local news", "Garden weekly").replace(
    "First story", "Roses in winter").replace("Second story", "Pruning apples").replace(
    "127.0.0.1/1", "127.0.0.1/g1").replace("127.0.0.1/2", "127.0.0.1/g2").replace(
    "<guid>1</guid>", "<guid>g1</guid>").replace("<guid>2</guid>", "<guid>g2</guid>")


class HeldExplanations:
    """``ops.explain`` with its answers held back until the test gives them."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, Callable[[Any], None]]] = []

    def __call__(self, parent: Any, item_id: int, source_id: int,
                 success: Callable[[Any], None]) -> HeldExplanations:
        self.asked.append((item_id, success))
        return self

    def failure(self, _callback: Any) -> HeldExplanations:
        return self

    def run_in_background(self, _bridge: Any) -> None:
        """Held: ``answer`` gives it."""

    def answer(self, item_id: int, bridge_call: Callable[[Callable[[Any], Any]], Any],
               source_id: int) -> None:
        """The engine's real answer for ``item_id``, to the callback asked for it first."""
        at = next(i for i, (asked, _) in enumerate(self.asked) if asked == item_id)
        _, success = self.asked.pop(at)
        success(bridge_call(lambda e: (e.explain(item_id),
                                       bool(e.source(source_id).muted))))


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldExplanations:
    fake = HeldExplanations()
    monkeypatch.setattr(reactions.ops, "explain", fake)
    return fake


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths, httpserver: HTTPServer,
          held: HeldExplanations) -> Iterator[InboxWindow]:
    yield from open_inbox(qtbot, bridge, paths, httpserver, "/news.xml", RSS,
                          ("/garden.xml", OTHER))


def visible_texts(window: InboxWindow) -> list[str]:
    """The texts the panel shows, or shows as soon as the event loop turns (a widget added to
    a shown one is shown then; one taken away is hidden at once)."""
    why = window.pane.why
    shown = [w for w in why.findChildren(QLabel) + why.findChildren(QPushButton)
             if not (w.isHidden()
                     and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide))]
    return [w.text().replace("\u2068", "").replace("\u2069", "") for w in shown]


def test_a_late_explanation_of_the_item_before_is_dropped(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any, held: HeldExplanations) -> None:
    first = inbox.pane.item
    assert first is not None
    qtbot.waitUntil(lambda: any(asked == first.id for asked, _ in held.asked))
    held.answer(first.id, lambda fn: call(qtbot, bridge, fn), first.source_id)
    mute = f"Mute this source ({first.source_name})"
    assert mute in visible_texts(inbox)
    # to an item of the other source; its text is still being read
    other = next(r for r in range(inbox.model.rowCount())
                 if inbox.model.row_at(inbox.model.index(r, 0)).source_id != first.source_id)
    other_row = inbox.model.row_at(inbox.model.index(other, 0))
    inbox.view.setCurrentIndex(inbox.model.index(other, 0))
    # at once: nothing said of the item before, no button to click
    assert visible_texts(inbox) == ["Working out why…"]
    # the first item's explanation asked again (a correction, an outside change) arrives late
    inbox.reactions.explain()  # (still the first item shown: its text is being read)
    held.answer(first.id, lambda fn: call(qtbot, bridge, fn), first.source_id)
    assert visible_texts(inbox) == ["Working out why…"]
    # the pane's buttons act on nothing meanwhile: not on the item still shown
    with qtbot.assertNotEmitted(inbox.pane.reaction):
        if inbox.pane.item is not None and inbox.pane.item.id == first.id:
            inbox.pane.buttons["like"].click()
    qtbot.waitUntil(lambda: inbox.pane.item is not None and inbox.pane.item.id == other_row.id)
    assert visible_texts(inbox) == ["Working out why…"]
    qtbot.waitUntil(lambda: any(asked == other_row.id for asked, _ in held.asked))
    held.answer(other_row.id, lambda fn: call(qtbot, bridge, fn), other_row.source_id)
    texts = visible_texts(inbox)
    assert f"Mute this source ({other_row.source_name})" in texts and mute not in texts
    assert "Working out why…" not in texts


def test_the_item_shown_before_the_engine_ran_is_explained_once_it_runs(
        qtbot: QtBot, paths: Paths) -> None:
    """Regression: without a tray the inbox opens as Notify starts, before its engine runs;
    the first item's Why panel stayed empty until the person moved to another item. The
    items are recent: the engine's first round prunes those past retention, and with the
    fill's items of May 2026 the item shown was gone whenever that round's end came before
    its explanation (the writer's 30 ms wait for company usually put it after)."""
    import time

    from notify.app.bridge import EngineBridge, default_factory
    from tests.app.conftest import fill

    fill(paths.db, 30, base_time=time.time() - 3600)
    bridge = EngineBridge(default_factory(str(paths.data_dir)))
    reader = Reader(paths.db)
    try:
        window = InboxWindow(bridge, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
        with qtbot.waitSignal(bridge.started, timeout=10_000):
            bridge.start()
        qtbot.waitUntil(lambda: any(t.startswith("Mute this source")
                                    for t in visible_texts(window)), timeout=5000)
    finally:
        bridge.stop()
        reader.close()


def test_in_a_small_window_the_why_panel_scrolls_and_the_list_keeps_its_room(
        qtbot: QtBot, paths: Paths, shots_dir: Path) -> None:
    """Regression: at its minimum size the pane took all but 70 px of the window (the list's
    titles were "T…"), a long tag's "Less of …" button was wider than the pane, the rows of the
    explanation were squeezed (their words cut off) and the window grew by itself when the
    explanation came."""
    from notify.core.ranking.explain import build
    from tests.app.conftest import fill

    fill(paths.db, 30)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.resize(window.minimumSizeHint())
        window.show()
        qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
        qtbot.wait(50)
        size = window.size()
        tag = "tag:business/industries/publishing/publishers/nonfiction/"
        window.pane.show_explanation(build(
            [(tag, 2.0), ("w:item", 1.5), ("src:RSS0.92 Example", 1.0), ("w:crypto", -1.0),
             ("site:oreilly.com", 0.8), ("author:Someone With A Long Name", 0.5)], 0.6,
            decision="notify", decision_reason="60% likely to interest you",
            similar={"like": 1}, decided_score=0.6))
        qtbot.wait(100)
        window.grab().save(str(shots_dir / "inbox-min-size-why.png"))
        assert window.size() == size  # it did not grow by itself
        buttons = [b for b in window.pane.why.findChildren(QPushButton) if not b.isHidden()]
        assert buttons
        for button in buttons:  # never cut off at the side, nor past the window's edge
            right = button.mapTo(window, button.rect().topRight()).x()
            assert right < window.width(), button.text()
            whole = button.visibleRegion().boundingRect()
            assert whole.isEmpty() or whole.width() == button.width(), button.text()
        assert window.view.width() >= 25 * window.fontMetrics().averageCharWidth()  # titles
        # Tab to the last button brings it into sight
        window.activateWindow()
        buttons[-2].setFocus()
        qtbot.keyClick(buttons[-2], Qt.Key.Key_Tab)
        assert buttons[-1].hasFocus()
        assert buttons[-1].visibleRegion().boundingRect().size() == buttons[-1].size()
    finally:
        reader.close()
