"""YouTube: channel/playlist addresses to feed URLs, and recorded feeds served locally."""

from __future__ import annotations

import logging

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import FailureKind, Updated
from notify.core.sources.base import NeedsPageLookup
from notify.core.sources.youtube import (
    KIND,
    channel_feed_in_video_page,
    feed_url,
    feed_url_in_page,
)
from tests.support.replay_server import ReplayServer, poll_kind, replay, require_corpus

__all__ = ["replay"]

CHANNEL = "UCVooVnzQxPSTXTMzSi1s6uw"
PLAYLIST = "PLw-vK1_d04zZCal3yMX_T23h5nDJ2toTk"
FEED = "https://www.youtube.com/feeds/videos.xml"


@pytest.mark.parametrize(("pasted", "expected"), [
    (f"https://www.youtube.com/channel/{CHANNEL}", f"{FEED}?channel_id={CHANNEL}"),
    (f"https://www.youtube.com/channel/{CHANNEL}/videos", f"{FEED}?channel_id={CHANNEL}"),
    (f"youtube.com/channel/{CHANNEL}", f"{FEED}?channel_id={CHANNEL}"),
    (CHANNEL, f"{FEED}?channel_id={CHANNEL}"),
    (f"https://www.youtube.com/playlist?list={PLAYLIST}", f"{FEED}?playlist_id={PLAYLIST}"),
    (f"https://m.youtube.com/watch?v=dfxLY1EayNA&list={PLAYLIST}&index=2",
     f"{FEED}?playlist_id={PLAYLIST}"),
    (f"{FEED}?channel_id={CHANNEL}&utm_source=x", f"{FEED}?channel_id={CHANNEL}"),
])
def test_feed_url_from_what_the_user_pastes(pasted: str, expected: str) -> None:
    assert feed_url(pasted) == expected


@pytest.mark.parametrize(("pasted", "page"), [
    ("https://www.youtube.com/@JonnyGiger", "https://www.youtube.com/@JonnyGiger"),
    ("youtube.com/@JonnyGiger/videos", "https://www.youtube.com/@JonnyGiger"),
    ("https://m.youtube.com/c/SomeName?si=x", "https://www.youtube.com/c/SomeName"),
    ("https://www.youtube.com/user/legacyname", "https://www.youtube.com/user/legacyname"),
    # a handle alone, as YouTube shows it under a channel's name (it was "not a channel")
    ("@JonnyGiger", "https://www.youtube.com/@JonnyGiger"),
])
def test_handles_are_looked_up_on_the_channel_page(pasted: str, page: str) -> None:
    with pytest.raises(NeedsPageLookup, match="channel ID") as caught:
        feed_url(pasted)
    assert caught.value.page_url == page
    assert isinstance(caught.value, SourceConfigError)  # offline callers still get advice


@pytest.mark.parametrize("page", [
    f'<link rel="alternate" type="application/rss+xml" title="RSS" '
    f'href="https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}">',
    f'<link rel="canonical" href="https://www.youtube.com/channel/{CHANNEL}">',
    f'<meta itemprop="identifier" content="{CHANNEL}">',
    f'var ytInitialData = {{"metadata":{{"externalId":"{CHANNEL}","title":"x"}}}};',
])
def test_the_channel_id_is_read_from_its_page(page: str) -> None:
    body = f"<html><head><title>x</title>{page}</head><body>…</body></html>".encode()
    assert feed_url_in_page(body) == f"{FEED}?channel_id={CHANNEL}"


def test_a_page_without_a_channel_id_gives_none() -> None:
    assert feed_url_in_page(b"<html><head><title>Not found</title></head></html>") is None
    assert feed_url_in_page(b'<link rel="canonical" href="/channel/UCshort">') is None


def test_other_sites_get_clear_advice() -> None:
    with pytest.raises(SourceConfigError, match="not a YouTube channel"):
        feed_url("https://vimeo.com/channels/staffpicks")
    with pytest.raises(SourceConfigError):
        KIND.normalise("", {})


def test_channel_feed_items_with_descriptions(replay: ReplayServer) -> None:
    body = (require_corpus() / f"youtube/channel_{CHANNEL}.videos.xml").read_bytes()
    replay.route("/feeds/videos.xml", headers={"Content-Type": "application/atom+xml"}, body=body)
    result, source = poll_kind(KIND, replay.url(f"/feeds/videos.xml?channel_id={CHANNEL}"), {})
    assert source.url == replay.url(f"/feeds/videos.xml?channel_id={CHANNEL}")
    assert isinstance(result.outcome, Updated)
    assert len(result.items) == 15
    first = result.items[0]
    assert first.key == "yt:video:dfxLY1EayNA"
    assert first.link == "https://www.youtube.com/watch?v=dfxLY1EayNA"
    assert first.authors == ("Jonny Giger",)
    assert result.title == "Jonny Giger"
    assert result.html_url == f"https://www.youtube.com/channel/{CHANNEL}"
    with_text = [i for i in result.items if i.summary_text]
    assert with_text, "media:description should fill the summary"
    assert all("<script" not in i.summary_html for i in result.items)


def test_playlist_feed(replay: ReplayServer) -> None:
    body = (require_corpus() / f"youtube/playlist_{PLAYLIST}.videos.xml").read_bytes()
    replay.route("/feeds/videos.xml", body=body)
    result, _ = poll_kind(KIND, replay.url(f"/feeds/videos.xml?playlist_id={PLAYLIST}"), {})
    assert len(result.items) == 15
    assert all(i.key.startswith("yt:video:") for i in result.items)


def test_not_a_feed(replay: ReplayServer) -> None:
    replay.route("/feeds/videos.xml", headers={"Content-Type": "text/html"},
                 body="<!doctype html><html><body>consent page</body></html>")
    result, _ = poll_kind(KIND, replay.url(f"/feeds/videos.xml?channel_id={CHANNEL}"), {})
    assert result.outcome.kind == FailureKind.PARSE
    assert "YouTube" in result.outcome.message


def test_a_feed_read_leniently_says_which_lost_its_descriptions(
    replay: ReplayServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The descriptions of a feed that is not well-formed were skipped with a DEBUG line that
    named no feed."""
    body = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:yt="http://www.youtube.com/xml/schemas/2015"><title>Chan</title>'
        "<entry><id>yt:video:abc</id><yt:videoId>abc</yt:videoId><title>One & two</title>"
        '<link rel="alternate" href="https://www.youtube.com/watch?v=abc"/></entry></feed>'
    )
    replay.route("/feeds/videos.xml", headers={"Content-Type": "application/atom+xml"}, body=body)
    url = replay.url(f"/feeds/videos.xml?channel_id={CHANNEL}")
    with caplog.at_level(logging.INFO, logger="notify.core.sources.youtube"):
        result, _ = poll_kind(KIND, url, {})
    assert isinstance(result.outcome, Updated) and len(result.items) == 1
    (said,) = [r.getMessage() for r in caplog.records]
    assert said.startswith(f"YouTube feed {url} is not well-formed XML (")
    assert said.endswith("its videos are read without their descriptions")


@pytest.mark.parametrize("pasted", [
    "https://www.youtube.com/watch?v=dfxLY1EayNA",
    "https://www.youtube.com/watch?v=dfxLY1EayNA&t=42s",
    "https://youtu.be/dfxLY1EayNA?si=abc",
    "https://www.youtube.com/shorts/dfxLY1EayNA",
    "m.youtube.com/watch?v=dfxLY1EayNA",
])
def test_a_video_is_looked_up_for_its_channel(pasted: str) -> None:
    """Regression: a video's address (what people copy most) was "not a YouTube channel or
    playlist", with no way from there to its channel."""
    with pytest.raises(NeedsPageLookup) as caught:
        KIND.normalise(pasted, {})
    need = caught.value
    assert need.page_url == "https://www.youtube.com/watch?v=dfxLY1EayNA"
    assert need.what == "the video's channel (UC…)"
    assert str(need).startswith(f"{pasted!r} is a video, not a channel: ")
    assert "paste its address, e.g. https://www.youtube.com/@name." in str(need)
    page = ('<html><head><meta itemprop="channelId" content="' + CHANNEL + '"></head><script>'
            'var ytInitialPlayerResponse = {"videoDetails":{"videoId":"dfxLY1EayNA",'
            '"channelId":"' + CHANNEL + '"}};</script></html>')
    assert need.find(page.encode()) == f"{FEED}?channel_id={CHANNEL}"
    player_only = page.replace('<meta itemprop="channelId" content="' + CHANNEL + '">', "")
    assert need.find(player_only.encode()) == f"{FEED}?channel_id={CHANNEL}"
    assert channel_feed_in_video_page(b"<html>no video here</html>") is None


def test_a_channel_that_is_gone_is_said_so(replay: ReplayServer) -> None:
    """Regression: a deleted channel's 404 was "www.youtube.com has nothing at this address …
    the feed may have moved", naming neither YouTube nor the channel."""
    replay.route("/feeds/videos.xml", status=404, body="Not Found")
    gone = f"{replay.url('/feeds/videos.xml')}?channel_id={CHANNEL}"
    outcome = poll_kind(KIND, gone, {})[0].outcome
    assert outcome.kind == FailureKind.NOT_FOUND
    assert outcome.message == (
        f"YouTube: the channel {CHANNEL} has no feed (HTTP 404 Not Found): it was deleted or "
        f"terminated, or its ID is wrong. Check https://www.youtube.com/channel/{CHANNEL} in a "
        "browser; if it is gone, remove this source.")
    private = f"{replay.url('/feeds/videos.xml')}?playlist_id={PLAYLIST}"
    assert poll_kind(KIND, private, {})[0].outcome.message == (
        f"YouTube: the playlist {PLAYLIST} has no feed (HTTP 404 Not Found): it is private or "
        f"was deleted. Check https://www.youtube.com/playlist?list={PLAYLIST} in a browser; if "
        "it is gone, remove this source.")
    replay.route("/feeds/videos.xml", status=500, body="oops")
    assert poll_kind(KIND, gone, {})[0].outcome.message.startswith("YouTube: 127.0.0.1 had a "
                                                                   "server error")
