"""Where CPU work runs: processes for module-level functions, threads otherwise."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from notify.core.cpu import CpuPool


def where(data: bytes = b"") -> tuple[int, str]:
    return os.getpid(), threading.current_thread().name


def boom() -> None:
    raise ValueError("from the worker")


def test_big_inputs_run_in_a_process_small_ones_and_closures_in_a_thread() -> None:
    pool = CpuPool(1, big_bytes=1000)
    big = b"x" * 1000

    async def main() -> list[tuple[int, str]]:
        try:
            return [
                await pool.run(where, big),
                await pool.run(where, b"small"),
                await pool.run(lambda data: where(data), big),
            ]
        finally:
            pool.shutdown()

    (proc_pid, _), (small_pid, small_thread), (closure_pid, _) = asyncio.run(main())
    assert proc_pid != os.getpid()
    assert small_pid == os.getpid() and small_thread.startswith("notify-cpu")
    assert closure_pid == os.getpid()


def test_exceptions_come_back_and_threads_only_mode() -> None:
    pool = CpuPool(1, processes=False)

    async def main() -> tuple[int, str]:
        try:
            with pytest.raises(ValueError, match="from the worker"):
                await pool.run(boom)
            return await pool.run(where)
        finally:
            pool.shutdown()

    pid, _ = asyncio.run(main())
    assert pid == os.getpid()


def test_a_pool_that_cannot_start_falls_back_to_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = CpuPool(1, big_bytes=1)

    def cannot_start() -> None:
        raise RuntimeError("no processes here")

    monkeypatch.setattr(pool, "_start_processes", cannot_start)

    async def main() -> tuple[int, str]:
        try:
            return await pool.run(where, b"big enough")
        finally:
            pool.shutdown()

    pid, _ = asyncio.run(main())
    assert pid == os.getpid() and pool.use_processes is False


def test_the_process_starts_only_once_big_inputs_add_up() -> None:
    """Starting the worker costs a whole interpreter: the first big inputs parse in a thread,
    the process takes over once they add up to more than ``process_after_bytes``."""
    pool = CpuPool(1, big_bytes=1000, process_after_bytes=2500)
    big = b"x" * 1000

    async def main() -> list[int]:
        try:
            return [(await pool.run(where, big))[0] for _ in range(4)]
        finally:
            pool.shutdown()

    pids = asyncio.run(main())
    assert pids[:2] == [os.getpid()] * 2  # 1000, then 2000 bytes met: threads
    assert os.getpid() not in pids[2:]  # 3000 > 2500: the worker, and it stays
