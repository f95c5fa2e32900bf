"""A YouTube channel or playlist: the user pastes its address, Notify follows its Atom feed.

``https://www.youtube.com/channel/UC…``, ``…/playlist?list=PL…``, a ``watch?…&list=`` address or
the bare id become ``https://www.youtube.com/feeds/videos.xml?channel_id=…`` (or
``playlist_id=``), parsed by the feed kind's parser. A handle (``@name``, ``youtube.com/@name``,
``/c/…``, ``/user/…``) names no channel ID: ``normalise`` raises ``NeedsPageLookup`` and, when a
source is added, the channel page is fetched once and its ID read from it
(``feed_url_in_page``); so is a video's page (``watch?v=``, ``youtu.be/…``, ``/shorts/…``), for
the channel that published it (``channel_feed_in_video_page``). A feed that is gone (404) is said
as the channel or playlist gone, with its page to check. The feed holds only the ~15 newest
uploads, so the default interval is short enough not to miss any. Video descriptions
(``media:description``), which the generic parser does not read, become the summary."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from notify.core.errors import SourceConfigError
from notify.core.feedparse import FeedParseError, ParsedFeed, parse_feed
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified
from notify.core.logs import redact
from notify.core.models import ItemDraft, Source, SourceState
from notify.core.sources.address import split_address
from notify.core.sources.base import (
    AddressDoc,
    NeedsPageLookup,
    PollContext,
    PollResult,
    SourceKind,
    conditional,
    run_sync,
)
from notify.core.sources.htmltext import text_as_html

log = logging.getLogger(__name__)

FEED = "https://www.youtube.com/feeds/videos.xml"
_CHANNEL_RE = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
_PLAYLIST_RE = re.compile(r"^(?:PL|UU|LL|FL|OL|RD)[A-Za-z0-9_-]{10,}$")
_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "yt": "http://www.youtube.com/xml/schemas/2015",
    "media": "http://search.yahoo.com/mrss/",
}
_VIDEO_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com")


def feed_url(text: str) -> str:
    """The Atom feed address for a channel or playlist address or id."""
    raw = text.strip()
    if _CHANNEL_RE.match(raw):
        return f"{FEED}?{urlencode({'channel_id': raw})}"
    if _PLAYLIST_RE.match(raw):
        return f"{FEED}?{urlencode({'playlist_id': raw})}"
    if re.fullmatch(r"@[\w.-]{3,30}", raw):  # a handle alone, as YouTube shows it
        raw = f"https://www.youtube.com/{raw}"
    if "://" not in raw:
        raw = "https://" + raw
    parts = split_address(raw, "Paste an address like https://www.youtube.com/@name, "
                               "https://www.youtube.com/channel/UC… or "
                               "https://www.youtube.com/playlist?list=PL…")
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if v}
    if parts.path.endswith("/feeds/videos.xml"):
        keys: tuple[str, ...] = ("channel_id", "playlist_id", "user")
        for key in keys:
            if key in query:
                base = f"{parts.scheme}://{parts.netloc}{parts.path}"
                return f"{base}?{urlencode([(key, query[key])])}"
    short = parts.path.strip("/")
    if parts.netloc.lower() == "youtu.be" and _VIDEO_RE.match(short):  # a video's short link
        parts = parts._replace(netloc="www.youtube.com", path="/watch")
        query = {**query, "v": short}
    if parts.netloc.lower() in _YOUTUBE_HOSTS:
        channel = re.match(r"^/channel/(UC[A-Za-z0-9_-]{22})", parts.path)
        if channel:
            return f"{FEED}?{urlencode({'channel_id': channel.group(1)})}"
        if "list" in query and _PLAYLIST_RE.match(query["list"]):
            return f"{FEED}?{urlencode({'playlist_id': query['list']})}"
        video = _video_id(parts.path, query)
        if video:
            raise NeedsPageLookup(
                f"{text.strip()!r} is a video, not a channel: Notify reads the video's channel "
                "from its page when it adds the source. Without that look-up, open the channel "
                "(its name under the video) and paste its address, e.g. "
                "https://www.youtube.com/@name.",
                page_url=f"https://www.youtube.com/watch?{urlencode({'v': video})}",
                find=channel_feed_in_video_page,
                what="the video's channel (UC…)",
            )
        handle = re.match(r"^/(@[^/?#]+|c/[^/?#]+|user/[^/?#]+)", parts.path)
        if handle:
            raise NeedsPageLookup(
                f"{text.strip()!r} is a channel's handle or custom name: Notify reads the "
                "channel's ID from its page when it adds the source. Without that look-up, open "
                "the channel, choose Share → Copy channel ID (it starts with UC) and add that, "
                "or the channel's youtube.com/channel/UC… address.",
                page_url=f"https://www.youtube.com/{handle.group(1)}",
                find=feed_url_in_page,
                what="the channel's ID (UC…)",
            )
    raise SourceConfigError(
        f"{text.strip()!r} is not a YouTube channel or playlist. Paste an address like "
        "https://www.youtube.com/@name, https://www.youtube.com/channel/UC… or "
        "https://www.youtube.com/playlist?list=PL…"
    )


# Where a channel page names its own channel, most specific first: the feed it announces
# (<link rel="alternate" type="application/rss+xml">), its canonical address, its metadata.
_PAGE_PATTERNS = tuple(re.compile(p) for p in (
    rb"/feeds/videos\.xml\?channel_id=(UC[A-Za-z0-9_-]{22})",
    rb"<link[^>]+rel=[\"']canonical[\"'][^>]+/channel/(UC[A-Za-z0-9_-]{22})",
    rb"itemprop=[\"'](?:channelId|identifier)[\"'][^>]+content=[\"'](UC[A-Za-z0-9_-]{22})",
    rb"\"externalId\"\s*:\s*\"(UC[A-Za-z0-9_-]{22})\"",
))
# Where a video's page names its channel: its metadata, then the player's ``videoDetails``
# (the first "channelId" of the page: recommendations come later, in ``ytInitialData``).
_VIDEO_PAGE_PATTERNS = tuple(re.compile(p) for p in (
    rb"itemprop=[\"']channelId[\"'][^>]+content=[\"'](UC[A-Za-z0-9_-]{22})",
    rb"\"channelId\"\s*:\s*\"(UC[A-Za-z0-9_-]{22})\"",
    rb"\"externalChannelId\"\s*:\s*\"(UC[A-Za-z0-9_-]{22})\"",
))
PAGE_SCAN_BYTES = 3_000_000  # a channel page is ~1 MB; never scan more of a huge body


def feed_url_in_page(body: bytes) -> str | None:
    """The channel feed of a YouTube channel page (``/@handle``), or None."""
    return _channel_feed(body, _PAGE_PATTERNS)


def channel_feed_in_video_page(body: bytes) -> str | None:
    """The feed of the channel that published a video, from the video's page, or None."""
    return _channel_feed(body, _VIDEO_PAGE_PATTERNS)


def _channel_feed(body: bytes, patterns: tuple[re.Pattern[bytes], ...]) -> str | None:
    """The feed of the channel id the first of ``patterns`` finds in ``body``'s head."""
    head = body[:PAGE_SCAN_BYTES]
    for pattern in patterns:
        found = pattern.search(head)
        if found:
            return f"{FEED}?{urlencode({'channel_id': found.group(1).decode('ascii')})}"
    return None


def _video_id(path: str, query: Mapping[str, str]) -> str | None:
    """The video a youtube.com address shows (``/watch?v=``, ``/shorts/``, ``/live/``), or
    None. A ``watch`` address with a playlist (``&list=``) is the playlist's, read before."""
    if path.rstrip("/") == "/watch" and _VIDEO_RE.match(query.get("v", "")):
        return query["v"]
    found = re.match(r"^/(?:shorts|live|embed)/([A-Za-z0-9_-]{11})/?$", path)
    return found.group(1) if found else None


def descriptions(body: bytes, url: str = "") -> dict[str, str]:
    """``yt:videoId`` -> ``media:description`` text, from the raw feed (at ``url``, for the
    log)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as err:  # the feed was read leniently: its videos, without descriptions
        log.info("YouTube feed %s is not well-formed XML (%s): its videos are read without "
                 "their descriptions", redact(url), err)
        return {}
    out: dict[str, str] = {}
    for entry in root.findall("atom:entry", _NS):
        video = entry.findtext("yt:videoId", default="", namespaces=_NS).strip()
        text = entry.findtext("media:group/media:description", default="", namespaces=_NS)
        if video and text and text.strip():
            out[video] = text.strip()
    return out


def _parse(body: bytes, url: str, headers: Mapping[str, str]) -> tuple[ParsedFeed, dict[str, str]]:
    return parse_feed(body, url, headers), descriptions(body, url)


class YouTube(SourceKind):
    id = "youtube"
    label = "YouTube channel or playlist"
    description = "New videos of a YouTube channel or playlist (paste its address)."
    settings = ()
    address = AddressDoc(
        placeholder="Channel or playlist address",
        example="e.g. https://www.youtube.com/@name, …/channel/UC…, or …/playlist?list=PL…",
        what="the address of the channel or playlist",
    )
    default_interval_s = 1800
    min_interval_s = 600
    host_limit: int | None = 2

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        if not (url or "").strip():
            raise SourceConfigError(
                "Paste the address of a YouTube channel or playlist, e.g. "
                "https://www.youtube.com/@name, …/channel/UC…, or …/playlist?list=PL…"
            )
        return feed_url(url), dict(settings)

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        query = parse_qs(urlsplit(url).query)
        if "playlist_id" in query:
            return f"YouTube playlist {query['playlist_id'][0]}"
        return f"YouTube channel {query.get('channel_id', ['?'])[0]}"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        outcome = await ctx.fetch(conditional(source, state, host_limit=self.host_limit))
        if isinstance(outcome, Failed):
            return PollResult(outcome=explain(outcome, source.url))
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome)
        try:
            parsed, texts = await run_sync(ctx, _parse, outcome.body, outcome.url, outcome.headers)
        except FeedParseError as err:
            return PollResult(outcome=Failed(
                kind=FailureKind.PARSE,
                message=f"YouTube: {err}.",
                url=outcome.url, status=outcome.status, headers=outcome.headers,
            ))
        items = tuple(_with_description(item, texts) for item in parsed.items)
        return PollResult(outcome=outcome, items=items, title=parsed.title or None,
                          html_url=parsed.html_url, min_interval_s=parsed.min_interval_s,
                          warnings=parsed.warnings)


def explain(failed: Failed, url: str) -> Failed:
    """A YouTube failure said for the channel or playlist: a 404 is one that is gone (YouTube
    answers it for a deleted or terminated channel, a private or deleted playlist), with its
    page to check; the fetcher's "the feed may have moved" would send the person looking for
    a feed."""
    if failed.status != 404:
        return replace(failed, message=f"YouTube: {failed.message}")
    query = parse_qs(urlsplit(url).query)
    if "playlist_id" in query:
        ident = query["playlist_id"][0]
        what = (f"the playlist {ident} has no feed (HTTP 404 Not Found): it is private or was "
                "deleted")
        page = f"https://www.youtube.com/playlist?{urlencode({'list': ident})}"
    else:
        ident = query.get("channel_id", query.get("user", ["?"]))[0]
        what = (f"the channel {ident} has no feed (HTTP 404 Not Found): it was deleted or "
                "terminated, or its ID is wrong")
        page = f"https://www.youtube.com/channel/{ident}"
    return replace(failed, message=(
        f"YouTube: {what}. Check {page} in a browser; if it is gone, remove this source."
    ))


def _with_description(item: ItemDraft, texts: Mapping[str, str]) -> ItemDraft:
    video = item.key.removeprefix("yt:video:")
    text = texts.get(video)
    if not text or item.summary_html:
        return item
    return replace(item, summary_html=text_as_html(text), summary_text=text)


KIND = YouTube()
