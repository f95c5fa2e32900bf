"""A real HTTP server on loopback that misbehaves on request: for the fetcher's tests, other
parts' tests, and benchmarks.

    with HostileServer() as server:            # 127.0.0.1, a random free port
        server.url("/feed")                    # 200 with ETag/Last-Modified, 304 when they match
        server.route("/x.xml", b"<rss/>", content_type="application/rss+xml", etag='"1"')

Bind ``HostileServer(host="127.0.0.2")`` etc. for distinct hosts (all of 127/8 is loopback).
Every request is recorded (``requests``) and the number in flight is tracked
(``max_in_flight``), so tests can measure politeness from the server's side.

Built-in paths (any path also accepts ``?delay_ms=N``; ``latency_s`` delays every request):

==========================  ===================================================================
``/feed``                   RSS 2.0, ``ETag: "feed-v1"``, Last-Modified; 304 when validators match
``/chain/301,302,308``      one redirect per listed code, then to ``?to=`` (default ``/feed``;
                            may be an absolute URL on another server)
``/loop/a``                 ``/loop/a`` → ``/loop/b`` → ``/loop/a`` …
``/status/NNN``             that status; ``?retry_after=V`` sends ``Retry-After: V`` verbatim
``/reset``                  headers and 1 KiB of a 100 KiB body, then a TCP reset
``/truncated``              Content-Length 999, then 5 bytes and a normal close
``/drip``                   200, then one byte every ``?interval_ms=`` (100) forever
``/huge``                   ``?mb=`` (50) MiB streamed from a small buffer; ``?length=0`` omits
                            Content-Length (close-delimited) so only a streaming cap can stop it
``/gzip-bomb``              ~1 MiB on the wire, 1 GiB after gunzip (``Content-Encoding: gzip``)
``/wrong-type``             a valid RSS feed labelled ``image/png``
``/html``                   an HTML page (with a ``<link rel="alternate">`` to ``/feed``)
``/latin1``, ``/shift_jis`` RSS in ISO-8859-1 / Shift_JIS, declared in the XML prolog and header
``/billion-laughs``         the classic entity-expansion XML
``/set-cookie``             a feed that also sets a session cookie
``/echo``                   JSON of the request's headers (names lower-cased)
``/slow``                   200 after ``?ms=`` (200) ms: for concurrency measurements
==========================  ===================================================================
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

FEED_ETAG = '"feed-v1"'
FEED_LAST_MODIFIED = "Sat, 01 Aug 2026 10:00:00 GMT"

SAMPLE_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile test feed</title><link>http://example.invalid/</link>
<description>test</description>
<item><title>First</title><link>http://example.invalid/1</link><guid>urn:test:1</guid>
<pubDate>Sat, 01 Aug 2026 09:00:00 GMT</pubDate><description>One</description></item>
<item><title>Second</title><link>http://example.invalid/2</link><guid>urn:test:2</guid>
<pubDate>Sat, 01 Aug 2026 08:00:00 GMT</pubDate><description>Two</description></item>
</channel></rss>
"""

_TEXT_RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>{title}</title><link>http://example.invalid/</link>
<description>{title}</description>
<item><title>{title}</title><link>http://example.invalid/x</link><guid>urn:test:{enc}</guid>
<description>{title}</description></item>
</channel></rss>
"""
LATIN1_TITLE = "Café crème, déjà vu à Noël"  # Latin-1 only
SHIFT_JIS_TITLE = "日本語のフィード"
LATIN1_RSS = _TEXT_RSS.format(enc="ISO-8859-1", title=LATIN1_TITLE).encode("iso-8859-1")
SHIFT_JIS_RSS = _TEXT_RSS.format(enc="Shift_JIS", title=SHIFT_JIS_TITLE).encode("shift_jis")

HTML_PAGE = b"""<!doctype html><html><head><title>A web page</title>
<link rel="alternate" type="application/rss+xml" title="Feed" href="/feed"></head>
<body><h1>Not a feed</h1><p>This is a web page.</p></body></html>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>
"""

GZIP_BOMB_DECODED = 1 << 30


@lru_cache(maxsize=2)
def gzip_bomb(decoded_bytes: int = GZIP_BOMB_DECODED) -> bytes:
    """A single-member gzip stream of ``decoded_bytes`` zeros (~1/1000 of that on the wire).

    Built from one compressed MiB repeated: after a full flush, deflate output depends only on
    the input that follows, so identical MiB blocks give identical compressed blocks.
    """
    block = bytes(1 << 20)
    count, rest = divmod(decoded_bytes, len(block))
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(bytes(rest)) + comp.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(bytes(rest), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, decoded_bytes & 0xFFFFFFFF)
    return header + piece * count + tail + trailer


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/rss+xml"
    headers: tuple[tuple[str, str], ...] = ()
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    query: str
    headers: dict[str, str]
    at: float
    client: str


@dataclass
class ServerStats:
    """Request log and in-flight counters; pass one to several servers to measure them as one."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[RecordedRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in separate writes
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: tests read ``requests`` instead

    def do_GET(self) -> None:
        owner = self.server.owner
        split = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        record = RecordedRequest(
            path=split.path, query=split.query,
            headers={k.lower(): v for k, v in self.headers.items()},
            at=time.monotonic(), client=self.client_address[0],
        )
        stats = owner.stats
        with stats.lock:
            stats.requests.append(record)
            stats.in_flight += 1
            stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        self._in_flight = True
        try:
            delay = owner.latency_s + int(query.get("delay_ms", "0")) / 1000
            if delay > 0 and owner.stopping.wait(delay):
                return
            self._dispatch(split.path, query, record.headers)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the client went away: that is its right
        finally:
            self._leave()

    def _leave(self) -> None:
        """The request stops counting as in flight: once, and at the latest when its response
        starts. A client that has read the whole response may open its next request before this
        thread gets to its ``finally``: counted until then, the two would look concurrent (a
        race of the measurement under load, not of the client)."""
        if getattr(self, "_in_flight", False):
            self._in_flight = False
            stats = self.server.owner.stats
            with stats.lock:
                stats.in_flight -= 1

    # -- helpers -----------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = "text/plain; charset=utf-8",
        headers: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
    ) -> None:
        self._leave()
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and status != 304:
            self.wfile.write(body)

    def _serve_route(self, route: Route, req_headers: dict[str, str]) -> None:
        validators: list[tuple[str, str]] = []
        if route.etag:
            validators.append(("ETag", route.etag))
        if route.last_modified:
            validators.append(("Last-Modified", route.last_modified))
        inm = req_headers.get("if-none-match")
        ims = req_headers.get("if-modified-since")
        if route.status == 200 and (route.etag or route.last_modified) and (inm or ims):
            etag_ok = inm is None or (route.etag is not None and route.etag in inm)
            date_ok = ims is None or ims == route.last_modified
            if etag_ok and date_ok:
                self._send(304, content_type=None, headers=validators)
                return
        self._send(route.status, route.body, route.content_type, [*validators, *route.headers])

    def _dispatch(self, path: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        owner = self.server.owner
        route = owner.routes.get(path)
        if route is not None:
            self._serve_route(route, req_headers)
            return
        head, _, rest = path.lstrip("/").partition("/")
        handler = getattr(self, "_h_" + head.replace("-", "_"), None)
        if handler is None:
            self._send(404, b"not found\n")
            return
        handler(rest, query, req_headers)

    # -- built-in behaviours -----------------------------------------------------------------

    def _h_feed(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        route = Route(SAMPLE_RSS, etag=FEED_ETAG, last_modified=FEED_LAST_MODIFIED)
        self._serve_route(route, req_headers)

    def _h_chain(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        codes = [c for c in rest.split(",") if c]
        target = query.get("to", "/feed")
        if len(codes) > 1:
            nxt = "/chain/" + ",".join(codes[1:])
            if "to" in query:
                nxt += "?to=" + target
        else:
            nxt = target
        self._send(int(codes[0]), b"moved\n", headers=[("Location", nxt)])

    def _h_loop(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(302, b"moved\n", headers=[("Location", "/loop/b" if rest == "a" else "/loop/a")])

    def _h_status(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        headers = []
        if "retry_after" in query:
            headers.append(("Retry-After", query["retry_after"]))
        self._send(int(rest), f"status {rest}\n".encode(), headers=headers)

    def _h_reset(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(100 * 1024))
        self.end_headers()
        self.wfile.write(b"<" * 1024)
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()  # linger 0: the kernel sends RST
        self.close_connection = True

    def _h_truncated(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", "999")
        self.end_headers()
        self.wfile.write(b"<rss>")
        self.close_connection = True  # FIN after 5 of the promised 999 bytes

    def _h_drip(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        interval = int(query.get("interval_ms", "100")) / 1000
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b"<")
        while not self.server.owner.stopping.wait(interval):
            self.wfile.write(b" ")

    def _h_huge(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        total = int(float(query.get("mb", "50")) * (1 << 20))
        block = b"<!-- padding -->" * 4096  # 64 KiB, reused
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if query.get("length", "1") != "0":
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        sent = 0
        while sent < total and not self.server.owner.stopping.is_set():
            piece = block[: total - sent]
            self.wfile.write(piece)
            sent += len(piece)

    def _h_gzip_bomb(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, gzip_bomb(), "application/rss+xml",
                   headers=[("Content-Encoding", "gzip")])

    def _h_wrong_type(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, SAMPLE_RSS, "image/png")

    def _h_html(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, HTML_PAGE, "text/html; charset=utf-8")

    def _h_latin1(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, LATIN1_RSS, "application/rss+xml; charset=ISO-8859-1")

    def _h_shift_jis(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, SHIFT_JIS_RSS, "application/rss+xml; charset=Shift_JIS")

    def _h_billion_laughs(
        self, rest: str, query: dict[str, str], req_headers: dict[str, str]
    ) -> None:
        self._send(200, BILLION_LAUGHS, "application/xml")

    def _h_set_cookie(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, SAMPLE_RSS, "application/rss+xml",
                   headers=[("Set-Cookie", "session=s3cr3t-cookie; Path=/; Max-Age=3600")])

    def _h_echo(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        self._send(200, json.dumps(req_headers).encode(), "application/json")

    def _h_slow(self, rest: str, query: dict[str, str], req_headers: dict[str, str]) -> None:
        if self.server.owner.stopping.wait(int(query.get("ms", "200")) / 1000):
            return
        self._send(200, SAMPLE_RSS, "application/rss+xml")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], owner: HostileServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            return  # a client hanging up or refusing our certificate is what the tests do
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class HostileServer:
    """A threaded HTTP/1.1 server on a loopback address; see the module docstring."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency_s: float = 0.0,
        stats: ServerStats | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        if not host.startswith("127."):
            raise ValueError("HostileServer only binds loopback addresses (127.x.y.z)")
        self.latency_s = latency_s
        self.routes: dict[str, Route] = {}
        self.stats = stats if stats is not None else ServerStats()
        self.stopping = threading.Event()
        self._server = _Server((host, port), self)
        self.scheme = "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.host: str = host
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"hostile-server-{self.host}:{self.port}", daemon=True,
        )
        self._started = False

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> HostileServer:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._started:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- configuration and inspection --------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(
        self,
        path: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "application/rss+xml",
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> str:
        """Serve ``body`` at ``path`` (conditional GET when validators are given); the URL."""
        self.routes[path] = Route(
            body=body, status=status, content_type=content_type,
            headers=tuple((headers or {}).items()), etag=etag, last_modified=last_modified,
        )
        return self.url(path)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.stats.lock:
            return list(self.stats.requests)

    @property
    def max_in_flight(self) -> int:
        with self.stats.lock:
            return self.stats.max_in_flight

    @property
    def in_flight(self) -> int:
        with self.stats.lock:
            return self.stats.in_flight

    def reset_stats(self) -> None:
        with self.stats.lock:
            self.stats.requests.clear()
            self.stats.max_in_flight = self.stats.in_flight
