"""The feed source kind: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1.

One conditional GET per poll; the body is parsed off the event loop (``ctx.run_cpu``) by
``notify.core.feedparse.parse_feed``, which is module-level and returns plain data, so the engine
may run it in a thread or a process. A web page instead of a feed, or a body that is no feed at
all, becomes a ``Failed(kind=PARSE)`` that names the source and says what to do (for JSON that is
not a JSON Feed: the JSON API kind). An address holding ``•••`` where an OPML export removed its
secret (``notify.core.redacted``) is refused when given and never fetched.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from notify.core.errors import Advice, Advised, Remedy, SourceConfigError, UserInputError
from notify.core.feedparse.result import FeedParseError, NotAFeedError, ParsedFeed
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Updated
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.redacted import MARKER, has_redacted_secret, secret_removed
from notify.core.source_names import source_name
from notify.core.sources.base import (
    AddressDoc,
    PollContext,
    PollResult,
    Setting,
    SourceKind,
    conditional,
)
from notify.core.urls import login_of, normalise_user_url

if TYPE_CHECKING:  # discovery is imported when a poll met a web page
    from notify.core.discovery import DiscoveredFeed

log = logging.getLogger(__name__)
EXAMPLE = "https://blog.python.org/"  # an address to give, in the words about it


def _name(source: Source) -> str:
    """The source as every list names it (``source_name``: one still named after its host by
    host and path, not "'127.0.0.1'" for each of a host's sources), quoted."""
    return f"'{source_name(source)}'"


# Where a feed's login goes, in words (no scheme: ``logs.redact`` would take it for a login)
LOGIN_AT = "USER:PASSWORD@"
# How a poll's failure says that the address gives a web page (``sources preview`` reads it).
WEB_PAGE = "its address gives a web page"


def web_page_advice(source: Source, outcome: Updated) -> Advised:
    """What to do about a source whose address gives a web page (added without the check that
    looks for a page's feeds, or a site that replaced its feed by a page): the feeds the page
    announces, read from the body already fetched, and how to change the address."""
    from notify.core.discovery import discover_feeds  # failures only

    try:
        feeds = discover_feeds(outcome.body, outcome.url)
    except Exception:  # the advice must never fail the poll's report
        log.exception("feed %s: reading the page's feed links failed", source.id)
        feeds = ()
    # where to change it, as data: each front end says it its way (the app offers to switch
    # to the page's feed: the advice names the first, stored redacted like any address)
    if not feeds:
        edit = Advice(Remedy.EDIT_ADDRESS, source_id=source.id)
        return Advised.of(f"{WEB_PAGE} that announces no feed. Look for an RSS or Atom "
                          "link on the site and change the source's address to it (", edit, ").")
    # the exact address to give, as data too (the app may offer it at one click)
    use_first = Advice(Remedy.EDIT_ADDRESS, address=feeds[0].url, source_id=source.id)
    if len(feeds) == 1:
        return Advised.of(f"{WEB_PAGE}, not a feed. The page announces one feed, "
                          f"{_feed_words(feeds[0])}; to follow it instead: ", use_first, ".")
    listed = ", ".join(f"{n}. {_feed_words(f)}" for n, f in enumerate(feeds[:LISTED], 1))
    more = f", and {len(feeds) - LISTED} more" if len(feeds) > LISTED else ""
    return Advised.of(f"{WEB_PAGE}, not a feed. The page announces {len(feeds)} feeds: "
                      f"{listed}{more}. To follow the first instead: ", use_first,
                      " (another: give its address instead).")


LISTED = 5  # the feeds a web page's advice lists at most (a blog's page may announce dozens)


def _feed_words(feed: DiscoveredFeed) -> str:
    """“Title” at ADDRESS, or the address alone (redacted)."""
    return f"“{feed.title}” at {redact(feed.url)}" if feed.title else redact(feed.url)


def parse_failure(source: Source, outcome: Updated, err: FeedParseError) -> Failed:
    """A user-facing PARSE failure for ``source``."""
    if isinstance(err, NotAFeedError):
        message = Advised.of(f"Feed {_name(source)}: ", web_page_advice(source, outcome))
    else:
        message = Advised.of(f"Feed {_name(source)} could not be read: {err}.")
        from notify.core.discovery import json_kind, looks_like_json  # failures only

        if looks_like_json(outcome.body):
            message = Advised.of(message, " ", json_kind(source.url))
    return Failed(kind=FailureKind.PARSE, message=message.text, url=outcome.url,
                  status=outcome.status, headers=outcome.headers, advice=message.placed)


def refused(failed: Failed, source_id: int | None) -> Failed:
    """A 401 or 403 of a feed in words true for a feed: its login goes in its address (a feed
    has no token and no settings; the fetcher's words, "check the token or credentials for
    this source in Settings", sent a person looking for either). ``source_id`` None: a feed not
    saved (the check before adding it, a preview): no source to edit."""
    if failed.status not in (401, 403) or failed.kind is not FailureKind.AUTH:
        return failed
    from notify.core.fetch.failures import host_of

    host = host_of(failed.url)
    reason = "HTTP 401 Unauthorized" if failed.status == 401 else "HTTP 403 Forbidden"
    edit: tuple[str | Advice, ...] = (
        (": ", Advice(Remedy.EDIT_ADDRESS, source_id=source_id), ".") if source_id else (".",))
    if login_of(failed.url) is not None:
        return failed.retold(
            f"{host} refused the login given in the feed's address ({reason}): the user name "
            "or password may be wrong, or no longer valid. Give the right ones in the address, "
            f"before its host ({LOGIN_AT}{host})", *edit)
    if failed.status == 401:
        return failed.retold(
            f"{host} refused access ({reason}): this feed needs a login. Give its user name "
            f"and password in the address, before its host ({LOGIN_AT}{host})", *edit)
    return failed.retold(
        f"{host} refused access ({reason}): it does not let Notify read this feed. If the "
        f"feed needs a login, give it in the address, before its host ({LOGIN_AT}{host})",
        *edit)


class FeedKind(SourceKind):
    id = "feed"
    label = "Feed (RSS, Atom, JSON Feed)"
    description = "A web feed: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1."
    settings: tuple[Setting, ...] = ()
    address = AddressDoc(
        # short: at 480 px, 14 pt, in the app a longer one was cut (the example says more)
        placeholder="Address of a feed or of a web page",
        example=f"e.g. {EXAMPLE} (a web page is searched for its feeds)",
        what="the address of a feed or web page",
    )
    default_interval_s = 30 * 60
    min_interval_s = 5 * 60
    host_limit: int | None = None

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        if not (url or "").strip():
            raise SourceConfigError(f"The URL is empty. Give {self.address.what}.")
        try:
            canonical, _ = normalise_user_url(url)
        except UserInputError as err:
            raise SourceConfigError(
                f"{err} Give {self.address.what}, e.g. {EXAMPLE}."
            ) from err
        if has_redacted_secret(canonical):
            raise SourceConfigError(
                f"{redact(canonical)} holds {MARKER} where an export removed a secret (a feed "
                "key); it is no real address. Give the feed's full address, with its key."
            )
        return canonical, dict(settings)

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        try:
            host = urlsplit(url).hostname or url
        except ValueError:
            host = url
        return host.removeprefix("www.")

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        if has_redacted_secret(source.url):  # never send the marker as if it were the key
            said = secret_removed(f"Feed {_name(source)}", source.id)
            return PollResult(outcome=Failed(
                kind=FailureKind.CONFIG, message=said.text, url=redact(source.url),
                advice=said.placed,
            ))
        outcome = await ctx.fetch(conditional(source, state))
        if isinstance(outcome, Failed):
            return PollResult(outcome=refused(outcome, source.id))
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome)
        from notify.core.feedparse.parse import parse_feed  # a 304 needs no parser

        try:
            parsed: ParsedFeed = await ctx.run_cpu(
                parse_feed, outcome.body, outcome.url, dict(outcome.headers)
            )
        except FeedParseError as err:
            log.info("feed %s (%s) did not parse: %s", source.id, redact(outcome.url), err)
            return PollResult(outcome=parse_failure(source, outcome, err))
        except Exception as err:  # a parser bug must not take the poll round down with it
            log.exception("feed %s (%s): parser crashed", source.id, redact(outcome.url))
            return PollResult(outcome=parse_failure(source, outcome, FeedParseError(
                f"Notify's feed parser failed on it ({type(err).__name__}); please report this"
            )))
        return PollResult(
            outcome=outcome,
            items=parsed.items,
            min_interval_s=parsed.min_interval_s,
            title=parsed.title or None,
            html_url=parsed.html_url,
            warnings=parsed.warnings,
        )


KIND = FeedKind()
