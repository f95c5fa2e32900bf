"""The tolerant path: feedparser, for everything the fast path declines (ill-formed XML, unusual
formats and namespaces, encodings that need guessing, entity declarations, which feedparser
neutralises). Sanitising and URL resolution are left to Notify's own rules (``build``) so that
both paths give the same items."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import feedparser

from notify.core.feedparse.dates import from_struct, parse_date
from notify.core.feedparse.result import FeedParseError, RawEntry, RawFeed
from notify.core.logs import redact
from notify.core.models import Enclosure

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _detail(entry: Any, key: str) -> tuple[str, bool, str]:
    detail = entry.get(key) or {}
    return (detail.get("value", "") or "", detail.get("type", "text/plain") in _HTML_TYPES,
            detail.get("base", "") or "")


def _richest_content(entry: Any) -> tuple[str, bool, str]:
    best: tuple[str, bool, str] = ("", True, "")
    for part in entry.get("content") or []:
        value = part.get("value", "") or ""
        if len(value) > len(best[0]):
            best = (value, part.get("type", "text/html") in _HTML_TYPES, part.get("base", "") or "")
    return best


def _date(entry: Any, key: str) -> float | None:
    """feedparser's parsed date, else the date as Notify's own rules read it: feedparser gives
    up on some that a person reads at once (an RFC 822 date without a time zone)."""
    parsed = from_struct(dict.get(entry, f"{key}_parsed"))
    if parsed is not None:
        return parsed
    text = dict.get(entry, key)
    return parse_date(text) if isinstance(text, str) else None


def _first_html_link(entry: Any) -> str | None:
    """The entry's first alternate HTML link with an address: feedparser's ``link`` is the last
    ``<link>`` even when that one is empty (``<link>https://…</link><link/>``, or an RSS item's
    ``<atom:link href="…"/>``, leave it no link)."""
    for link in entry.get("links") or []:
        if (link.get("href") and link.get("rel", "alternate") == "alternate"
                and link.get("type", "text/html") in _HTML_TYPES):
            return str(link["href"])
    return None


def _entry(entry: Any, feed_base: str) -> RawEntry:
    guid = entry.get("id")
    link = entry.get("link") or _first_html_link(entry)
    raw = RawEntry(guid=guid if isinstance(guid, str) else None, link=link or None)
    if entry.get("guidislink") and guid and link == guid:
        raw.link, raw.guid_is_link = None, True
    raw.title, raw.title_is_html, title_base = _detail(entry, "title_detail")
    raw.summary, raw.summary_is_html, summary_base = _detail(entry, "summary_detail")
    raw.content, raw.content_is_html, content_base = _richest_content(entry)
    raw.base = (content_base if len(raw.content) > len(raw.summary) else summary_base) or (
        title_base or feed_base
    )
    for person in entry.get("authors") or []:
        name = (person.get("name") or person.get("email") or "").strip()
        if name and name not in raw.authors:
            raw.authors.append(name)
    raw.tags = [t.get("term") or t.get("label") or "" for t in entry.get("tags") or []]
    raw.published = _date(entry, "published")
    raw.updated = _date(entry, "updated")
    for enc in entry.get("enclosures") or []:
        href = enc.get("href")
        if href:
            length = str(enc.get("length") or "").strip()
            raw.enclosure = Enclosure(href, enc.get("type", "") or "",
                                      int(length) if length.isdecimal() else None)
            break
    return raw


# What feedparser flags without the document being broken: a feed served as text/html or
# text/plain, or declaring another encoding than the one it came in. Its items are read as
# they are: saying "not well-formed" would send the person looking for a fault that is not there.
_BENIGN = frozenset({"NonXMLContentType", "CharacterEncodingOverride"})


def parse_fallback(body: bytes, url: str, headers: Mapping[str, str]) -> tuple[RawFeed, Any]:
    """Parse with feedparser; returns the feed and feedparser's own result (for diagnostics)."""
    response_headers = {k.lower(): v for k, v in headers.items()}
    if url:
        response_headers.setdefault("content-location", url)
    # Without a Content-Type feedparser decodes a document that declares no encoding as
    # ISO-8859-1 (mojibake of UTF-8), as soon as any other header is given; XML's default is
    # UTF-8, which the fast path follows
    response_headers.setdefault("content-type", "application/xml")
    try:
        result = feedparser.parse(
            body, response_headers=response_headers, sanitize_html=False,
            resolve_relative_uris=False,
        )
    except (ValueError, LookupError, UnicodeError) as err:
        # feedparser gives up on some corrupt bodies with its own errors (a NUL in an
        # element name, bytes its encoding detection cannot decode): a broken feed, not a bug
        log.info("feedparser could not read %s: %r", redact(url), err)
        raise FeedParseError(
            "the response is not an RSS, Atom or JSON feed Notify can read (it is corrupt: "
            f"{type(err).__name__}); check that the address is a feed, or try again later"
        ) from err
    info = result.get("feed") or {}
    title_detail = info.get("title_detail") or {}
    feed_base = title_detail.get("base", "") or url
    feed = RawFeed(
        format=result.get("version") or "",
        title=info.get("title", "") or "",
        title_is_html=title_detail.get("type", "text/plain") in _HTML_TYPES,
        link=info.get("link") or None,
        base=feed_base,
        ttl_min=info.get("ttl"),
        sy_period=info.get("sy_updateperiod"),
        sy_frequency=info.get("sy_updatefrequency"),
    )
    feed.entries = [_entry(e, feed_base) for e in result.get("entries") or []]
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        if feed.entries and type(exc).__name__ in _BENIGN:
            log.debug("%s read by feedparser despite: %s", redact(url), exc)
        elif feed.entries:
            feed.warnings.append(
                f"The feed is not well-formed; Notify read it leniently ({exc}).")
        else:
            feed.warnings.append(
                f"The feed is not well-formed and Notify found no items in it ({exc}). Check "
                "the address; if it is right, tell the site's owner that the feed is broken.")
    return feed, result
