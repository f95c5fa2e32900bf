"""The feed kind against a real HTTP server on 127.0.0.1 and the real Fetcher."""

from __future__ import annotations

import asyncio
import base64
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from notify.core.errors import Advice, Remedy, SourceConfigError
from notify.core.feedparse import parse_feed
from notify.core.fetch.client import Fetcher
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Updated
from notify.core.models import Source, SourceState
from notify.core.sources import registry
from notify.core.sources.base import PollContext, PollResult
from notify.core.sources.feed import KIND
from tests.core.feedparse.corpus import FEEDS, needs_corpus
from tests.support.replay_server import Keyring, ReplayServer, Response, Seen, replay

__all__ = ["replay"]

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Tiny</title>
<link>https://tiny.example/</link><ttl>90</ttl>
<item><title>Hello</title><link>https://tiny.example/1</link></item></channel></rss>"""


def test_registered_and_normalises_what_users_type() -> None:
    assert registry.get("feed") is KIND
    assert KIND.normalise("example.com/feed", {}) == ("https://example.com/feed", {})
    assert KIND.normalise("feed://example.com/rss", {})[0] == "https://example.com/rss"
    with pytest.raises(SourceConfigError):
        KIND.normalise("ftp://example.com/feed", {})
    assert KIND.default_title("https://www.example.com/feed", {}) == "example.com"


def _poll(url: str, *, state: SourceState | None = None,
          run_cpu: Callable[..., Any] | None = None,
          during: Callable[[], Any] | None = None) -> PollResult:
    source = Source(id=1, kind="feed", url=url, title="test source")

    async def main() -> PollResult:
        async with Fetcher() as fetcher:
            async def in_thread(fn: Callable[..., Any], *args: Any) -> Any:
                return await asyncio.to_thread(fn, *args)

            ctx = PollContext(fetch=fetcher.get, secret=Keyring(), run_cpu=run_cpu or in_thread,
                              now=time.time())
            poll = KIND.poll(ctx, source, state or SourceState(source_id=1))
            if during is None:
                return await poll
            result, _ = await asyncio.gather(poll, during())
            return result

    return asyncio.run(main())


def test_items_title_and_ttl_hint(replay: ReplayServer) -> None:
    replay.route("/feed", headers={"Content-Type": "application/rss+xml",
                                   "Cache-Control": "max-age=300"}, body=RSS)
    result = _poll(replay.url("/feed"))
    assert isinstance(result.outcome, Updated)
    assert [(i.key, i.title) for i in result.items] == [("https://tiny.example/1", "Hello")]
    assert (result.title, result.html_url, result.min_interval_s) == (
        "Tiny", "https://tiny.example/", 5400)


def test_conditional_get_gives_not_modified(replay: ReplayServer) -> None:
    def answer(seen: Seen) -> Response:
        if seen.headers.get("if-none-match") == '"v1"':
            return Response(304, (("ETag", '"v1"'),))
        return Response(200, (("ETag", '"v1"'), ("Content-Type", "application/rss+xml")), RSS)

    replay.handler("/feed", answer)
    first = _poll(replay.url("/feed"))
    assert isinstance(first.outcome, Updated) and first.outcome.etag == '"v1"'
    second = _poll(replay.url("/feed"), state=SourceState(source_id=1, etag='"v1"'))
    assert isinstance(second.outcome, NotModified) and second.items == ()


def test_a_web_page_is_a_parse_failure_with_advice(replay: ReplayServer) -> None:
    replay.route("/blog", headers={"Content-Type": "text/html; charset=utf-8"},
                 body=b"<!DOCTYPE html><html><head><title>Blog</title></head><body>x</body>")
    result = _poll(replay.url("/blog"))
    assert isinstance(result.outcome, Failed)
    assert result.outcome.kind == FailureKind.PARSE
    assert result.outcome.message == (
        "Feed 'test source': its address gives a web page that announces no feed. Look for an "
        "RSS or Atom link on the site and change the source's address to it (notify sources "
        "edit 1 --url ADDRESS, or in Settings → Sources).")
    # no feed to switch to: the advice names none
    assert [p.advice.address for p in result.outcome.advice] == [""]


def test_a_web_page_that_announces_feeds_names_the_one_to_use(replay: ReplayServer) -> None:
    """A page added without the check (``--no-check``), or a site that replaced its feed by a
    page, failed at every poll with "add it by its feed URL or let Notify discover its feeds",
    which said neither the feed nor how to change the address."""
    replay.route("/blog/", headers={"Content-Type": "text/html"}, body=(
        b'<html><head><link rel="alternate" type="application/rss+xml" title="Posts" '
        b'href="/blog/rss.xml"><link rel="alternate" type="application/atom+xml" '
        b'href="/blog/atom.xml"></head><body>x</body></html>'))
    result = _poll(replay.url("/blog/"))
    assert isinstance(result.outcome, Failed) and result.outcome.kind == FailureKind.PARSE
    feed, atom = replay.url("/blog/rss.xml"), replay.url("/blog/atom.xml")
    # s16: every feed named, and the exact command for the first (before: "and 1 more", and
    # "--url ADDRESS", the address to type left for the person to copy from the sentence)
    assert result.outcome.message == (
        f"Feed 'test source': its address gives a web page, not a feed. The page announces 2 "
        f"feeds: 1. “Posts” at {feed}, 2. {atom}. To follow the first instead: notify sources "
        f"edit 1 --url {feed}, or in Settings → Sources (another: give its address instead).")
    (placed,) = result.outcome.advice
    assert placed.advice == Advice(Remedy.EDIT_ADDRESS, address=feed, source_id=1)


def test_a_web_page_announcing_one_feed_gives_the_command_that_follows_it(
        replay: ReplayServer) -> None:
    replay.route("/site/", headers={"Content-Type": "text/html"}, body=(
        b'<html><head><link rel="alternate" type="application/atom+xml" title="News" '
        b'href="/site/atom.xml"></head><body>x</body></html>'))
    result = _poll(replay.url("/site/"))
    assert isinstance(result.outcome, Failed)
    feed = replay.url("/site/atom.xml")
    assert result.outcome.message == (
        f"Feed 'test source': its address gives a web page, not a feed. The page announces one "
        f"feed, “News” at {feed}; to follow it instead: notify sources edit 1 --url {feed}, or "
        "in Settings → Sources.")


def test_a_page_announcing_many_feeds_lists_five(replay: ReplayServer) -> None:
    links = b"".join(b'<link rel="alternate" type="application/rss+xml" href="/c/%d.xml">' % n
                     for n in range(1, 9))
    replay.route("/c/", headers={"Content-Type": "text/html"},
                 body=b"<html><head>" + links + b"</head><body>x</body></html>")
    result = _poll(replay.url("/c/"))
    assert isinstance(result.outcome, Failed)
    message = result.outcome.message
    assert "announces 8 feeds: 1. " in message and f"5. {replay.url('/c/5.xml')}, and 3 more." \
        in message and replay.url("/c/6.xml") not in message


def test_garbage_is_a_parse_failure_naming_the_source(replay: ReplayServer) -> None:
    replay.route("/feed", headers={"Content-Type": "application/xml"}, body=b"<oops><unclosed>")
    result = _poll(replay.url("/feed"))
    assert isinstance(result.outcome, Failed) and result.outcome.kind == FailureKind.PARSE
    assert result.outcome.message.startswith("Feed 'test source' could not be read: ")
    assert "check that the address is a feed" in result.outcome.message


def test_json_that_is_no_feed_suggests_the_json_kind(replay: ReplayServer) -> None:
    replay.route("/api/items", headers={"Content-Type": "application/json"},
                 body=b'[{"id": 1, "title": "one"}]')
    result = _poll(replay.url("/api/items"))
    assert isinstance(result.outcome, Failed) and result.outcome.kind == FailureKind.PARSE
    message = result.outcome.message
    assert "web page" not in message
    assert "JSON" in message
    assert f"notify sources add --kind json {replay.url('/api/items')}" in message
    assert 'choose the kind "JSON API" in Settings → Sources' in message


def test_http_failures_pass_through(replay: ReplayServer) -> None:
    result = _poll(replay.url("/missing"))
    assert isinstance(result.outcome, Failed) and result.outcome.kind == FailureKind.NOT_FOUND


@needs_corpus
def test_a_big_feed_parses_in_another_process_without_stalling_the_loop(
    replay: ReplayServer,
) -> None:
    """giantbomb-podcast.rss (1.6 MB, 730 items) through a process pool: ``parse_feed`` and its
    result cross the process boundary, and the event loop keeps ticking meanwhile."""
    body = (FEEDS / "rss-parser" / "input" / "giantbomb-podcast.rss").read_bytes()
    replay.route("/big.rss", headers={"Content-Type": "application/rss+xml"}, body=body)
    calls: list[str] = []
    gaps: list[float] = []
    done = asyncio.Event()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(int, "1").result()  # start the worker before timing anything

        async def run_cpu(fn: Callable[..., Any], *args: Any) -> Any:
            calls.append(fn.__name__)
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
            finally:
                done.set()

        async def ticker() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        result = _poll(replay.url("/big.rss"), run_cpu=run_cpu, during=ticker)
    assert calls == [parse_feed.__name__]
    assert len(result.items) == 730 and result.title == "Giant Bombcast"
    assert gaps and max(gaps) < 0.25, f"the loop stalled for {max(gaps or [0]):.3f} s"


def test_a_feed_behind_a_login_is_read_with_the_address_user_and_password(
    replay: ReplayServer,
) -> None:
    """Regression: an address' ``user:password@`` was kept (docs/privacy.md: "Notify needs it
    to poll") but never sent: the fetcher talks to its transport itself, so a feed behind HTTP
    Basic authentication answered 401 at every poll."""
    expected = "Basic " + base64.b64encode(b"reader:p@ss w").decode()

    def answer(seen: Seen) -> Response:
        if seen.headers.get("authorization") != expected:
            return Response(401, (("WWW-Authenticate", 'Basic realm="feeds"'),))
        return Response(200, (("Content-Type", "application/rss+xml"),), RSS)

    replay.handler("/private/feed", answer)
    url = replay.url("/private/feed").replace("http://", "http://reader:p%40ss%20w@")
    result = _poll(url)
    assert isinstance(result.outcome, Updated), result.outcome
    assert [i.title for i in result.items] == ["Hello"]
    wrong = _poll(url.replace("p%40ss", "nope"))  # a wrong password: the server's 401
    assert isinstance(wrong.outcome, Failed) and wrong.outcome.status == 401
    assert "nope" not in wrong.outcome.message
    _poll(replay.url("/private/feed"))  # no login in the address: none sent
    assert "authorization" not in replay.requests[-1].headers


def test_a_refusal_says_where_a_feeds_login_goes(replay: ReplayServer) -> None:
    """Regression: a 401 or 403 of a feed said "Check the token or credentials for this source
    in Settings.": a feed has no token and no settings; its login goes in its address."""
    replay.route("/feed", status=401)
    replay.route("/blocked", status=403)
    host = "127.0.0.1"
    result = _poll(replay.url("/feed"))
    assert isinstance(result.outcome, Failed) and result.outcome.kind == FailureKind.AUTH
    assert result.outcome.message == (
        f"{host} refused access (HTTP 401 Unauthorized): this feed needs a login. Give its user "
        f"name and password in the address, before its host (USER:PASSWORD@{host}): notify "
        "sources edit 1 --url ADDRESS, or in Settings → Sources.")
    assert [p.advice.remedy for p in result.outcome.advice] == [Remedy.EDIT_ADDRESS]
    result = _poll(replay.url("/feed").replace("http://", "http://me:old@"))
    assert isinstance(result.outcome, Failed)
    assert result.outcome.message.startswith(
        f"{host} refused the login given in the feed's address (HTTP 401 Unauthorized): the "
        "user name or password may be wrong, or no longer valid.")
    assert "old" not in result.outcome.message
    result = _poll(replay.url("/blocked"))
    assert isinstance(result.outcome, Failed)
    assert result.outcome.message.startswith(
        f"{host} refused access (HTTP 403 Forbidden): it does not let Notify read this feed. "
        "If the feed needs a login, give it in the address, before its host")
    assert "token" not in result.outcome.message
