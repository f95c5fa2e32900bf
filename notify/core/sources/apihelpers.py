"""What every web-API kind needs: Link pagination, rate-limit headers, JSON with clear errors,
times, tokens from the keyring, and bounded "seen" sets for cursors.

Rate limits are read from every answer, not only from failures: ``server_interval`` turns a
successful answer's ``x-ratelimit-remaining`` of 0 into a wait until ``x-ratelimit-reset``
(returned as the poll's ``min_interval_s``), and ``with_rate_limit`` turns a 403/429 into a
``RATE_LIMITED`` failure with ``retry_at``.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit

from notify.core.clock_words import clock_time
from notify.core.errors import Advice, Advised, Remedy, SecretStoreError
from notify.core.fetch.failures import host_of
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Outcome, Updated
from notify.core.fetch.retry_after import MAX_WAIT_S, parse_retry_after
from notify.core.logs import redact
from notify.core.models import Source
from notify.core.scheduling import JITTER
from notify.core.secrets import SecretMissing
from notify.core.sources.base import PollContext

log = logging.getLogger(__name__)

_LINK_RE = re.compile(r'<([^>]*)>\s*((?:;\s*[^;,]+=(?:"[^"]*"|[^;,]*)\s*)*)')
_REL_RE = re.compile(r'rel\s*=\s*"?([^";,]+)"?', re.IGNORECASE)


def parse_link_header(value: str | None, base: str = "") -> dict[str, str]:
    """``Link: <u1>; rel="next", <u2>; rel="last"`` -> ``{"next": u1, "last": u2}``."""
    links: dict[str, str] = {}
    if not value:
        return links
    for match in _LINK_RE.finditer(value):
        url, params = match.group(1).strip(), match.group(2)
        rel = _REL_RE.search(params or "")
        if not rel:
            continue
        try:
            target = urljoin(base, url) if base else url
            urlsplit(target)  # ``<http://[::1>``: no address, no link
        except ValueError as err:
            log.info("%s: a Link header's address %r is none (%s); left out",
                     redact(base) or "an answer", redact(url)[:200], err)
            continue
        for name in rel.group(1).split():
            links.setdefault(name.lower(), target)
    return links


@dataclass(frozen=True)
class RateLimit:
    limit: float | None = None
    remaining: float | None = None
    reset_at: float | None = None  # POSIX time the window resets

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining < 1


def parse_reset(value: str | None, now: float) -> float | None:
    """A rate-limit reset as an absolute POSIX time.

    GitHub sends epoch seconds (``1517748168``), Reddit seconds from now (``15``), Mastodon an
    ISO-8601 time (``2026-08-01T13:55:00.248623Z``).
    """
    if not value:
        return None
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        return parse_time(text)
    if number > 1_000_000_000:  # an epoch time, not a duration
        return number
    return now + max(number, 0.0)


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def read_rate_limit(headers: Mapping[str, str], now: float) -> RateLimit:
    """``x-ratelimit-limit``/``-remaining``/``-reset`` (header names are lower-cased)."""
    return RateLimit(
        limit=_float(headers.get("x-ratelimit-limit")),
        remaining=_float(headers.get("x-ratelimit-remaining")),
        reset_at=parse_reset(headers.get("x-ratelimit-reset"), now),
    )


def poll_interval(headers: Mapping[str, str]) -> int | None:
    """GitHub's ``X-Poll-Interval`` (seconds the client must wait between polls)."""
    value = _float(headers.get("x-poll-interval"))
    return int(value) if value and value > 0 else None


def quota_wait(headers: Mapping[str, str], now: float) -> int | None:
    """What an answer's rate-limit headers ask of the next poll, in seconds.

    When ``x-ratelimit-remaining`` is 0 and ``x-ratelimit-reset`` is ahead: the time until the
    reset (at most ``MAX_WAIT_S``), stretched so that the scheduler's jitter (±``JITTER``) never
    brings the next poll before it. 0 when the headers show quota left, so that a wait kept from
    an earlier answer (a 304 keeps the last hint) is dropped. None when the answer has none.
    """
    limit = read_rate_limit(headers, now)
    if limit.remaining is None:
        return None
    if not limit.exhausted or limit.reset_at is None or limit.reset_at <= now:
        return 0
    wait = min(limit.reset_at - now, MAX_WAIT_S)
    return math.ceil(wait / (1.0 - JITTER)) + 1


def server_interval(headers: Mapping[str, str], now: float) -> int | None:
    """The poll's ``min_interval_s`` for any answer of a web API: the longest of what the server
    asks (a spent rate limit's wait until the reset, GitHub's ``X-Poll-Interval``); None when it
    asks nothing."""
    asks = [v for v in (quota_wait(headers, now), poll_interval(headers)) if v is not None]
    return max(asks) if asks else None


def with_rate_limit(outcome: Failed, now: float) -> Failed:
    """A 403/429 that is really a rate limit becomes RATE_LIMITED with ``retry_at``.

    GitHub answers 403 (not 429) for its secondary limit, with ``Retry-After``; when
    ``x-ratelimit-remaining`` is 0 the wait is until ``x-ratelimit-reset`` (at most a week), and
    the message says until when.
    """
    if outcome.status not in (403, 429):
        return outcome
    retry_at = outcome.retry_at or parse_retry_after(outcome.headers.get("retry-after"), now)
    limit = read_rate_limit(outcome.headers, now)
    if retry_at is None and limit.exhausted and limit.reset_at:
        retry_at = min(max(limit.reset_at, now), now + MAX_WAIT_S)
    if retry_at is None:
        return outcome
    message = outcome.message
    if outcome.kind != FailureKind.RATE_LIMITED or outcome.retry_at is None:
        # the fetcher's own message knew no time ("Notify will try again later")
        message = (
            f"{host_of(outcome.url)}'s rate limit is used up (HTTP {outcome.status}); Notify "
            f"waits until {clock_time(retry_at, now)} before asking again."
        )
    return Failed(
        kind=FailureKind.RATE_LIMITED,
        message=message,
        url=outcome.url,
        status=outcome.status,
        retry_at=retry_at,
        headers=outcome.headers,
    )


def parse_failed(outcome: Updated, what: str, detail: str) -> Failed:
    return Failed(
        kind=FailureKind.PARSE,
        message=f"{what}: the server's answer is not what Notify expected ({detail}). If this "
        "persists, check the source's URL and settings.",
        url=outcome.url,
        status=outcome.status,
        headers=outcome.headers,
    )


def decode_json(outcome: Updated, what: str) -> Any | Failed:
    """The body as JSON, or a ``Failed`` (kind PARSE) saying what was wrong."""
    try:
        text = outcome.body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return parse_failed(outcome, what, f"not UTF-8 text at byte {err.start}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        ctype = outcome.content_type or "no content type"
        return parse_failed(
            outcome, what, f"malformed JSON ({ctype}): {err.msg} at line {err.lineno}"
        )


def config_failed(url: str, message: str | Advised) -> Failed:
    said = Advised.of(message)
    return Failed(kind=FailureKind.CONFIG, message=said.text, url=url, advice=said.placed)


def give_token_again(source_id: int | None) -> Advised:
    """How the person gives a source's token again: the one wording every hint uses (the
    place as data: each front end says it its way)."""
    return Advised.of("give it again: ", Advice(Remedy.GIVE_TOKEN, source_id=source_id))


def give_token(source_id: int | None) -> Advised:
    """How the person gives a token to a source that has none yet (same place as
    ``give_token_again``)."""
    return Advised.of("add it: ", Advice(Remedy.GIVE_TOKEN, source_id=source_id))


def refused(failed: Failed, what: str, advice: str | Advised) -> Failed:
    """A 401 or 403 that is not a rate limit, said in the kind's words: ``{what}: {host} refused
    access (HTTP 401 Unauthorized). {advice}``. The fetcher's own advice ("check the token or
    credentials for this source") gives way to the kind's, which knows whether the source has a
    token at all, so that what to do is said once and is true for that source."""
    status = failed.status or 0
    try:
        reason = f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        reason = f"HTTP {status}"
    said = Advised.of(f"{what}: {host_of(failed.url)} refused access ({reason}). ", advice)
    return failed.retold(said if str(advice) else said.text.rstrip())


def is_refusal(failed: Failed) -> bool:
    """A 401 or 403 that ``with_rate_limit`` did not find to be a rate limit."""
    return failed.status in (401, 403) and failed.kind != FailureKind.RATE_LIMITED


def token_for(ctx: PollContext, source: Source, what: str) -> str | Failed | None:
    """The source's token from the keyring (None when it has none), or a CONFIG ``Failed``.

    Logged at INFO: the failure reaches the person through the poll's report, and a warning
    would make the command line print it twice."""
    ref = source.settings.get("token_ref")
    if not ref:
        return None
    try:
        return ctx.secret(str(ref))
    except SecretMissing as err:
        log.info("source %s: no token in the keyring: %s", source.id, err)
        return config_failed(source.url, Advised.of(
            f"{what}: the keyring has no token for this source (it may have been deleted or "
            "saved in another keyring); ", give_token_again(source.id), "."))
    except SecretStoreError as err:
        log.info("source %s: keyring lookup failed: %s", source.id, err)
        return config_failed(source.url, f"{what}: the token could not be read. {err}")


def describe(outcome: Outcome) -> str:
    if isinstance(outcome, Failed):
        return f"failed ({outcome.kind}): {outcome.message}"
    if isinstance(outcome, NotModified):
        return "not modified"
    return f"{outcome.status}, {len(outcome.body)} bytes"


def parse_time(value: Any) -> float | None:
    """ISO 8601 (``…Z``), RFC 822 or epoch seconds -> POSIX seconds (UTC); None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number / 1000.0 if number > 100_000_000_000 else number
    text = str(value).strip()
    try:
        return float(text) if re.fullmatch(r"\d{9,11}(\.\d+)?", text) else _parse_iso(text)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _parse_iso(text: str) -> float:
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def bounded(values: Iterable[Any], cap: int) -> list[Any]:
    """The first ``cap`` distinct values, in order (newest first by convention)."""
    out: list[Any] = []
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            continue
        seen.add(value)
        out.append(value)
        if len(out) >= cap:
            break
    return out


def text_list(value: Any) -> tuple[str, ...]:
    """A JSON value as a tuple of non-empty strings (a list, one string, or nothing)."""
    if value is None:
        return ()
    items: Sequence[Any] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("login") or item.get("username") or ""
        text = str(item).strip() if item is not None else ""
        if text:
            out.append(text)
    return tuple(out)
