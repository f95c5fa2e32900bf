"""``parse_feed(body, url, headers) -> ParsedFeed``: one response body to items.

JSON Feed goes to ``jsonfeed``; an HTML page is refused with ``NotAFeedError``; XML tries the
fast path (``fast``) and falls back to feedparser (``fallback``) when the fast path declines.
Module-level and plain data in and out, so the engine may run it in a thread or a process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from urllib.parse import urljoin

from notify.core.feedparse import hints
from notify.core.feedparse.build import absolute_link, plain_title, to_draft
from notify.core.feedparse.fast import parse_fast
from notify.core.feedparse.jsonfeed import parse_json_feed
from notify.core.feedparse.result import (
    FastPathDeclined,
    FeedParseError,
    NotAFeedError,
    ParsedFeed,
    RawFeed,
)
from notify.core.logs import redact

log = logging.getLogger(__name__)

WEB_PAGE_MESSAGE = (
    "this is a web page, not a feed; add it by its feed URL or let Notify discover its feeds"
)
_PROLOG_RE = re.compile(
    rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_ROOT_NAME_RE = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_DOCTYPE_HTML_RE = re.compile(rb"<!doctype\s+html\s*>", re.IGNORECASE)
_PAGE_ROOTS = (b"html", b"head", b"body")
_FEED_ROOTS = (b"rss", b"feed", b"rdf:rdf", b"rdf", b"channel")


def _charset(headers: Mapping[str, str]) -> str | None:
    ctype = headers.get("content-type") or headers.get("Content-Type") or ""
    for part in ctype.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def document_base(url: str, headers: Mapping[str, str]) -> str:
    """The base URL of the document: ``Content-Location`` (resolved against ``url``) when the
    server sent one, else ``url`` itself."""
    location = (headers.get("content-location") or headers.get("Content-Location") or "").strip()
    if not location:
        return url
    try:
        return urljoin(url, location)
    except ValueError:
        return url


def _root_name(head: bytes) -> bytes:
    prolog = _PROLOG_RE.match(head)
    match = _ROOT_NAME_RE.match(head, prolog.end() if prolog else 0)
    return match.group(1).lower() if match else b""


def looks_like_web_page(body: bytes, headers: Mapping[str, str]) -> bool:
    """An HTML page rather than a feed: its root is ``<html>`` (or ``<head>``/``<body>``), or it
    declares ``<!DOCTYPE html>`` / is served as HTML without a feed's root element."""
    head = body[:8192].lstrip(b"\xef\xbb\xbf")
    root = _root_name(head)
    if root in _PAGE_ROOTS:
        return True
    if root in _FEED_ROOTS:
        return False
    if _DOCTYPE_HTML_RE.search(head):
        return True
    ctype = (headers.get("content-type") or headers.get("Content-Type") or "").lower()
    return "html" in ctype and "xhtml" not in ctype and (
        b"<body" in body[:65536].lower() or not root
    )


def _finish(raw: RawFeed, path: str, headers: Mapping[str, str]) -> ParsedFeed:
    return ParsedFeed(
        format=raw.format,
        path=path,
        title=plain_title(raw.title, raw.title_is_html),
        html_url=absolute_link(raw.link, raw.base),
        items=tuple(to_draft(entry) for entry in raw.entries),
        min_interval_s=hints.min_interval_s(headers, raw.ttl_min, raw.sy_period, raw.sy_frequency),
        warnings=tuple(raw.warnings),
    )


def parse_feed(body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """Parse one response body. Raises ``NotAFeedError`` for a web page and ``FeedParseError``
    for anything that is not a feed; both messages are user-facing (without the source name)."""
    start = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise FeedParseError("the response is empty; check the address or try again later")
    if start[:1] in (b"{", b"["):
        return _finish(parse_json_feed(body, url), "json", headers)
    if looks_like_web_page(body, headers):
        raise NotAFeedError(WEB_PAGE_MESSAGE)
    try:
        return _finish(
            parse_fast(body, document_base(url, headers), _charset(headers)), "fast", headers
        )
    except FastPathDeclined as why:
        log.debug("fast path declined %s: %s", redact(url), why)
    from notify.core.feedparse.fallback import parse_fallback  # feedparser: only when needed

    raw, result = parse_fallback(body, url, headers)
    if not raw.format and not raw.entries and not raw.title:
        if b"<html" in body[:4096].lower():
            raise NotAFeedError(WEB_PAGE_MESSAGE)
        reason = result.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise FeedParseError(
            "the response is not an RSS, Atom or JSON feed Notify can read"
            f"{detail}; check that the address is a feed"
        )
    return _finish(raw, "feedparser", headers)
