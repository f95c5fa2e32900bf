"""``RawEntry`` → ``ItemDraft``: one set of rules for every parser path, so that the fast path
and feedparser give the same items. Titles become plain text, links absolute http(s) without
tracking parameters, HTML is sanitised (``notify.core.htmlclean``), and the key follows
``notify.core.identity``."""

from __future__ import annotations

import re
from html.entities import html5

from notify.core.feedparse.authors import names
from notify.core.feedparse.result import RawEntry
from notify.core.htmlclean import Cleaned, clean, looks_like_html, safe_url, text_to_html, to_text
from notify.core.identity import item_key
from notify.core.models import Enclosure, ItemDraft
from notify.core.urls import strip_tracking

_WS_RE = re.compile(r"[^\S ]\s*| \s+")  # as \s+, but a lone " " is not a match
_HTTP_RE = re.compile(r"^https?://", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&([A-Za-z_][\w.:-]*);")
TITLE_FROM_TEXT_CHARS = 100  # an item without a title is named by the start of its text


def _entity(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) + ";" in html5 else ""


def plain_title(text: str, is_html: bool) -> str:
    """A title as one line of plain text. An entity reference that is not HTML's is dropped:
    it is what the lenient parser leaves of an entity the document declared (and Notify never
    expands), e.g. ``&lol9;`` of a "billion laughs" feed, not words to show."""
    if "&" in text:
        text = _ENTITY_RE.sub(_entity, text)
    if is_html or ("&" in text and looks_like_html(text)):
        return to_text(text)
    return _WS_RE.sub(" ", text).strip()


def absolute_link(url: str | None, base: str) -> str | None:
    if not url:
        return None
    absolute = safe_url(url, base, schemes=("http", "https"))
    if not absolute:
        return None
    if not absolute.startswith(("http:", "https:")):  # HTTP://… as feedparser: lower-case scheme
        scheme, rest = absolute.split(":", 1)
        absolute = f"{scheme.lower()}:{rest}"
    return strip_tracking(absolute)


def _body(raw: RawEntry) -> Cleaned:
    """The richer of content and summary, cleaned (``htmlclean`` bounds its size)."""
    text, is_html = raw.summary, raw.summary_is_html
    if len(raw.content.strip()) > len(raw.summary.strip()):  # feedparser's values are stripped
        text, is_html = raw.content, raw.content_is_html
    if not text:
        return Cleaned("", "")
    if is_html:
        return clean(text, raw.base)
    return Cleaned(text_to_html(text), _WS_RE.sub(" ", text).strip())


def _enclosure(raw: RawEntry) -> Enclosure | None:
    enc = raw.enclosure
    if enc is None:
        return None
    url = safe_url(enc.url, raw.base, schemes=("http", "https"))
    if not url:
        return None
    length = enc.length if enc.length is not None and enc.length >= 0 else None
    kind = enc.type.strip().lower()
    if kind == "text/html":  # feedparser's default type for an Atom link: not a media type
        kind = ""
    return Enclosure(url=url, type=kind, length=length)


def _unique(values: list[str]) -> tuple[str, ...]:
    cleaned = (" ".join(v.split()) for v in values)  # = _WS_RE.sub(" ", v).strip(), faster
    return tuple(dict.fromkeys(v for v in cleaned if v))


def to_draft(raw: RawEntry) -> ItemDraft:
    title = plain_title(raw.title, raw.title_is_html)
    link = absolute_link(raw.link, raw.base)
    if link is None and raw.guid_is_link and raw.guid and _HTTP_RE.match(raw.guid.strip()):
        link = absolute_link(raw.guid, "")
    body = _body(raw)
    if not title and body.text:
        first = body.text.split("\n", 1)[0]
        title = first if len(first) <= TITLE_FROM_TEXT_CHARS else (
            first[: TITLE_FROM_TEXT_CHARS - 1].rstrip() + "…"
        )
    authors = _unique([name for value in raw.authors for name in names(value)])
    tags = _unique(raw.tags)
    date = raw.published if raw.published is not None else raw.updated
    return ItemDraft(
        key=item_key(raw.guid, link, title, date),
        title=title,
        link=link,
        summary_html=body.html,
        summary_text=body.text,
        authors=authors,
        tags=tags,
        published=raw.published,
        updated=raw.updated,
        enclosure=_enclosure(raw),
    )
