"""One source's poll: ask its kind, then record what happened (items, validators, health).

``poll_one`` never raises for a source's own trouble: a kind that crashes becomes a ``Failed``
outcome for that source (logged with context), so one broken source never aborts a round.
``apply`` is the only place that turns a ``PollResult`` into stored state; it runs on the
engine's write connection inside one transaction per source.
"""

from __future__ import annotations

import logging
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace

from notify.core import bidi, scheduling
from notify.core.errors import NotifyError, SecretStoreError
from notify.core.events import SourceReport
from notify.core.fetch.failure_log import log_failure
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Updated
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.source_names import source_name, title_is_given
from notify.core.sources.base import PollContext, PollResult, SourceKind
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.state import RATE_WINDOW_S
from notify.core.urls import keep_login

log = logging.getLogger(__name__)

MOVED_AFTER = 3  # a permanent redirect seen on this many polls in a row moves the source
# A 304 re-marks the items a source lists (``items.last_seen``) at most this often: marking
# rewrites every listed row (27,000 rows and 0.2 s of CPU per 670-feed round of 304s when done
# on every poll). Retention keeps items at least a day after they were last marked
# (``retention.MIN_DAYS``), so an hour's lag can never let it delete an item still listed.
LISTED_REFRESH_S = 3600.0

IntervalOf = Callable[[Source, "int | None"], int]


@dataclass(frozen=True)
class Applied:
    report: SourceReport
    new_ids: tuple[int, ...] = ()
    backlog: bool = False
    source: Source | None = None  # the source after changes (title filled, moved, disabled)
    # its new title or address renamed it, and what the profile learnt of it followed
    profile_changed: bool = False


def display_name(source: Source) -> str:
    return source_name(source)


async def poll_one(
    ctx: PollContext, kind: SourceKind, source: Source, state: SourceState
) -> PollResult:
    """Run the kind's poll; turn any exception into a ``Failed`` outcome for this source."""
    try:
        return await kind.poll(ctx, source, state)
    except SecretStoreError as err:  # the keyring's trouble, not the source's
        return PollResult(keyring_failed(source, err))
    except NotifyError as err:  # settings/secret trouble, already in words (logged by ``apply``)
        said = err.advised().redacted()
        return PollResult(Failed(FailureKind.CONFIG, said.text, redact(source.url),
                                 advice=said.placed))
    except Exception as err:
        log.exception(
            "source %d (%s, %s): the %s reader failed", source.id, display_name(source),
            redact(source.url), source.kind,
        )
        message = (
            f"Notify could not read {display_name(source)}: its {kind.label} reader failed "
            f"({type(err).__name__}: {redact(str(err))[:200]}). Details are in the log; if this "
            "keeps happening, please report it."
        )
        return PollResult(Failed(FailureKind.PARSE, message, redact(source.url)))


def keyring_failed(source: Source, err: SecretStoreError) -> Failed:
    """A ``KEYRING`` failure: the source's token could not be read, so nothing was asked
    (logged by ``apply``)."""
    message = redact(
        f"The token of {display_name(source)} could not be read from the system keyring, so "
        f"Notify did not poll it: {err} Notify tries again at the source's next poll."
    )
    return Failed(FailureKind.KEYRING, message, redact(source.url))


def shared_ids_warning(shared: tuple[tuple[str, int], ...]) -> str:
    """Words for ``UpsertResult.shared``: different items that gave the same id."""
    (key, count), *others = shared
    shown = redact(key if len(key) <= 80 else key[:79] + "…")
    more = f" ({len(others)} other ids likewise)" if others else ""
    return (
        f"{count} different items give the same id ({shown!r}){more}; Notify keeps them apart "
        "by their links. The source should give each item an id of its own: tell its publisher."
    )


def apply(
    conn: sqlite3.Connection,
    source: Source,
    state: SourceState,
    result: PollResult,
    *,
    now: float,
    interval_of: IntervalOf,
    rng: random.Random,
    default_title: str = "",
) -> Applied:
    """Record one poll's result. Call inside a transaction. ``interval_of(source, hint_s)``
    gives the healthy interval (``scheduling.interval_for`` with the user's settings). A title
    that is empty or the kind's ``default_title`` is replaced by the source's own name."""
    outcome = result.outcome
    if not sources_repo.exists(conn, source.id):  # removed while it was being polled
        log.info("source %d (%s): removed during the round; its result is dropped",
                 source.id, display_name(source))
        return Applied(SourceReport(source.id, display_name(source), "skipped", 0,
                                    "It was removed during the round."))
    if isinstance(outcome, Failed):
        interval_s = interval_of(source, state.ttl_s)
        return _failed(conn, source, state, outcome, now=now, interval_s=interval_s, rng=rng)
    return _succeeded(conn, source, state, result, outcome, now=now, interval_of=interval_of,
                      rng=rng, default_title=default_title)


def _succeeded(
    conn: sqlite3.Connection,
    source: Source,
    state: SourceState,
    result: PollResult,
    outcome: Updated | NotModified,
    *,
    now: float,
    interval_of: IntervalOf,
    rng: random.Random,
    default_title: str,
) -> Applied:
    backlog = state.last_success is None  # a newly added source's first items: inbox, silently
    new_ids: tuple[int, ...] = ()
    warnings = [redact(w) for w in result.warnings]
    if isinstance(outcome, Updated):
        drafts = [bidi.clean_draft(d) for d in result.items]
        stored = items_repo.upsert(conn, source.id, drafts, now=now, backlog=backlog)
        new_ids = stored.new_ids
        if stored.shared:
            warnings.append(shared_ids_warning(stored.shared))
        listed_at: float | None = now  # every item listed now has last_seen == now
        status = "updated"
        hint = result.min_interval_s
        # what was wrong with this document: kept until a clean one is read
        last_warning = "; ".join(warnings) or None
    else:
        listed_at = _still_listed(conn, source.id, state, now)
        status = "not_modified"
        hint = result.min_interval_s if result.min_interval_s is not None else state.ttl_s
        last_warning = state.last_warning if not warnings else "; ".join(warnings)

    changes: dict[str, object] = {}
    own_title = bidi.strip_controls(result.title or "").strip()[:300]
    # A name Notify gave follows the source's own title; a name the person gave is kept
    # (``title_is_given``; a name not known to be either is settled now). ``source`` is the
    # round's snapshot: the person may have named it since (read it again).
    if own_title and source.title_given is not True and (
            own_title != source.title or source.title_given is None):
        current = sources_repo.get(conn, source.id)
        given = title_is_given(current, own_title, default_title)
        if current.title_given is None:
            changes["title_given"] = given
        if not given and own_title != current.title:
            changes["title"] = own_title
    if not source.html_url and result.html_url:
        changes["html_url"] = result.html_url

    moved_to, moved_count, notice = state.moved_to, 0, state.moved_notice
    redirect = outcome.permanent_redirect
    if redirect:
        redirect = keep_login(source.url, redirect)
    if redirect and redirect != source.url:
        moved_count = state.moved_count + 1 if state.moved_to == redirect else 1
        moved_to = redirect
        if moved_count >= MOVED_AFTER:
            other = sources_repo.find_duplicate(conn, source.kind, redirect)
            if other is not None and other.id != source.id:
                notice = (
                    f"{display_name(source)} moved permanently to {redact(redirect)}, which you "
                    f"already follow as source {other.id}. Remove one of them to avoid duplicates."
                )
            else:
                notice = (
                    f"{display_name(source)} moved permanently from {redact(source.url)} to "
                    f"{redact(redirect)}; Notify now uses the new address."
                )
                changes["url"] = redirect
                status = "moved"
            moved_to, moved_count = None, 0
    else:
        moved_to = None

    profile_changed = False
    if changes:
        before = sources_repo.get(conn, source.id)
        source = sources_repo.update(conn, source.id, **changes)
        # a new title or address may rename it: what the profile learnt of it follows
        from notify.core.ranking.source_renames import follow_source

        profile_changed = follow_source(conn, before, source)
    interval = interval_of(source, hint)
    since = max(source.created_at, now - RATE_WINDOW_S)
    new_state = replace(
        state,
        etag=outcome.etag if outcome.etag is not None else state.etag,
        last_modified=(
            outcome.last_modified if outcome.last_modified is not None else state.last_modified
        ),
        last_attempt=now,
        last_success=now,
        last_error=None,
        last_error_kind=None,
        last_error_advice=(),
        next_attempt=scheduling.next_after_success(now, interval, rng),
        consecutive_failures=0,
        moved_to=moved_to,
        moved_count=moved_count,
        moved_notice=notice,
        ttl_s=hint,
        disabled_reason=None,
        disabled_reason_advice=(),
        cursor=dict(result.cursor) if result.cursor is not None else state.cursor,
        last_warning=last_warning,
        # a wait the server imposes after a success (GitHub's X-Poll-Interval) is kept as a
        # failure's Retry-After is: no round polls the source before it, not even a forced one
        server_retry_at=scheduling.server_retry_at(now, now + (result.server_wait_s or 0)),
        item_rate_per_day=(
            items_repo.rate_per_day(conn, source.id, now=now, since=since)
            if isinstance(outcome, Updated) or state.item_rate_per_day is None
            else state.item_rate_per_day  # a 304 brought nothing new
        ),
        listed_at=listed_at,
        own_title=own_title or state.own_title,
    )
    state_repo.save(conn, new_state)
    message = notice if status == "moved" else ("; ".join(warnings) or None)
    report = SourceReport(source.id, display_name(source), status, len(new_ids), message,
                          new_state.next_attempt)
    return Applied(report, new_ids, backlog, source, profile_changed)


def _still_listed(
    conn: sqlite3.Connection, source_id: int, state: SourceState, now: float
) -> float | None:
    """A 304: the items of the last listing are still listed. Their ``last_seen`` is moved to
    ``now`` when it is ``LISTED_REFRESH_S`` old or more; returns when they are marked."""
    marked = state.listed_at if state.listed_at is not None else state.last_success
    if marked is None:
        return None
    if now - marked < LISTED_REFRESH_S:
        return marked
    items_repo.touch_listed(conn, source_id, marked, now)
    return now


def _failed(
    conn: sqlite3.Connection,
    source: Source,
    state: SourceState,
    outcome: Failed,
    *,
    now: float,
    interval_s: int,
    rng: random.Random,
) -> Applied:
    failures = state.consecutive_failures + 1
    said = outcome.said.redacted()  # what to do as data, for each front end (``Advised``)
    message = said.text or f"Polling {display_name(source)} failed."
    if outcome.permanent or outcome.kind is FailureKind.GONE:
        reason = (
            f"{display_name(source)} is gone: the server says it was removed for good "
            f"(HTTP {outcome.status or 410}). Notify stopped polling it; remove it, or enable "
            "it again if the address works once more."
        )
        source = sources_repo.update(conn, source.id, enabled=False)
        new_state = replace(
            state, last_attempt=now, last_error=message, last_error_kind=str(outcome.kind),
            last_error_advice=said.placed, next_attempt=None, consecutive_failures=failures,
            disabled_reason=reason, disabled_reason_advice=(),
        )
        state_repo.save(conn, new_state)
        log_failure(source.id, display_name(source), outcome, reason)
        return Applied(
            SourceReport(source.id, display_name(source), "disabled", 0, reason, None),
            source=source,
        )
    if outcome.kind is FailureKind.KEYRING:
        # this computer's keyring, not the source: no backoff, the server was not asked
        retry_at = scheduling.server_retry_at(now, state.server_retry_at)
        next_at = max(scheduling.next_after_success(now, interval_s, rng), retry_at or 0.0)
    else:
        retry_at = scheduling.server_retry_at(now, outcome.retry_at)
        next_at = scheduling.next_after_failure(now, failures, interval_s, rng, retry_at)
    new_state = replace(
        state, last_attempt=now, last_error=message, last_error_kind=str(outcome.kind),
        last_error_advice=said.placed, next_attempt=next_at, consecutive_failures=failures,
        server_retry_at=retry_at,
    )
    state_repo.save(conn, new_state)
    log_failure(source.id, display_name(source), outcome, message)  # the words the person sees
    return Applied(
        SourceReport(source.id, display_name(source), "failed", 0, message, next_at,
                     said.placed),
        source=source,
    )
