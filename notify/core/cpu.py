"""Where CPU-heavy work (parsing a feed, scoring a batch) runs so that the event loop never
waits for it: threads, and one worker process for big inputs.

Threads are enough for an ordinary feed (the fast parser feeds expat in pieces, so even a 1.6 MB
feed holds the GIL ~1 ms at a time), but C code such as a regular expression over a whole
document holds the GIL for as long as it runs, and a round with many big feeds gains a second
core. A call with a ``bytes`` argument of ``BIG_BYTES`` or more therefore runs in a worker
process (no shared GIL) when the function can be pickled (a module-level function) and, with
``process_after_bytes`` (the engine: ``PROCESS_AFTER_BYTES``), once the big inputs met add up
to more than that; everything else runs in a thread, which costs no inter-process
copying. The worker (one: big feeds are rare) is ``spawn``ed, never forked from this threaded
process, the first time a big input comes, from a thread so that the loop does not wait; it is
joined when the engine stops, so its CPU time is counted as this process's child's.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import pickle
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported when the first big input comes (rare)
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)
T = TypeVar("T")

BIG_BYTES = 512 * 1024
# The engine starts the worker only once the big bodies it has met add up to this much: the
# start costs a whole interpreter (~0.12 s of CPU, about what 4 MB of feeds take to parse), so
# a round with a couple of big feeds (the 76-feed benchmark: two of 1.6 MB) parses them in the
# thread, while a round with many (670 feeds: 23 of 1.6 MB) gets a second core for them (its
# wall time was ~1 s longer with every big feed in the thread). The fast parser feeds expat in
# 64 KB pieces, so a big feed in the thread holds the GIL ~1 ms at a time.
PROCESS_AFTER_BYTES = 8 * 1024 * 1024


def _picklable(fn: Callable[..., Any]) -> bool:
    if "<locals>" in getattr(fn, "__qualname__", "<locals>"):
        return False
    try:
        pickle.dumps(fn)
    except Exception:
        return False
    return True


class CpuPool:
    def __init__(
        self, workers: int = 2, *, processes: bool = True, big_bytes: int = BIG_BYTES,
        process_workers: int = 1, process_after_bytes: int = 0,
    ) -> None:
        self.workers = max(1, workers)  # threads
        self.process_workers = max(1, process_workers)  # big inputs are rare: one is enough
        self.big_bytes = big_bytes
        self.use_processes = processes
        # big inputs go to threads until they add up to more than this (0: a process at once)
        self.process_after_bytes = process_after_bytes
        self._big_seen = 0
        self._threads: ThreadPoolExecutor | None = None
        self._procs: ProcessPoolExecutor | None = None
        self._starting: asyncio.Lock | None = None

    def _thread_pool(self) -> ThreadPoolExecutor:
        if self._threads is None:
            self._threads = ThreadPoolExecutor(self.workers, "notify-cpu")
        return self._threads

    def _start_processes(self) -> ProcessPoolExecutor:
        """Create the pool and wait until its workers run (slow: call it off the loop)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        procs = ProcessPoolExecutor(self.process_workers, mp_context=context)
        for future in [procs.submit(abs, 0) for _ in range(self.process_workers)]:
            future.result(timeout=60)
        return procs

    async def _process_pool(self) -> ProcessPoolExecutor:
        if self._procs is None:
            if self._starting is None:
                self._starting = asyncio.Lock()
            async with self._starting:
                if self._procs is None:
                    loop = asyncio.get_running_loop()
                    self._procs = await loop.run_in_executor(
                        self._thread_pool(), self._start_processes
                    )
        return self._procs

    async def executor_for(self, fn: Callable[..., Any], *args: Any) -> Executor:
        size = max((len(a) for a in args if isinstance(a, bytes | bytearray | memoryview)),
                   default=0)
        big = size >= self.big_bytes
        if big:
            self._big_seen += size
        worth_it = self._procs is not None or self._big_seen > self.process_after_bytes
        if big and worth_it and self.use_processes and _picklable(fn):
            try:
                return await self._process_pool()
            except Exception as err:
                self._give_up_processes(err)
        return self._thread_pool()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` off the loop. Falls back to a thread if the process pool broke."""
        loop = asyncio.get_running_loop()
        executor = await self.executor_for(fn, *args)
        call = functools.partial(fn, *args)
        if executor is not None and executor is self._procs:
            from concurrent.futures.process import BrokenProcessPool

            try:
                future = executor.submit(call)  # fails here when workers cannot start
            except Exception as err:
                self._give_up_processes(err)
            else:
                try:
                    return await asyncio.wrap_future(future)
                except BrokenProcessPool as err:  # a worker died (killed, out of memory)
                    self._give_up_processes(err)
        return await loop.run_in_executor(self._thread_pool(), call)

    def _give_up_processes(self, err: BaseException) -> None:
        log.warning("parsing in threads from now on: the worker processes failed (%s)", err)
        self.use_processes = False
        self._shutdown_procs()

    def _shutdown_procs(self) -> None:
        if self._procs is not None:
            procs, self._procs = self._procs, None
            procs.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None
        if self._procs is not None:
            procs, self._procs = self._procs, None
            procs.shutdown(wait=True, cancel_futures=True)
