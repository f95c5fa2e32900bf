"""Every cyclic garbage collection of the app's process runs on the GUI thread.

Why. Python's automatic collector runs on whichever thread happens to allocate the object that
crosses the youngest generation's threshold: in the app, most often the engine thread, which
allocates heavily during poll rounds (``bridge.py``), or the inbox's reader thread. A reference
cycle holding the Python wrapper of a Qt object owned by Python (a lambda slot capturing its
widget, a widget with an attribute pointing back to it, a dialog kept in a closure) is then
freed on that thread: the C++ object is deleted off the GUI thread, and Qt asserts or the
process crashes at random (a stress script with a QWidget in such a cycle segfaulted at once;
``tests/app/test_collector.py`` catches the engine's threads and thread pools collecting). Anki
answered the same crash the same way: no automatic collection, collections on the main thread
only.

Second, the engine's rounds: during a round of 1,000 sources hundreds of thousands of objects
are alive for a while (parsed documents, drafts, rows), and a full pass (generation 2) over them
held the GIL 150-250 ms, several times a round: the windows froze while items arrived
(``bench/gui_scale.py``). Once the round is over those objects are gone and a pass takes ~10 ms.

What runs where, once ``GuiThreadCollector`` is made (``run_app``, before the engine starts;
``tests/conftest.py`` does the same for the test suite's application):

- automatic collection is off (``gc.disable()``): no thread ever collects by itself;
- the GUI thread collects the young generations, as CPython's own rule would (the counts of
  ``gc.get_count()`` against ``gc.get_threshold()``), each time its event loop wakes up
  (``awake``, also at each ``processEvents``) and before it goes back to sleep
  (``aboutToBlock``). The engine's work reaches the GUI thread as events (a source polled,
  items added, an operation's result), each of which wakes it: the cycles the engine makes are
  collected within an event of being made, and memory stays bounded during long rounds;
- full passes never run during a round: one runs ``DELAY_MS`` after each round ends, and
  outside rounds ``DELAY_MS`` after the young generations' passes made one due;
- nothing runs while the app is idle: no repeating timer; an event loop asleep checks nothing.

The command line (``notify status`` …) has no Qt objects and keeps Python's default collector.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QObject, QThread, QTimer

from notify.app.bridge import EngineBridge

log = logging.getLogger(__name__)
DELAY_MS = 2000  # after a round: its last events handled, its objects released


def due(counts: tuple[int, int, int], thresholds: tuple[int, int, int]) -> int | None:
    """The young generation to collect now (0 or 1), as CPython's rule would pick it, or None.

    The youngest generation's count is the objects allocated minus those freed since its last
    pass; each older generation's count is the passes of the generation below since its own."""
    if thresholds[0] <= 0 or counts[0] <= thresholds[0]:
        return None
    return 1 if counts[1] > thresholds[1] else 0


def full_pass_due(counts: tuple[int, int, int], thresholds: tuple[int, int, int]) -> bool:
    return thresholds[0] > 0 and counts[2] > thresholds[2]


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on the GUI thread; made there, once the
    QApplication exists and before other threads run. ``watch(bridge)`` follows the engine's
    rounds; ``restore()`` puts the collector back as it was (enabled or not)."""

    def __init__(self, bridge: EngineBridge | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("GuiThreadCollector must be made on the GUI thread, "
                               "once the QApplication exists")
        self._was_enabled = gc.isenabled()
        self.young_passes = 0
        self.full_passes = 0
        self.in_round = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.collect_full)
        dispatcher = QAbstractEventDispatcher.instance(app.thread())
        assert dispatcher is not None  # the GUI thread's, made with the QApplication
        self._dispatcher = dispatcher
        dispatcher.awake.connect(self.collect_young)
        dispatcher.aboutToBlock.connect(self.collect_young)
        gc.disable()
        if bridge is not None:
            self.watch(bridge)

    def watch(self, bridge: EngineBridge) -> None:
        bridge.pollStarted.connect(self._round_started)
        bridge.pollFinished.connect(self._round_finished)
        bridge.stopped.connect(self._engine_stopped)

    def _round_started(self, _event: object = None) -> None:
        self.in_round = True
        self.timer.stop()  # the round's end starts it again

    def _round_finished(self, _event: object = None) -> None:
        self.in_round = False
        self.timer.start()

    def _engine_stopped(self) -> None:
        self.in_round = False  # a round cut short by quitting never finishes

    def collect_young(self) -> None:
        """What the automatic collector would have done by now, on this (the GUI) thread."""
        if gc.isenabled():  # a library turned it on again: it would collect on any thread
            log.warning("the garbage collector was enabled again behind the app's back; "
                        "turned off (collections run on the GUI thread only)")
            gc.disable()
        thresholds = gc.get_threshold()
        generation = due(gc.get_count(), thresholds)
        if generation is not None:
            gc.collect(generation)
            self.young_passes += 1
        if not self.in_round and not self.timer.isActive() \
                and full_pass_due(gc.get_count(), thresholds):
            self.timer.start()

    def collect_full(self) -> None:
        if self.in_round:  # the round's end starts the timer again
            return
        started = time.perf_counter()
        found = gc.collect()
        self.full_passes += 1
        log.debug("full garbage collection on the GUI thread: %d unreachable objects, %.0f ms",
                  found, (time.perf_counter() - started) * 1000)

    def collect_due(self) -> None:
        """What is due now, a full pass included, at once: for a caller with quiet moments of
        its own and no event loop between them (the test suite, between two tests)."""
        self.collect_young()
        if full_pass_due(gc.get_count(), gc.get_threshold()):
            self.timer.stop()
            self.collect_full()

    def restore(self) -> None:
        self.timer.stop()
        self._dispatcher.awake.disconnect(self.collect_young)
        self._dispatcher.aboutToBlock.disconnect(self.collect_young)
        if self._was_enabled:
            gc.enable()
