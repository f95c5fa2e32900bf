"""Typed results of one HTTP request: no exceptions cross from the fetcher into other layers.

    Outcome = Updated | NotModified | Failed

A permanent redirect (301/308) is reported on ``Updated``/``NotModified`` as
``permanent_redirect`` (the final URL); the engine decides, after 3 polls in a row, to move
the stored URL (the "moved" outcome the user sees).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from notify.core.errors import Advice, Advised, Placed


@dataclass(frozen=True)
class Request:
    """One GET. ``etag``/``last_modified`` make it conditional; ``host_limit`` overrides the
    fetcher's per-host concurrency for this request's host (a kind's politeness)."""

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    max_bytes: int | None = None  # None: the fetcher's configured cap
    host_limit: int | None = None
    secret_values: tuple[str, ...] = ()  # redacted from every message and log line


class FailureKind(StrEnum):
    DNS = "dns"
    CONNECT = "connect"
    TIMEOUT = "timeout"  # connect/read timeout or the total deadline
    TLS = "tls"
    TOO_LARGE = "too_large"  # body or decompressed size cap
    REDIRECTS = "redirects"  # too many, or a loop
    RATE_LIMITED = "rate_limited"  # 429 / 503 with or without Retry-After
    AUTH = "auth"  # 401 / 403
    NOT_FOUND = "not_found"  # 404
    GONE = "gone"  # 410: the source is disabled
    SERVER = "server"  # 5xx
    HTTP = "http"  # any other non-success status
    PROTOCOL = "protocol"  # connection reset, malformed response, bad encoding
    PARSE = "parse"  # body arrived but is not what the kind expects (set by kinds)
    CONFIG = "config"  # the source's settings/secrets are unusable (set by kinds)
    # the system keyring is missing, locked or did not answer, so the source's token could not
    # be read: this computer's trouble, not the source's (retried at the normal interval,
    # without backoff; nothing was sent)
    KEYRING = "keyring"
    INVALID_URL = "invalid_url"


@dataclass(frozen=True)
class Updated:
    url: str  # the final URL after redirects
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None  # set when every hop to ``url`` was 301/308
    elapsed_s: float = 0.0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class NotModified:
    url: str
    headers: Mapping[str, str]
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class Failed:
    """A failed request. ``message`` is user-facing: what failed and what to do (secrets
    redacted), in the command line's words; ``advice`` places in it what to do as data, for
    each front end to say its way (``said``; ``retold`` words it anew). ``retry_at`` is an
    absolute POSIX time from Retry-After/X-RateLimit-Reset when the server said; else None
    and the scheduler backs off. ``permanent`` marks 410 Gone."""

    kind: FailureKind
    message: str
    url: str
    status: int | None = None
    retry_at: float | None = None
    permanent: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)
    advice: tuple[Placed, ...] = ()

    @property
    def said(self) -> Advised:
        """``message`` with its advice as data."""
        return Advised(self.message, self.advice)

    def retold(self, *parts: str | Advice | Advised) -> Failed:
        """This failure with the message of ``parts`` (``Advised.of``: texts, advices, and
        messages with theirs, as ``self.said``)."""
        said = Advised.of(*parts)
        return replace(self, message=said.text, advice=said.placed)


Outcome = Updated | NotModified | Failed
