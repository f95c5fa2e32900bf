"""One document through both parser paths: the fast path's items against feedparser's, on the
fields a person sees."""

from __future__ import annotations

from notify.core.feedparse.fallback import parse_fallback
from notify.core.feedparse.fast import parse_fast
from notify.core.feedparse.parse import _finish
from notify.core.feedparse.result import FastPathDeclined, ParsedFeed
from notify.core.models import ItemDraft

URL = "https://feeds.example/blog/feed.xml"


def both_paths(body: bytes, url: str = URL) -> tuple[ParsedFeed, ParsedFeed] | None:
    """``(fast, feedparser)`` for ``body``, or None when the fast path declines it."""
    try:
        fast_raw = parse_fast(body, url)
    except FastPathDeclined:
        return None
    slow_raw, _ = parse_fallback(body, url, {})
    return _finish(fast_raw, "fast", {}), _finish(slow_raw, "feedparser", {})


def _seen(item: ItemDraft) -> dict[str, object]:
    """What a person sees of an item."""
    enc = item.enclosure
    return {"key": item.key, "title": item.title, "link": item.link,
            "summary": item.summary_text, "authors": item.authors, "tags": item.tags,
            "published": item.published, "updated": item.updated,
            "enclosure": (enc.url, enc.type, enc.length) if enc else None}


def differences(body: bytes, url: str = URL) -> list[str] | None:
    """Every field where the fast path's items differ from feedparser's; None if declined."""
    both = both_paths(body, url)
    if both is None:
        return None
    fast, slow = both
    diffs: list[str] = []
    if fast.title != slow.title:
        diffs.append(f"feed title {fast.title!r} != {slow.title!r}")
    if fast.html_url != slow.html_url:
        diffs.append(f"feed link {fast.html_url!r} != {slow.html_url!r}")
    if len(fast.items) != len(slow.items):
        return [*diffs, f"{len(fast.items)} items != {len(slow.items)}"]
    for i, (a, b) in enumerate(zip(fast.items, slow.items, strict=True)):
        mine, theirs = _seen(a), _seen(b)
        diffs += [f"item {i} {name}: fast {mine[name]!r} != feedparser {theirs[name]!r}"
                  for name in mine if mine[name] != theirs[name]]
    return diffs
