"""Where CPU-heavy work (parsing a feed, scoring a batch) runs so that the event loop never
waits for it: threads, and one worker process for big inputs.

Threads are enough for an ordinary feed (the fast parser feeds expat in pieces, so even a 1.6 MB
feed holds the GIL ~1 ms at a time), but C code such as a regular expression over a whole
document holds the GIL for as long as it runs. A call with a ``bytes`` argument of ``BIG_BYTES``
or more therefore runs in a worker process (no shared GIL) when the function can be pickled (a
module-level function); everything else runs in a thread, which costs no inter-process
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

# Only a body this big goes to the worker process. Below it a thread is cheaper: spawning the
# worker costs a whole interpreter's start (~0.12 s of CPU, measured on the 76-feed round, whose
# two 1.6 MB feeds parse in ~0.05 s each), and the fast parser feeds expat in pieces, so even a
# 1.6 MB feed holds the GIL ~1 ms at a time (loop lag measured ≤ 11 ms, was ~20 ms unchunked).
BIG_BYTES = 4 * 1024 * 1024


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
        process_workers: int = 1,
    ) -> None:
        self.workers = max(1, workers)  # threads
        self.process_workers = max(1, process_workers)  # big inputs are rare: one is enough
        self.big_bytes = big_bytes
        self.use_processes = processes
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
        big = any(
            isinstance(a, bytes | bytearray | memoryview) and len(a) >= self.big_bytes
            for a in args
        )
        if big and self.use_processes and _picklable(fn):
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
