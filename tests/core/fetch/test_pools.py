"""Connection reuse and the per-origin pools, counted from the server's side (the client port
of each request): a 304, a redirect and a small error give their connection back to the pool;
each origin has its own pool; idle pools are closed when asked and beyond ``max_pools``."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notify.core.fetch.client import Fetcher
from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Failed, NotModified, Request, Updated

BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.ports.append(self.client_address[1])
        if self.path == "/feed" and self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        if self.path == "/feed":
            self._reply(200, BODY, [("ETag", '"v1"')])
        elif self.path == "/moved":
            self._reply(301, b"moved here\n", [("Location", "/feed")])
        else:
            self._reply(404, b"not here\n", [])

    def _reply(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.lock = threading.Lock()
        self.ports: list[int] = []

    def url(self, path: str) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{path}"


def _serve(host: str) -> Iterator[_Server]:
    server = _Server(host)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[_Server]:
    yield from _serve("127.0.0.1")


@pytest.fixture
def server_2() -> Iterator[_Server]:
    yield from _serve("127.0.0.2")


def test_a_304_keeps_its_connection(server: _Server) -> None:
    async def main() -> list[object]:
        async with Fetcher() as fetcher:
            first = await fetcher.get(Request(server.url("/feed")))
            rest = [await fetcher.get(Request(server.url("/feed"), etag='"v1"')) for _ in range(3)]
            return [first, *rest]

    outcomes = asyncio.run(main())
    assert isinstance(outcomes[0], Updated)
    assert all(isinstance(o, NotModified) for o in outcomes[1:])
    assert len(server.ports) == 4 and len(set(server.ports)) == 1, server.ports


def test_redirects_and_small_errors_keep_their_connection(server: _Server) -> None:
    async def main() -> list[object]:
        async with Fetcher() as fetcher:
            return [await fetcher.get(Request(server.url(p))) for p in ("/moved", "/gone", "/feed")]

    moved, gone, feed = asyncio.run(main())
    assert isinstance(moved, Updated) and moved.permanent_redirect == server.url("/feed")
    assert isinstance(gone, Failed) and gone.status == 404
    assert isinstance(feed, Updated)
    assert len(server.ports) == 4 and len(set(server.ports)) == 1, server.ports


def test_each_origin_has_its_own_pool_and_idle_pools_close(
    server: _Server, server_2: _Server
) -> None:
    async def main() -> tuple[int, int, int]:
        async with Fetcher() as fetcher:
            for _ in range(2):
                for srv in (server, server_2):
                    assert isinstance(await fetcher.get(Request(srv.url("/feed"))), Updated)
            pools = fetcher._pools
            assert pools is not None
            during = pools.pool_count
            await fetcher.release_idle()
            after = pools.pool_count
            assert isinstance(await fetcher.get(Request(server.url("/feed"))), Updated)
            return during, after, pools.pool_count

    during, after, again = asyncio.run(main())
    assert (during, after, again) == (2, 0, 1)
    assert len(set(server.ports)) == 2  # a new connection after release_idle, none before
    assert len(set(server_2.ports)) == 1


def test_least_recently_used_idle_pools_beyond_the_bound_are_closed(
    server: _Server, server_2: _Server
) -> None:
    async def main() -> int:
        async with Fetcher(FetchConfig(global_limit=1)) as fetcher:  # max_pools follows it
            for srv in (server, server_2, server):
                assert isinstance(await fetcher.get(Request(srv.url("/feed"))), Updated)
            assert fetcher._pools is not None
            return fetcher._pools.pool_count

    assert asyncio.run(main()) == 1
    assert len(set(server.ports)) == 2  # its pool was closed when server_2's opened


def test_only_an_https_origins_pool_loads_the_ca_bundle() -> None:
    """An http origin's pool never makes a TLS connection: it gets a context with no CA
    certificate (it could only refuse), and the CA bundle is not loaded for it; an https
    origin's pool gets the verified context."""
    import ssl

    from notify.core.fetch import client as client_module
    from notify.core.fetch.client import Fetcher

    client_module._tls_context.cache_clear()
    fetcher = Fetcher()
    plain = fetcher._make_pool(b"http")._pool._ssl_context
    assert client_module._tls_context.cache_info().currsize == 0
    assert plain.verify_mode is ssl.CERT_REQUIRED and plain.check_hostname
    assert plain.get_ca_certs() == [] and plain.cert_store_stats()["x509_ca"] == 0
    secure = fetcher._make_pool(b"https")._pool._ssl_context
    assert secure is client_module._tls_context()
    assert secure.verify_mode is ssl.CERT_REQUIRED and secure.cert_store_stats()["x509_ca"] > 0
    fetcher.warm_tls()
    assert client_module._tls_context.cache_info().currsize == 1
