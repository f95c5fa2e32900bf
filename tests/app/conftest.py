"""Fixtures for the app's widget tests: a real SQLite file with sources and items."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from notify.core.paths import Paths
from notify.core.store.db import connect

BASE_TIME = 1_780_000_000.0


def fill(db_path: Path, n_items: int, *, n_sources: int = 3,
         base_time: float = BASE_TIME) -> None:
    """Write ``n_items`` items over ``n_sources`` sources, newest id = newest first_seen, seen
    from ``base_time`` on (by default in May 2026: older than any retention now, so a test
    whose engine runs a round, which prunes, gives a recent ``base_time``)."""
    conn = connect(db_path)
    try:
        conn.execute("BEGIN")
        for s in range(1, n_sources + 1):
            conn.execute(
                "INSERT INTO sources (id, kind, url, title, group_name, created_at) "
                "VALUES (?, 'feed', ?, ?, ?, ?)",
                (s, f"http://127.0.0.1:9/feed{s}.xml", f"Source {s}",
                 "news" if s % 2 else "tech", base_time))
        rows = []
        for i in range(1, n_items + 1):
            source = (i % n_sources) + 1
            notified = base_time + i if i % 10 == 0 else None
            reaction = "like" if i % 25 == 0 else None
            rows.append((i, source, f"key-{i}", f"Item number {i} about topic{i % 7}",
                         f"https://example.org/{i}",
                         f"<p>Summary <b>{i}</b> <img src='https://tracker.example/p{i}.gif'></p>",
                         f"Summary {i} about topic{i % 7}", json.dumps([f"Author {i % 3}"]),
                         base_time + i, notified, reaction, "notify" if notified else "silent"))
        conn.executemany(
            "INSERT INTO items (id, source_id, key, title, link, summary_html, summary_text, "
            "authors, first_seen, notified_at, reaction, decision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


class ModalDialogUnanswered(AssertionError):
    """A modal dialog waited for an answer no test gave."""


class ModalGuard:
    """Every modal dialog run by ``exec`` (the app's message boxes, its dialogs) during a test
    is closed once it has waited ``limit_ms`` for an answer, and the test fails saying which
    one: a dialog nobody answers hung the test in Qt's modal loop, where pytest-timeout's
    300 s never fired (the engine-failure message of a shell whose engine could not start).
    A test that answers its dialogs (``while_modal``) does so well within the limit."""

    def __init__(self, limit_ms: int) -> None:
        self.limit_ms = limit_ms
        self.unanswered: list[str] = []

    def guarded(self, real: Any) -> Any:
        from PySide6.QtCore import QTimer

        guard = self

        def exec_(dialog: Any, *args: Any) -> Any:
            said: list[str] = []

            def give_up() -> None:
                said.append(describe_dialog(dialog))
                guard.unanswered.append(said[0])
                dialog.reject()

            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(give_up)
            timer.start(guard.limit_ms)
            try:
                result = real(dialog, *args)
            finally:
                timer.stop()
            if said:
                raise ModalDialogUnanswered(
                    f"a modal dialog waited {guard.limit_ms / 1000:g} s for an answer no test "
                    f"gave, and was closed: {said[0]}")
            return result

        return exec_

    def forget(self) -> list[str]:
        """The dialogs closed so far, no longer failing the test (a test of the guard)."""
        closed, self.unanswered = self.unanswered, []
        return closed


def describe_dialog(dialog: Any) -> str:
    """A dialog by its title and, for a message box, its text."""
    text = getattr(dialog, "text", None)
    words = text() if callable(text) else ""
    return f"{type(dialog).__name__} “{dialog.windowTitle()}”" + (f": {words}" if words else "")


MODAL_LIMIT_MS = 20_000


@pytest.fixture(autouse=True)
def modal_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModalGuard]:
    """The ``ModalGuard`` of the test: a modal dialog left unanswered fails it in
    ``MODAL_LIMIT_MS`` (the ``exec`` that ran it raises, and the test fails at its end)."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    guard = ModalGuard(MODAL_LIMIT_MS)
    for cls in (QDialog, QMessageBox, QInputDialog, QFileDialog):
        if "exec" in vars(cls):  # its own (one inherited is guarded where it is defined)
            monkeypatch.setattr(cls, "exec", guard.guarded(vars(cls)["exec"]))
    yield guard
    if guard.unanswered:
        pytest.fail("modal dialogs left unanswered: " + "; ".join(guard.unanswered),
                    pytrace=False)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "data").ensure()


@pytest.fixture
def small_db(paths: Paths) -> Path:
    fill(paths.db, 1000)
    return paths.db


@pytest.fixture
def writer(paths: Paths) -> Iterator[sqlite3.Connection]:
    conn = connect(paths.db)
    yield conn
    conn.close()


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    """Where tests save screenshots: $NOTIFY_TEST_SCREENSHOTS (to look at them) or tmp."""
    import os

    folder = Path(os.environ.get("NOTIFY_TEST_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_not_blank(widget: object, target: Path) -> None:
    """Save a screenshot of ``widget`` and check it has more than a few colours."""
    shot = widget.grab()  # type: ignore[attr-defined]
    assert shot.save(str(target)), f"could not save {target}"
    image = shot.toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 5, f"the screenshot {target.name} is blank"


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local news</title><link>http://127.0.0.1/</link>
<item><title>First story</title><link>http://127.0.0.1/1</link><guid>1</guid>
<description>About rust and compilers</description></item>
<item><title>Second story</title><link>http://127.0.0.1/2</link><guid>2</guid>
<description>About gardening</description></item>
</channel></rss>"""


@pytest.fixture
def bridge(qtbot: object, paths: Paths) -> Iterator[object]:
    """The real engine in its worker thread, over a fresh data folder."""
    from notify.app.bridge import EngineBridge, default_factory

    b = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(b.started, timeout=10_000):  # type: ignore[attr-defined]
        b.start()
    yield b
    b.stop()


def unnamed_controls(window: object) -> list[str]:
    """Visible buttons, fields, lists and combo boxes of ``window`` without an accessible name."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QTextEdit,
        QWidget,
    )

    assert isinstance(window, QWidget)
    found: list[QWidget] = []
    for cls in (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
                QTextEdit):
        found += window.findChildren(cls)
    return [f"{type(w).__name__} {w.objectName()!r}" for w in found
            if w.isVisibleTo(window) and not w.accessibleName()
            and not w.objectName().startswith("qt_")
            and type(w).__name__ not in ("QTabBar", "QToolButton", "QHeaderView")]


def numbered_feed(count: int) -> str:
    """An RSS feed "Local news" of ``count`` (at most 9) items "Story 1"…, one a day in June."""
    items = "".join(
        f"<item><title>Story {n}</title><link>http://127.0.0.1/{n}</link><guid>{n}</guid>"
        f"<pubDate>Mon, 0{n} Jun 2026 10:00:00 GMT</pubDate>"
        f"<description>Topic {n}</description></item>\n" for n in range(1, count + 1))
    return ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Local news</title>'
            f"<link>http://127.0.0.1/</link>\n{items}</channel></rss>")


def call(qtbot: Any, bridge: Any, fn: Any) -> Any:
    """Run ``fn(engine)`` in the bridge's worker thread and wait for its result (or raise its
    error): how a test sets the engine's state up the way the app would."""
    out: list[Any] = []
    bridge.submit(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def polled_ids(qtbot: Any, bridge: Any, httpserver: Any, path: str, feed: str = "") -> list[int]:
    """Serve ``feed`` (default ``RSS``) at ``path``, add it as a source and poll it through the
    engine; the ids of its items, in the order they were stored."""
    httpserver.expect_request(path).respond_with_data(feed or RSS,
                                                      content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for(path)))
    call(qtbot, bridge, lambda e: e.poll())
    return sorted(int(it.id) for it in call(qtbot, bridge, lambda e: e.items()))


def open_inbox(qtbot: Any, bridge: Any, paths: Paths, httpserver: Any, path: str,
               feed: str, *more: tuple[str, str]) -> Iterator[Any]:
    """An inbox window over the real engine, after one poll of ``feed`` served at ``path``
    (and of each ``(path, feed)`` of ``more``, each its own source); for fixtures
    (``yield from``), which close its reader afterwards."""
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow

    for served, body in ((path, feed), *more):
        httpserver.expect_request(served).respond_with_data(
            body, content_type="application/rss+xml")
        url = httpserver.url_for(served)
        call(qtbot, bridge, lambda e, u=url: e.add_source("feed", u))
    call(qtbot, bridge, lambda e: e.poll())
    reader = Reader(paths.db)
    window = InboxWindow(bridge, reader)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    yield window
    reader.close()


def dark_palette() -> Any:
    """A dark theme as Fusion dark themes build one (KDE Breeze Dark, GNOME dark): dark window
    and base, light text."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#353535"), (role.WindowText, "#f0f0f0"),
                      (role.Base, "#232323"), (role.AlternateBase, "#353535"),
                      (role.ToolTipBase, "#353535"), (role.ToolTipText, "#f0f0f0"),
                      (role.Text, "#f0f0f0"), (role.Button, "#353535"),
                      (role.ButtonText, "#f0f0f0"), (role.BrightText, "#ff5555"),
                      (role.Link, "#5aa0ff"), (role.Highlight, "#2a82da"),
                      (role.HighlightedText, "#000000"), (role.PlaceholderText, "#9a9a9a"),
                      (role.Light, "#505050"), (role.Midlight, "#404040"), (role.Mid, "#2a2a2a"),
                      (role.Dark, "#1e1e1e"), (role.Shadow, "#000000")):
        palette.setColor(r, QColor(colour))
    # greyed when disabled, as those themes do (without it a disabled button, Enable for a
    # source that is polled, looked as usable as the others in the dark screenshots)
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, QColor("#808080"))
    return palette


@pytest.fixture
def dark_theme(qapp: Any) -> Iterator[Any]:
    """The application in Fusion with a dark palette for the test; as it was afterwards."""
    from PySide6.QtWidgets import QApplication

    style, palette = qapp.style().name(), qapp.palette()
    QApplication.setStyle("Fusion")
    QApplication.setPalette(dark_palette())
    yield dark_palette()
    QApplication.setStyle(style)
    QApplication.setPalette(palette)


@pytest.fixture
def large_font(qapp: Any) -> Iterator[Any]:
    """The application's font at 14 points (a large system font) for the test."""
    from PySide6.QtWidgets import QApplication

    font = qapp.font()
    large = qapp.font()
    large.setPointSize(14)
    QApplication.setFont(large)
    yield large
    QApplication.setFont(font)
