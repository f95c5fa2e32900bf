"""One connection pool per origin, behind one ``httpx`` transport.

Why: httpcore's pool walks *every* connection it holds each time a request starts or a response
closes, and asks each idle one whether the server hung up (``has_expired``: a ``poll()`` and a
``getpeername()`` system call per connection, each releasing and re-taking the GIL). With one
pool for all hosts that is ~16–32 system calls per request; measured on 670 feeds it was a
fifth of the event loop's time in a first round. A pool per origin holds at most the per-host
limit of connections, so the walk is one or two connections long.

The pools are bounded: when more than ``max_pools`` exist, the least recently used idle ones
are closed (so a round over 670 hosts keeps at most about ``max_pools`` × per-host idle sockets
open, as one shared pool's keep-alive limit did), and ``release_idle()`` closes every idle
pool (the engine calls it after a round, so that no socket lingers until the next one).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)

Origin = tuple[bytes, bytes, int | None]


def _idle(transport: httpx.AsyncHTTPTransport) -> bool:
    """No request waiting and no connection busy (httpcore's pool, read without changing it)."""
    pool: Any = getattr(transport, "_pool", None)
    if pool is None:
        return True
    if getattr(pool, "_requests", None):
        return False
    return all(conn.is_idle() or conn.is_closed() for conn in pool.connections)


class PerOriginTransport(httpx.AsyncBaseTransport):
    """Routes each request to its origin's own ``AsyncHTTPTransport``, made by
    ``factory(scheme)`` (``b"http"`` or ``b"https"``)."""

    def __init__(
        self, factory: Callable[[bytes], httpx.AsyncHTTPTransport], *, max_pools: int = 32
    ) -> None:
        self._factory = factory
        self.max_pools = max(1, max_pools)
        self._pools: dict[Origin, httpx.AsyncHTTPTransport] = {}  # least recently used first

    @property
    def pool_count(self) -> int:
        return len(self._pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key: Origin = (url.raw_scheme, url.raw_host, url.port)
        transport = self._pools.pop(key, None)
        if transport is None:
            transport = self._factory(url.raw_scheme)
            self._pools[key] = transport
            if len(self._pools) > self.max_pools:
                await self._shrink(self.max_pools, keep=key)
        else:
            self._pools[key] = transport  # now the most recently used
        return await transport.handle_async_request(request)

    async def _shrink(self, target: int, *, keep: Origin | None = None) -> None:
        for key in list(self._pools):
            if len(self._pools) <= target:
                return
            transport = self._pools[key]
            if key == keep or not _idle(transport):
                continue
            del self._pools[key]
            await self._close(key, transport)

    async def release_idle(self) -> None:
        """Close every pool with no request in progress (its keep-alive sockets go too)."""
        await self._shrink(0)

    async def _close(self, key: Origin, transport: httpx.AsyncHTTPTransport) -> None:
        try:
            await transport.aclose()
        except Exception:  # closing a socket the server already dropped: nothing to recover
            log.debug("closing the connections to %r failed", key, exc_info=True)

    async def aclose(self) -> None:
        pools, self._pools = self._pools, {}
        for key, transport in pools.items():
            await self._close(key, transport)
