"""Politeness: at most N requests in flight in all, and at most M per host.

A ``Gate`` is a FIFO counting semaphore whose limit is given at acquire time, so that a
request's ``host_limit`` can override the default for its host. Waiters are woken one at a
time (no thundering herd when hundreds of requests queue for one host).

``Limiter.slot(host, limit)`` takes the host's slot first and the global one second: a request
waiting for a busy host never holds a global slot that a request to an idle host could use.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Gate:
    """A FIFO semaphore with a per-acquire limit."""

    __slots__ = ("active", "waiters")

    def __init__(self) -> None:
        self.active = 0
        self.waiters: deque[tuple[int, asyncio.Future[None]]] = deque()

    @property
    def idle(self) -> bool:
        return self.active == 0 and not self.waiters

    async def acquire(self, limit: int) -> None:
        limit = max(1, limit)
        if self.active < limit and not self.waiters:
            self.active += 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (limit, fut)
        self.waiters.append(entry)
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # the slot was handed over just as we were cancelled
            else:
                # _wake may already have dropped it as a cancelled waiter
                with contextlib.suppress(ValueError):
                    self.waiters.remove(entry)
            raise

    def release(self) -> None:
        self.active -= 1
        self._wake()

    def _wake(self) -> None:
        # Hand free slots to waiters in order; a waiter whose own limit is full waits on.
        for entry in list(self.waiters):
            limit, fut = entry
            if fut.done():
                self.waiters.remove(entry)
                continue
            if self.active < limit:
                self.waiters.remove(entry)
                self.active += 1
                fut.set_result(None)
                continue
            break  # FIFO: don't let later waiters overtake the first blocked one


class Limiter:
    """The global gate and one gate per host (created on demand, dropped when idle)."""

    def __init__(self, global_limit: int, per_host_limit: int) -> None:
        self.global_limit = global_limit
        self.per_host_limit = per_host_limit
        self._global = Gate()
        self._hosts: dict[str, Gate] = {}

    @property
    def in_flight(self) -> int:
        return self._global.active

    def hosts_tracked(self) -> int:
        return len(self._hosts)

    @asynccontextmanager
    async def slot(self, host: str, host_limit: int | None = None) -> AsyncIterator[None]:
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = Gate()
        await gate.acquire(host_limit or self.per_host_limit)
        try:
            await self._global.acquire(self.global_limit)
            try:
                yield
            finally:
                self._global.release()
        finally:
            gate.release()
            if gate.idle and self._hosts.get(host) is gate:
                del self._hosts[host]
