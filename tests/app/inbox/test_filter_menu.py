"""The inbox's Show menu (views, groups, sources) over the real engine: rebuilt when a name
changes, left alone when a poll round or a disabled source changes nothing it lists."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import call, fill


def read_done(qtbot: QtBot, window: InboxWindow) -> None:
    """Wait until the reader thread answered everything asked before (it answers in order)."""
    done: list[object] = []
    window.reader.submit(lambda _conn: None, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)


def test_the_menu_is_rebuilt_only_when_what_it_lists_changed(
        qtbot: QtBot, paths: Paths) -> None:
    fill(paths.db, 50, n_sources=200)
    from notify.app.bridge import EngineBridge, default_factory

    bridge = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(bridge.started, timeout=10_000):
        bridge.start()
    reader = Reader(paths.db)
    try:
        window = InboxWindow(bridge, reader)
        qtbot.addWidget(window)
        box = window.filter_box
        qtbot.waitUntil(lambda: box.count() == 3 + 2 + 200, timeout=5000)  # views, groups
        inserted: list[int] = []
        box.model().rowsInserted.connect(lambda _p, first, last: inserted.append(last - first))
        with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):
            call(qtbot, bridge, lambda e: e.update_source(5, enabled=False))
        read_done(qtbot, window)
        assert inserted == []  # the same names: the 205 entries were not made again
        with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):
            call(qtbot, bridge, lambda e: e.update_source(5, title="Renamed five"))
        qtbot.waitUntil(lambda: any("Renamed five" in box.itemText(i)
                                    for i in range(box.count())), timeout=5000)
    finally:
        reader.close()
        bridge.stop()
