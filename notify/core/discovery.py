"""Feed autodiscovery: which feeds does a web page announce, and is a body a feed at all?

Pure functions over a page body (bytes or text) and its URL; no network. A forgiving,
linear-time tag scanner reads broken HTML without complaint.

- ``discover_feeds(body, page_url)``: ``<link rel="alternate">`` with a feed type (RSS, Atom,
  RDF, JSON Feed) and ``<link rel="feed">``, anywhere in the page, in page order, resolved
  against ``<base href>`` or the page URL, deduplicated by ``notify.core.urls.dedupe_key``.
  ``type="application/json"`` counts only when the link or its title says "feed": WordPress
  announces its REST API that way on every page.
- ``looks_like_feed(body, content_type)``: the body's first element decides (``<rss>``,
  ``<feed>``, ``<rdf:RDF>``, a JSON Feed object); the content type only when the body is unclear.
- ``no_feed_here(url, body)``: what to tell a person whose address is neither a feed nor a page
  that announces one (``Advised``: its advice as data, each front end says it its way). JSON
  that is no JSON Feed is not called a web page: the advice is the JSON API kind (``json_kind``:
  as data; ``json_kind_advice``: in a front end's words, the command line's by default), which
  reads any JSON.
"""

from __future__ import annotations

import codecs
import html
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from notify.core.errors import Advice, Advised, Remedy, UserInputError, Words, command_line_words
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
# Comments, scripts and styles hide no real feed links; unterminated ones run to the end.
_SKIP_RE = re.compile(
    r"<!--[\s\S]*?(?:-->|\Z)|<(script|style)\b[\s\S]*?(?:</\1\s*>|\Z)", re.IGNORECASE
)
_LINK_TAG_RE = re.compile(
    r"""<(link|base)\b((?>[^>"']+|"[^"]{0,4096}"|'[^']{0,4096}'|["'])*)>?""", re.IGNORECASE
)
_HTML_ATTR_RE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s"'>]+)))?"""
)


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


def _is_feed_link(rels: set[str], mime: str, href: str, title: str) -> bool:
    if "alternate" in rels and mime in FEED_TYPES:
        return True
    if "alternate" in rels and mime in _LOOSE_TYPES:
        hint = f"{href} {title}".lower()
        return "feed" in hint or "rss" in hint
    return "feed" in rels and mime != "text/css"


def _scan_links(text: str) -> tuple[str | None, list[tuple[str, str, str]]]:
    """``(<base href>, [(href, title, mime), …])`` in page order, skipping comments, scripts and
    styles. A forgiving tokenizer: linear time on any input (``html.parser`` is quadratic on
    unterminated attribute quotes)."""
    text = _SKIP_RE.sub(" ", text)
    base: str | None = None
    links: list[tuple[str, str, str]] = []
    for tag in _LINK_TAG_RE.finditer(text):
        values: dict[str, str] = {}
        for attr in _HTML_ATTR_RE.finditer(tag.group(2)):
            value = next((v for v in attr.group(2, 3, 4) if v is not None), "")
            values.setdefault(attr.group(1).lower(), html.unescape(value))
        href = values.get("href", "").strip()
        if not href:
            continue
        if tag.group(1).lower() == "base":
            base = base or href
            continue
        title = " ".join(values.get("title", "").split())
        mime = _mime(values.get("type"))
        if _is_feed_link(set(values.get("rel", "").lower().split()), mime, href, title):
            links.append((href, title, mime))
    return base, links


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
    base_href, links = _scan_links(_decode(body, encoding)[:MAX_SCAN_CHARS])
    base = page_url
    if base_href:
        try:
            base = urljoin(page_url, base_href)
        except ValueError:
            log.info("Feed discovery on %s: ignored bad <base href>", redact(page_url))
    found: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for href, title, mime in links:
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


def looks_like_json(body: bytes | str) -> bool:
    """Whether ``body`` is JSON (an object or a list), by its first character."""
    head = body[:64] if isinstance(body, str) else _decode(body[:64])
    return head.lstrip("\ufeff \t\r\n").startswith(("{", "["))


def json_kind_advice(url: str, words: Words = command_line_words) -> str:
    """What to do with JSON that is not a feed: follow it with the JSON API kind, in ``words``
    (the command line's by default: the commands to run; see ``errors.command_line_words``)."""
    return words(json_kind(url))


def json_kind(url: str) -> Advice:
    """The advice for ``url``, which gives JSON that is no feed: the JSON API kind reads it."""
    return Advice(Remedy.FOLLOW_AS_JSON_API, url)


def no_feed_here(url: str, body: bytes | str) -> Advised:
    """Why ``url``, which is no feed and announces none, cannot be added as a feed, and what to
    do instead (as data: ``str`` is the command line's words, ``said`` another front end's)."""
    if looks_like_json(body):
        return Advised.of(f"{redact(url)} is JSON, but not a feed. ", json_kind(url))
    return Advised(f"{redact(url)} is a web page that announces no feed. Look for an RSS or "
                   "Atom link on the site and add that address.")
