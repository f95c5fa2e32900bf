"""The feed farm: a local HTTP server that stands in for hundreds of real feed hosts.

Every subscription URL of a real OPML list is rewritten to
``http://127.0.0.N:PORT/<original host>/<original path>?<query>``: one loopback address per
bucket of original hosts (so per-host limits behave as with real hosts), one port for all
addresses. The farm maps each path, deterministically by hash, to one feed of the shared corpus
(``/work/shared/corpus/feeds``), weighted towards the recorded real-world feeds so the byte
volume is realistic. It serves ``ETag`` and ``Last-Modified``, answers ``304`` to matching
validators, and waits a configurable latency (default 80 ms) before each response. With
``gzip=True`` it compresses bodies for clients that send ``Accept-Encoding: gzip``.

Nothing here reaches anything but 127.0.0.0/8.

Use it in-process (tests)::

    with running_farm(latency_s=0.0) as farm:      # a server thread
        url = farm.url_for("https://example.org/feed.xml")

or in its own process (benchmarks, so its CPU does not count against the client)::

    with FarmProcess(addresses=8, latency_s=0.08) as farm:
        farm.reset_stats(); ...; farm.stats()

The corpus and the subscription sets are ``bench/feedfarm_corpus.py``'s (re-exported here).

Command line: ``python bench/feedfarm.py serve [--addresses 8] [--latency 0.08]`` prints
``PORT <n>`` once listening; ``GET /__farm/stats`` returns JSON counters, ``GET /__farm/reset``
zeroes them, ``GET /__farm/touch?path=/<host>/<path>`` changes that feed (new body, validators).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip as gzip_module
import hashlib
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:  # the sibling module: on sys.path when this file runs as a script
    import feedfarm_corpus
except ModuleNotFoundError:  # loaded by path (tests, other scripts): bench/ for this import only
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import feedfarm_corpus
    finally:
        sys.path.pop(0)
from feedfarm_corpus import (  # re-exported: the farm is its users' one import
    FEEDS_DIR,
    OPML_DIR,
    REAL_SHARE,
    SHARED,
    SUBSCRIPTION_SETS,
    CorpusFeed,
    _hash,
    farm_addresses,
    load_corpus,
    pick_feed,
    read_subscriptions,
    rewrite,
    subscription_set,
    write_opml,
)

__all__ = [
    "DEFAULT_ADDRESSES", "DEFAULT_LATENCY_S", "FEEDS_DIR", "OPML_DIR", "REAL_SHARE", "SHARED",
    "SUBSCRIPTION_SETS", "CorpusFeed", "FarmProcess", "FarmStats", "FarmThread", "FeedFarm",
    "farm_addresses", "feedfarm_corpus", "load_corpus", "main", "pick_feed", "read_subscriptions",
    "rewrite", "running_farm", "subscription_set", "write_opml",
]

DEFAULT_LATENCY_S = 0.08
DEFAULT_ADDRESSES = 8  # 127.0.0.2 … 127.0.0.9
_BASE_TIME = 1_795_000_000  # Last-Modified of generation 0, minus a per-feed offset


# ---------------------------------------------------------------- the server


@dataclass
class FarmStats:
    requests: int = 0
    not_modified: int = 0
    ok: int = 0
    not_found: int = 0
    bytes_sent: int = 0  # bodies only
    connections: int = 0
    by_address: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class _Version:
    body: bytes
    content_type: str
    etag: str
    last_modified: str
    modified_ts: int


class FeedFarm:
    """The asyncio server. ``await start()``, then ``port``; ``await close()``."""

    def __init__(self, *, addresses: Sequence[str] = farm_addresses(DEFAULT_ADDRESSES),
                 latency_s: float = DEFAULT_LATENCY_S, port: int = 0,
                 feeds_dir: Path = FEEDS_DIR, real_share: float = REAL_SHARE,
                 gzip: bool = False) -> None:
        self.addresses = tuple(addresses)
        self.gzip = gzip
        self._gzipped: dict[str, bytes] = {}  # ETag -> compressed body
        self.latency_s = latency_s
        self.port = port
        self.real_share = real_share
        self.real, self.cases = load_corpus(feeds_dir)
        self.stats = FarmStats()
        self._versions: dict[str, _Version] = {}
        self._generation: dict[str, int] = {}
        self._servers: list[asyncio.base_events.Server] = []

    def url_for(self, original_url: str) -> str:
        return rewrite(original_url, self.port, self.addresses)

    def version(self, path: str) -> _Version:
        """What the farm serves at ``path`` (``/<host>/<path>?<query>``) now."""
        cached = self._versions.get(path)
        if cached is not None:
            return cached
        feed = pick_feed(path, self.real, self.cases, self.real_share)
        generation = self._generation.get(path, 0)
        body = feed.body
        if generation:
            body += f"\n<!-- feed farm generation {generation} -->\n".encode()
        modified = _BASE_TIME - _hash(path) % 86_400 + generation * 60
        digest = hashlib.sha256(body).hexdigest()[:16]
        version = _Version(
            body=body,
            content_type=feed.content_type,
            etag=f'"{digest}-{generation}"',
            last_modified=format_datetime(_utc(modified), usegmt=True),
            modified_ts=modified,
        )
        self._versions[path] = version
        return version

    def touch(self, path: str) -> None:
        """Change the feed at ``path``: a new body, ETag and Last-Modified."""
        self._generation[path] = self._generation.get(path, 0) + 1
        self._versions.pop(path, None)

    async def start(self) -> None:
        for attempt in range(20):
            servers: list[asyncio.base_events.Server] = []
            port = self.port
            try:
                for address in self.addresses:
                    server = await asyncio.start_server(self._serve, address, port)
                    if port == 0:
                        port = server.sockets[0].getsockname()[1]
                    servers.append(server)
            except OSError:
                for server in servers:
                    server.close()
                if self.port != 0 or attempt == 19:
                    raise
                continue
            self.port, self._servers = port, servers
            return

    async def close(self) -> None:
        for server in self._servers:
            server.close()
        for server in self._servers:
            await server.wait_closed()
        self._servers = []

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.stats.connections += 1
        local = writer.get_extra_info("sockname")[0]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, version = [*lines[0].split(" "), "", "", ""][:3]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name:
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                keep_alive = (
                    headers.get("connection", "").lower() != "close"
                    if version == "HTTP/1.1"
                    else headers.get("connection", "").lower() == "keep-alive"
                )
                if target.startswith("/__farm/"):
                    status, extra, body = self._control(target)
                else:
                    self.stats.requests += 1
                    self.stats.by_address[local] = self.stats.by_address.get(local, 0) + 1
                    if self.latency_s > 0:
                        await asyncio.sleep(self.latency_s)
                    status, extra, body = self._feed(method, target, headers)
                writer.write(_response(status, extra, body, method, keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except ConnectionError:
            return
        finally:
            writer.close()

    def _feed(self, method: str, target: str, headers: dict[str, str]
              ) -> tuple[int, list[tuple[str, str]], bytes]:
        if method not in ("GET", "HEAD") or target.count("/") < 2:
            self.stats.not_found += 1
            return 404, [("Content-Type", "text/plain")], b"not a farm feed\n"
        v = self.version(target)
        validators = [("ETag", v.etag), ("Last-Modified", v.last_modified)]
        if _not_modified(v, headers):
            self.stats.not_modified += 1
            return 304, validators, b""
        self.stats.ok += 1
        body, extra = v.body, [("Content-Type", v.content_type)]
        if self.gzip and "gzip" in headers.get("accept-encoding", "").lower():
            body = self._gzipped.get(v.etag) or b""
            if not body:
                body = self._gzipped[v.etag] = gzip_module.compress(v.body, 6, mtime=0)
            # like nginx: the compressed representation carries the weak form of the ETag
            validators = [("ETag", f"W/{v.etag}"), ("Last-Modified", v.last_modified)]
            extra += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        if method == "GET":
            self.stats.bytes_sent += len(body)
        return 200, [*extra, *validators], body

    def _control(self, target: str) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(target)
        if parts.path == "/__farm/reset":
            self.stats = FarmStats()
        elif parts.path == "/__farm/touch":
            for path in parse_qs(parts.query).get("path", []):
                self.touch(path)
        elif parts.path != "/__farm/stats":
            return 404, [("Content-Type", "text/plain")], b"unknown control\n"
        body = json.dumps({**self.stats.as_dict(), "cpu_s": time.process_time()}).encode()
        return 200, [("Content-Type", "application/json")], body


def _utc(ts: int) -> Any:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC)


def _not_modified(v: _Version, headers: dict[str, str]) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or v.etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            return parsedate_to_datetime(ims).timestamp() >= v.modified_ts
        except (TypeError, ValueError):
            return False
    return False


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found"}


def _response(status: int, extra: list[tuple[str, str]], body: bytes, method: str,
              keep_alive: bool) -> bytes:
    head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", "Server: feedfarm"]
    head += [f"{k}: {v}" for k, v in extra]
    if status != 304:
        head.append(f"Content-Length: {len(body)}")
    head.append("Connection: keep-alive" if keep_alive else "Connection: close")
    data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
    return data if method == "HEAD" or status == 304 else data + body


# ---------------------------------------------------------------- running it


class _ControlClient:
    """Talks to a farm's control endpoints (never through a proxy)."""

    port: int
    addresses: tuple[str, ...]

    def _control(self, what: str) -> dict[str, Any]:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        url = f"http://{self.addresses[0]}:{self.port}/__farm/{what}"
        with opener.open(url, timeout=10) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data

    def url_for(self, original_url: str) -> str:
        return rewrite(original_url, self.port, self.addresses)

    def stats(self) -> dict[str, Any]:
        return self._control("stats")

    def reset_stats(self) -> dict[str, Any]:
        return self._control("reset")


class FarmThread(_ControlClient):
    """A farm served by a background thread's event loop (for tests)."""

    def __init__(self, **kwargs: Any) -> None:
        self.farm = FeedFarm(**kwargs)
        self.addresses = self.farm.addresses
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="feedfarm",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.farm.start(), self._loop).result(10)
        self.port = self.farm.port

    def touch(self, path: str) -> None:
        self._loop.call_soon_threadsafe(self.farm.touch, path)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.farm.close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@contextlib.contextmanager
def running_farm(**kwargs: Any) -> Iterator[FarmThread]:
    farm = FarmThread(**kwargs)
    farm.start()
    try:
        yield farm
    finally:
        farm.stop()


class FarmProcess(_ControlClient):
    """A farm in its own Python process, so its CPU never counts against the client measured."""

    def __init__(self, *, addresses: int = DEFAULT_ADDRESSES,
                 latency_s: float = DEFAULT_LATENCY_S, gzip: bool = False) -> None:
        self.addresses = farm_addresses(addresses)
        self._args = [sys.executable, str(Path(__file__).resolve()), "serve",
                      "--addresses", str(addresses), "--latency", str(latency_s)]
        if gzip:
            self._args.append("--gzip")
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> FarmProcess:
        self._proc = subprocess.Popen(self._args, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line.startswith("PORT "):
            self._proc.kill()
            raise RuntimeError(f"the feed farm did not start (said {line!r})")
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(10)
            if self._proc.stdout is not None:
                self._proc.stdout.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the corpus feeds as many feed hosts.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve until interrupted")
    serve.add_argument("--addresses", type=int, default=DEFAULT_ADDRESSES,
                       help="listen on 127.0.0.2 … 127.0.0.(N+1) (default %(default)s)")
    serve.add_argument("--latency", type=float, default=DEFAULT_LATENCY_S,
                       help="seconds before each response (default %(default)s)")
    serve.add_argument("--port", type=int, default=0, help="default: a free port")
    serve.add_argument("--gzip", action="store_true",
                       help="compress bodies for clients that accept gzip (as most hosts do)")
    args = parser.parse_args(argv)

    async def run() -> None:
        farm = FeedFarm(addresses=farm_addresses(args.addresses), latency_s=args.latency,
                        port=args.port, gzip=args.gzip)
        await farm.start()
        print(f"PORT {farm.port}", flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
