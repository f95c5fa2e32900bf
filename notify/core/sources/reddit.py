"""A subreddit's listing (new or hot) from Reddit's public ``.json`` pages.

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
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import Failed, NotModified, Request
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
EMPTY_RESET = 6
_SUB_RE = re.compile(r"^/?(?:r/)?([A-Za-z0-9_+]{2,64})(?:/(new|hot))?(?:\.json)?/?$")


class Reddit(SourceKind):
    id = "reddit"
    label = "Reddit"
    description = "Posts of a subreddit (new or hot). NSFW posts are tagged 'nsfw'."
    settings = (
        Setting("sort", "Order", SettingType.CHOICE, default="new", choices=SORTS,
                help="'new' asks only for what is new since the last poll"),
        Setting("limit", "Posts per poll", SettingType.INT, default=50, help="at most 100"),
    )
    address = AddressDoc(
        placeholder="Subreddit: its name or address",
        example="e.g. python, r/python or https://www.reddit.com/r/python/",
        what="a subreddit",
    )
    default_interval_s = 900
    min_interval_s = 120
    host_limit: int | None = 1

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """``python``, ``r/python`` or ``https://www.reddit.com/r/python/`` -> the listing URL."""
        out = dict(settings)
        text = (url or "").strip()
        parts = split_address(
            text if "://" in text else "https://www.reddit.com/" + text.lstrip("/"),
            f"Give {self.address.what}: its name (python) or address "
            "(https://www.reddit.com/r/python/).",
        )
        match = _SUB_RE.match(parts.path)
        if not text or not match or not parts.netloc:
            raise SourceConfigError(
                (f"{text!r} is not a subreddit. Give its" if text else
                 f"Give {self.address.what}: its")
                + " name (python) or address (https://www.reddit.com/r/python/)."
            )
        sort = match.group(2) or str(out.get("sort") or "new")
        if sort not in SORTS:
            raise SourceConfigError(f"Reddit order {sort!r} is not one of {', '.join(SORTS)}.")
        out["sort"] = sort
        try:
            out["limit"] = max(1, min(int(out.get("limit") or 50), 100))
        except (TypeError, ValueError) as err:
            raise SourceConfigError("Reddit setting limit must be a number (1-100).") from err
        host = parts.netloc.lower()
        if host in ("reddit.com", "old.reddit.com", "new.reddit.com", "np.reddit.com"):
            host = "www.reddit.com"
        scheme = parts.scheme if parts.scheme in ("http", "https") else "https"
        return f"{scheme}://{host}/r/{match.group(1)}/{sort}.json", out

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        match = re.search(r"/r/([^/]+)/", url)
        return f"r/{match.group(1) if match else '?'} ({settings.get('sort', 'new')})"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = "Reddit"
        query: dict[str, str] = {"limit": str(source.settings.get("limit") or 50), "raw_json": "1"}
        before = str(state.cursor.get("before") or "")
        empties = int(state.cursor.get("empty_polls") or 0)
        use_before = bool(before) and source.settings.get("sort", "new") == "new"
        if use_before and empties < EMPTY_RESET:
            query["before"] = before
        asked_before = "before" in query
        outcome = await ctx.fetch(Request(url=f"{source.url}?{urlencode(query)}",
                                          headers={"Accept": "application/json"},
                                          host_limit=self.host_limit))
        if isinstance(outcome, Failed):
            return PollResult(outcome=explain(api.with_rate_limit(outcome, ctx.now), source.url))
        wait = api.server_interval(outcome.headers, ctx.now)
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=wait)
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
                          html_url=source.url.removesuffix(".json").rsplit("/", 1)[0] + "/")


def explain(failed: Failed, url: str) -> Failed:
    """A Reddit failure said for the subreddit, with what to do: Reddit takes no token, so a
    refusal is about the subreddit (private, quarantined) or this network, never "the token"."""
    what = "Reddit"
    match = re.search(r"/r/([^/]+)/", url)
    sub = f"r/{match.group(1)}" if match else "this subreddit"
    page = f"{WEB}/{sub}/" if match else WEB
    if api.is_refusal(failed):
        return api.refused(failed, what, (
            f"{sub} may be private or quarantined, or Reddit is refusing requests from this "
            f"network for now (it blocks some networks and VPNs). Check {page} in a browser."
        ))
    if failed.status == 404:
        return replace(failed, message=(
            f"{what}: there is no {sub} (HTTP 404 Not Found): it was banned or removed, or the "
            f"name is misspelt. Check {page} in a browser."
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
