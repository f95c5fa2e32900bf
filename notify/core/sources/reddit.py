"""A subreddit's listing (new or hot), or a user's posts, from Reddit's public ``.json`` pages.

What people paste is read as Reddit's own pages are addressed: ``python``, ``r/python``,
``reddit.com/r/python/hot``, a post in the subreddit (its subreddit), ``u/spez`` or a user's
page; a listing Notify does not follow (``top``) is refused with the ones it does. Reddit
sending a web page instead of JSON (its "blocked" page) is said as Reddit refusing this network.

For ``new``, each poll asks only for posts newer than the newest one seen (``before=<fullname>``).
If that post is deleted, Reddit answers an empty page forever: after ``EMPTY_RESET`` empty answers
in a row Notify asks once without ``before`` (items are de-duplicated by their fullname anyway).
``x-ratelimit-remaining``/``-reset`` are read from every answer (``apihelpers.server_interval``):
when the quota is spent the next poll waits for the reset; a 429 (with ``Retry-After``) is handled
by the fetcher's backoff. NSFW posts carry the tag ``nsfw``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Request, Updated
from notify.core.models import ItemDraft, Source, SourceState
from notify.core.sources import apihelpers as api
from notify.core.sources.address import split_address
from notify.core.sources.base import (
    AddressDoc,
    PollContext,
    PollResult,
    Setting,
    SettingType,
    SourceKind,
)
from notify.core.sources.htmltext import clean_html, html_to_text

WEB = "https://www.reddit.com"
SORTS = ("new", "hot")
OTHER_SORTS = ("top", "rising", "controversial", "best")  # Reddit's, not followed
EMPTY_RESET = 6
_HOSTS = ("reddit.com", "www.reddit.com", "old.reddit.com", "new.reddit.com", "np.reddit.com",
          "m.reddit.com", "sh.reddit.com")
_SUB_NAME = re.compile(r"^[A-Za-z0-9_+]{2,64}$")
_USER_NAME = re.compile(r"^[A-Za-z0-9_-]{3,20}$")
# a stored source's address: a subreddit's listing or a user's posts
_LISTING_RE = re.compile(r"/(r|user)/([^/]+)/(?:submitted|(new|hot))\.json$")
EXAMPLES = "its name (python) or address (https://www.reddit.com/r/python/), or a user (u/NAME)"


@dataclass(frozen=True)
class Listing:
    """What a Reddit address names: a subreddit (``r``) or a user's posts (``user``), and the
    order its page shows, if it shows one."""

    where: str  # "r" or "user"
    name: str
    sort: str = ""

    @property
    def label(self) -> str:
        return f"{'r' if self.where == 'r' else 'u'}/{self.name}"


def listing_of(url: str) -> Listing | None:
    """The listing of a stored source's address (``…/r/python/new.json``,
    ``…/user/spez/submitted.json?sort=new``)."""
    parts = urlsplit(url)
    match = _LISTING_RE.search(parts.path)
    if not match:
        return None
    sort = match.group(3) or parse_qs(parts.query).get("sort", [""])[0]
    return Listing(match.group(1), match.group(2), sort)


def _listing(path: str, query: str, text: str) -> Listing:
    """The listing a pasted address's path names, or a ``SourceConfigError`` that says what
    to give instead."""
    segments = [seg for seg in path.split("/") if seg]
    if segments:
        last = segments[-1]
        for suffix in (".json", ".rss"):
            last = last.removesuffix(suffix)
        segments[-1:] = [last] if last else []
    asked = {k: v[0] for k, v in parse_qs(query).items() if v}
    if len(segments) >= 2 and segments[0].lower() in ("u", "user"):
        name, rest = segments[1], [seg.lower() for seg in segments[2:]]
        if not _USER_NAME.match(name) or rest not in ([], ["submitted"], ["posts"],
                                                       ["overview"]):
            raise SourceConfigError(
                f"{text!r} is not a Reddit user's posts. Give the user's address "
                "(https://www.reddit.com/user/NAME/) or u/NAME; Notify follows their posts."
            )
        return Listing("user", name, asked.get("sort", ""))
    if segments and segments[0].lower() == "r":
        segments = segments[1:]
    if not segments or not _SUB_NAME.match(segments[0]):
        raise SourceConfigError(f"{text!r} is not a subreddit. Give {EXAMPLES}.")
    name, rest = segments[0], [seg.lower() for seg in segments[1:]]
    if rest and rest[0] == "comments":
        return Listing("r", name)  # a post: its subreddit (the source is named r/NAME)
    if len(rest) > 1 or (rest and rest[0] not in SORTS + OTHER_SORTS):
        raise SourceConfigError(f"{text!r} is not a subreddit. Give {EXAMPLES}.")
    return Listing("r", name, rest[0] if rest else asked.get("sort", ""))


class Reddit(SourceKind):
    id = "reddit"
    label = "Reddit"
    description = ("Posts of a subreddit, or of a Reddit user (new or hot). NSFW posts are "
                   "tagged 'nsfw'.")
    settings = (
        Setting("sort", "Order", SettingType.CHOICE, default="new", choices=SORTS,
                help="'new' asks only for what is new since the last poll"),
        Setting("limit", "Posts per poll", SettingType.INT, default=50, help="at most 100"),
    )
    address = AddressDoc(
        placeholder="Subreddit: its name or address",
        example="e.g. python, r/python or https://www.reddit.com/r/python/; a user: u/NAME",
        what="a subreddit",
    )
    default_interval_s = 900
    min_interval_s = 120
    host_limit: int | None = 1

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """``python``, ``r/python``, ``https://www.reddit.com/r/python/`` (or one of its
        listings, or a post in it), ``u/spez`` or ``https://www.reddit.com/user/spez/`` -> the
        listing's JSON address."""
        out = dict(settings)
        text = (url or "").strip()
        if not text:
            raise SourceConfigError(f"Give {self.address.what}: {EXAMPLES}.")
        bare = text.lstrip("/")
        if "://" not in text and bare.split("/", 1)[0].lower() in _HOSTS:
            text = "https://" + bare  # reddit.com/r/python, typed without https://
        elif "://" not in text:
            bare = "https://www.reddit.com/" + bare
        parts = split_address(text if "://" in text else bare, f"Give {self.address.what}: "
                              f"{EXAMPLES}.")
        if not parts.netloc:
            raise SourceConfigError(f"{text!r} is not a subreddit. Give {EXAMPLES}.")
        listing = _listing(parts.path, parts.query, text)
        sort = listing.sort or str(out.get("sort") or "new")
        if sort in OTHER_SORTS:
            raise SourceConfigError(
                f"Notify follows the new or hot posts of {listing.label}, not its {sort!r} "
                f"ones: give {WEB}/{listing.label}/ (new) or", self.set_option("sort", "hot"),
                form="{0} {1}.")
        if sort not in SORTS:
            raise SourceConfigError(f"Reddit order {sort!r} is not one of {', '.join(SORTS)}.")
        out["sort"] = sort
        try:
            out["limit"] = max(1, min(int(out.get("limit") or 50), 100))
        except (TypeError, ValueError) as err:
            raise SourceConfigError("Reddit setting limit must be a number (1-100).") from err
        host = parts.netloc.lower()
        if host in _HOSTS:
            host = "www.reddit.com"
        scheme = parts.scheme if parts.scheme in ("http", "https") else "https"
        if listing.where == "user":
            # the order in the address, as a subreddit's: a caller that keeps only the address
            # (``notify sources add``) keeps the order pasted
            return f"{scheme}://{host}/user/{listing.name}/submitted.json?sort={sort}", out
        return f"{scheme}://{host}/r/{listing.name}/{sort}.json", out

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        listing = listing_of(url)
        return f"{listing.label if listing else 'r/?'} ({settings.get('sort', 'new')})"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = "Reddit"
        sort = str(source.settings.get("sort") or "new")
        query: dict[str, str] = {"limit": str(source.settings.get("limit") or 50), "raw_json": "1"}
        listing = listing_of(source.url)
        if listing is not None and listing.where == "user" and "sort=" not in source.url:
            query["sort"] = sort
        before = str(state.cursor.get("before") or "")
        empties = int(state.cursor.get("empty_polls") or 0)
        use_before = bool(before) and sort == "new"
        if use_before and empties < EMPTY_RESET:
            query["before"] = before
        asked_before = "before" in query
        joiner = "&" if "?" in source.url else "?"
        outcome = await ctx.fetch(Request(url=f"{source.url}{joiner}{urlencode(query)}",
                                          headers={"Accept": "application/json"},
                                          host_limit=self.host_limit))
        if isinstance(outcome, Failed):
            return PollResult(outcome=explain(api.with_rate_limit(outcome, ctx.now), source.url))
        wait = api.server_interval(outcome.headers, ctx.now)
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=wait)
        if _is_web_page(outcome):
            return PollResult(outcome=_web_page_failed(outcome, source.url))
        data = api.decode_json(outcome, what)
        if isinstance(data, Failed):
            return PollResult(outcome=data)
        children = (data.get("data") or {}).get("children") if isinstance(data, dict) else None
        if not isinstance(children, list):
            return PollResult(outcome=api.parse_failed(outcome, what, "no listing in the answer"))
        posts = [c["data"] for c in children
                 if isinstance(c, dict) and isinstance(c.get("data"), dict)]
        items = tuple(post_draft(p) for p in posts if p.get("name"))
        if items:
            cursor: dict[str, Any] = {"before": str(posts[0]["name"]), "empty_polls": 0}
        else:
            cursor = {"before": before, "empty_polls": 0 if not asked_before else empties + 1}
        return PollResult(outcome=outcome, items=items, cursor=cursor, min_interval_s=wait,
                          html_url=_page(source.url))


def _page(url: str) -> str:
    """The web page of a source's listing (``…/r/python/``, ``…/user/spez/submitted/``)."""
    listing = listing_of(url)
    if listing is None:
        return WEB
    if listing.where == "user":
        return f"{WEB}/user/{listing.name}/submitted/"
    return f"{WEB}/r/{listing.name}/"


def _is_web_page(outcome: Updated) -> bool:
    """An HTML page where JSON was asked for: Reddit's "blocked" or log-in page."""
    head = outcome.body[:512].lstrip().lower()
    return "html" in outcome.content_type or head.startswith((b"<!doctype", b"<html"))


def _web_page_failed(outcome: Updated, url: str) -> Failed:
    listing = listing_of(url)
    what = f"{listing.label}'s posts" if listing else "the posts"
    return Failed(
        kind=FailureKind.AUTH,
        message=(
            f"Reddit: Reddit sent a web page instead of {what} (HTTP {outcome.status}, "
            f"{outcome.content_type or 'no content type'}): it is refusing requests from this "
            "network for now (it blocks some networks and VPNs), or wants a log-in. Notify "
            f"tries again later; check {_page(url)} in a browser."
        ),
        url=outcome.url, status=outcome.status, headers=outcome.headers,
    )


def explain(failed: Failed, url: str) -> Failed:
    """A Reddit failure said for the subreddit or user, with what to do: Reddit takes no token,
    so a refusal is about the listing (private, quarantined, suspended) or this network, never
    "the token"."""
    what = "Reddit"
    listing = listing_of(url)
    label = listing.label if listing else "this subreddit"
    page = _page(url)
    user = listing is not None and listing.where == "user"
    if api.is_refusal(failed):
        why = (f"{label}'s account may be suspended" if user
               else f"{label} may be private or quarantined")
        return api.refused(failed, what, (
            f"{why}, or Reddit is refusing requests from this network for now (it blocks some "
            f"networks and VPNs). Check {page} in a browser."
        ))
    if failed.status == 404:
        gone = ("the account was deleted or suspended" if user
                else "it was banned or removed")
        return replace(failed, message=(
            f"{what}: there is no {label} (HTTP 404 Not Found): {gone}, or the name is "
            f"misspelt. Check {page} in a browser."
        ))
    return replace(failed, message=f"{what}: {failed.message}")


def post_draft(post: Mapping[str, Any]) -> ItemDraft:
    permalink = WEB + str(post.get("permalink") or "")
    link = str(post.get("url") or permalink)
    if post.get("is_self"):
        link = permalink
    body = clean_html(str(post.get("selftext_html") or ""))
    if not body and not post.get("is_self") and link != permalink:
        body = f'<p><a href="{html.escape(permalink)}">Discussion on Reddit</a></p>'
    tags: list[str] = []
    if post.get("over_18"):
        tags.append("nsfw")
    if post.get("spoiler"):
        tags.append("spoiler")
    if post.get("link_flair_text"):
        tags.append(str(post["link_flair_text"]))
    if post.get("subreddit"):
        tags.append(f"r/{post['subreddit']}")
    return ItemDraft(
        key=str(post["name"]),
        title=html.unescape(str(post.get("title") or "(untitled)")),
        link=link,
        summary_html=body,
        summary_text=html_to_text(body) if body else str(post.get("selftext") or ""),
        authors=(f"u/{post['author']}",) if post.get("author") else (),
        tags=tuple(tags),
        published=api.parse_time(post.get("created_utc")),
    )


KIND = Reddit()
