"""Domain values shared by every layer. Frozen; times are POSIX seconds (UTC) as floats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from notify.core.errors import Advised, Placed


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str = ""
    length: int | None = None


@dataclass(frozen=True)
class ItemDraft:
    """What a source kind produces from one response: an item before it is stored.

    ``key`` is the stable identity within the source (see ``notify.core.identity``): the
    guid/id, else the normalised link, else a hash of title + date.
    """

    key: str
    title: str
    link: str | None = None
    summary_html: str = ""
    summary_text: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    published: float | None = None
    updated: float | None = None
    enclosure: Enclosure | None = None


@dataclass(frozen=True)
class Source:
    """A subscription. ``settings`` holds the kind's declared settings; secrets are only
    referenced there (``token_ref``), never stored."""

    id: int
    kind: str
    url: str
    title: str
    group: str = ""
    settings: Mapping[str, Any] = field(default_factory=dict)
    interval_s: int | None = None  # None: the kind's default
    enabled: bool = True
    muted: bool = False
    html_url: str = ""
    created_at: float = 0.0
    # who named it: True the person (the name is kept whatever the source calls itself later),
    # False Notify (the name follows the source's own title); None not known yet (a title from
    # an OPML file, or one from before this was recorded): ``source_names.title_is_given``
    title_given: bool | None = None


@dataclass(frozen=True)
class SourceState:
    """What Notify knows about a source's health and how to ask it politely next time."""

    source_id: int
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: float | None = None
    last_success: float | None = None
    last_error: str | None = None  # user-facing: what failed and what to do (the CLI's words)
    last_error_kind: str | None = None
    # what to do, as data, where ``last_error`` says it (each front end words it: ``error``)
    last_error_advice: tuple[Placed, ...] = ()
    next_attempt: float | None = None
    consecutive_failures: int = 0
    moved_to: str | None = None  # a permanent redirect seen ``moved_count`` polls in a row
    moved_count: int = 0
    moved_notice: str | None = None  # shown to the user once the stored URL changed
    ttl_s: int | None = None  # the longest of <ttl>, sy:update*, Cache-Control max-age, etc.
    disabled_reason: str | None = None
    disabled_reason_advice: tuple[Placed, ...] = ()  # as ``last_error_advice``: ``disabled``
    cursor: Mapping[str, Any] = field(default_factory=dict)  # kind-owned (since_id, seen ids…)
    item_rate_per_day: float | None = None
    # when the items the source lists were last marked as listed (their ``items.last_seen``):
    # a 304 re-marks them at most hourly (``poll.LISTED_REFRESH_S``)
    listed_at: float | None = None
    # user-facing: what was wrong with the last document read although it was read (not
    # well-formed, read leniently; no items; items sharing one id); None after a clean read
    last_warning: str | None = None
    # the server asked not to be asked again before this (Retry-After, a rate limit's reset):
    # no round polls the source earlier, not even one the user forces (``notify poll --all``)
    server_retry_at: float | None = None
    # the name the source gives itself (a feed's own title), as last read: a source named so
    # was named by Notify, not by the person, and follows it (a new title, a new address)
    own_title: str | None = None

    @property
    def error(self) -> Advised | None:
        """The last error with its advice as data (None: none)."""
        if self.last_error is None:
            return None
        return Advised(self.last_error, self.last_error_advice)

    @property
    def disabled(self) -> Advised | None:
        """Why it is disabled, with its advice as data (None: not disabled by Notify)."""
        if self.disabled_reason is None:
            return None
        return Advised(self.disabled_reason, self.disabled_reason_advice)


class Reaction(StrEnum):
    LIKE = "like"
    DISMISS = "dismiss"
    OPEN = "open"
    IGNORE = "ignore"


class Decision(StrEnum):
    NOTIFY = "notify"
    DIGEST = "digest"
    SILENT = "silent"


# The start of the reason of an item left silent because today's budget was used ("… of 10"):
# the inbox's "Over today's budget" view and ``notify notified --would`` find them by it.
OVER_BUDGET = "over today's budget"


@dataclass(frozen=True)
class Item:
    """A stored item, as readers see it."""

    id: int
    source_id: int
    key: str
    title: str
    link: str | None
    summary_html: str
    summary_text: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    published: float | None
    updated: float | None
    enclosure: Enclosure | None
    first_seen: float
    # its source's name by the app's one rule (``source_names.source_name``: the title, or host
    # and path for a source still named after its host), as every other place names it; never
    # the bare stored title (the ranking's ``src:`` features and ``source`` pins are this name)
    source_title: str = ""
    source_group: str = ""
    score: float | None = None
    decision: str | None = None
    decision_reason: str | None = None
    notified_at: float | None = None
    reaction: str | None = None
    saved: bool = False
    read: bool = False
    backlog: bool = False
