"""Work-arounds for bugs in PySide6 builds.

PySide6 6.12.0 drops references it does not own: ``SignalInstance.emit`` returns ``True``, and
every call of a C++ method returning ``void`` returns ``None``, without taking a reference.
After enough calls the interpreter aborts ("bool_dealloc" / "none_dealloc"). The ``None`` case
cannot be patched from Python, so pyproject.toml excludes 6.12.0. ``emit`` below still guards
the emit case (probed once at import: a build with the bug gets the stolen reference back after
each emit; a correct build is left alone). Every emit in ``notify/app`` goes through it.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal(int)


def _emit_steals_a_reference() -> bool:
    probe = _Probe()
    probe.ping.connect(lambda _v: None)
    before = sys.getrefcount(True)
    send: Any = probe.ping.emit  # typed as returning None; the 6.12 build returns a bool
    results: list[Any] = [send(1) for _ in range(8)]
    stolen = before - sys.getrefcount(True) + results.count(True)
    for result in results:  # repair what the probe itself cost
        if stolen > 0 and isinstance(result, bool):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return stolen > 0


EMIT_STEALS = _emit_steals_a_reference()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, without the reference leak of PySide6 6.12.0."""
    result: Any = signal.emit(*args)
    if EMIT_STEALS and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
