"""Hacker News top / new / best / ask / show / job stories (the public Firebase API).

One request for the id list, then the items not seen before, fetched with a small concurrency
limit. Ids already turned into items are remembered (bounded) and never fetched twice; a story
below the minimum score is looked at again at most every ``RECHECK_S`` (its score may rise). An
item that is gone (deleted, dead, ``null``, 404) is normal on Hacker News: it is skipped quietly
and never asked for again; other item failures are tried again next poll.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlunsplit

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import Failed, NotModified, Request, Updated
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

log = logging.getLogger(__name__)

API = "https://hacker-news.firebaseio.com/v0"
LISTS = ("top", "new", "best", "ask", "show", "job")
SEEN_CAP = 2000
LOW_CAP = 500
RECHECK_S = 1800
ITEM_CONCURRENCY = 4
ITEM_MAX_BYTES = 1_000_000
# news.ycombinator.com's pages -> the list each shows (a page pasted says which list to follow)
_PAGES = {"": "top", "news": "top", "front": "top", "newest": "new", "best": "best",
          "ask": "ask", "show": "show", "jobs": "job"}
GONE_STATUSES = (404, 410)  # an item deleted on Hacker News: skipped quietly


class HackerNews(SourceKind):
    id = "hackernews"
    label = "Hacker News"
    description = "Stories from a Hacker News list (top, new, best, Ask, Show, jobs)."
    settings = (
        Setting("list", "List", SettingType.CHOICE, default="top", choices=LISTS),
        Setting("min_score", "Minimum score", SettingType.INT, default=0,
                help="skip stories with fewer points (they are looked at again later)"),
        Setting("max_items", "Stories to look at per poll", SettingType.INT, default=30,
                help="from the head of the list; at most 100"),
    )
    address = AddressDoc(example="No address needed: choose the list below.",
                         made_from_settings=True)
    default_interval_s = 900
    min_interval_s = 120
    host_limit: int | None = ITEM_CONCURRENCY

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """No address (the ``list`` setting), a page of news.ycombinator.com (``…/best``,
        ``…/newest``: that list) or the API's list address. A word (``best``) is read as a host,
        and refused with the advice to use the setting."""
        out = dict(settings)
        text = (url or "").strip()
        advice = "leave the address empty and pick a list with"
        pick = self.set_option("list", "|".join(LISTS))
        parts = split_address(
            text if "://" in text else "https://" + text, advice[0].upper() + advice[1:], pick,
            form="{0} {1}.") if text else None
        if parts and parts.path.endswith("stories.json"):
            name = parts.path.rsplit("/", 1)[-1].removesuffix("stories.json")
            out["list"] = name
            canonical = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        else:
            canonical = ""
            if parts and parts.netloc.lower().removeprefix("www.") != "news.ycombinator.com":
                raise SourceConfigError(f"{text!r} is not Hacker News; {advice}", pick,
                                        form="{0} {1}.")
            if parts:
                page = parts.path.strip("/").lower()
                if page not in _PAGES:
                    raise SourceConfigError(
                        f"{text!r} is a Hacker News page that is no list Notify can follow; give "
                        "a list's page (https://news.ycombinator.com/best, …/newest, …/ask, "
                        f"…/show, …/jobs), or {advice}", pick, form="{0} {1}.")
                out["list"] = _PAGES[page]
        name = str(out.get("list") or "top")
        if name not in LISTS:
            raise SourceConfigError(
                f"Hacker News has no list {name!r}; choose one of {', '.join(LISTS)}."
            )
        out["list"] = name
        for key, default, top in (("min_score", 0, 100_000), ("max_items", 30, 100)):
            try:
                value = int(out.get(key, default) if out.get(key) is not None else default)
            except (TypeError, ValueError) as err:
                low = 0 if key == "min_score" else 1
                raise SourceConfigError(
                    f"Hacker News setting {key} must be a whole number ({low}-{top:,}; got "
                    f"{out.get(key)!r}), e.g.", self.set_option(key, str(default or 100)),
                    form="{0} {1}.") from err
            out[key] = max(0 if key == "min_score" else 1, min(value, top))
        return canonical or f"{API}/{name}stories.json", out

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        return f"Hacker News: {settings.get('list', 'top')}"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = "Hacker News"
        outcome = await ctx.fetch(Request(url=source.url, etag=state.etag,
                                          last_modified=state.last_modified, max_bytes=2_000_000,
                                          host_limit=self.host_limit))
        if isinstance(outcome, Failed):
            failed = api.with_rate_limit(outcome, ctx.now)
            if api.is_refusal(failed):  # Hacker News takes no token: not "check the token"
                return PollResult(outcome=api.refused(failed, what, (
                    "Hacker News takes no token: the server refuses this address or this "
                    "network. Check the source's address, or try again later.")))
            return PollResult(outcome=replace(failed, message=f"{what}: {failed.message}"))
        wait = api.server_interval(outcome.headers, ctx.now)
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=wait)
        ids = api.decode_json(outcome, what)
        if isinstance(ids, Failed):
            return PollResult(outcome=ids)
        if not isinstance(ids, list):
            return PollResult(outcome=api.parse_failed(outcome, what, "expected a list of ids"))
        max_items = int(source.settings.get("max_items") or 30)
        min_score = int(source.settings.get("min_score") or 0)
        seen = [int(i) for i in state.cursor.get("seen", [])]
        low: dict[str, float] = dict(state.cursor.get("low", {}))
        seen_set = set(seen)
        wanted = [
            int(i) for i in ids[:max_items]
            if isinstance(i, int) and i not in seen_set
            and ctx.now - float(low.get(str(i), 0.0)) >= RECHECK_S
        ]
        base = source.url.rsplit("/", 1)[0]
        limit = asyncio.Semaphore(ITEM_CONCURRENCY)

        async def one(item_id: int) -> tuple[int, Any]:
            async with limit:
                got = await ctx.fetch(Request(url=f"{base}/item/{item_id}.json",
                                              host_limit=ITEM_CONCURRENCY,
                                              max_bytes=ITEM_MAX_BYTES))
            if not isinstance(got, Updated):
                return item_id, got
            return item_id, api.decode_json(got, f"{what}, item {item_id}")

        try:  # a bug in reading one item cancels the others (``gather`` left them running)
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(one(i)) for i in wanted]
        except ExceptionGroup as errors:  # said as that one error (``poll.poll_one``)
            raise errors.exceptions[0] from None
        results = [task.result() for task in tasks]
        items: list[ItemDraft] = []
        failures: list[str] = []
        done: list[int] = []
        for item_id, data in results:
            if isinstance(data, Failed) and data.status in GONE_STATUSES:
                log.info("%s: item %d is gone (%s); skipped", what, item_id, api.describe(data))
                done.append(item_id)  # deleted on Hacker News: normal, never ask again
                continue
            if isinstance(data, Failed | NotModified):
                failures.append(f"item {item_id}: {_why(data)}")
                continue
            if not isinstance(data, dict) or data.get("deleted") or data.get("dead"):
                done.append(item_id)  # gone or empty: never ask again
                continue
            if _score(data.get("score")) < min_score and data.get("type") != "job":
                low[str(item_id)] = ctx.now
                continue
            low.pop(str(item_id), None)
            done.append(item_id)
            items.append(story_draft(data))
        warnings: tuple[str, ...] = ()
        if failures:
            log.info("%s: %d item(s) could not be read: %s", what, len(failures), failures[:3])
            count = len(failures)
            stories = "1 story" if count == 1 else f"{count} stories"
            warnings = (f"{what}: {stories} could not be read and will be tried again next poll "
                        f"({failures[0]}{', …' if count > 1 else ''}).",)
        cursor = {
            "seen": api.bounded([*done, *seen], SEEN_CAP),
            "low": dict(sorted(low.items(), key=lambda kv: -kv[1])[:LOW_CAP]),
        }
        return PollResult(outcome=outcome, items=tuple(items), cursor=cursor, warnings=warnings,
                          html_url="https://news.ycombinator.com/", min_interval_s=wait)


def _why(outcome: Failed | NotModified) -> str:
    """Why an item could not be read, in a few words (the fetcher's message speaks of feeds)."""
    if isinstance(outcome, NotModified):
        return "not modified"
    if outcome.status:
        return f"HTTP {outcome.status}"
    return str(outcome.kind).replace("_", " ")


def story_draft(data: Mapping[str, Any]) -> ItemDraft:
    item_id = data.get("id")
    discussion = f"https://news.ycombinator.com/item?id={item_id}"
    title = str(data.get("title") or "(untitled)")
    kind = str(data.get("type") or "story")
    tags = [kind]
    if title.startswith("Ask HN:"):
        tags.append("ask-hn")
    elif title.startswith("Show HN:"):
        tags.append("show-hn")
    text_html = clean_html(str(data.get("text") or ""))
    # a job's score is always 1 and means nothing: not "1 points"
    score = data.get("score") if kind != "job" else None
    comments = data.get("descendants")
    facts = [_count(score, "point"), _count(comments, "comment")]
    summary_text = " · ".join(f for f in facts if f)
    if text_html:
        summary_text = (summary_text + "\n" if summary_text else "") + html_to_text(text_html)
    summary_html = text_html
    if data.get("url"):
        # the item links to the story's site: its discussion on Hacker News is said here
        said = _count(comments, "comment") or "Discussion"
        summary_html = (f'<p><a href="{html.escape(discussion)}">{html.escape(said)} on Hacker '
                        f"News</a></p>{text_html}")
    return ItemDraft(
        key=f"hn:{item_id}",
        title=title,
        link=str(data.get("url") or discussion),
        summary_html=summary_html,
        summary_text=summary_text,
        authors=(str(data["by"]),) if data.get("by") else (),
        tags=tuple(tags),
        published=api.parse_time(data.get("time")),
    )


KIND = HackerNews()


def _score(value: Any) -> float:
    """An item's score: 0 when Hacker News (or something posing as it) sent no number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN
        return 0
    return value


def _count(n: Any, word: str) -> str:
    """``1 point``, ``55 points``; empty when Hacker News gave no number."""
    if not isinstance(n, int) or isinstance(n, bool):
        return ""
    return f"{n} {word}{'' if n == 1 else 's'}"
