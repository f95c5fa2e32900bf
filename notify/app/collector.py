"""The cyclic garbage collector's full passes, run between poll rounds instead of during them.

The engine runs in the app's process (``bridge.py``), so the collector's passes stop the GUI
thread too: a pass holds the GIL for as long as it walks the objects alive. During a poll round
of 1,000 sources hundreds of thousands of objects are alive for a while (parsed documents,
drafts, rows), and Python's automatic full passes (generation 2) then took 150-250 ms each,
several per round: the windows froze while items arrived (bench/gui_scale.py). Once the round is
over those objects are gone and a full pass takes ~10 ms.

``FullPasses(bridge)``: generation 2 is no longer collected automatically (the young
generations are, as before; most objects die by reference counting anyway); a full pass runs
``DELAY_MS`` after each round finishes, on the GUI thread. Nothing runs while the app is idle.
``run_app`` calls it once, after ``gc.freeze()``.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QObject, QTimer

from notify.app.bridge import EngineBridge

log = logging.getLogger(__name__)
DELAY_MS = 2000  # after a round: its last events handled, its objects released
NEVER = 1_000_000_000  # generation 1 collections before an automatic full pass


class FullPasses(QObject):
    """Owns the timer of the next full pass; ``restore()`` gives the collector its thresholds
    back."""

    def __init__(self, bridge: EngineBridge) -> None:
        super().__init__(bridge)
        self._thresholds = gc.get_threshold()
        gc.set_threshold(self._thresholds[0], self._thresholds[1], NEVER)
        self.passes = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.collect)
        bridge.pollFinished.connect(lambda _event: self.timer.start())

    def collect(self) -> None:
        started = time.perf_counter()
        found = gc.collect()
        self.passes += 1
        log.debug("full garbage collection after a round: %d unreachable objects, %.0f ms",
                  found, (time.perf_counter() - started) * 1000)

    def restore(self) -> None:
        self.timer.stop()
        gc.set_threshold(*self._thresholds)
