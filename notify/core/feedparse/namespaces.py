"""The RSS module namespaces the fast path reads, and the other spellings feedparser reads as them.

feedparser matches a declared namespace URI case-insensitively against the URIs it knows, and
reads an element in a namespace it does not know by the prefix the document gives it: a podcast
that declares ``xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"`` or
``xmlns:dc="http://purl.org/dc/elements/1.1"`` (no final slash) still has its ``itunes:author``
and ``dc:creator`` read. ``spellings`` finds such declarations in a document so that the fast
path reads those elements too (``rename``), and gives the items feedparser gives.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from functools import cache

log = logging.getLogger(__name__)

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
SY = "{http://purl.org/rss/1.0/modules/syndication/}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
MEDIA = "{http://search.yahoo.com/mrss/}"

# feedparser's prefix for each namespace the fast path reads
_READ = {"content": CONTENT[1:-1], "dc": DC[1:-1], "dcterms": DCTERMS[1:-1], "sy": SY[1:-1],
         "itunes": ITUNES[1:-1], "media": MEDIA[1:-1]}
_SPELLED_AS_READ = frozenset(_READ.values())
# ``xmlns:prefix="uri"`` unless the URI is spelled as the fast path reads it: some feeds declare a
# namespace on every element (3,661 times in a 1.6 MB podcast feed), and a match costs far more
# than a skipped one
_DECLARATION_RE = re.compile(
    rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*([\"'])(?!(?:"
    + b"|".join(re.escape(uri.encode()) for uri in sorted(_SPELLED_AS_READ))
    + rb")\2)([^\"'<]*)\2"
)


@cache
def feedparser_prefixes() -> dict[str, str] | None:
    """feedparser's known namespace URIs (lower-cased) → its prefix for them; None (logged) if
    this feedparser keeps them elsewhere (the fast path then reads only the usual spellings)."""
    try:  # imported late: rarely needed
        from feedparser.mixin import _FeedParserMixin

        known: dict[str, str] = _FeedParserMixin.namespaces
    except (ImportError, AttributeError) as err:
        log.warning("feedparser's namespace table not found (%s): namespace URIs spelled "
                    "otherwise than usual are not read by the fast path", err)
        return None
    return {uri.lower(): prefix for uri, prefix in known.items()}


def _maybe_read(prefix: str, uri: str) -> bool:
    """A cheap first look: could feedparser read ``uri`` as a namespace the fast path reads?"""
    if prefix in _READ:
        return True
    folded = uri.lower().rstrip("/")
    return any(folded == known.lower().rstrip("/") for known in _SPELLED_AS_READ)


def spellings(body: bytes) -> dict[str, str]:
    """Namespace URIs declared in ``body`` that feedparser reads as one the fast path reads,
    spelled otherwise → the fast path's spelling (usually empty)."""
    if b"xmlns:" not in body:
        return {}
    found: dict[str, str] = {}
    for raw_prefix, _quote, raw_uri in set(_DECLARATION_RE.findall(body)):
        uri = raw_uri.decode("utf-8", "replace")
        prefix = raw_prefix.decode("ascii")
        if not _maybe_read(prefix, uri):
            continue
        known = feedparser_prefixes()
        if known is None:
            return {}
        as_read = _READ.get(known.get(uri.lower(), prefix))
        if as_read is not None:
            found[uri] = as_read
    return found


def rename(root: ET.Element, spelled: dict[str, str]) -> None:
    """Give the elements of ``root`` in the namespaces of ``spelled`` the fast path's spelling."""
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag[:1] == "{":
            uri, _, local = tag[1:].partition("}")
            target = spelled.get(uri)
            if target is not None:
                el.tag = f"{{{target}}}{local}"
