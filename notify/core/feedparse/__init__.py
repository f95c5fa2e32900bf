"""Feed parsing: ``parse_feed(body, url, headers) -> ParsedFeed`` (see ``parse``).

    parse.py     the entry point: JSON Feed, web-page detection, fast path, then feedparser
    fast.py      RSS 2.0/0.9x and RSS 1.0/0.90 with expat (atom.py: Atom 1.0/0.3)
    fallback.py  feedparser, for whatever the fast path declines
    jsonfeed.py  JSON Feed 1.0/1.1
    build.py     one set of rules from a parser's entry to an ``ItemDraft``
    authors.py   author values as feedparser reads them, and a byline split into names
    titles.py    which of an item's title elements is its title, as feedparser chooses
    namespaces.py  the module namespaces the fast path reads, and their other spellings
    dates.py     feed dates to UTC POSIX seconds
    hints.py     <ttl>, sy:updatePeriod/Frequency, Cache-Control max-age
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from notify.core.feedparse.result import FeedParseError, NotAFeedError, ParsedFeed

if TYPE_CHECKING:
    from notify.core.feedparse.parse import WEB_PAGE_MESSAGE, parse_feed

__all__ = ["WEB_PAGE_MESSAGE", "FeedParseError", "NotAFeedError", "ParsedFeed", "parse_feed"]


def __getattr__(name: str) -> Any:
    """The parsers are imported when first used: a round of 304s parses nothing (~20 ms)."""
    if name in ("WEB_PAGE_MESSAGE", "parse_feed"):
        from notify.core.feedparse import parse

        return getattr(parse, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
