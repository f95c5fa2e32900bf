"""Atom 1.0 and Atom 0.3 for the fast path (an ``ElementTree`` already parsed by expat)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from notify.core.feedparse.dates import parse_date
from notify.core.feedparse.namespaces import DC, DCTERMS, MEDIA
from notify.core.feedparse.result import FastPathDeclined, RawEntry, RawFeed
from notify.core.feedparse.titles import TitleChoice, media_titles
from notify.core.models import Enclosure
from notify.core.urls import join

ATOM10 = "{http://www.w3.org/2005/Atom}"
ATOM03 = "{http://purl.org/atom/ns#}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ENTRY_TAGS = frozenset({"id", "title", "link", "summary", "content", "author", "contributor",
                         "category", "published", "updated", "rights", "source", "issued",
                         "modified", "created"})
_DC_SUBJECT = f"{DC}subject"
_VOID = frozenset({"br", "hr", "img", "wbr", "col", "input", "meta", "link", "area", "source"})


def _base(parent: str, el: ET.Element) -> str:
    own = el.get(XML_BASE)
    return join(parent, own) if own else parent


def resolve_id(base: str, value: str) -> str:
    """An Atom id or RSS permalink guid resolved against the base URL, as feedparser does, so
    that the fast path and feedparser give an item the same key (``"t3_42t"`` becomes
    ``"https://host/dir/t3_42t"``; ``tag:`` and ``urn:`` ids, having a scheme, stay as they are;
    RSS guids with ``isPermaLink="false"`` are not resolved)."""
    value = value.strip()
    if not value or not base:
        return value
    try:
        return join(base, value)
    except ValueError:
        return value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


MAX_XHTML_DEPTH = 100  # deeper nesting is feedparser's problem, not a recursion error here


def _serialise(el: ET.Element, out: list[str], depth: int = 0) -> None:
    """An XHTML element as HTML, namespace prefixes dropped (the sanitiser follows)."""
    if depth > MAX_XHTML_DEPTH:
        raise FastPathDeclined("XHTML nested too deeply")
    name = _local(el.tag)
    attrs = "".join(
        f' {_local(k)}="{escape(v, quote=True)}"' for k, v in el.attrib.items() if "}" not in k
    )
    if name in _VOID:  # as feedparser writes them (its lengths pick the richer text)
        out.append(f"<{name}{attrs} />")
    else:
        out.append(f"<{name}{attrs}>")
    if el.text:
        out.append(escape(el.text, quote=False))
    for child in el:
        _serialise(child, out, depth + 1)
    if name not in _VOID:
        out.append(f"</{name}>")
    if el.tail:
        out.append(escape(el.tail, quote=False))


def _inner_xhtml(el: ET.Element, keep_div: bool = False) -> str:
    """The markup inside an Atom ``type="xhtml"`` element, its wrapping ``div`` removed unless
    ``keep_div`` (Atom 0.3, as feedparser: the value's length then picks the richer body)."""
    children = list(el)
    holder = el
    if (not keep_div and len(children) == 1 and _local(children[0].tag) == "div"
            and not (el.text or "").strip()):
        holder = children[0]
    out: list[str] = [escape(holder.text or "", quote=False)]
    for child in holder:
        _serialise(child, out)
    return "".join(out)


def text_construct(el: ET.Element, atom03: bool) -> tuple[str, bool]:
    """``(value, is_html)`` of an Atom text construct."""
    kind = (el.get("type") or ("text/plain" if atom03 else "text")).strip().lower()
    mode = (el.get("mode") or "xml").lower() if atom03 else "xml"
    if mode == "base64":
        raise FastPathDeclined("base64 Atom 0.3 content")
    if kind in ("xhtml", "application/xhtml+xml") or (atom03 and mode == "xml" and len(el)):
        return _inner_xhtml(el, keep_div=atom03), True
    if len(el):
        raise FastPathDeclined(f"markup inside <{el.tag}> of type {kind}")
    value = el.text or ""
    if kind in ("html", "text/html") or (atom03 and mode == "escaped"):
        return value, True
    if kind in ("text", "text/plain"):
        return value, False
    if kind.startswith("text/") or kind.endswith(("+xml", "/xml")):
        return value, False
    raise FastPathDeclined(f"content of type {kind}")


def _person(el: ET.Element, ns: str) -> str:
    name = el.find(f"{ns}name")
    if name is not None and (name.text or "").strip():
        return name.text or ""
    email = el.find(f"{ns}email")
    return (email.text or "") if email is not None else ""


_SHORT_TYPES = {"text": "text/plain", "plain": "text/plain", "html": "text/html",
                "xhtml": "application/xhtml+xml"}


def link_rel_type(link: ET.Element) -> tuple[str, str]:
    """An Atom ``<link>``'s ``rel`` and ``type`` as feedparser reads them: lower-cased (not
    stripped), ``html``/``xhtml``/``text`` spelled in full, ``alternate`` and ``text/html`` by
    default."""
    rel = link.get("rel", "alternate").lower()
    kind = link.get("type")
    if kind is None:
        return rel, "application/atom+xml" if rel == "self" else "text/html"
    kind = kind.lower()
    return rel, _SHORT_TYPES.get(kind, kind)


def _links(el: ET.Element, ns: str, base: str) -> tuple[str | None, Enclosure | None]:
    link: str | None = None
    enclosure: Enclosure | None = None
    for child in el.iterfind(f"{ns}link"):
        href = (child.get("href") or "").strip()
        if not href:
            if (child.text or "").strip():
                raise FastPathDeclined("an Atom link with text instead of href")
            continue
        rel, kind = link_rel_type(child)
        href = join(_base(base, child), href)
        if rel == "alternate" and kind in _HTML_TYPES:
            link = href
        elif rel == "enclosure" and enclosure is None:
            raw_length = (child.get("length") or "").strip()
            enclosure = Enclosure(href, child.get("type", ""),
                                  int(raw_length) if raw_length.isdecimal() else None)
    return link, enclosure


def parse_atom(root: ET.Element, url: str) -> RawFeed:
    atom03 = root.tag.startswith(ATOM03)
    ns = ATOM03 if atom03 else ATOM10
    base = _base(url, root)
    feed = RawFeed(format="atom03" if atom03 else "atom10", base=base)
    title = root.find(f"{ns}title")
    if title is not None:
        feed.title, feed.title_is_html = text_construct(title, atom03)
    for child in root:
        if child.tag[0] != "{" or child.tag == f"{ns}item":
            raise FastPathDeclined(f"<{child.tag}> in an Atom feed")
    feed.link, _ = _links(root, ns, base)
    feed.entries = [_entry(entry, ns, base, atom03) for entry in root.iterfind(f"{ns}entry")]
    return feed


def _entry(entry: ET.Element, ns: str, parent_base: str, atom03: bool) -> RawEntry:
    base = _base(parent_base, entry)
    raw = RawEntry(base=base)
    raw.link, raw.enclosure = _links(entry, ns, base)
    pub = upd = None
    titles = TitleChoice()
    for child in entry:
        tag = child.tag
        if tag[0] != "{":
            raise FastPathDeclined(f"<{tag}> in an Atom entry")
        if not tag.startswith(ns):
            if tag.startswith(MEDIA):
                media_titles(titles, child, 1)
            elif tag == _DC_SUBJECT:  # as feedparser: a tag, in document order with categories
                term = (child.text or "").strip()
                if term:
                    raw.tags.append(term)
            elif tag.startswith((DC, DCTERMS)):
                # feedparser reads dc:creator, dc:date… into authors and dates, merged with
                # the Atom elements by rules of its own: left to it
                raise FastPathDeclined(f"<{tag}> in an Atom entry")
            continue
        name = tag[len(ns):]
        if name not in _ENTRY_TAGS:
            raise FastPathDeclined(f"<{name}> in an Atom entry")
        if name == "id":
            raw.guid = resolve_id(_base(base, child), child.text or "")
            raw.guid_is_link = True  # as feedparser: an id that is a URL is the link if none
        elif name == "title":
            titles.title(*text_construct(child, atom03))
        elif name == "source":
            titles.source()
        elif name == "summary":
            raw.summary, raw.summary_is_html = text_construct(child, atom03)
        elif name == "content":
            if child.get("src") and not atom03:
                continue  # out-of-line content: nothing to show inline
            value, is_html = text_construct(child, atom03)
            if len(value.strip()) <= len(raw.content.strip()):
                continue  # as feedparser: the longest of several is the content
            raw.content, raw.content_is_html = value, is_html
            own = child.get(XML_BASE)
            if own:
                raw.base = join(base, own)
        elif name == "author":
            person = _person(child, ns).strip()
            if person and person not in raw.authors:
                raw.authors.append(person)
        elif name == "category":
            term = (child.get("term") or child.get("label") or child.text or "").strip()
            if term:
                raw.tags.append(term)
        elif name in ("published", "issued"):
            pub = child.text
        elif name in ("updated", "modified"):
            upd = child.text
    raw.title, raw.title_is_html = titles.value, titles.is_html
    raw.published = parse_date(pub)
    raw.updated = parse_date(upd)
    return raw
