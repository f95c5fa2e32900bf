"""OPML import: bytes in, an ``OpmlImport`` report out. Pure; nothing is stored here.

Folders (outlines without a feed address that contain other outlines) become groups named by
their full path, ``"Parent/Child"``. A feed's name is its ``text`` attribute (what the reader
showed), else ``title``. The feed address is ``xmlUrl`` in any letter case, else ``feedUrl``,
else ``url`` (unless the outline is a ``type="link"``/``"include"`` pointer to a web page or
another OPML list; an ``xmlUrl`` that is a ``.opml`` list's is no feed either).
Two outlines whose addresses share a ``dedupe_key`` are one feed: the first is kept, the other is
reported as a duplicate. Every sentence in the report is redacted (no query secrets).
"""

from __future__ import annotations

import html
import logging
import re

from notify.core.errors import Advice, Advised, Remedy, UserInputError
from notify.core.logs import redact
from notify.core.opml.model import OpmlDuplicate, OpmlEntry, OpmlImport, OpmlSkipped
from notify.core.opml.xmlread import Element, read
from notify.core.urls import dedupe_key, normalise_user_url, other_scheme

log = logging.getLogger(__name__)

_SPACE_RE = re.compile(r"\s+")
_ESCAPED_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_POINTER_TYPES = frozenset({"link", "include"})
_HOST_NAME_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")  # one label: intranet
_FEED_TYPES = frozenset({"rss", "atom", "feed", "rdf", "json", "jsonfeed"})


def clean_text(value: str) -> str:
    """A title or folder name as shown: entities left double-escaped by exporters decoded,
    whitespace collapsed."""
    if "&" in value:
        value = _ESCAPED_RE.sub(lambda m: html.unescape(m.group(0)), value)
    return _SPACE_RE.sub(" ", value).strip()


def _name(element: Element) -> str:
    return clean_text(element.attrs.get("text", "")) or clean_text(element.attrs.get("title", ""))


def _feed_address(element: Element) -> tuple[str, str | Advised | None]:
    """``(address, None)``, or ``("", reason)`` when the outline is no feed."""
    attrs = element.attrs
    for name in ("xmlurl", "feedurl"):  # feedUrl: some readers' exports (and AramZS's file)
        value = attrs.get(name, "").strip()
        if value:
            return ("", _another_list(value)) if _is_list(value) else (value, None)
    url = attrs.get("url", "").strip()
    if not url:
        return "", None
    kind = attrs.get("type", "").strip().lower()
    if kind == "include" or _is_list(url):
        return "", _another_list(url)
    if kind in _POINTER_TYPES:
        return "", Advised.of(
            "it links to a web page, not a feed; add the page as a source to find its feed: ",
            Advice(Remedy.FOLLOW_AS_FEED, address=url))
    return url, None


def _is_list(url: str) -> bool:
    """Is ``url`` an OPML list's (``….opml``, its query or fragment aside)?"""
    return re.split(r"[?#]", url, maxsplit=1)[0].lower().endswith(".opml")


def _another_list(url: str) -> str | Advised:
    """Why an outline that links to another OPML list (``type="include"``, a ``.opml``
    address) is skipped, and, when it is a web address, how to import that list."""
    reason = "it links to another OPML list, not a feed; import that list itself"
    try:
        address, added_scheme = normalise_user_url(url)
    except UserInputError:  # ``lists/more.opml``, relative: no address to give
        return reason
    if added_scheme:  # relative, or a host without its scheme: which, no one knows
        return reason
    return Advised.of(f"{reason}: ", Advice(Remedy.IMPORT_LIST, address=address))


def _no_feed_address(element: Element) -> str | Advised:
    """Why a feed's outline (``type="rss"``) without a feed address is skipped, and, when it
    names its site (``htmlUrl``), how to find the feed that site announces."""
    reason = "it has no feed address (xmlUrl)"
    try:
        site = normalise_user_url(element.attrs.get("htmlurl", ""))[0]
    except UserInputError:  # none, or no web address: nothing to look at
        return reason
    return Advised.of(f"{reason}; its site may announce one: ",
                      Advice(Remedy.FOLLOW_AS_FEED, address=site))


def _unusable_address(address: str, err: UserInputError) -> str | Advised:
    """Why an address is skipped; for one written without a scheme whose host has no dot
    (``intranet/feed.xml``, read as no host name), how to follow it if that is a computer of
    the person's network (the scheme given, such a host is taken)."""
    text = address.strip()
    name, _, port = re.split(r"[/?#]", text, maxsplit=1)[0].partition(":")
    if ("://" in text or other_scheme(text) or " " in text  # ``mailto:x``…: no address
            or not _HOST_NAME_RE.fullmatch(name) or (port and not port.isdigit())):
        return str(err)
    return Advised.of(f"{err} If {name} is a computer on your network, follow it with its "
                      "scheme: ", Advice(Remedy.FOLLOW_AS_FEED, address=f"https://{text}"))


def _category_group(element: Element) -> str:
    """OPML 2.0 ``category="/Tech/News,/Other"``: the first path, used when not in a folder."""
    first = element.attrs.get("category", "").split(",")[0]
    parts = [clean_text(p) for p in first.split("/")]
    return "/".join(p for p in parts if p)


class _Collector:
    def __init__(self) -> None:
        self.entries: list[OpmlEntry] = []
        self.duplicates: list[OpmlDuplicate] = []
        self.skipped: list[OpmlSkipped] = []
        self.warnings: list[str] = []
        self._by_key: dict[str, OpmlEntry] = {}

    def skip(self, title: str, group: str, reason: str | Advised, line: int | None) -> None:
        said = (reason if isinstance(reason, Advised) else Advised(reason)).redacted()
        skipped = OpmlSkipped(redact(title), group, said.text, line, said.placed)
        log.info("OPML import: skipped %r (line %s): %s", skipped.title, line, skipped.reason)
        self.skipped.append(skipped)

    def feed(self, element: Element, address: str, group: str) -> None:
        title = _name(element)
        try:
            url, added_scheme = normalise_user_url(address, default_scheme="https")
        except UserInputError as err:
            self.skip(title or address, group, _unusable_address(address, err), element.line)
            return
        if added_scheme:
            self.warnings.append(
                redact(f"{title or url!r}: the address {address!r} has no http:// or https://; "
                       f"using {url}.")
            )
        html_url = element.attrs.get("htmlurl", "").strip()
        if html_url:
            try:
                html_url = normalise_user_url(html_url)[0]
            except UserInputError as err:  # a broken home-page link is no reason to lose the feed
                log.info("OPML import: %r (line %s) keeps no home-page link: %s",
                         redact(title or url), element.line, redact(str(err)))
                html_url = ""
        if not group:
            group = _category_group(element)
        entry = OpmlEntry(url, title or url, group, html_url, "feed", element.line)
        key = dedupe_key(url)
        kept = self._by_key.get(key)
        if kept is not None:
            self.duplicates.append(OpmlDuplicate(entry, kept))
            return
        self._by_key[key] = entry
        self.entries.append(entry)


def _walk(body: Element, collector: _Collector) -> None:
    # Iterative, so that absurdly deep nesting cannot exhaust the Python stack.
    stack: list[tuple[Element, str]] = [
        (child, "") for child in reversed(body.children) if child.name == "outline"
    ]
    while stack:
        element, group = stack.pop()
        outlines = [c for c in element.children if c.name == "outline"]
        address, reason = _feed_address(element)
        child_group = group
        if address:
            collector.feed(element, address, group)
        elif reason:
            collector.skip(_name(element), group, reason, element.line)
        elif outlines:
            name = _name(element)
            if name:
                child_group = f"{group}/{name}" if group else name
        elif element.attrs.get("type", "").strip().lower() in _FEED_TYPES:
            collector.skip(_name(element), group, _no_feed_address(element), element.line)
        else:
            log.debug("OPML import: empty folder %r (line %s)", _name(element), element.line)
        stack.extend((child, child_group) for child in reversed(outlines))


def import_opml(data: bytes) -> OpmlImport:
    """Read an OPML 1.0/2.0 subscription list. Raises ``OpmlError`` (only) if nothing usable
    can be read: not OPML, empty, binary, or declaring XML entities."""
    result = read(data)
    root = result.root
    head = next((c for c in root.children if c.name == "head"), None)
    title_el = next((c for c in head.children if c.name == "title"), None) if head else None
    title = clean_text(title_el.text) if title_el else ""
    collector = _Collector()
    collector.warnings.extend(result.warnings)
    for body in (c for c in root.children if c.name == "body"):
        _walk(body, collector)
    if collector.duplicates:
        count = len(collector.duplicates)
        collector.warnings.append(
            f"{count} feed{'s' if count != 1 else ''} appeared more than once; "
            "each was imported once, in its first folder."
        )
    if not collector.entries:
        collector.warnings.append("The file contains no feeds to import.")
    warnings = tuple(redact(w) for w in collector.warnings)
    for warning in warnings:
        log.info("OPML import: %s", warning)
    return OpmlImport(
        entries=tuple(collector.entries),
        warnings=warnings,
        duplicates=tuple(collector.duplicates),
        skipped=tuple(collector.skipped),
        title=redact(title),
        repaired=result.repaired,
    )
