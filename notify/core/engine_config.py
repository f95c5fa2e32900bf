"""``EngineConfig``: how the engine runs (parsing off the loop, how many sources at once, how
rounds are batched and scheduled). Each field has the measured default; tests change a few."""

from __future__ import annotations

from dataclasses import dataclass

from notify.core.cpu import BIG_BYTES, PROCESS_AFTER_BYTES
from notify.core.fetch.config import FetchConfig


@dataclass(frozen=True)
class EngineConfig:
    """``cpu_workers``: processes (or threads) for parsing off the loop. ``batch_window_s``:
    sources due within this many seconds join a round. ``max_sleep_s``: the schedule's longest
    sleep."""

    # threads for parsing off the loop: the parsers are Python holding the GIL, so a second
    # thread adds no parallelism, only one more thread the loop and the writer wait behind
    # (loop lag p99 at 670 feeds measured lower with 1; big inputs go to a process anyway)
    cpu_workers: int = 1
    cpu_processes: bool = True  # big inputs parse in worker processes (notify.core.cpu)
    cpu_big_bytes: int = BIG_BYTES
    cpu_process_after_bytes: int = PROCESS_AFTER_BYTES  # big bodies parsed in a thread first
    max_in_flight: int = 48  # sources being fetched/parsed at once: bounds memory
    batch_window_s: float = 60.0
    max_sleep_s: float = 900.0
    fetch: FetchConfig | None = None  # None: from the user's settings
    seed: int | None = None  # jitter's random seed (tests)
    # How long a thread holding the GIL runs before another may take it
    # (``sys.setswitchinterval``; Python's default is 5 ms). The loop, an I/O thread, waits
    # behind the parse and writer threads up to about this long at each hand-off: measured, the
    # 76-feed first round's loop lag p99 was 14-43 ms (median 23) at 1 ms against 28-69 ms
    # (median 38) at 5 ms, 6 runs each, CPU unchanged. Process-wide (the app's GUI thread
    # gets the GIL sooner too). 0.5 and 0.2 ms gave no shorter 670-feed first round, wall and
    # CPU not agreeing across runs (docs/benchmarks.md, finding 12). None: the interpreter's
    # setting is left alone.
    gil_switch_s: float | None = 0.001
