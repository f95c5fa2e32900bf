"""``bench/gui_scale.py --dump-stalls FILE``: where the GUI thread's late heartbeats went."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from heartbeat import Heartbeat


class StallDumps:
    """With ``--dump-stalls FILE``: every thread's Python stack written to FILE whenever the GUI
    thread misses its heartbeat for ``after_ms`` (faulthandler's watchdog, a C thread that needs
    no GIL: it sees what the thread holding the GIL runs, and where the GUI thread waits). A
    diagnosis, not a measurement: the watchdog reads the other threads' frames unlocked. Also
    each late beat with where its time went (the GUI thread's CPU time and run-queue wait from
    the kernel's ``schedstat``: the rest is sleep or the GIL) and each collection of 5 ms or
    more with its thread (``gc.callbacks``). A thread whose stack ends on the line where a
    function returned is freeing that function's locals: one C operation."""

    def __init__(self, path: Path, beat: Heartbeat, after_ms: float = 40.0) -> None:
        import faulthandler

        self.faulthandler = faulthandler
        self.file = path.open("a", buffering=1)
        self.after_s = after_ms / 1000
        self.gc_started: dict[int, float] = {}
        self.gc_ms = 0.0  # the GUI thread's collections since its last beat
        self.last_beat = time.perf_counter()
        self.schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        self.last_sched = self.sched()
        beat.timer.timeout.connect(self.rearm)
        gc.callbacks.append(self.on_gc)

    def mark(self, text: str) -> None:
        self.file.write(f"\n===== {time.strftime('%H:%M:%S')} {text}\n")
        self.last_beat, self.last_sched = time.perf_counter(), self.sched()  # a step starts

    def rearm(self) -> None:
        # once per stall: repeated dumps while the other threads run crashed the process once
        now = time.perf_counter()
        late_ms = (now - self.last_beat) * 1000
        sched = self.sched()
        if late_ms > self.after_s * 1000:
            # where the time went: on a CPU (the GUI thread's own work, its collections
            # included), waiting for a CPU (the kernel's run queue: the machine was busy), else
            # asleep or waiting for the GIL (another thread held it)
            cpu_ms, queue_ms = ((a - b) / 1e6 for a, b in zip(sched, self.last_sched, strict=True))
            self.file.write(f"[{now:.3f}] GUI heartbeat: {late_ms:.0f} ms between beats; GUI "
                            f"thread on a CPU {cpu_ms:.0f} ms (collecting {self.gc_ms:.0f}), "
                            f"waiting for a CPU {queue_ms:.0f} ms, else "
                            f"{late_ms - cpu_ms - queue_ms:.0f} ms\n")
        self.last_beat, self.last_sched, self.gc_ms = now, sched, 0.0
        self.faulthandler.dump_traceback_later(self.after_s, file=self.file)

    def sched(self) -> tuple[int, int]:
        """The GUI thread's time on a CPU and waiting for one so far, in ns (Linux)."""
        try:
            on_cpu, waiting, _slices = self.schedstat.read_text().split()
        except (OSError, ValueError):
            return 0, 0
        return int(on_cpu), int(waiting)

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        """Every collection of 5 ms or more: when, which generation, on which thread."""
        now = time.perf_counter()
        ident = threading.get_ident()
        if phase == "start":
            self.gc_started[ident] = now
            return
        took_ms = (now - self.gc_started.pop(ident, now)) * 1000
        if threading.current_thread() is threading.main_thread():
            self.gc_ms += took_ms
        if took_ms >= 5:
            self.file.write(f"[{now:.3f}] gc generation {info['generation']} on "
                            f"{threading.current_thread().name}: {took_ms:.0f} ms, "
                            f"{info['collected']} collected\n")

    def close(self) -> None:
        self.faulthandler.cancel_dump_traceback_later()
        if self.on_gc in gc.callbacks:
            gc.callbacks.remove(self.on_gc)
        self.file.close()
