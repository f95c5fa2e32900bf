"""The asyncio network backend under httpcore (``notify/core/fetch/network.py``): used by the
fetcher's pools, flow control on a fast sender, an idle connection the server closed."""

from __future__ import annotations

import asyncio

import httpcore
import pytest

from notify.core.fetch import network
from notify.core.fetch.client import Fetcher
from tests.support.hostile_server import HostileServer


def test_the_fetchers_pools_use_the_asyncio_backend() -> None:
    transport = Fetcher()._make_pool()
    assert isinstance(transport._pool._network_backend, network.AsyncioBackend)


def test_a_fast_sender_is_paused_and_every_byte_arrives(hostile_server: HostileServer) -> None:
    """The server sends 2 MiB while nobody reads: reading the socket pauses at the bound and
    resumes as the reader catches up; nothing is lost."""
    url = httpcore.URL(hostile_server.url("/huge?mb=2"))

    async def main() -> tuple[bool, int]:
        stream = await network.BACKEND.connect_tcp(url.host.decode(), url.port or 80, timeout=5)
        assert isinstance(stream, network.AsyncioStream)
        await stream.write(b"GET /huge?mb=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        for _ in range(1000):  # the server fills the buffer (10 s at most)
            if stream._protocol.reading_paused:
                break
            await asyncio.sleep(0.01)
        paused = stream._protocol.reading_paused
        received = bytearray()
        while chunk := await stream.read(65536, timeout=5):
            received += chunk
        await stream.aclose()
        body = bytes(received).partition(b"\r\n\r\n")[2]
        return paused, len(body)

    paused, size = asyncio.run(main())
    assert paused
    assert size == 2 * 1024 * 1024


def test_an_idle_connection_the_server_closed_is_readable_and_reads_end() -> None:
    async def main() -> tuple[bool, bytes]:
        async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.close()

        server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            stream = await network.BACKEND.connect_tcp("127.0.0.1", port, timeout=5)
            for _ in range(1000):  # the server's close arrives (10 s at most)
                if stream.get_extra_info("is_readable"):
                    break
                await asyncio.sleep(0.01)
            return stream.get_extra_info("is_readable"), await stream.read(10, 1)

    after, data = asyncio.run(main())
    assert after and data == b""


def test_a_read_that_times_out_is_a_read_timeout() -> None:
    async def main() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await reader.read()  # until the client hangs up
            finally:
                writer.close()

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            stream = await network.BACKEND.connect_tcp("127.0.0.1", port, timeout=5)
            with pytest.raises(httpcore.ReadTimeout):
                await stream.read(10, timeout=0.05)
            await stream.aclose()
            await asyncio.sleep(0.05)  # the server's side sees the close and closes too

    asyncio.run(main())


def test_requests_in_progress_tell_sniffio_the_thread_runs_asyncio(
    hostile_server: HostileServer,
) -> None:
    """httpcore and anyio ask sniffio which library runs for every lock and event: while the
    fetcher's requests are in progress the thread says so itself; afterwards nothing is left."""
    import sniffio

    from notify.core.fetch.outcomes import Request

    seen: list[str | None] = []

    async def main() -> None:
        async with Fetcher() as fetcher:
            async def one() -> None:
                await fetcher.get(Request(hostile_server.url("/feed?delay_ms=500")))

            task = asyncio.gather(one(), one())
            for _ in range(1000):  # both reached the server, which holds them 0.5 s
                if len(hostile_server.requests) == 2:
                    break
                await asyncio.sleep(0.005)
            assert not task.done()
            seen.append(sniffio.thread_local.name)
            await task
            seen.append(sniffio.thread_local.name)

    asyncio.run(main())
    assert seen == ["asyncio", None]


def test_httpcore_locks_and_waits_on_asyncio_and_never_loads_anyios_backend(
    hostile_server: HostileServer,
) -> None:
    """httpcore's pool and HTTP/1.1 connection take asyncio's lock and event from
    ``network.use_asyncio_primitives`` (installed with the fetcher's first pool): requests,
    304s and kept-alive connections work, and anyio's asyncio backend (~20 ms to import, and
    a cancel scope per wait) is never imported. A fresh interpreter, as ``notify poll`` is."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import asyncio, sys
        from notify.core.fetch.client import Fetcher
        from notify.core.fetch.outcomes import NotModified, Request, Updated
        import httpcore._async.connection_pool as pool_module
        import httpcore._async.http11 as http11_module
        from notify.core.fetch import network

        async def main():
            async with Fetcher() as fetcher:
                first = await fetcher.get(Request({hostile_server.url("/feed")!r}))
                assert isinstance(first, Updated), first
                outs = await asyncio.gather(*(
                    fetcher.get(Request({hostile_server.url("/feed")!r}, etag=first.etag))
                    for _ in range(6)))
                assert all(isinstance(o, NotModified) for o in outs), outs
        asyncio.run(main())
        assert pool_module.AsyncEvent is network.AsyncioEvent
        assert http11_module.AsyncLock is network.AsyncioLock
        print("anyio._backends._asyncio" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert len(hostile_server.requests) == 7


def test_waiting_for_a_connection_past_its_timeout_is_a_pool_timeout() -> None:
    async def main() -> None:
        event = network.AsyncioEvent()
        with pytest.raises(httpcore.PoolTimeout):
            await event.wait(timeout=0.01)
        event.set()
        await event.wait(timeout=0.01)  # set: returns at once
        lock = network.AsyncioLock()
        order: list[int] = []

        async def hold(n: int) -> None:
            async with lock:
                order.append(n)
                await asyncio.sleep(0.01)
                order.append(n)

        await asyncio.gather(hold(1), hold(2))
        assert order == [1, 1, 2, 2]  # one holder at a time

    asyncio.run(main())
