"""OPML 2.0 export: subscriptions out, as a string any feed reader can import.

Groups become folders (``"Parent/Child"`` nests ``Child`` inside ``Parent``). Each feed is the
standard ``<outline type="rss" text title xmlUrl htmlUrl/>``; its title is the one a reader should
show (``exported_title``: never a bare host). Source settings are never exported,
so a token reference (or anything else held in the keyring) cannot leak. URLs are exported as
stored, except that query secrets (``?key=…``, ``&sig=…``) and ``user:password@`` are replaced by
``•••`` unless ``include_secrets=True``.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from email.utils import formatdate
from xml.sax.saxutils import escape, quoteattr

from notify.core.logs import redact
from notify.core.models import Source
from notify.core.source_names import address_name, source_name

# Kinds whose address is a feed any reader can follow (a YouTube source's is its Atom feed);
# the others are web APIs, which an OPML file (a list of feeds) cannot hold.
EXPORTED_KINDS = frozenset({"feed", "youtube"})

# Characters XML 1.0 forbids; they would make the file unreadable for every reader.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ATTR_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _attr(value: str) -> str:
    return quoteattr(_ILLEGAL_RE.sub("", value), _ATTR_ENTITIES)


def _text(value: str) -> str:
    return escape(_ILLEGAL_RE.sub("", value))


def _group_path(group: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in group.split("/") if part.strip())


class _Folder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.folders: dict[str, _Folder] = {}
        self.feeds: list[Source] = []

    def child(self, name: str) -> _Folder:
        if name not in self.folders:
            self.folders[name] = _Folder(name)
        return self.folders[name]


def exported_title(source: Source, own_title: str | None = None) -> str:
    """A source's title in an export: the name it has; but for one still named after its host
    (added without a check and not read yet, or a feed without a title of its own), the name the
    feed gives itself (``own_title``, ``SourceState.own_title``) when known, else its address
    without the scheme (``example.org/blog/feed.xml``, secrets redacted), which an import takes
    back as "no title" (``subscriptions.imported_title``)."""
    title = source.title.strip()
    if title and source_name(source) == title:
        return title
    own = (own_title or "").strip()
    return own or address_name(source.url) or title or redact(source.url)


def _feed_line(source: Source, include_secrets: bool, own_title: str | None) -> str:
    url = source.url if include_secrets else redact(source.url)
    title = exported_title(source, own_title)
    attrs = [
        ("type", "rss"),
        ("text", title),
        ("title", title),
        ("xmlUrl", url),
    ]
    if source.html_url:
        html_url = source.html_url if include_secrets else redact(source.html_url)
        attrs.append(("htmlUrl", html_url))
    return "<outline " + " ".join(f"{k}={_attr(v)}" for k, v in attrs) + "/>"


def _render(folder: _Folder, depth: int, include_secrets: bool,
            own_titles: Mapping[int, str | None], out: list[str]) -> None:
    pad = "  " * depth
    for source in folder.feeds:
        out.append(pad + _feed_line(source, include_secrets, own_titles.get(source.id)))
    for sub in folder.folders.values():
        out.append(f"{pad}<outline text={_attr(sub.name)} title={_attr(sub.name)}>")
        _render(sub, depth + 1, include_secrets, own_titles, out)
        out.append(f"{pad}</outline>")


def exported_count(sources: Iterable[Source], kinds: Iterable[str] = EXPORTED_KINDS) -> str:
    """How many feeds an export holds, in words (``1 feed``, ``12 feeds``)."""
    wanted = frozenset(kinds)
    n = sum(1 for s in sources if s.kind in wanted)
    return f"{n} feed{'' if n == 1 else 's'}"


def left_out(sources: Iterable[Source], kinds: Iterable[str] = EXPORTED_KINDS) -> str:
    """What an export leaves out, in words, or "": the web-API sources (GitHub, Hacker News…),
    so that nobody takes the file for a backup of every source."""
    wanted = frozenset(kinds)
    others = Counter(s.kind for s in sources if s.kind not in wanted)
    n = sum(others.values())
    if not n:
        return ""
    return (f"{n} web-API source{'' if n == 1 else 's'} ({', '.join(sorted(others))}) "
            f"{'is' if n == 1 else 'are'} not in it: OPML lists feeds, and feed readers cannot "
            "use web APIs.")


def export_opml(
    sources: Iterable[Source],
    title: str = "Notify subscriptions",
    *,
    include_secrets: bool = False,
    kinds: Iterable[str] = EXPORTED_KINDS,
    now: float | None = None,
    own_titles: Mapping[int, str | None] | None = None,
) -> str:
    """OPML 2.0 text for the sources of the given ``kinds`` (feeds only by default: other kinds
    are API sources that feed readers cannot use), in the order given, grouped into folders.
    ``own_titles``: the name each source (by id) gives itself, as last read
    (``SourceState.own_title``), for those still named after their host (``exported_title``)."""
    wanted = frozenset(kinds)
    root = _Folder("")
    for source in sources:
        if source.kind not in wanted:
            continue
        folder = root
        for part in _group_path(source.group):
            folder = folder.child(part)
        folder.feeds.append(source)
    stamp = formatdate(time.time() if now is None else now, usegmt=True)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{stamp}</dateCreated>",
        "    <docs>http://opml.org/spec2.opml</docs>",
        "  </head>",
        "  <body>",
    ]
    _render(root, 2, include_secrets, own_titles or {}, out)
    out += ["  </body>", "</opml>", ""]
    return "\n".join(out)
