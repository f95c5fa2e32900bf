"""httpcore's network layer on plain asyncio: the fetcher's connections without anyio.

httpcore talks to sockets through a network backend; on asyncio it picks anyio's, which wraps
every read and write of every connection in a cancel scope (``anyio.fail_after``) and answers
"is this idle connection still open?" (asked for each kept-alive connection at every request)
through a table of attribute callbacks. Measured on a 670-feed round of 304s, that was ~15% of
the event loop's CPU. This backend does the same on an ``asyncio.Protocol``: a read waits on one
future with one timer for its timeout; a write hands the bytes to the transport and waits only
while the transport asks it to (flow control). Errors are httpcore's, as with anyio's backend
(``ConnectError``, ``ConnectTimeout``, ``ReadError``, ``ReadTimeout``, ``WriteError``,
``WriteTimeout``), each raised from the OS or ``ssl`` error underneath, so the fetcher's
classification (DNS, TLS, refused, reset, timeout) is unchanged.

``install(transport)`` puts it under an ``httpx.AsyncHTTPTransport`` (its httpcore pool's
backend); a transport of another shape keeps its own backend. It also gives httpcore's pool and
HTTP/1.1 connections asyncio's own lock and event (``use_asyncio_primitives``) instead of
anyio's: see there.
"""

from __future__ import annotations

import asyncio
import ssl
import sys
import threading
from collections.abc import Iterable
from typing import Any

import httpcore
import sniffio
from httpcore._utils import is_socket_readable

_PAUSE_AT = 512 * 1024  # unread bytes at which the socket is no longer read (flow control)
_RESUME_AT = 64 * 1024
_CLOSE_WAIT_S = 1.0  # closing waits this long for the socket to close, then drops it


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


class _Protocol(asyncio.Protocol):
    """Received bytes, end of stream and flow control of one connection."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self.reading_paused = False
        self.writing_paused = False
        self.lost = False  # connection_lost was called: the socket is closed
        self._reader: asyncio.Future[None] | None = None
        self._writer: asyncio.Future[None] | None = None
        self._closer: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) >= _PAUSE_AT and self.transport is not None:
            self.reading_paused = True
            self.transport.pause_reading()
        self._wake_reader()

    def eof_received(self) -> bool | None:
        self.eof = True
        self._wake_reader()
        return None  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.lost = True
        self.error = exc
        self._wake_reader()
        self._wake_writer()
        if self._closer is not None and not self._closer.done():
            self._closer.set_result(None)

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        self._wake_writer()

    def _wake_reader(self) -> None:
        if self._reader is not None and not self._reader.done():
            self._reader.set_result(None)

    def _wake_writer(self) -> None:
        if self._writer is not None and not self._writer.done():
            self._writer.set_result(None)

    async def wait_readable(self, timeout: float | None) -> None:
        self._reader = waiter = asyncio.get_running_loop().create_future()
        await _wait(waiter, timeout)

    async def wait_writable(self, timeout: float | None) -> None:
        self._writer = waiter = asyncio.get_running_loop().create_future()
        await _wait(waiter, timeout)

    async def wait_lost(self, timeout: float) -> None:
        if not self.lost:
            self._closer = waiter = asyncio.get_running_loop().create_future()
            await _wait(waiter, timeout)


async def _wait(waiter: asyncio.Future[None], timeout: float | None) -> None:
    """Wait for ``waiter``; ``TimeoutError`` after ``timeout`` seconds (None: no limit)."""
    if timeout is None:
        await waiter
        return
    timer = asyncio.get_running_loop().call_later(timeout, _expire, waiter)
    try:
        await waiter
    finally:
        timer.cancel()


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, protocol: _Protocol) -> None:
        self._protocol = protocol

    @property
    def _transport(self) -> asyncio.Transport:
        transport = self._protocol.transport
        assert transport is not None
        return transport

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        proto = self._protocol
        if not proto.buffer and not proto.eof:
            try:
                await proto.wait_readable(timeout)
            except TimeoutError as err:
                raise httpcore.ReadTimeout("timed out while receiving data") from err
        if not proto.buffer:
            if proto.error is not None:
                raise httpcore.ReadError(str(proto.error) or type(proto.error).__name__) \
                    from proto.error
            return b""  # the server closed the connection
        data = bytes(proto.buffer[:max_bytes])
        del proto.buffer[:max_bytes]
        if proto.reading_paused and len(proto.buffer) <= _RESUME_AT:
            proto.reading_paused = False
            self._transport.resume_reading()
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        proto = self._protocol
        transport = self._transport
        if proto.error is not None or transport.is_closing():
            err = proto.error
            raise httpcore.WriteError(str(err) if err else "the connection is closed") from err
        transport.write(buffer)
        while proto.writing_paused and proto.error is None:
            try:
                await proto.wait_writable(timeout)
            except TimeoutError as err:
                raise httpcore.WriteTimeout("timed out while sending data") from err
        if proto.error is not None:
            raise httpcore.WriteError(str(proto.error)) from proto.error

    async def aclose(self) -> None:
        proto = self._protocol
        transport = proto.transport
        if transport is None or proto.lost:
            return
        if transport.get_extra_info("ssl_object") is not None:
            # as anyio's backend does for httpcore (standard_compatible=False): no TLS close
            # handshake, whose wait for the server's reply would outlive the loop at exit
            transport.abort()
        else:
            transport.close()  # what is left to send is sent first
        try:
            await proto.wait_lost(_CLOSE_WAIT_S)
        except TimeoutError:
            transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        proto = self._protocol
        try:
            async with asyncio.timeout(timeout):
                tls = await loop.start_tls(
                    self._transport, proto, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError as err:
            self._transport.abort()
            raise httpcore.ConnectTimeout("timed out during the TLS handshake") from err
        except (OSError, ssl.SSLError, ConnectionError) as err:
            self._transport.abort()
            raise httpcore.ConnectError(str(err) or type(err).__name__) from err
        if tls is None:  # the connection was closed meanwhile
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        assert isinstance(tls, asyncio.Transport)
        proto.transport = tls
        return self

    def get_extra_info(self, info: str) -> Any:
        transport = self._protocol.transport
        if transport is None:
            return True if info == "is_readable" else None
        if info == "is_readable":  # an idle connection the server closed, or that sent data
            proto = self._protocol
            return bool(proto.buffer) or proto.eof or is_socket_readable(
                transport.get_extra_info("socket")
            )
        name = {"ssl_object": "ssl_object", "client_addr": "sockname",
                "server_addr": "peername", "socket": "socket"}.get(info)
        return None if name is None else transport.get_extra_info(name)


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, proto = await loop.create_connection(
                    _Protocol, host, port,
                    local_addr=(local_address, 0) if local_address else None,
                )
        except TimeoutError as err:  # before OSError: TimeoutError is one
            raise httpcore.ConnectTimeout("timed out while connecting") from err
        except OSError as err:
            raise httpcore.ConnectError(str(err) or type(err).__name__) from err
        for option in socket_options or ():
            transport.get_extra_info("socket").setsockopt(*option)
        return AsyncioStream(proto)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Notify does not connect to Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


BACKEND = AsyncioBackend()


class _Claims(threading.local):
    count = 0
    ours = False


_claims = _Claims()


def enter_asyncio() -> None:
    """While a request is in progress on this thread's loop, tell sniffio that the thread runs
    asyncio (``sniffio.thread_local.name``, the attribute async libraries set for this): httpcore
    asks which library runs for every lock and event it makes, several per request, and anyio
    asks again for each; sniffing for it (``asyncio.current_task``) was ~10% of a first round's
    loop time. Counted per thread, so overlapping requests share the claim; ``exit_asyncio``
    withdraws it when the last ends (only if it was ours)."""
    claims = _claims
    if claims.count == 0 and sniffio.thread_local.name is None:
        sniffio.thread_local.name = "asyncio"
        claims.ours = True
    claims.count += 1


def exit_asyncio() -> None:
    claims = _claims
    claims.count -= 1
    if claims.count == 0 and claims.ours:
        claims.ours = False
        sniffio.thread_local.name = None


class AsyncioLock:
    """httpcore's ``AsyncLock`` on ``asyncio.Lock`` (made at first use, on the loop)."""

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None

    async def __aenter__(self) -> AsyncioLock:
        lock = self._lock
        if lock is None:
            lock = self._lock = asyncio.Lock()
        await lock.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._lock is not None
        self._lock.release()


class AsyncioEvent:
    """httpcore's ``AsyncEvent`` on ``asyncio.Event``: ``wait(timeout)`` raises httpcore's
    ``PoolTimeout`` after ``timeout`` seconds, as anyio's ``fail_after`` made it do."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, timeout: float | None = None) -> None:
        event = self._event
        if event.is_set():
            return
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError as err:
            raise httpcore.PoolTimeout("timed out waiting for a connection") from err


class NoShield:
    """httpcore's ``AsyncShieldCancellation`` (an anyio ``CancelScope(shield=True)`` around
    closing a response) as a no-op: such a scope shields only from anyio's own cancel scopes,
    and with this backend and these primitives there are none; Notify's deadlines cancel the
    task the asyncio way (``asyncio.timeout``), which the anyio scope did not hold back
    either."""

    __slots__ = ()

    def __enter__(self) -> NoShield:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


# (module, name, replacement): where httpcore's async pool and HTTP/1.1 connection take their
# synchronisation primitives from (module globals, looked up at each use)
_PRIMITIVES = (
    ("httpcore._async.connection_pool", "AsyncEvent", AsyncioEvent),
    ("httpcore._async.connection_pool", "AsyncShieldCancellation", NoShield),
    ("httpcore._async.connection", "AsyncLock", AsyncioLock),
    ("httpcore._async.http11", "AsyncLock", AsyncioLock),
    ("httpcore._async.http11", "AsyncShieldCancellation", NoShield),
)


def use_asyncio_primitives() -> bool:
    """Give httpcore's async connection pool and HTTP/1.1 connections asyncio's own lock, event
    and (no-op) shield instead of anyio's. anyio's lock is a checkpoint at each acquire, its
    event's ``wait`` and the shield around each response's close are cancel scopes (several
    per request), and the first of them imports anyio's asyncio backend (~20 ms of CPU at
    every start of ``notify poll``). Process-wide (httpcore looks these names up in its
    modules): Notify runs httpcore only on asyncio, and only through the fetcher. False (and
    nothing changed) when this version of httpcore keeps them elsewhere."""
    modules = [sys.modules.get(module_name) for module_name, _, _ in _PRIMITIVES]
    if not all(hasattr(m, name) for m, (_, name, _) in zip(modules, _PRIMITIVES, strict=True)):
        return False
    for module, (_, name, replacement) in zip(modules, _PRIMITIVES, strict=True):
        if getattr(module, name) is not replacement:
            setattr(module, name, replacement)
    return True


def install(transport: object) -> bool:
    """Use this backend under ``transport`` (an ``httpx.AsyncHTTPTransport``) and asyncio's
    primitives in httpcore (``use_asyncio_primitives``); False when its httpcore pool is not
    where this version of httpx keeps it (it keeps its own backend)."""
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        return False
    pool._network_backend = BACKEND
    use_asyncio_primitives()
    return True
