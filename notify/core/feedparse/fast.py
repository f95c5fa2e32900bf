"""The fast path: well-formed RSS 2.0/0.9x, RSS 1.0 (RDF), RSS 0.90, Atom 1.0 and Atom 0.3,
parsed with the C expat parser behind ``xml.etree.ElementTree``.

It declines (``FastPathDeclined``) whatever it cannot vouch for, and feedparser takes it:
ill-formed XML, a DOCTYPE or any entity declaration (no entity expansion happens here, so no
"billion laughs"), encodings other than UTF-8/US-ASCII/ISO-8859-1, an HTTP charset that
contradicts the document, unknown roots or namespaces, base64 content, markup where text belongs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from notify.core.feedparse.atom import link_rel_type, parse_atom, resolve_id
from notify.core.feedparse.authors import person
from notify.core.feedparse.dates import parse_date
from notify.core.feedparse.namespaces import (
    CONTENT,
    DC,
    DCTERMS,
    ITUNES,
    MEDIA,
    SY,
    rename,
    spellings,
)
from notify.core.feedparse.result import FastPathDeclined, RawEntry, RawFeed
from notify.core.feedparse.titles import TitleChoice, media_titles
from notify.core.htmlclean import looks_like_html
from notify.core.models import Enclosure
from notify.core.urls import join

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
RSS090 = "{http://my.netscape.com/rdf/simple/0.9/}"
ATOM10 = "{http://www.w3.org/2005/Atom}"
ATOM03 = "{http://purl.org/atom/ns#}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Children of an RSS item in no namespace that feedparser maps onto the fields Notify reads
# (content, summary, id, dates, a nested title). The fast path leaves such items to feedparser;
# other unknown children (``<subtitle>``, ``<thumbnail>``…) are ignored, as feedparser does.
_RSS_ITEM_DECLINE = frozenset({"body", "content", "summary", "id", "updated",
                               "modified", "published", "issued", "created", "date", "image",
                               "item", "entry", "textinput", "textInput", "name", "url"})
_XHTML = "{http://www.w3.org/1999/xhtml}"

_NATIVE = {"utf-8": "utf-8", "utf8": "utf-8", "us-ascii": "us-ascii", "ascii": "us-ascii",
           "iso-8859-1": "iso-8859-1", "latin-1": "iso-8859-1", "latin1": "iso-8859-1"}
_DECL_RE = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_PROLOG_RE = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
# Separate patterns, not one alternation: each then has a literal prefix that ``re`` scans for
# quickly (one alternation took ~6 ms per MB, a tenth of the whole parse of a typical feed).
_C1_REF_RE = re.compile(rb"&#(?:1[2-5]\d|[xX]0*[89][0-9a-fA-F]);")  # &#146; means ’ to browsers
_C1_UTF8_RE = re.compile(rb"\xc2[\x80-\x9f]")
_C1_LATIN1_RE = re.compile(rb"[\x80-\x9f]")
_RSS_VERSIONS = {"2.0": "rss20", "2.0.1": "rss20", "0.91": "rss091u", "0.92": "rss092",
                 "0.93": "rss093", "0.94": "rss094"}


# expat holds the GIL while it parses what it is fed: fed in pieces, a 1.6 MB feed parsed in a
# thread stalls the event loop ~1 ms at a time, not ~20 ms
_FEED_CHUNK = 64 * 1024


def _check_bytes(body: bytes, header_charset: str | None) -> bytes:
    """The bytes expat should see, or ``FastPathDeclined``."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    elif body[:1] in (b"\xff", b"\xfe", b"\x00") or body[1:2] == b"\x00":
        raise FastPathDeclined("UTF-16/32 or a byte-order mark expat may misread")
    if body[:1].isspace():
        stripped = body.lstrip()
        if stripped.startswith(b"<?xml"):
            body = stripped  # whitespace before the declaration: common, and harmless
    match = _DECL_RE.match(body)
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    doc_enc = _NATIVE.get(declared)
    if doc_enc is None:
        raise FastPathDeclined(f"encoding {declared}")
    if header_charset:
        served = _NATIVE.get(header_charset.lower())
        if served != doc_enc and not (served == "utf-8" and doc_enc == "us-ascii"):
            raise FastPathDeclined(f"HTTP charset {header_charset} vs document {declared}")
    c1 = _C1_LATIN1_RE if doc_enc == "iso-8859-1" else _C1_UTF8_RE
    if c1.search(body) or _C1_REF_RE.search(body):  # windows-1252 or double-encoded: feedparser
        raise FastPathDeclined("C1 control characters")
    if b"<!ENTITY" in body:
        raise FastPathDeclined("entity declarations")
    prolog = _PROLOG_RE.match(body)
    if body.startswith((b"<!DOCTYPE", b"<!doctype"), prolog.end() if prolog else 0):
        raise FastPathDeclined("a DOCTYPE")
    return body


def _text(el: ET.Element | None) -> str:
    """The text of a simple element; markup inside it is the fast path's cue to decline."""
    if el is None:
        return ""
    if len(el):
        raise FastPathDeclined(f"markup inside <{el.tag}>")
    return el.text or ""


def _escape(text: str, attribute: bool = False) -> str:
    """As feedparser escapes (``xml.sax.saxutils.escape``; ``"`` too in an attribute)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def _write_html(el: ET.Element, out: list[str]) -> None:
    """``el`` and what it holds as feedparser writes unescaped markup found inside an HTML
    element (start tag, escaped text, end tag, even for an empty element: ``<br></br>``)."""
    tag = el.tag
    if not isinstance(tag, str) or tag[:1] == "{":
        raise FastPathDeclined("namespaced markup inside an HTML element")
    attrs = el.attrib
    if attrs:
        names = [name.lower() for name in attrs]
        if any(name[:1] == "{" for name in names) or len(set(names)) != len(names):
            raise FastPathDeclined("namespaced or repeated attributes inside an HTML element")
        out.append(f"<{tag.lower()}" + "".join(
            f' {name}="{_escape(value, True)}"' for name, value in zip(names, attrs.values(),
                                                                     strict=True)) + ">")
    else:
        out.append(f"<{tag.lower()}>")
    if el.text:
        out.append(_escape(el.text))
    for child in el:
        _write_html(child, out)
        if child.tail:
            out.append(_escape(child.tail))
    out.append(f"</{tag.lower()}>")


def _html(el: ET.Element) -> str:
    """The text of an element that holds HTML (``description``, ``content:encoded``,
    ``fullitem``). Most escape their markup (it is then plain text here); some put it in
    unescaped (reddit's RSS): then the child elements are written back as HTML exactly as
    feedparser does (its text before the first child as it is, escaped text after), for
    ``htmlclean`` to sanitise like any other. What feedparser would read another way declines:
    namespaced elements or attributes (XHTML, SVG, MathML, ``xml:base``), and a first element
    ``<div>`` (feedparser drops that start tag)."""
    if not len(el):
        return el.text or ""
    first = el[0].tag
    if isinstance(first, str) and first.lower() == "div":
        raise FastPathDeclined(f"a <div> first inside <{el.tag}>")
    out = [el.text or ""]
    for child in el:
        _write_html(child, out)
        if child.tail:
            out.append(_escape(child.tail))
    return "".join(out)


def _base(parent: str, el: ET.Element) -> str:
    own = el.get(XML_BASE)
    return join(parent, own) if own else parent


def parse_fast(body: bytes, url: str, header_charset: str | None = None) -> RawFeed:
    """Parse a well-formed feed, or raise ``FastPathDeclined``."""
    data = _check_bytes(body, header_charset)
    parser = ET.XMLParser()
    try:
        view = memoryview(data)
        for start in range(0, len(data), _FEED_CHUNK):  # the GIL is free between chunks
            parser.feed(view[start:start + _FEED_CHUNK])
        root = parser.close()
    except ET.ParseError as err:
        raise FastPathDeclined(f"not well-formed: {err}") from None
    spelled = spellings(data)
    if spelled:  # itunes/DTDs/Podcast-1.0.dtd, dc/elements/1.1 without its slash…
        rename(root, spelled)
    tag = root.tag
    if tag == "rss":
        return _rss(root, url)
    if tag == f"{RDF}RDF":
        return _rdf(root, url)
    if tag in (f"{ATOM10}feed", f"{ATOM03}feed"):
        return parse_atom(root, url)
    raise FastPathDeclined(f"root element {tag}")


def _hints(feed: RawFeed, channel: ET.Element) -> None:
    ttl = channel.find("ttl")
    if ttl is not None and ttl.text:
        feed.ttl_min = ttl.text
    period = channel.find(f"{SY}updatePeriod")
    if period is not None and period.text:
        feed.sy_period = period.text
    freq = channel.find(f"{SY}updateFrequency")
    if freq is not None and freq.text:
        feed.sy_frequency = freq.text


def _rss(root: ET.Element, url: str) -> RawFeed:
    version = root.get("version", "").strip()
    fmt = _RSS_VERSIONS.get(version)
    if fmt is None:
        raise FastPathDeclined(f"RSS version {version!r}")
    channel = root.find("channel")
    if channel is None:
        raise FastPathDeclined("no <channel>")
    base = _base(_base(url, root), channel)
    feed = RawFeed(format=fmt, base=base)
    _channel_fields(feed, channel, "")
    _hints(feed, channel)
    items = channel.findall("item") or root.findall("item")
    feed.entries = [_rss_item(item, base, "") for item in items]
    return feed


def _rdf(root: ET.Element, url: str) -> RawFeed:
    ns = RSS1
    channel = root.find(f"{RSS1}channel")
    fmt = "rss10"
    if channel is None:
        ns, fmt = RSS090, "rss090"
        channel = root.find(f"{RSS090}channel")
    if channel is None:
        raise FastPathDeclined("RDF without an RSS channel")
    base = _base(_base(url, root), channel)
    feed = RawFeed(format=fmt, base=base)
    _channel_fields(feed, channel, ns)
    _hints(feed, channel)
    feed.entries = [_rss_item(item, base, ns) for item in root.findall(f"{ns}item")]
    return feed


def _channel_fields(feed: RawFeed, channel: ET.Element, ns: str) -> None:
    title = channel.find(f"{ns}title")
    if title is None:
        title = channel.find(f"{DC}title")
    feed.title = _text(title)
    feed.title_is_html = looks_like_html(feed.title)
    link = ""  # as feedparser: the last <link>, or alternate HTML atom:link, is the feed's
    for child in channel:
        tag = child.tag
        if tag == f"{ns}link":
            link = _text(child).strip()
        elif tag == _ATOM10_LINK:
            rel, kind = link_rel_type(child)
            if rel == "alternate" and kind in _LINK_HTML_TYPES and child.get("href"):
                link = join(_base(feed.base, child), (child.get("href") or "").strip())
    feed.link = join(feed.base, link) if link else None


_TITLE_TAGS = frozenset({"title", f"{DC}title"})
_DESCRIPTION_TAGS = frozenset({"description", f"{DC}description"})
_CONTENT_ENCODED = f"{CONTENT}encoded"
_AUTHOR_TAGS = frozenset({"author", f"{DC}creator", f"{DC}author", f"{ITUNES}author"})
_CATEGORY_TAGS = frozenset({"category", f"{DC}subject"})
_PUBLISHED_TAGS = frozenset({"pubDate", f"{DCTERMS}issued"})
_UPDATED_TAGS = frozenset({f"{DC}date", f"{DCTERMS}modified", f"{ATOM10}updated"})
_ATOM10_PUBLISHED = f"{ATOM10}published"
_ATOM10_LINK = f"{ATOM10}link"
_RDF_ABOUT = f"{RDF}about"
_LINK_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _rss_item(item: ET.Element, parent_base: str, ns: str) -> RawEntry:
    base = _base(parent_base, item)
    raw = RawEntry(base=base)
    about = item.get(_RDF_ABOUT)
    if about:
        raw.guid = about
    pub: str | None = None
    upd: str | None = None
    titles = TitleChoice()
    described = False
    for child in item:
        tag = child.tag
        if ns and tag.startswith(ns):  # as feedparser: RSS 1.0's elements by their local names
            tag = tag[len(ns):]
        if tag in _RSS_ITEM_DECLINE:  # (tag names below are precomputed: this loop is hot)
            raise FastPathDeclined(f"<{tag}> in an RSS item")
        if tag.startswith(_XHTML):
            raise FastPathDeclined("XHTML in an RSS item")
        if tag in _TITLE_TAGS:
            titles.title(_text(child))
        elif tag == "link":
            link = _text(child).strip()
            if link:
                raw.link = join(_base(base, child), link)
        elif tag == "guid":
            guid = _text(child).strip()
            if not guid:  # as feedparser: an empty guid after one leaves the link it gave
                if raw.guid_is_link and raw.link is None:
                    raw.link = raw.guid
                raw.guid, raw.guid_is_link = "", False
                continue
            raw.guid_is_link = child.get("isPermaLink", "true") == "true"
            raw.guid = guid
            if raw.guid_is_link:  # as feedparser: isPermaLink="false" guids stay as written
                raw.guid = resolve_id(_base(base, child), raw.guid)
        elif tag in _DESCRIPTION_TAGS:
            if described:  # feedparser reads a second one as content, or as the summary
                raise FastPathDeclined("two descriptions in an RSS item")
            described = True
            raw.summary = _html(child) if tag == "description" else _text(child)
        elif tag == _CONTENT_ENCODED:
            encoded = _html(child)  # as feedparser: the longest of several is the content
            if len(encoded.strip()) > len(raw.content.strip()):
                raw.content = encoded
        elif tag == "fullitem":
            # feedparser's alias of content:encoded; it honours type/mode/xml:base attributes
            # and keeps a second content besides the first: those are left to it
            if child.attrib or raw.content or item.find(_CONTENT_ENCODED) is not None:
                raise FastPathDeclined("<fullitem> with attributes or another content")
            raw.content = _html(child)
        elif tag in _AUTHOR_TAGS:
            value = person(_text(child))
            if value and value not in raw.authors:
                raw.authors.append(value)
        elif tag in _CATEGORY_TAGS:
            value = _text(child).strip()
            if value:
                raw.tags.append(value)
        elif tag in _PUBLISHED_TAGS:
            pub = _text(child)
        elif tag in _UPDATED_TAGS:
            upd = _text(child)
        elif tag == _ATOM10_PUBLISHED and pub is None:
            pub = _text(child)
        elif tag == "enclosure" and raw.enclosure is None:
            raw.enclosure = _enclosure(child, base)
        elif tag == _ATOM10_LINK:
            _atom_link_in_rss(raw, child, base)
        elif tag == "source":
            titles.source()
        elif tag.startswith(MEDIA):  # media:title, or one in media:group, media:content…
            media_titles(titles, child, 1)
    raw.title = titles.value
    raw.title_is_html = looks_like_html(raw.title)
    raw.published = parse_date(pub)
    raw.updated = parse_date(upd)
    return raw


def _atom_link_in_rss(raw: RawEntry, link: ET.Element, base: str) -> None:
    """As feedparser: an alternate HTML ``atom:link`` is the item's link, in place of a
    ``<link>`` before it (and a ``<link>`` after it takes its place)."""
    href = link.get("href")
    rel, kind = link_rel_type(link)
    if href and rel == "alternate" and kind in _LINK_HTML_TYPES:
        raw.link = join(_base(base, link), href.strip())


def _enclosure(el: ET.Element, base: str) -> Enclosure | None:
    href = (el.get("url") or el.get("href") or "").strip()
    if not href:
        return None
    length: int | None = None
    raw_length = (el.get("length") or "").strip()
    if raw_length.isdecimal():
        length = int(raw_length)
    return Enclosure(url=join(base, href), type=el.get("type", ""), length=length)
