"""Guards against PySide6 builds that drop references (6.12.0 aborts long sessions)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QScrollBar
from pytestqt.qtbot import QtBot

from notify.app.qtcompat import emit


class _Source(QObject):
    ping = Signal(int)


def test_void_calls_keep_their_reference_to_none(qtbot: QtBot) -> None:
    bar = QScrollBar()
    app = QApplication.instance()
    assert app is not None
    before = sys.getrefcount(None)
    for i in range(2000):
        bar.setValue(i % 50)
        app.processEvents()
    assert sys.getrefcount(None) >= before - 50, (
        "this PySide6 build drops a reference to None on every void call; a long session "
        "would abort (none_dealloc). Install another version (pyproject.toml excludes 6.12.0).")


def test_emit_keeps_its_reference_to_true(qtbot: QtBot) -> None:
    source = _Source()
    got: list[int] = []
    source.ping.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emit(source.ping, i)
    assert len(got) == 2000
    assert abs(sys.getrefcount(True) - before) < 50
