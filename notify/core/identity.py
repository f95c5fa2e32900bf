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
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from notify.core.urls import strip_tracking

MAX_KEY_CHARS = 512  # longer ids are hashed (some feeds put whole stateful URLs in them)


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
