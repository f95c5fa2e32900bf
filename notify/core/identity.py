"""Item identity: the key under which an item is known within its source.

    item_key(guid, link, title, date) -> str

1. the feed's own id (RSS ``guid``, Atom ``id``, JSON Feed ``id``), stripped of surrounding space
   (the parsers resolve a relative Atom id or permalink guid against the feed's URL, exactly as
   feedparser does, so both parser paths give the same key);
2. else the normalised link (``link_key``): tracking parameters removed, scheme and host lower-
   cased, default port and empty fragment dropped;
3. else ``"h:"`` + a hash of the title and the date (the *published* date when known, so that an
   edited item keeps its key).

Because the id and the link do not change when a publisher edits an item, an updated item keeps
its key and the store updates it in place instead of adding a duplicate.

Shared ids. Some feeds give several different items one id (every ``<guid>`` the same). Within
one document, items that share a key but differ in link or title are different items, not one
item edited: each gets ``shared_key(key, link, title)``, the id with its normalised link (and
its title when they share the link too), which is as stable across polls as the link itself
(``separate``). Items with the same key, link and title are one item listed twice. An item that
is alone with its id in a document keeps the plain key, so an edited item (same id, new title)
stays the same item; ``store.items.upsert`` carries a key across the moment an id starts or
stops being shared, so no item comes back as new then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from notify.core.models import ItemDraft
from notify.core.urls import strip_tracking

MAX_KEY_CHARS = 512  # longer ids are hashed (some feeds put whole stateful URLs in them)
SHARED_PREFIX = "s:"  # the keys of items that share an id (``shared_key``)


def link_key(url: str) -> str:
    """``url`` for identity: tracking stripped, scheme/host lower-case, no default port."""
    url = strip_tracking(url.strip())
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + host
    if port is not None and not (scheme == "http" and port == 80) and not (
        scheme == "https" and port == 443
    ):
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, parts.fragment))


def _bounded(key: str) -> str:
    if len(key) <= MAX_KEY_CHARS:
        return key
    return "h:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def item_key(guid: str | None, link: str | None, title: str, date: float | None) -> str:
    """The stable key of an item within its source (see the module docstring)."""
    if guid is not None and guid.strip():
        return _bounded(guid.strip())
    if link is not None and link.strip():
        return _bounded(link_key(link))
    stamp = "" if date is None else f"{date:.0f}"
    digest = hashlib.sha256(f"{title.strip()}\x1f{stamp}".encode("utf-8", "surrogatepass"))
    return "h:" + digest.hexdigest()[:32]


def shared_key(key: str, link: str | None, title: str, *, by_title: bool = False) -> str:
    """The key of an item whose ``key`` other, different items of its document have too: the
    key with the item's normalised link, and with its title when ``by_title`` (they share the
    link too)."""
    parts = [key, link_key(link) if link and link.strip() else ""]
    if by_title:
        parts.append(title.strip())
    joined = SHARED_PREFIX + " @ ".join(parts)
    if len(joined) <= MAX_KEY_CHARS:
        return joined
    digest = hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return SHARED_PREFIX + "h:" + digest


@dataclass(frozen=True)
class Separated:
    """``drafts`` with unique keys where items shared one; ``shared`` maps each key that
    different items shared to the keys they were given (in document order)."""

    drafts: tuple[ItemDraft, ...]
    shared: dict[str, tuple[str, ...]]


def _sameness(draft: ItemDraft) -> tuple[str, str]:
    link = draft.link.strip() if draft.link else ""
    return (link_key(link) if link else "", draft.title.strip())


def separate(drafts: Sequence[ItemDraft]) -> Separated:
    """Give items of one document that share a key but are different items (another link or
    title) keys of their own (``shared_key``). Items listed twice (same key, link and title)
    keep the same key: the store keeps the first."""
    keys = {d.key for d in drafts}
    if len(keys) == len(drafts):  # the common case: every key is once in the document
        return Separated(tuple(drafts), {})
    groups: dict[str, list[ItemDraft]] = {}
    for draft in drafts:
        groups.setdefault(draft.key, []).append(draft)
    renamed: dict[int, str] = {}  # id(draft) -> its key of its own
    shared: dict[str, tuple[str, ...]] = {}
    for key, members in groups.items():
        if len(members) < 2 or not key:
            continue
        same = [_sameness(d) for d in members]
        if len(set(same)) < 2:
            continue  # one item listed more than once
        links = [link for link, _title in same]
        given: list[str] = []
        for draft, (link, _title) in zip(members, same, strict=True):
            own = shared_key(key, draft.link, draft.title, by_title=links.count(link) > 1)
            renamed[id(draft)] = own
            if own not in given:
                given.append(own)
        shared[key] = tuple(given)
    out = tuple(
        replace(d, key=renamed[id(d)]) if id(d) in renamed else d for d in drafts
    )
    return Separated(out, shared)
