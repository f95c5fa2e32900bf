"""Feed autodiscovery: which feeds does a web page announce, and is a body a feed at all?

Pure functions over a page body (bytes or text) and its URL; no network. ``html.parser`` reads
broken HTML without complaint.

- ``discover_feeds(body, page_url)``: ``<link rel="alternate">`` with a feed type (RSS, Atom,
  RDF, JSON Feed) and ``<link rel="feed">``, anywhere in the page, in page order, resolved
  against ``<base href>`` or the page URL, deduplicated by ``notify.core.urls.dedupe_key``.
  ``type="application/json"`` counts only when the link or its title says "feed": WordPress
  announces its REST API that way on every page.
- ``looks_like_feed(body, content_type)``: the body's first element decides (``<rss>``,
  ``<feed>``, ``<rdf:RDF>``, a JSON Feed object); the content type only when the body is unclear.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from notify.core.errors import UserInputError
from notify.core.logs import redact
from notify.core.urls import dedupe_key, normalise_user_url

log = logging.getLogger(__name__)

MAX_SCAN_CHARS = 2_000_000  # feed links live in <head>; never scan more of a huge page

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/feed+json", "application/x-rss+xml", "application/x-atom+xml",
    "application/rss", "text/rss+xml", "text/atom+xml",
})
_LOOSE_TYPES = frozenset({"application/json", "application/xml", "text/xml"})
_FEED_CONTENT_TYPES = FEED_TYPES | {"application/json+feed"}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_PROLOG_RE = re.compile(
    r"""\A(?>\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?>[^>\[]+|\[[^\]]*\])*>)*""", re.I
)
_FIRST_TAG_RE = re.compile(r"<([A-Za-z_][\w:.-]*)")


@dataclass(frozen=True)
class DiscoveredFeed:
    url: str
    title: str = ""
    type: str = ""  # the MIME type the page gave, lower-cased, without parameters


def _mime(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def _decode(body: bytes | str, encoding: str | None = None) -> str:
    if isinstance(body, str):
        return body
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    if encoding is None:
        match = _META_CHARSET_RE.search(body[:4096])
        encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


class _LinkScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str, str]] = []  # (href, title, mime)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for key, value in attrs:
            values.setdefault(key, value or "")
        if tag == "base" and self.base is None and values.get("href", "").strip():
            self.base = values["href"].strip()
            return
        if tag != "link":
            return
        rels = set(values.get("rel", "").lower().split())
        mime = _mime(values.get("type"))
        href = values.get("href", "").strip()
        title = " ".join(values.get("title", "").split())
        if not href:
            return
        if "alternate" in rels and mime in FEED_TYPES:
            self.links.append((href, title, mime))
        elif "alternate" in rels and mime in _LOOSE_TYPES:
            if "feed" in href.lower() or "feed" in title.lower() or "rss" in href.lower():
                self.links.append((href, title, mime))
        elif "feed" in rels and mime not in ("text/css",):
            self.links.append((href, title, mime))

    handle_startendtag = handle_starttag


def _resolve(href: str, base: str) -> str | None:
    if href.lower().startswith("feed:"):
        href = href[len("feed:"):]
        if href.startswith("//"):
            href = "https:" + href
    try:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    try:
        return normalise_user_url(url)[0]
    except UserInputError:
        return None


def discover_feeds(
    body: bytes | str, page_url: str, *, encoding: str | None = None
) -> tuple[DiscoveredFeed, ...]:
    """The feeds a page announces, in page order, without duplicates (see module docstring)."""
    text = _decode(body, encoding)[:MAX_SCAN_CHARS]
    scanner = _LinkScanner()
    try:
        scanner.feed(text)
        scanner.close()
    except AssertionError as err:  # markupbase on a malformed "<![" section; keep what we have
        log.info("Feed discovery on %s stopped early: %s", redact(page_url), redact(str(err)))
    base = page_url
    if scanner.base:
        base = urljoin(page_url, scanner.base)
    found: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for href, title, mime in scanner.links:
        url = _resolve(href, base)
        if url is None:
            log.debug("Feed discovery on %s: ignored link %r", redact(page_url), redact(href))
            continue
        key = dedupe_key(url)
        if key in seen:
            continue
        seen.add(key)
        found.append(DiscoveredFeed(url, title, mime))
    return tuple(found)


def _sniff(text: str) -> bool | None:
    """True: a feed; False: HTML or another document; None: cannot tell."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        if stripped.startswith("["):
            return False
        if "jsonfeed.org/version" in stripped[:4096]:
            return True
        try:
            data = json.loads(stripped)
        except ValueError:
            return None  # truncated or not JSON: let the content type decide
        return isinstance(data, dict) and "jsonfeed.org/version" in str(data.get("version", ""))
    prolog = _PROLOG_RE.match(stripped)
    rest = stripped[prolog.end() if prolog else 0:]
    tag = _FIRST_TAG_RE.match(rest)
    if tag is None:
        return None
    name = tag.group(1).lower()
    return name in ("rss", "feed", "rdf:rdf", "rdf", "channel")


def looks_like_feed(body: bytes | str, content_type: str | None = None) -> bool:
    """Whether ``body`` is a feed (RSS, Atom, RDF, JSON Feed) rather than a web page."""
    head = body[:8192] if isinstance(body, str) else _decode(body[:8192])
    verdict = _sniff(head)
    if verdict is not None:
        return verdict
    return _mime(content_type) in _FEED_CONTENT_TYPES
