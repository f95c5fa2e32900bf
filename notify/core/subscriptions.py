"""Adding, changing, removing, importing and exporting sources, on the engine's connection.

Every change validates through the source's kind (``kind.normalise``) and reports
``SourcesChanged`` to the engine's listener.

A new source is named, in this order, by the person (``title``), by what the check before
adding read (``Subscriptions.probe``: the feed's own title, else the title of the page link that
announced it), else by its kind's ``default_title`` (a feed: its host) until its first poll.
Who named it is recorded (``Source.title_given``): a name the person gave is kept whatever the
source later calls itself; any other follows it (``notify.core.poll``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from notify.core import scheduling
from notify.core.discovery import DiscoveredFeed, discover_feeds, looks_like_feed, no_feed_here
from notify.core.errors import (
    Advice,
    Advised,
    NotifyError,
    Remedy,
    SourceConfigError,
    UserInputError,
    command_line_words,
)
from notify.core.events import Event, ProfileChanged, SourcesChanged
from notify.core.fetch.outcomes import Failed, FailureKind, Request, Updated
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.opml import (
    OpmlDuplicate,
    OpmlEntry,
    OpmlSkipped,
    export_opml,
    import_opml,
    import_summary,
    plan_import,
)
from notify.core.redacted import has_redacted_secret, secret_removed
from notify.core.source_names import address_name, source_name, title_is_given
from notify.core.sources import registry
from notify.core.sources.base import (
    Fetch,
    NeedsPageLookup,
    SettingType,
    SourceKind,
    with_login,
)
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.sources import transaction
from notify.core.urls import dedupe_key, normalise_user_url

log = logging.getLogger(__name__)

# Names read by ``probe`` that an engine remembers for ``add`` (its address -> the name).
REMEMBERED_TITLES = 64
TITLE_MAX_CHARS = 300  # as ``notify.core.poll.apply`` keeps a feed's own title
# The fetcher's messages promise a retry (``notify.core.fetch.failures``): true for a source,
# false for an address that was checked and not added.
_RETRY_PROMISE_RE = re.compile(
    r"[;,]?\s*Notify will try again (?:later|after [0-9:]+)(?:; if this repeats,[^.]*)?\.?"
)
RunCpu = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class ImportReport:
    """What ``import_opml`` did. Every text is redacted (feed keys never printed).
    ``needs_secret`` are the ``added`` sources imported disabled: an export removed their
    secret (``notify.core.opml.redacted``). A warning carries what to do as data (``Advised``:
    its text in the command line's words, each front end says it its way)."""

    added: tuple[Source, ...]
    existing: tuple[OpmlEntry, ...]
    duplicates: tuple[OpmlDuplicate, ...]
    skipped: tuple[OpmlSkipped, ...]
    warnings: tuple[Advised, ...]
    needs_secret: tuple[Source, ...] = ()

    def summary(self) -> str:
        return import_summary(len(self.added), len(self.existing), len(self.duplicates),
                              len(self.skipped), len(self.needs_secret))


@dataclass(frozen=True)
class Probe:
    """What is at a URL the user gave: a feed (``title``: its own, or ""), or a page announcing
    ``candidates``. ``error`` (user-facing: what failed, without any promise to retry, since
    nothing was added) when it could not be fetched. ``no_feed`` (user-facing) when it is
    neither a feed nor a page announcing one: what it is and what to do (JSON that is not a feed
    is no "web page": the advice is the JSON API kind, as data)."""

    url: str
    is_feed: bool
    candidates: tuple[DiscoveredFeed, ...] = ()
    error: str | None = None
    title: str = ""
    no_feed: Advised | None = None


def _unsaved_words(advice: Advice) -> str:
    """An advice in the command line's words, for a source not saved: there is no source to
    edit (a preview's API that refused its token said "notify sources edit ID --token-stdin")."""
    if not advice.source_id and advice.remedy is Remedy.GIVE_TOKEN:
        return "run the command again with --token-stdin"
    if not advice.source_id and advice.remedy is Remedy.EDIT_ADDRESS:
        return "run the command again with the right address"
    return command_line_words(advice)


def reason_not_saved(outcome: Failed) -> str:
    """Why an address could not be read, in words true for one that was not saved (checked
    before adding it, or previewed): the fetcher's own message promises a retry, or speaks of a
    disabled source, and its advice names no source."""
    if outcome.kind is FailureKind.GONE:
        from notify.core.fetch.failures import host_of

        return (f"{host_of(outcome.url)} says this feed was removed (HTTP 410 Gone). Look on "
                "the site for the address of its current feed.")
    text = outcome.said.said(_unsaved_words)
    # the promise is a sentence of its own, or the last clause of one ("…; Notify will…")
    return redact(_RETRY_PROMISE_RE.sub(
        lambda m: "" if text[m.start() - 1:m.start()] == "." else ".", text).strip())


def feed_title(body: bytes, url: str, headers: Mapping[str, str]) -> str:
    """A feed body's own title ("" when it has none or does not parse: the poll will say why)."""
    from notify.core.feedparse import FeedParseError
    from notify.core.feedparse.parse import parse_feed

    try:
        return parse_feed(body, url, headers).title.strip()[:TITLE_MAX_CHARS]
    except FeedParseError as err:
        log.info("the feed at %s did not parse when checked before adding: %s", redact(url),
                 err)
        return ""


async def probe_feed(fetch: Fetch, url: str, run_cpu: RunCpu | None = None) -> Probe:
    """Fetch ``url`` once: is it a feed (and what is its title), or a web page that announces
    feeds? ``run_cpu`` parses the feed off the event loop (default: a thread). ``url`` is read
    as a person types it (``lwn.net`` is ``https://lwn.net``, as ``add`` stores it); one that is
    no web address raises ``UserInputError`` saying so."""
    url = normalise_user_url(url)[0]
    outcome = await fetch(with_login(Request(url=url)))
    if isinstance(outcome, Failed):
        from notify.core.sources.feed import refused

        return Probe(url, False, error=reason_not_saved(refused(outcome, None)))
    if not isinstance(outcome, Updated):
        return Probe(url, True)
    if looks_like_feed(outcome.body, outcome.content_type):
        run = run_cpu or asyncio.to_thread
        try:
            title = await run(feed_title, outcome.body, outcome.url, dict(outcome.headers))
        except Exception:  # a parser bug must not keep the feed from being added
            log.exception("reading the title of %s failed", redact(url))
            title = ""
        return Probe(url, True, title=title)
    candidates = discover_feeds(outcome.body, outcome.url)
    return Probe(url, False, candidates,
                 no_feed=None if candidates else no_feed_here(url, outcome.body))


async def look_up(fetch: Fetch, need: NeedsPageLookup) -> str:
    """Fetch the page a kind named (``NeedsPageLookup``) once and return the address found on it.
    Raises ``SourceConfigError`` saying what failed and what to do instead."""
    outcome = await fetch(Request(url=need.page_url))
    if isinstance(outcome, Failed):
        raise SourceConfigError(
            f"Could not read {redact(need.page_url)} to find {need.what}: "
            f"{redact(outcome.message)} {need}"
        )
    found = need.find(outcome.body) if isinstance(outcome, Updated) else None
    if not found:
        raise SourceConfigError(
            f"{redact(need.page_url)} does not show {need.what} where Notify looks for it. {need}"
        )
    log.info("looked up %s: %s", redact(need.page_url), redact(found))
    return found


async def resolve_address(fetch: Fetch, kind_id: str, url: str) -> str:
    """``url``, or the address its kind needs looked up on a web page (a YouTube handle)."""
    try:
        registry.get(kind_id).normalise(url, {})
    except NeedsPageLookup as need:
        return await look_up(fetch, need)
    except NotifyError as err:  # other settings missing here: ``add`` validates them all
        log.debug("resolve_address: %s left to add(): %s", kind_id, redact(str(err)))
    return url


def _title_key(url: str) -> str:
    """The same key for every spelling of an address (as typed, or as ``add`` stores it)."""
    with contextlib.suppress(UserInputError):  # not an address: never added as typed either
        url = normalise_user_url(url)[0]
    return dedupe_key(url)


def imported_title(entry: OpmlEntry, url: str) -> str:
    """The title an OPML outline gives its feed, or "" when it names the feed only by its
    address (the URL, or the address name ``opml.export.exported_title`` writes for a feed
    still named after its host): such a source takes its kind's default name, which its first
    poll replaces with the feed's own, as for a source added from its address."""
    title = entry.title.strip()
    addresses = {entry.url, url, address_name(entry.url), address_name(url)}
    return "" if title in addresses or title.rstrip("/") in addresses else title


def _imported_title_given(entry: OpmlEntry, url: str) -> bool | None:
    """Who named a source an OPML file names: not known yet (None) when the file gives it a
    title, since the feed's own title is read at its first poll, which settles it (a title
    that differs from the feed's own is the person's: ``title_is_given``); Notify (False) when
    the file names it only by its address."""
    return None if imported_title(entry, url) else False


def check_interval(
    interval_s: float | None, kind: SourceKind, policy: scheduling.IntervalPolicy
) -> int | None:
    """A source's own interval (seconds), or a ``UserInputError`` when it is shorter than its
    kind, or the user's ``poll.min_interval_min`` setting, allows (``scheduling.minimum_for``)."""
    if interval_s is None:
        return None
    minimum = scheduling.minimum_for(scheduling.KindIntervals.of(kind), policy)
    if interval_s < minimum:
        why = (
            "your shortest poll interval, setting poll.min_interval_min"
            if policy.minimum_s >= minimum else f"the shortest a {kind.id} source allows"
        )
        raise UserInputError(
            f"The poll interval must be at least {minimum / 60:g} minutes ({why}; got "
            f"{interval_s / 60:g})."
        )
    return int(interval_s)


class Subscriptions:
    def __init__(
        self,
        conn: sqlite3.Connection,
        clock: Callable[[], float],
        emit: Callable[[Event], None],
        probed_titles: dict[str, str] | None = None,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._emit = emit
        # address key -> the name ``probe`` read there (the engine keeps it between calls)
        self._probed_titles = {} if probed_titles is None else probed_titles

    async def probe(self, fetch: Fetch, url: str, run_cpu: RunCpu | None = None) -> Probe:
        """``probe_feed``, remembering the names it read for ``add``: the feed's own title, and
        the titles of the links a page announces (never over a feed's own title)."""
        found = await probe_feed(fetch, url, run_cpu)
        titles = self._probed_titles
        if found.is_feed and found.title:
            titles.pop(_title_key(url), None)  # the newest last
            titles[_title_key(url)] = found.title
        for candidate in found.candidates:
            if candidate.title:
                titles.setdefault(_title_key(candidate.url), candidate.title[:TITLE_MAX_CHARS])
        while len(titles) > REMEMBERED_TITLES:
            del titles[next(iter(titles))]  # the oldest
        return found

    def _probed_title(self, kind_id: str, url: str) -> str:
        return self._probed_titles.get(_title_key(url), "") if kind_id == "feed" else ""

    def add(
        self, kind_id: str, url: str, title: str = "", group: str = "",
        settings: Mapping[str, Any] | None = None, interval_s: int | None = None,
    ) -> Source:
        """Validate through the kind and store a new source. Raises ``NotifyError``."""
        kind = registry.get(kind_id)
        clean_url, clean_settings = kind.normalise(url, dict(settings or {}))
        own_interval = check_interval(interval_s, kind, scheduling.IntervalPolicy.read(self._conn))
        probed = self._probed_title(kind.id, clean_url)
        with transaction(self._conn):
            source = sources_repo.add(
                self._conn, kind=kind.id, url=clean_url, now=self._clock(),
                title=(title.strip() or probed or kind.default_title(clean_url, clean_settings)),
                title_given=bool(title.strip()), group=group.strip(), settings=clean_settings,
                interval_s=own_interval,
            )
            if probed:  # its own title, read before adding (a name it follows, if named so)
                state_repo.save(self._conn, SourceState(source.id, own_title=probed))
        self._emit(SourcesChanged((source.id,)))
        return source

    def update(self, source_id: int, **changes: Any) -> Source:
        """Change a source. Enabling a disabled one clears its failure record so it polls soon;
        a new address or new settings (a token given again) make it due now, not after its
        backoff. ``title``: a new name is the person's (kept whatever the source calls itself
        later); the name it has is no change (a form sends the name it shows), unless
        ``title_given=True`` says the person gave it (then kept even when it is the very name the
        source gives itself); "" gives it back a name Notify gives, which follows the source. A
        name Notify gave (``title_is_given``) follows a new address or new settings: the
        source's own title at the same feed, else the title read when the address was checked
        (``probe``), else the kind's default. An address another source already has
        is refused. A token the new settings no longer use is deleted from the keyring (best
        effort)."""
        current = sources_repo.get(self._conn, source_id)
        if changes.get("title_given") is not True:
            changes.pop("title_given", None)  # only the person's naming is said so
        naming = "title" in changes and (
            str(changes["title"]).strip() != current.title or "title_given" in changes)
        if naming:
            changes["title"] = str(changes["title"]).strip()
            changes["title_given"] = bool(changes["title"])
        elif "title" in changes:
            del changes["title"]  # the name it has: no change
        if "interval_s" in changes:
            changes["interval_s"] = check_interval(
                changes["interval_s"], registry.get(current.kind),
                scheduling.IntervalPolicy.read(self._conn))
        url, settings = current.url, current.settings
        if "url" in changes or "settings" in changes:
            kind = registry.get(current.kind)
            url, settings = kind.normalise(
                changes.get("url", current.url), changes.get("settings", current.settings)
            )
            changes["url"], changes["settings"] = url, settings
        # a name Notify gives: asked for (the name cleared), or following a new address or new
        # settings when none is given
        if (naming and not changes["title"]) or (
                not naming and self._name_follows(current, url, settings)):
            changes["title"] = self._automatic_title(current, url, settings)
            changes["title_given"] = False
        if ("url" in changes and not current.enabled and has_redacted_secret(current.url)
                and not has_redacted_secret(changes["url"]) and "enabled" not in changes):
            changes["enabled"] = True  # the secret an export removed is back: it can be read
        with transaction(self._conn):
            if "url" in changes and changes["url"] != current.url:
                other = sources_repo.find_duplicate(self._conn, current.kind, changes["url"])
                if other is not None and other.id != source_id:
                    raise UserInputError(redact(
                        f"{changes['url']} is already subscribed as source {other.id} "
                        f"({source_name(other)}): an address is followed by one source only. "
                        "Give another address, or remove that source first."))
            source = sources_repo.update(self._conn, source_id, **changes)
            # a new name (title or address): what the profile learnt of it follows (imported
            # here: ranking is not loaded for every command that reads sources)
            from notify.core.ranking.source_renames import follow_source

            profile_changed = follow_source(self._conn, current, source)
            if changes.get("enabled") and not current.enabled:
                state = state_repo.get(self._conn, source_id)
                state_repo.save(self._conn, replace(
                    state, disabled_reason=None, disabled_reason_advice=(), consecutive_failures=0,
                    next_attempt=None,
                ))
            if "url" in changes and changes["url"] != current.url:
                state = state_repo.get(self._conn, source_id)
                # another feed (not another spelling of this one): what it has is its backlog,
                # for the inbox without notifications, as a newly added source's
                other_feed = dedupe_key(changes["url"]) != dedupe_key(current.url)
                state_repo.save(self._conn, replace(
                    state, etag=None, last_modified=None, moved_to=None, moved_count=0,
                    next_attempt=None, server_retry_at=None, last_warning=None,
                    last_success=None if other_feed else state.last_success,
                    # another feed's own title: the one read at its address (None: its first
                    # poll reads it)
                    own_title=(self._probed_title(current.kind, changes["url"]) or None
                               if other_feed else state.own_title),
                ))
            elif source.settings != current.settings:
                state = state_repo.get(self._conn, source_id)
                state_repo.save(self._conn, replace(state, next_attempt=None))
        self._forget_secrets(current, keep=source)
        self._emit(SourcesChanged((source_id,)))
        if profile_changed:  # Settings → Profile and the Why panel read it again
            self._emit(ProfileChanged())
        return source

    def _name_follows(self, current: Source, url: str, settings: Mapping[str, Any]) -> bool:
        """Does ``current``'s name follow its new address or settings (a name Notify gave)?
        (Its kind is looked up only then: muting a source of a kind this version does not know
        still works.)"""
        if (url, settings) == (current.url, current.settings):
            return False
        kind = registry.get(current.kind)
        own_title = state_repo.get(self._conn, current.id).own_title
        return not title_is_given(current, own_title,
                                  kind.default_title(current.url, current.settings))

    def _automatic_title(self, current: Source, url: str, settings: Mapping[str, Any]) -> str:
        """The name Notify gives ``current`` at ``url`` with ``settings``: at the same feed its
        own title as last read, else the title read when the address was checked (``probe``),
        else its kind's default."""
        kind = registry.get(current.kind)
        own_title = (state_repo.get(self._conn, current.id).own_title
                     if dedupe_key(url) == dedupe_key(current.url) else None)
        return own_title or self._probed_title(kind.id, url) or kind.default_title(url, settings)

    def remove(self, source_id: int) -> Source:
        """Delete a source, its items and state; its keyring secrets too (best effort)."""
        with transaction(self._conn):
            source = sources_repo.remove(self._conn, source_id)
        self._forget_secrets(source)
        self._emit(SourcesChanged((source_id,)))
        return source

    @staticmethod
    def _secret_refs(source: Source) -> set[str]:
        try:
            kind = registry.get(source.kind)
        except NotifyError as err:  # a kind this version does not know: its settings neither
            log.warning("source %d: which of its settings are keyring secrets is unknown (%s); "
                        "a token it had stays in the keyring", source.id, err)
            return set()
        refs = (source.settings.get(s.key) for s in kind.settings
                if s.type is SettingType.SECRET)
        return {ref for ref in refs if isinstance(ref, str) and ref}

    def _forget_secrets(self, source: Source, keep: Source | None = None) -> None:
        """Delete ``source``'s keyring secrets, but those ``keep`` (the source as changed) uses."""
        for ref in self._secret_refs(source) - (self._secret_refs(keep) if keep else set()):
            try:
                from notify.core import secrets

                secrets.delete(ref)
            except NotifyError as err:
                what = "changed, but its old" if keep else "removed, but its"
                log.warning("source %d %s token %s stays in the keyring: %s",
                            source.id, what, ref, err)

    def import_opml(self, data: bytes) -> ImportReport:
        """Add the feeds of an OPML file that are not subscribed yet. Raises ``OpmlError``."""
        read = import_opml(data)
        existing_urls = [s.url for s in sources_repo.list_all(self._conn)]
        plan = plan_import(existing_urls, read)
        added: list[Source] = []
        needs_secret: list[Source] = []
        skipped = list(read.skipped)
        warnings = [Advised(redact(w)) for w in (*read.warnings, *plan.warnings())]
        now = self._clock()
        without_secret = set(plan.needs_secret)
        to_add = set(plan.new) | without_secret
        with transaction(self._conn):
            for entry in (e for e in read.entries if e in to_add):  # in file order
                try:
                    if entry in without_secret:
                        source = self._add_without_secret(entry, now)
                        needs_secret.append(source)
                        warnings.append(
                            secret_removed(f"'{entry.describe()}'", source.id).redacted())
                    else:
                        kind = registry.get(entry.kind)
                        url, settings = kind.normalise(entry.url, {})
                        source = sources_repo.add(
                            self._conn, kind=kind.id, url=url, now=now,
                            title=imported_title(entry, url) or kind.default_title(url, settings),
                            title_given=_imported_title_given(entry, url), group=entry.group,
                            settings=settings, html_url=entry.html_url,
                        )
                    added.append(source)
                except NotifyError as err:  # its advice, if any, as data (redacted)
                    said = err.advised().redacted()
                    skipped.append(OpmlSkipped(entry.title, entry.group, said.text,
                                               entry.line, said.placed))
        if added:
            self._emit(SourcesChanged(tuple(s.id for s in added)))
        return ImportReport(
            tuple(added), plan.existing, read.duplicates, tuple(skipped), tuple(warnings),
            tuple(needs_secret),
        )

    def _add_without_secret(self, entry: OpmlEntry, now: float) -> Source:
        """An OPML feed whose secret an export removed: added disabled, saying why, so that the
        address with ``•••`` is never fetched as if it were real (the feed kind refuses such an
        address; editing it to the real one enables the source: ``update``)."""
        source = sources_repo.add(
            self._conn, kind=entry.kind, url=entry.url, now=now,
            title=imported_title(entry, entry.url) or registry.get(entry.kind).default_title(
                entry.url, {}),
            title_given=_imported_title_given(entry, entry.url), group=entry.group,
            html_url=entry.html_url, enabled=False,
        )
        state = state_repo.get(self._conn, source.id)
        reason = secret_removed(f"'{entry.describe()}'", source.id)
        state_repo.save(self._conn, replace(
            state, disabled_reason=reason.text, disabled_reason_advice=reason.placed))
        return source

    def export_opml(self) -> str:
        return export_opml(sources_repo.list_all(self._conn), now=self._clock(),
                           own_titles=state_repo.own_titles(self._conn))
