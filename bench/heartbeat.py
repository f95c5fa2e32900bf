"""The GUI thread's stalls, as the GUI benchmarks measure them (``bench/gui.py``,
``bench/gui_scale.py``): a 10 ms precise QTimer on the GUI thread; a beat's lateness is how long
the thread was busy with something else."""

from __future__ import annotations

import time

STALL_TARGET_MS = 50.0
INTERVAL_MS = 10


class Heartbeat:
    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.worst_ms = 0.0
        self.late: list[float] = []

    def start(self) -> None:
        self.worst_ms, self.late = 0.0, []
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        """The longest stall since ``start`` (a stall still going on counts too)."""
        self._beat()
        self.timer.stop()
        return self.worst_ms

    def describe(self) -> str:
        """p99 lateness and how many beats came more than ``STALL_TARGET_MS`` late."""
        if not self.late:
            return "no beats"
        ordered = sorted(self.late)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        over = sum(1 for v in self.late if v > STALL_TARGET_MS)
        return f"p99 {p99:.0f} ms, {over} of {len(self.late)} beats over {STALL_TARGET_MS:.0f} ms"

    def _beat(self) -> None:
        now = time.perf_counter()
        late = (now - self.last) * 1000 - INTERVAL_MS
        self.worst_ms = max(self.worst_ms, late)
        self.late.append(late)
        self.last = now
