"""Adding a source whose address must be looked up on a web page (a YouTube handle): the page is
fetched once through the real fetcher from a real local server, and every failure is a clear
message that still says what to do instead."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.client import Fetcher
from notify.core.sources.base import NeedsPageLookup
from notify.core.sources.youtube import feed_url
from notify.core.subscriptions import look_up, resolve_address
from tests.support.hostile_server import HostileServer

CHANNEL = "UCVooVnzQxPSTXTMzSi1s6uw"
PAGE = (
    '<!DOCTYPE html><html><head><title>Jonny Giger - YouTube</title>'
    f'<link rel="canonical" href="https://www.youtube.com/channel/{CHANNEL}">'
    '</head><body>' + "x" * 50_000 + "</body></html>"
).encode()


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with HostileServer() as srv:
        yield srv


def _handle_at(url: str) -> NeedsPageLookup:
    """The real lookup a handle asks for, pointed at the local server instead of YouTube."""
    with pytest.raises(NeedsPageLookup) as caught:
        feed_url("https://www.youtube.com/@JonnyGiger")
    need = caught.value
    return NeedsPageLookup(str(need), page_url=url, find=need.find, what=need.what)


def _look_up(need: NeedsPageLookup) -> str:
    async def main() -> str:
        async with Fetcher() as fetcher:
            return await look_up(fetcher.get, need)

    return asyncio.run(main())


def test_a_handle_becomes_its_channel_feed(server: HostileServer) -> None:
    url = server.route("/@JonnyGiger", PAGE, content_type="text/html; charset=utf-8")
    assert _look_up(_handle_at(url)) == (
        f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}")
    assert len(server.requests) == 1


def test_a_page_without_the_id_says_so_and_what_to_do(server: HostileServer) -> None:
    url = server.route("/@gone", b"<html><head><title>404</title></head></html>",
                       content_type="text/html")
    with pytest.raises(SourceConfigError, match=r"does not show the channel's ID.*Copy channel ID"):
        _look_up(_handle_at(url))


def test_an_unreachable_page_says_what_failed(server: HostileServer) -> None:
    url = server.route("/@nobody", b"not here", status=404, content_type="text/html")
    with pytest.raises(SourceConfigError, match=r"Could not read .*@nobody.*Copy channel ID"):
        _look_up(_handle_at(url))


def test_addresses_that_need_no_lookup_are_not_fetched(server: HostileServer) -> None:
    async def main() -> list[str]:
        async with Fetcher() as fetcher:
            return [
                await resolve_address(fetcher.get, "youtube",
                                      f"https://www.youtube.com/channel/{CHANNEL}"),
                await resolve_address(fetcher.get, "feed", server.url("/feed.xml")),
                await resolve_address(fetcher.get, "github", ""),  # add() reports this one
            ]

    assert asyncio.run(main()) == [f"https://www.youtube.com/channel/{CHANNEL}",
                                   server.url("/feed.xml"), ""]
    assert server.requests == []
