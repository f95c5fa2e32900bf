"""The name a source is shown by, wherever it is shown (the command line, poll reports, the
messages stored about it): its title; but a source still named after its host (added without a
check and not polled yet, or a feed without a title of its own) by host and path, so that
several sources on one host can be told apart (``127.0.0.2/news/world.xml``, not ``127.0.0.2``).

The stored title is not changed: the first poll still replaces a host-only title with the
feed's own (``notify.core.poll``), and ``--json`` output keeps it as stored.

Who named a source, the person or Notify, is ``title_is_given``.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from notify.core.logs import redact
from notify.core.models import Source

# A source shown by its address: the path is shortened past this length.
NAME_PATH_MAX = 40
NAME_QUERY_MAX = 24


def _shortened_path(path: str) -> str:
    """``/a/b/c/feed.xml`` as it is, or when long its first folder, ``…`` and as many of its
    last parts as fit (``/blog/…/2024/feed.xml``); a single long part keeps its end."""
    path = path.rstrip("/")
    if len(path) <= NAME_PATH_MAX:
        return path
    parts = [p for p in path.split("/") if p]
    last = parts[-1]
    if len(last) + 2 >= NAME_PATH_MAX:
        return "/…" + last[len(last) - NAME_PATH_MAX + 2:]
    head = f"/{parts[0]}/…" if len(parts) > 2 else "/…"
    tail = [last]
    for part in reversed(parts[1:-1]):
        if len(head) + len(part) + 1 + sum(len(t) + 1 for t in tail) > NAME_PATH_MAX:
            break
        tail.insert(0, part)
    if len(tail) == len(parts) - 1:  # everything but the first folder fits: nothing left out
        head = f"/{parts[0]}"
    return head + "".join("/" + t for t in tail)


def address_name(url: str) -> str:
    """A short name made from an address: host (and port), path and a short query, without the
    scheme and ``www.`` (``example.org/blog/feed.xml``); secrets redacted; "" if unreadable."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        port = parts.port
    except ValueError:
        return ""
    if not host:
        return ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    query = redact(parts.query)
    if len(query) > NAME_QUERY_MAX:
        query = query[:NAME_QUERY_MAX - 1] + "…"
    path = _shortened_path(parts.path)
    if query:
        path = f"{path or '/'}?{query}"
    return redact(host + path)


def source_name(source: Source) -> str:
    """The name a source is shown by: its title; but one still named after its host (added with
    ``--no-check`` and not polled yet, or a feed without a title of its own) by host and path,
    so that several sources on one host can be told apart."""
    title = source.title.strip()
    try:
        host = (urlsplit(source.url).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    if title and title.removeprefix("www.") != host:
        return title
    return address_name(source.url) or title or redact(source.url)


@lru_cache(maxsize=4096)
def name_of_source(kind: str, url: str, title: str | None) -> str:
    """``source_name`` of a source known by its row's kind, address and title: what a stored
    item's source is called (``Item.source_title``: its features ``src:NAME`` and ``sw:NAME|word``,
    a ``source`` pin or interest, explain, notifications, ``notify items``, the inbox). Cached:
    a page or a round's items share a few sources."""
    return source_name(Source(0, str(kind), str(url), str(title or "")))


def title_is_given(source: Source, own_title: str | None, default_title: str) -> bool:
    """Did the person name the source? Such a name is kept whatever the source calls itself
    later; any other (none, its kind's default name ``default_title``, the source's own title)
    follows the source: its own title as it changes, a new address, new settings.

    Who named it is recorded (``Source.title_given``) when the person names it, clears the name
    or adds it without one. Until it is known (a title from an OPML file; one from before it
    was recorded), a title other than the default that differs from the source's own title
    (``own_title``, a feed's as last read; None: not read yet) is the person's; the first read
    of its own title settles it (``notify.core.poll``)."""
    if source.title_given is not None:
        return source.title_given
    title = source.title.strip()
    if title in ("", default_title):
        return False
    return own_title is None or title != own_title.strip()
