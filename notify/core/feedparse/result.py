"""What a parser path produces: ``RawEntry`` (a parser's view of one item, before cleaning) and
``ParsedFeed`` (the plain, picklable result of ``parse_feed``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from notify.core.models import Enclosure, ItemDraft


class FeedParseError(Exception):
    """The body is not a feed Notify can read. ``str(err)`` is a user-facing sentence."""


class NotAFeedError(FeedParseError):
    """The body is a web page (HTML), not a feed."""


class FastPathDeclined(Exception):
    """The fast parser will not vouch for this document; feedparser takes it instead."""


@dataclass
class RawEntry:
    """One item as a parser read it. Strings are as found (XML entities already decoded);
    ``*_is_html`` says whether a text is markup. ``base`` resolves relative URLs."""

    guid: str | None = None
    guid_is_link: bool = False  # RSS guid without isPermaLink="false": the link if none else
    link: str | None = None
    base: str = ""
    title: str = ""
    title_is_html: bool = False
    summary: str = ""
    summary_is_html: bool = True
    content: str = ""
    content_is_html: bool = True
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    published: float | None = None
    updated: float | None = None
    enclosure: Enclosure | None = None


@dataclass
class RawFeed:
    format: str  # "rss20", "rss10", "rss090", "atom10", "atom03", "json", or feedparser's version
    title: str = ""
    title_is_html: bool = False
    link: str | None = None
    base: str = ""
    entries: list[RawEntry] = field(default_factory=list)
    ttl_min: str | None = None  # <ttl>, minutes
    sy_period: str | None = None  # sy:updatePeriod
    sy_frequency: str | None = None  # sy:updateFrequency
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedFeed:
    """The result of ``parse_feed``: plain data, safe to send across a process boundary."""

    format: str
    path: str  # which parser read it: "fast", "feedparser" or "json"
    title: str
    html_url: str | None
    items: tuple[ItemDraft, ...]
    min_interval_s: int | None = None
    warnings: tuple[str, ...] = ()
