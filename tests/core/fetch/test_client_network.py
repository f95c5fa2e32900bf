"""Network-level failures: refused, name lookup, TLS, reset mid-body, timeouts."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Failed, FailureKind
from tests.core.fetch.helpers import fetch
from tests.support.hostile_server import HostileServer
from tests.support.tls import self_signed, server_context


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused() -> None:
    out = fetch(f"http://127.0.0.1:{_free_port()}/feed")
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.CONNECT
    assert "127.0.0.1" in out.message and "try again later" in out.message
    # in words, not the OS's "[Errno 111] Connect call failed ('127.0.0.1', 9)"
    assert "the connection was refused" in out.message
    assert "Errno" not in out.message and "Connect call failed" not in out.message


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never reach a real resolver: ``.invalid`` names fail as the OS resolver fails.
    real = socket.getaddrinfo

    def fake_getaddrinfo(host: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(host, str) and host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    out = fetch("http://no-such-host.invalid/feed")
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.DNS
    assert "no-such-host.invalid" in out.message


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[HostileServer]:
    """A server with a self-signed certificate for 127.0.0.1 (which no CA vouches for)."""
    ctx = server_context(*self_signed(tmp_path))
    with HostileServer(tls=ctx) as server:
        yield server


def test_untrusted_certificate_is_a_tls_failure(tls_server: HostileServer) -> None:
    assert tls_server.url("/feed").startswith("https://")
    out = fetch(tls_server.url("/feed"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TLS
    assert "certificate" in out.message
    assert "127.0.0.1" in out.message


def test_a_server_answering_in_plain_http_is_said_so(hostile_server: HostileServer) -> None:
    """An https:// address (a scheme-less one typed becomes https://) whose server speaks plain
    HTTP: OpenSSL says WRONG_VERSION_NUMBER. The person is told what happened and the address to
    give, not the OpenSSL code nor that the connection was "unverified" (nothing was)."""
    plain = hostile_server.url("/feed")
    assert plain.startswith("http://")
    out = fetch("https://" + plain.removeprefix("http://"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TLS
    assert "plain HTTP" in out.message
    assert plain in out.message  # the address that would work, to give instead
    assert "WRONG_VERSION_NUMBER" not in out.message and "unverified" not in out.message


def test_a_server_silent_at_the_secure_handshake_is_not_said_to_refuse_connections() -> None:
    """Regression (s15 app finding 14): a scheme-less address typed became https://; the
    server (plain HTTP, waiting for a request's head) accepted the connection and said nothing
    to the TLS ClientHello, and the error said it "did not accept a connection within 10 s"."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    try:
        out = fetch(f"https://127.0.0.1:{port}/feed",
                    FetchConfig(connect_timeout_s=0.5, deadline_s=5))
    finally:
        listener.close()
    assert isinstance(out, Failed)
    assert "did not accept a connection" not in out.message
    assert "accepted the connection but did not start a secure one (HTTPS) within 0.5 s" in \
        out.message
    assert f"http://127.0.0.1:{port}/feed" in out.message  # the address to give instead


def test_connection_reset_mid_body(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/reset"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.PROTOCOL
    # in words, not the OS's "([Errno 104] Connection reset by peer)" (s16 walkthrough)
    assert out.message == ("The connection to 127.0.0.1 broke off: the server reset it in the "
                           "middle of its answer. Notify will try again later.")


def test_truncated_body_is_a_protocol_failure(hostile_server: HostileServer) -> None:
    # Content-Length promises more than arrives before the server closes: not a valid body.
    out = fetch(hostile_server.url("/truncated"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.PROTOCOL
    # not h11's "peer closed connection without sending complete message body (received …)"
    assert out.message == ("The connection to 127.0.0.1 broke off: the server closed it after "
                           "sending 5 of the 999 bytes it announced. Notify will try again "
                           "later.")


def test_read_timeout(hostile_server: HostileServer) -> None:
    started = time.monotonic()
    out = fetch(hostile_server.url("/slow?ms=20000"), FetchConfig(read_timeout_s=0.3))
    assert time.monotonic() - started < 10.0  # not the server's 20 s: slack for a loaded machine
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TIMEOUT
    assert "did not answer within 0.3 s" in out.message


def test_a_trusted_certificate_fetches_over_tls_and_keeps_the_connection(
    tls_server: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TLS handshake on Notify's own asyncio streams (``network.py``): a server whose
    certificate is trusted (here: its own, no host name check) serves two GETs on one
    connection."""
    import asyncio

    from notify.core.fetch import client as client_module
    from notify.core.fetch.client import Fetcher
    from notify.core.fetch.outcomes import Request, Updated

    trusting = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    trusting.check_hostname = False  # the test certificate names no IP address
    monkeypatch.setattr(client_module, "_tls_context", lambda: trusting)

    async def main() -> tuple[list[Any], int]:
        async with Fetcher() as fetcher:
            outs = [await fetcher.get(Request(tls_server.url("/feed"))) for _ in range(2)]
            assert fetcher._pools is not None
            (origin,) = fetcher._pools._pools.values()
            return outs, len(origin._pool.connections)

    outs, connections = asyncio.run(main())
    assert all(isinstance(o, Updated) and b"<rss" in o.body for o in outs)
    assert connections == 1 and len(tls_server.requests) == 2  # one connection, reused
