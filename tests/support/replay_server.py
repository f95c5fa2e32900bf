"""A real HTTP server on 127.0.0.1 that replays recorded web-API responses.

Recordings come from ``<repo>/../shared/corpus/apis`` (``<name>.headers.json`` + body file; see
its PROVENANCE.md). Served as recorded: status, headers (hop-by-hop ones recomputed), body; when
the body was gzipped on the wire, the exact gzip bytes are served with ``Content-Encoding:
gzip``. Real hosts in ``Link``/``Location`` headers and in bodies are rewritten to this server,
and requests are matched by path (+ query when a route gives one).

    server = ReplayServer().start()
    server.replay("/notifications", "github/notifications_all_2018")
    server.route("/boom", status=429, headers={"Retry-After": "120"}, body=b"slow down")
    server.url("/notifications")    # http://127.0.0.1:PORT/notifications
    server.requests                  # what the client sent (path, headers), for assertions
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
APIS = REPO.parent / "shared" / "corpus" / "apis"
# API hosts whose own URLs (Link, Location, pagination and "url" fields) point back at the API
REAL_HOSTS = (
    "https://api.github.com",
    "https://oauth.reddit.com",
    "https://hacker-news.firebaseio.com",
    "http://localhost:3000",
)
_HOP = {"transfer-encoding", "content-length", "connection", "keep-alive", "content-encoding"}


def require_corpus() -> Path:
    if not APIS.is_dir():
        pytest.skip(f"the shared API corpus is absent ({APIS}); these tests replay it")
    return APIS


@dataclass(frozen=True)
class Response:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay_s: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Seen], Response]


class ReplayServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._routes: dict[str, list[Response | Handler]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> ReplayServer:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                sent = {k.lower(): v for k, v in self.headers.items()}
                seen = Seen("GET", parts.path, parts.query, sent)
                with server._lock:
                    server.requests.append(seen)
                response = server._answer(seen)
                if response.delay_s:
                    threading.Event().wait(response.delay_s)
                self.send_response(response.status)
                for name, value in response.headers:
                    self.send_header(name, value)
                no_body = response.status in (204, 304) or 100 <= response.status < 200
                if not no_body:
                    self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if not no_body:
                    # the client may stop reading (size cap): expected in tests
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(response.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer((self.host, 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def base(self) -> str:
        assert self._httpd is not None
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def url(self, path_and_query: str) -> str:
        return self.base + path_and_query

    # --- routes ------------------------------------------------------------------------------
    def route(
        self,
        path: str,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        body: bytes | str = b"",
        then: bool = False,
    ) -> None:
        """Answer ``path`` (optionally ``path?query``). ``then=True`` queues another answer
        after the ones already given for that path (the last one repeats)."""
        data = body.encode() if isinstance(body, str) else body
        response = Response(status, tuple((headers or {}).items()), data)
        self._add(path, response, then)

    def handler(self, path: str, fn: Handler) -> None:
        self._add(path, fn, False)

    def replay(self, path: str, recording: str, *, then: bool = False, gzip: bool = True) -> dict:
        """Serve ``<apis>/<recording>.headers.json`` with its body at ``path``."""
        meta, response = self.load(recording, gzip=gzip)
        self._add(path, response, then)
        return meta

    def load(self, recording: str, *, gzip: bool = True) -> tuple[dict, Response]:
        root = require_corpus()
        meta = json.loads((root / f"{recording}.headers.json").read_text("utf-8"))
        folder = (root / recording).parent
        files = [folder / f for f in meta.get("body_files", [])]
        gz = [f for f in files if f.name.endswith(".gz")]
        plain = [f for f in files if not f.name.endswith(".gz")]
        headers = [(k, v) for k, v in meta["headers"] if k.lower() not in _HOP]
        if gz and (gzip or not plain):
            body = gz[0].read_bytes()
            headers.append(("Content-Encoding", "gzip"))
        elif plain:
            body = self.rewrite(plain[0].read_bytes().decode("utf-8")).encode("utf-8")
        else:
            body = b""
        headers = [(k, self.rewrite(v)) for k, v in headers]
        return meta, Response(int(meta["status"]), tuple(headers), body)

    def rewrite(self, text: str) -> str:
        for real in REAL_HOSTS:
            text = text.replace(real, self.base)
        return text

    def _add(self, path: str, answer: Response | Handler, then: bool) -> None:
        with self._lock:
            if then:
                self._routes.setdefault(path, []).append(answer)
            else:
                self._routes[path] = [answer]

    def _answer(self, seen: Seen) -> Response:
        full = f"{seen.path}?{seen.query}" if seen.query else seen.path
        with self._lock:
            queue = self._routes.get(full) or self._routes.get(seen.path)
            if not queue:
                return Response(404, (("Content-Type", "text/plain"),), b"no such recording")
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer(seen) if callable(answer) else answer

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    server = ReplayServer().start()
    try:
        yield server
    finally:
        server.stop()


# --- running one poll of a kind against the server, with the real Fetcher ---------------------


class Keyring:
    """The ``PollContext.secret`` lookup for kind unit tests: a ref -> token table. (The real
    keyring is exercised by tests/core/test_secrets.py and the session tests.)"""

    def __init__(self, tokens: Mapping[str, str] | None = None, error: str | None = None) -> None:
        self.tokens = dict(tokens or {})
        self.error = error
        self.asked: list[str] = []

    def __call__(self, ref: str) -> str:
        from notify.core.errors import SecretStoreError
        from notify.core.secrets import SecretMissing

        self.asked.append(ref)
        if self.error:
            raise SecretStoreError(self.error)
        if ref not in self.tokens:
            raise SecretMissing(f"The keyring has no token under {ref}.")
        return self.tokens[ref]


def poll_kind(
    kind: Any,
    url: str,
    settings: Mapping[str, Any] | None = None,
    *,
    state: Any = None,
    secrets: Keyring | None = None,
    config: Any = None,
    now: float | None = None,
    normalise: bool = True,
) -> tuple[Any, Any]:
    """Normalise, then poll once with a fresh real ``Fetcher``. Returns ``(result, source)``."""
    import asyncio
    import time

    from notify.core.fetch.client import Fetcher
    from notify.core.models import Source, SourceState
    from notify.core.sources.base import PollContext

    if normalise:
        canonical, clean = kind.normalise(url, settings or {})
    else:
        canonical, clean = url, dict(settings or {})
    source = Source(id=1, kind=kind.id, url=canonical, title="test source", settings=clean)

    async def main() -> Any:
        async with Fetcher(config) as fetcher:

            async def run_cpu(fn: Callable[..., Any], *args: Any) -> Any:
                return await asyncio.to_thread(fn, *args)

            ctx = PollContext(fetch=fetcher.get, secret=secrets or Keyring(), run_cpu=run_cpu,
                              now=time.time() if now is None else now)
            return await kind.poll(ctx, source, state or SourceState(source_id=1))

    return asyncio.run(main()), source


def next_state(state: Any, result: Any) -> Any:
    """The state the engine would keep after ``result`` (validators and cursor)."""
    from dataclasses import replace

    from notify.core.fetch.outcomes import Failed
    from notify.core.models import SourceState

    state = state or SourceState(source_id=1)
    outcome = result.outcome
    if isinstance(outcome, Failed):
        return state
    return replace(
        state,
        etag=outcome.etag or state.etag,
        last_modified=outcome.last_modified or state.last_modified,
        cursor=dict(result.cursor) if result.cursor is not None else state.cursor,
    )
