"""The hostile server's own promises that the fetcher tests do not already exercise."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.support.hostile_server import FEED_ETAG, HostileServer


def test_latency_and_delay_are_applied() -> None:
    with HostileServer(latency_s=0.15) as server:
        started = time.monotonic()
        assert httpx.get(server.url("/feed")).status_code == 200
        assert time.monotonic() - started >= 0.15
        started = time.monotonic()
        assert httpx.get(server.url("/feed?delay_ms=100")).status_code == 200
        assert time.monotonic() - started >= 0.25


def test_routes_serve_bytes_with_validators(hostile_server: HostileServer) -> None:
    url = hostile_server.route("/any.bin", b"\x00\xffdata", content_type="application/x-test",
                               etag='"e1"', last_modified="Mon, 01 Jun 2026 00:00:00 GMT")
    r = httpx.get(url)
    assert (r.status_code, r.content, r.headers["content-type"]) == (
        200, b"\x00\xffdata", "application/x-test"
    )
    assert httpx.get(url, headers={"If-None-Match": '"e1"'}).status_code == 304
    assert httpx.get(url, headers={"If-None-Match": '"e0"'}).status_code == 200
    assert httpx.get(
        url, headers={"If-Modified-Since": "Mon, 01 Jun 2026 00:00:00 GMT"}
    ).status_code == 304


def test_distinct_loopback_hosts(hostile_server: HostileServer,
                                 hostile_server_2: HostileServer) -> None:
    assert hostile_server.host == "127.0.0.1" and hostile_server_2.host == "127.0.0.2"
    assert httpx.get(hostile_server_2.url("/feed")).headers["etag"] == FEED_ETAG
    assert hostile_server_2.requests[0].client == "127.0.0.1"  # the client side's address


def test_refuses_non_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        HostileServer(host="0.0.0.0")


def test_huge_streams_exactly_the_size(hostile_server: HostileServer) -> None:
    with httpx.stream("GET", hostile_server.url("/huge?mb=3&length=0")) as r:
        assert "content-length" not in r.headers
        assert sum(len(c) for c in r.iter_raw()) == 3 * 1024 * 1024
