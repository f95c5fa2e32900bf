"""A tiny source kind ("testjson") and a tiny real HTTP server on 127.0.0.1, used by the engine,
poll and CLI tests so that they do not depend on the feed parser's details.

The kind reads ``{"title": ..., "ttl": seconds, "items": [{"id", "title", "link"}]}``; a body
of ``crash`` makes it raise (a buggy kind), so that isolation of failures can be tested.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import Failed, NotModified
from notify.core.models import ItemDraft, Source, SourceState
from notify.core.sources import registry
from notify.core.sources.base import PollContext, PollResult, Setting, conditional
from notify.core.urls import normalise_user_url

KIND_ID = "testjson"


def _parse(body: bytes) -> dict[str, Any]:
    if body.strip() == b"crash":
        raise ValueError("this reader is broken on purpose")
    data: dict[str, Any] = json.loads(body)
    return data


class _TestKind:
    id = KIND_ID
    label = "Test JSON"
    description = "items from a small JSON document (tests only)"
    settings: tuple[Setting, ...] = ()
    default_interval_s = 30 * 60
    min_interval_s = 5 * 60
    host_limit = None

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        if "invalid" in url:
            raise SourceConfigError(f"{url} is not usable by the test kind.")
        return normalise_user_url(url)[0], dict(settings)

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        return ""

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        outcome = await ctx.fetch(conditional(source, state))
        if isinstance(outcome, Failed | NotModified):
            return PollResult(outcome)
        data = await ctx.run_cpu(_parse, outcome.body)
        items = tuple(
            ItemDraft(key=str(i["id"]), title=i.get("title", ""), link=i.get("link"))
            for i in data.get("items", ())
        )
        return PollResult(outcome, items, min_interval_s=data.get("ttl"), title=data.get("title"))


KIND = _TestKind()


@pytest.fixture
def test_kind(monkeypatch: pytest.MonkeyPatch) -> str:
    """Registers the "testjson" kind for one test."""
    monkeypatch.setitem(registry._MODULES, KIND_ID, __name__)
    monkeypatch.delitem(registry._cache, KIND_ID, raising=False)
    return KIND_ID


@dataclass
class Route:
    responses: list[tuple[int, dict[str, str], bytes]]
    etag: str | None = None  # answer 304 when If-None-Match matches
    hits: list[dict[str, str]] = field(default_factory=list)


class Server:
    """A threaded HTTP server on 127.0.0.1 with scripted routes. Each route returns its
    responses in order, then repeats the last."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route.hits.append({k.lower(): v for k, v in self.headers.items()})
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                index = min(len(route.hits), len(route.responses)) - 1
                status, headers, body = route.responses[index]
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if route.etag and status == 200:
                    self.send_header("ETag", route.etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> Server:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def route(self, path: str, *responses: tuple[int, dict[str, str], bytes],
              etag: str | None = None) -> Route:
        self.routes[path] = Route(list(responses), etag)
        return self.routes[path]

    def feed(self, path: str, items: list[dict[str, Any]], *, title: str = "",
             ttl: int | None = None, etag: str | None = None) -> Route:
        return self.route(path, (200, {"Content-Type": "application/json"},
                                 doc(items, title=title, ttl=ttl)), etag=etag)


def doc(items: list[dict[str, Any]], *, title: str = "", ttl: int | None = None) -> bytes:
    return json.dumps({"title": title, "ttl": ttl, "items": items}).encode()


def entries(*ids: int) -> list[dict[str, Any]]:
    return [{"id": f"e{i}", "title": f"Entry {i}", "link": f"https://example.org/{i}"}
            for i in ids]


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server().start()
    yield srv
    srv.stop()


def test_server_replays_routes_in_order_and_answers_304(server: Server) -> None:
    import urllib.request

    server.route("/a", (500, {}, b"no"), (200, {}, b"yes"), etag='"v1"')
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as failed:
        opener.open(server.url("/a"))
    failed.value.close()
    with opener.open(server.url("/a")) as ok:
        assert ok.read() == b"yes"
    req = urllib.request.Request(server.url("/a"), headers={"If-None-Match": '"v1"'})
    with pytest.raises(urllib.error.HTTPError) as err:
        opener.open(req)
    err.value.close()
    assert err.value.code == 304

def test_kind_parses_and_crashes_on_purpose() -> None:
    assert _parse(doc(entries(1)))["items"][0]["id"] == "e1"
    with pytest.raises(ValueError, match="broken on purpose"):
        _parse(b"crash")
