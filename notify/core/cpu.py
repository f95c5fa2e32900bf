"""Where CPU-heavy work (parsing a big feed, scoring a batch) runs so that the event loop never
waits for it: a small process pool for module-level functions, threads for the rest.

Threads are not enough for parsing: the regular-expression and XML code in the parsers holds
the GIL for long stretches, and the loop then stalls for hundreds of milliseconds on a 1.6 MB
feed. A process does not share the GIL. Work that cannot be pickled (closures, lambdas) runs in
a thread instead. Workers start from a clean ``forkserver`` (never a fork of a threaded
process) on first use and exit with the engine.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def _picklable(fn: Callable[..., Any]) -> bool:
    if "<locals>" in getattr(fn, "__qualname__", "<locals>"):
        return False
    try:
        pickle.dumps(fn)
    except Exception:
        return False
    return True


class CpuPool:
    def __init__(self, workers: int = 2, *, processes: bool = True) -> None:
        self.workers = max(1, workers)
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
        context = multiprocessing.get_context("forkserver")
        procs = ProcessPoolExecutor(self.workers, mp_context=context)
        for future in [procs.submit(abs, 0) for _ in range(self.workers)]:
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

    async def executor_for(self, fn: Callable[..., Any]) -> Executor:
        if self.use_processes and _picklable(fn):
            try:
                return await self._process_pool()
            except Exception as err:
                self._give_up_processes(err)
        return self._thread_pool()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` off the loop. Falls back to a thread if the process pool broke."""
        loop = asyncio.get_running_loop()
        executor = await self.executor_for(fn)
        call = functools.partial(fn, *args)
        if isinstance(executor, ProcessPoolExecutor):
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
