"""Politeness and resource limits, measured from the server's side: per-host and global
concurrency, the total deadline, body caps on the wire and after decompression, bounded memory,
and one hostile source never spoiling a round."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Iterator

import pytest

from notify.core.fetch.client import Fetcher
from notify.core.fetch.config import MB, FetchConfig
from notify.core.fetch.outcomes import Failed, FailureKind, Request, Updated
from tests.core.fetch.helpers import fetch, fetch_all
from tests.support.hostile_server import SAMPLE_RSS, HostileServer, ServerStats


def test_per_host_limit_limits_concurrency(hostile_server: HostileServer) -> None:
    url = hostile_server.url("/slow?ms=150")
    started = time.monotonic()
    outs = fetch_all([Request(url) for _ in range(6)], FetchConfig(per_host_limit=2))
    elapsed = time.monotonic() - started
    assert all(isinstance(o, Updated) for o in outs)
    assert hostile_server.max_in_flight == 2
    assert elapsed >= 0.45  # three waves of 150 ms


def test_request_host_limit_overrides_default(hostile_server: HostileServer) -> None:
    url = hostile_server.url("/slow?ms=150")
    outs = fetch_all([Request(url, host_limit=1) for _ in range(3)], FetchConfig(per_host_limit=4))
    assert all(isinstance(o, Updated) for o in outs)
    assert hostile_server.max_in_flight == 1

    hostile_server.reset_stats()
    outs = fetch_all([Request(url, host_limit=3) for _ in range(6)], FetchConfig(per_host_limit=1))
    assert all(isinstance(o, Updated) for o in outs)
    assert hostile_server.max_in_flight == 3


@pytest.fixture
def three_hosts() -> Iterator[tuple[ServerStats, list[HostileServer]]]:
    stats = ServerStats()
    servers = [HostileServer(f"127.0.0.{i}", stats=stats).start() for i in (1, 2, 3)]
    try:
        yield stats, servers
    finally:
        for s in servers:
            s.stop()


def test_global_limit_across_hosts(three_hosts: tuple[ServerStats, list[HostileServer]]) -> None:
    stats, servers = three_hosts
    requests = [Request(s.url("/slow?ms=150")) for s in servers for _ in range(2)]
    outs = fetch_all(requests, FetchConfig(global_limit=3, per_host_limit=2))
    assert all(isinstance(o, Updated) for o in outs)
    assert stats.max_in_flight == 3
    assert {r.headers["host"].split(":")[0] for r in stats.requests} == {
        "127.0.0.1", "127.0.0.2", "127.0.0.3"
    }


def test_busy_host_does_not_starve_others(
    three_hosts: tuple[ServerStats, list[HostileServer]],
) -> None:
    # 8 requests queue for host 1; a request to host 2 issued last still goes at once: it is
    # answered while the first of host 1's (held 5 s by the server) is still unanswered.
    stats, (one, two, _) = three_hosts

    async def main() -> tuple[object, list[bool]]:
        async with Fetcher(FetchConfig(global_limit=4, per_host_limit=1)) as fetcher:
            slow = [asyncio.create_task(fetcher.get(Request(one.url("/slow?ms=5000"))))
                    for _ in range(8)]
            for _ in range(1000):  # the first of them has reached the server (10 s at most)
                if stats.requests:
                    break
                await asyncio.sleep(0.01)
            out = await fetcher.get(Request(two.url("/feed")))
            answered = [task.done() for task in slow]
            for task in slow:
                task.cancel()
            await asyncio.gather(*slow, return_exceptions=True)
            return out, answered

    out, answered = asyncio.run(main())
    assert isinstance(out, Updated)
    assert not any(answered)  # starved, it would have waited for host 1's first answer
    # host 1's first request and host 2's: the other seven still wait for host 1's one place
    assert [r.headers["host"].split(":")[0] for r in stats.requests] == ["127.0.0.1", "127.0.0.2"]


def test_deadline_stops_slow_drip(hostile_server: HostileServer) -> None:
    config = FetchConfig(deadline_s=0.6, read_timeout_s=5.0)
    started = time.monotonic()
    out = fetch(hostile_server.url("/drip?interval_ms=20"), config)
    elapsed = time.monotonic() - started
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TIMEOUT
    assert "within 0.6 s" in out.message
    assert 0.55 <= elapsed < 2.0  # the deadline, plus slack for a loaded machine


def test_deadline_frees_the_slot(hostile_server: HostileServer) -> None:
    async def main() -> tuple[Failed | object, object, int]:
        config = FetchConfig(deadline_s=0.4, per_host_limit=1)
        async with Fetcher(config) as fetcher:
            drip, ok = await asyncio.gather(
                fetcher.get(Request(hostile_server.url("/drip?interval_ms=20"))),
                fetcher.get(Request(hostile_server.url("/feed"))),
            )
            return drip, ok, fetcher.in_flight

    drip, ok, in_flight = asyncio.run(main())
    assert isinstance(drip, Failed) and drip.kind is FailureKind.TIMEOUT
    assert isinstance(ok, Updated)
    assert in_flight == 0


def test_declared_huge_body_is_refused_before_reading(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/huge?mb=50"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TOO_LARGE
    assert "10 MB" in out.message and "fetch.max_body_mb" in out.message


def _peak_while(fn: object) -> tuple[object, int]:
    assert callable(fn)
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_streaming_cap_on_undeclared_huge_body(hostile_server: HostileServer) -> None:
    config = FetchConfig(max_body_bytes=2 * MB)
    out, peak = _peak_while(lambda: fetch(hostile_server.url("/huge?mb=50&length=0"), config))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TOO_LARGE
    assert "2 MB" in out.message
    assert peak < 12 * MB  # never the 50 MB body


def test_request_max_bytes_overrides_cap(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/huge?mb=1&length=0"), max_bytes=512 * 1024)
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TOO_LARGE
    ok = fetch(hostile_server.url("/huge?mb=1&length=0"), max_bytes=2 * MB)
    assert isinstance(ok, Updated)
    assert len(ok.body) == MB


def test_gzip_bomb_is_stopped_at_the_decoded_cap(hostile_server: HostileServer) -> None:
    config = FetchConfig(max_body_bytes=4 * MB)
    out, peak = _peak_while(lambda: fetch(hostile_server.url("/gzip-bomb"), config))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.TOO_LARGE
    assert "unpacks to more than 4 MB" in out.message
    assert peak < 16 * MB  # never the 1 GB it inflates to
    # Regression: it advised to raise 'Largest response', which only lets a bomb fill more
    assert "compression bomb" in out.message and "Largest response" not in out.message


def test_a_large_compressed_feed_is_told_to_raise_the_cap(hostile_server: HostileServer) -> None:
    import gzip
    import random

    rng = random.Random(7)
    text = bytes(rng.choice(b"abcdefghij <>/") for _ in range(3 * MB))  # packs about 2:1
    url = hostile_server.route("/big.gz", gzip.compress(text), headers={
        "Content-Encoding": "gzip"})
    out = fetch(url, FetchConfig(max_body_bytes=2 * MB))
    assert isinstance(out, Failed) and out.kind is FailureKind.TOO_LARGE
    assert "unpacks to more than 2 MB" in out.message and "raise 'Largest response'" in (
        out.message)
    assert "bomb" not in out.message


def test_gzip_body_is_decoded(hostile_server: HostileServer) -> None:
    import gzip

    url = hostile_server.route(
        "/gz", gzip.compress(SAMPLE_RSS), headers={"Content-Encoding": "gzip"}
    )
    out = fetch(url)
    assert isinstance(out, Updated)
    assert out.body == SAMPLE_RSS


def test_unknown_content_encoding_is_a_protocol_failure(hostile_server: HostileServer) -> None:
    url = hostile_server.route("/br", b"\x00\x01", headers={"Content-Encoding": "br"})
    out = fetch(url)
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.PROTOCOL
    assert "'br'" in out.message


def test_hostile_sources_fail_cleanly_while_a_normal_one_succeeds(
    hostile_server: HostileServer,
) -> None:
    paths = {
        "/feed": Updated,
        "/drip?interval_ms=20": FailureKind.TIMEOUT,
        "/huge?mb=50&length=0": FailureKind.TOO_LARGE,
        "/gzip-bomb": FailureKind.TOO_LARGE,
        "/reset": FailureKind.PROTOCOL,
        "/loop/a": FailureKind.REDIRECTS,
        "/status/503?retry_after=5": FailureKind.RATE_LIMITED,
        "/status/410": FailureKind.GONE,
    }
    config = FetchConfig(deadline_s=1.0, max_body_bytes=2 * MB, per_host_limit=8)
    started = time.monotonic()
    outs = fetch_all([Request(hostile_server.url(p)) for p in paths], config)
    assert time.monotonic() - started < 3.0  # all bounded by the 1 s deadline
    for (path, expected), out in zip(paths.items(), outs, strict=True):
        if expected is Updated:
            assert isinstance(out, Updated), path
            assert out.body == SAMPLE_RSS
        else:
            assert isinstance(out, Failed), path
            assert out.kind is expected, (path, out)
            assert out.message


def test_no_cookies_are_stored_or_sent(hostile_server: HostileServer) -> None:
    async def main() -> tuple[Updated, Updated, Updated]:
        async with Fetcher() as fetcher:
            first = await fetcher.get(Request(hostile_server.url("/set-cookie")))
            second = await fetcher.get(Request(hostile_server.url("/echo")))
            third = await fetcher.get(Request(hostile_server.url("/echo")))
            assert isinstance(first, Updated) and isinstance(second, Updated)
            assert isinstance(third, Updated)
            assert not any("cookie" in name.lower() for name in vars(fetcher))  # no jar at all
            return first, second, third

    first, second, third = asyncio.run(main())
    assert "set-cookie" in first.headers
    assert b"cookie" not in second.body and b"cookie" not in third.body
    assert all("cookie" not in r.headers for r in hostile_server.requests)


def test_connections_are_reused(hostile_server: HostileServer) -> None:
    """Counted by the fetcher's own pool here; tests/core/fetch/test_pools.py counts the client
    ports the server saw (the hostile server records only the client's address)."""

    async def main() -> int:
        async with Fetcher() as fetcher:
            for _ in range(3):
                assert isinstance(await fetcher.get(Request(hostile_server.url("/feed"))), Updated)
            pools = fetcher._pools
            assert pools is not None and pools.pool_count == 1
            transport = next(iter(pools._pools.values()))
            return len(transport._pool.connections)

    assert asyncio.run(main()) == 1
    assert len(hostile_server.requests) == 3
