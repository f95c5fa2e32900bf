"""Mastodon timelines: an instance's local (the default: its address alone) or federated
timeline, a public hashtag (its page's address), with no token; or your home timeline /
notifications (a token in the keyring). A profile is no timeline: its feed is (``feed`` kind).

An instance may live under a path (``https://host/mastodon``): the path is kept, and only the
instance's own pages (``/tags/…``, ``/@user``, ``/api/…``, ``/web/…``…) are cut from an address.
Each poll asks only for what is newer than the newest status seen (``since_id``); ids are opaque
strings, compared as Mastodon orders them (by length, then lexically). Rate-limit headers are read
from every answer (``apihelpers.server_interval``). Status HTML is sanitised; hashtags become
tags, content warnings are kept, sensitive posts are tagged ``sensitive``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from notify.core.errors import Advice, Advised, Remedy, SourceConfigError
from notify.core.fetch.failures import host_of
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Request
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

TIMELINES = ("local", "public", "tag", "home", "notifications")
DEFAULT_TIMELINE = "local"  # an instance's address alone: its own public posts
NEEDS_TOKEN = ("home", "notifications")
_PATHS = {
    "public": "/api/v1/timelines/public",
    "local": "/api/v1/timelines/public?local=true",  # its own address: not the federated one's
    "home": "/api/v1/timelines/home",
    "notifications": "/api/v1/notifications",
}
# A hashtag: the instance's page (what people paste) or Notify's own API address.
_TAG_PAGE_RE = re.compile(r"^/(?:(?:web|deck)/)?tags/([^/?#]+)/?$")
_TAG_API_RE = re.compile(r"^/api/v1/timelines/tag/([^/?#]+)/?$")
# The instance's pages of its timelines, as its web app names them.
_TIMELINE_PAGES = {
    "/public/local": "local", "/web/public/local": "local", "/public": "public",
    "/web/public": "public", "/home": "home", "/web/home": "home",
    "/notifications": "notifications", "/web/notifications": "notifications",
}
_API_TIMELINES = {"/api/v1/timelines/public": "public", "/api/v1/timelines/home": "home",
                  "/api/v1/notifications": "notifications"}
# A profile: ``/@user`` (``/@user@other.host``) or ``/users/user``, with its posts or a post.
_PROFILE_RE = re.compile(r"^/(?:@([^/@?#]+)(?:@([^/?#]+))?|users/([^/?#]+))(?:/.*)?$")
_HANDLE_RE = re.compile(r"^@?([A-Za-z0-9_.-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")
# The first path segment of an instance's own pages: what comes before it is where the instance
# lives (``https://host/mastodon/tags/python`` -> ``https://host/mastodon``).
_ROUTES = frozenset({
    "api", "tags", "web", "deck", "explore", "home", "public", "notifications", "about",
    "users", "search", "lists", "bookmarks", "favourites", "directory", "settings", "auth",
})
TITLE_CHARS = 120
_TIMELINE_NAMES = {"local": "Local timeline", "public": "Federated timeline",
                   "home": "Home timeline", "notifications": "Notifications"}


def _profile_advice(text: str, base: str, user: str) -> SourceConfigError:
    """What to do with a profile (``@user@host``, ``https://host/@user``): the kind follows
    timelines and hashtags; one person's public posts are the profile's feed."""
    return SourceConfigError(
        f"{text!r} is a Mastodon profile: this kind follows an instance's timelines and "
        f"hashtags, not one person. To follow @{user}'s public posts, add them as a feed:",
        Advice(Remedy.FOLLOW_AS_FEED, address=f"{base}/@{user}.rss"))


def instance_path(path: str) -> tuple[str, str]:
    """``(where the instance lives, the page under it)``: ``/mrl/tags/x`` -> ``("/mrl",
    "/tags/x")``, ``/@Gargron`` -> ``("", "/@Gargron")``, ``/mrl/`` -> ``("/mrl", "")``."""
    segments = [s for s in path.split("/") if s]
    for index, segment in enumerate(segments):
        if segment in _ROUTES or segment.startswith("@"):
            cut = index
            break
    else:
        cut = len(segments)
    prefix = "".join("/" + s for s in segments[:cut])
    page = "".join("/" + s for s in segments[cut:])
    return prefix, page + ("/" if page and path.endswith("/") else "")


def id_key(ident: str) -> tuple[int, str]:
    """Mastodon's order of ids: longer is newer, then lexical."""
    return (len(ident), ident)


class Mastodon(SourceKind):
    id = "mastodon"
    label = "Mastodon"
    description = (
        "An instance's local or federated timeline or a hashtag (no token), or your home "
        "timeline or notifications (needs a token with read:statuses / read:notifications)."
    )
    settings = (
        Setting("timeline", "Timeline", SettingType.CHOICE, default=DEFAULT_TIMELINE,
                choices=TIMELINES,
                help="local: the instance's own posts; public: all it knows (federated)"),
        Setting("tag", "Hashtag (for the tag timeline)", SettingType.TEXT,
                help="without '#'; or give the hashtag's page as the address",
                applies_when=("timeline", ("tag",))),
        Setting("token_ref", "Access token (home, notifications)", SettingType.SECRET),
    )
    address = AddressDoc(
        placeholder="Instance address, or a hashtag page",
        example="e.g. https://mastodon.social (its local timeline, or the one chosen below), "
        "or https://mastodon.social/tags/python for a hashtag",
        what="the address of the Mastodon instance",
    )
    default_interval_s = 600
    min_interval_s = 60  # 300 requests / 5 min per account is the default limit
    host_limit: int | None = 2

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """The instance (``https://mastodon.social``: its local timeline, or the one the
        ``timeline`` setting names), one of its timeline pages (``…/public/local``, ``…/home``)
        or a hashtag page (``…/tags/python``). A page the person pasted says what to follow;
        Notify's own API address (a stored source's) gives way to the settings, so that
        changing the timeline of a source changes it."""
        out = dict(settings)
        text = (url or "").strip()
        handle = _HANDLE_RE.match(text)
        if handle:
            raise _profile_advice(text, f"https://{handle.group(2)}", handle.group(1))
        if text.startswith("#"):
            raise SourceConfigError(
                f"{text!r} is a hashtag without its instance: give the hashtag's page on an "
                f"instance, e.g. https://mastodon.social/tags/{text.lstrip('#') or 'python'}."
            )
        if text and "://" not in text:
            text = "https://" + text
        parts = split_address(text, "Give the address of the Mastodon instance, e.g. "
                              "https://mastodon.social, or a hashtag page "
                              "https://mastodon.social/tags/python.")
        if (not parts.netloc or parts.scheme not in ("http", "https")
                or any(c.isspace() for c in parts.netloc)):
            raise SourceConfigError(
                (f"{url!r} is not a Mastodon instance. Give its address" if text else
                 f"Give {self.address.what}")
                + ", e.g. https://mastodon.social, or a hashtag page "
                "https://mastodon.social/tags/python."
            )
        prefix, page = instance_path(parts.path)
        base = f"{parts.scheme}://{parts.netloc}{prefix}"
        profile = _PROFILE_RE.match(page)
        if profile:
            user = profile.group(1) or profile.group(3)
            raise _profile_advice(url.strip(), base, user)
        given = str(out.get("timeline") or "")
        tag = str(out.get("tag") or "").strip().lstrip("#")
        tag_page = _TAG_PAGE_RE.match(page)
        page_timeline = _TIMELINE_PAGES.get(page.rstrip("/"))
        if tag_page:
            timeline, tag = "tag", unquote(tag_page.group(1))
        elif page_timeline:
            timeline = page_timeline
        else:
            api_tag = _TAG_API_RE.match(page)
            from_api = "tag" if api_tag else _API_TIMELINES.get(page.rstrip("/"), "")
            if from_api == "public" and parse_qs(parts.query).get("local") == ["true"]:
                from_api = "local"
            timeline = given or ("tag" if tag else from_api or DEFAULT_TIMELINE)
            if timeline == "tag" and not tag and api_tag:
                tag = unquote(api_tag.group(1))
            elif api_tag and timeline != "tag":
                tag = ""  # a hashtag source given another timeline: its hashtag goes with it
        if timeline not in TIMELINES:
            raise SourceConfigError(
                f"Mastodon timeline {timeline!r} is not one of {', '.join(TIMELINES)}."
            )
        out["timeline"] = timeline
        if timeline == "tag":
            if not re.fullmatch(r"\w+", tag):
                raise SourceConfigError(
                    "The Mastodon tag timeline needs a hashtag:", self.set_option("tag", "python"),
                    form="{0} {1} (no '#'), or give the hashtag's page, e.g. "
                    "https://mastodon.social/tags/python.")
            out["tag"] = tag
            return f"{base}/api/v1/timelines/tag/{quote(tag)}", out
        if tag:
            raise SourceConfigError(
                f"A hashtag is only for the tag timeline, and the timeline chosen is {timeline}: "
                f"to follow #{tag},", self.set_option("timeline", "tag"),
                form=f"{{0}} {{1}}; to follow the {timeline} timeline, leave the hashtag empty.")
        out.pop("tag", None)
        if timeline in NEEDS_TOKEN and not out.get("token_ref"):
            raise SourceConfigError(
                f"The Mastodon {timeline} timeline needs an access token:",
                self.type_token(),
                form="{0} {1} (Preferences → Development → New application, scope 'read').")
        return base + _PATHS[timeline], out

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        parts = urlsplit(url)
        host = parts.netloc + instance_path(parts.path)[0]
        timeline = str(settings.get("timeline") or DEFAULT_TIMELINE)
        if timeline == "tag":
            return f"#{settings.get('tag', '')} on {host}"
        return f"{_TIMELINE_NAMES.get(timeline, timeline)} on {host}"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = "Mastodon"
        timeline = str(source.settings.get("timeline") or "tag")
        token = api.token_for(ctx, source, what)
        if isinstance(token, Failed):
            return PollResult(outcome=token)
        query: dict[str, str] = {"limit": "40"}
        if timeline == "local" and "local=true" not in source.url:  # one stored before it was
            query["local"] = "true"
        since = str(state.cursor.get("since_id") or "")
        if since:
            query["since_id"] = since
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        joiner = "&" if "?" in source.url else "?"
        request = Request(url=f"{source.url}{joiner}{urlencode(query)}", headers=headers,
                          etag=None if since else state.etag,
                          secret_values=(token,) if token else (),
                          host_limit=self.host_limit)
        outcome = await ctx.fetch(request)
        if isinstance(outcome, Failed):
            failed = api.with_rate_limit(outcome, ctx.now)
            return PollResult(outcome=_explain(failed, what, source.id, token=bool(token)))
        wait = api.server_interval(outcome.headers, ctx.now)
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=wait)
        data = api.decode_json(outcome, what)
        if isinstance(data, Failed):
            return PollResult(outcome=data)
        if not isinstance(data, list):
            return PollResult(outcome=api.parse_failed(outcome, what, "expected a JSON list"))
        rows = [r for r in data if isinstance(r, dict) and r.get("id") is not None]
        mapper = notification_draft if timeline == "notifications" else status_draft
        items = tuple(d for d in (mapper(r) for r in rows) if d)
        ids = [str(r["id"]) for r in rows]
        if since:
            ids.append(since)
        cursor = {"since_id": max(ids, key=id_key)} if ids else None
        return PollResult(outcome=outcome, items=items, cursor=cursor, min_interval_s=wait)


def _explain(failed: Failed, what: str, source_id: int | None, *, token: bool) -> Failed:
    """A Mastodon failure with what to do: a refused token is given again; a timeline refused
    without one (an instance may keep even its public timelines for logged-in people) asks for
    one. The fetcher's generic advice is not repeated."""
    create = "Preferences → Development → New application, scope 'read'"
    if failed.status == 422 and not token:
        # Mastodon's "This method requires an authenticated user" (an instance that shows its
        # timelines only to its members) is a 422, not a 401
        failed = replace(failed, kind=FailureKind.AUTH)
    if failed.status == 404:
        return replace(failed, message=(
            f"{what}: {host_of(failed.url)} has no Mastodon timeline at this address "
            "(HTTP 404 Not Found). Check that the address is a Mastodon instance's (e.g. "
            "https://mastodon.social) and that the instance is up."
        ))
    if not (api.is_refusal(failed) or failed.kind == FailureKind.AUTH):
        return failed.retold(f"{what}: ", failed.said)
    if not token:
        return api.refused(failed, what, Advised.of(
            "The instance lets only logged-in people read this timeline: create an access token "
            f"({create}) and ", api.give_token(source_id), "."))
    if failed.status == 401:
        return api.refused(failed, what, Advised.of(
            f"The instance refused the access token; create a new one ({create}) and ",
            api.give_token_again(source_id), "."))
    return api.refused(failed, what, Advised.of(
        f"The access token may lack the 'read' scope; create one with it ({create}) and ",
        api.give_token_again(source_id), "."))


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def _object(value: Any) -> Mapping[str, Any]:
    """A JSON object of the answer, or an empty one when the server sent something else there
    (a hostile or broken instance: its other fields are still read)."""
    return value if isinstance(value, dict) else {}


def status_draft(status: Mapping[str, Any], *, prefix: str = "", key: str = "") -> ItemDraft | None:
    shown = status
    boosted_by = ""
    if isinstance(status.get("reblog"), dict):
        shown = status["reblog"]
        boosted_by = str(_object(status.get("account")).get("acct") or "")
    account = _object(shown.get("account"))
    acct = str(account.get("acct") or "")
    name = str(account.get("display_name") or acct)
    body = clean_html(str(shown.get("content") or ""))
    text = html_to_text(body)
    warning = str(shown.get("spoiler_text") or "")
    headline = f"CW: {warning}" if warning else (_short(text) or "(no text)")
    listed = shown.get("tags")
    tags = [str(t.get("name")).lower() for t in (listed if isinstance(listed, list) else [])
            if isinstance(t, dict)]
    if shown.get("sensitive"):
        tags.append("sensitive")
    if boosted_by:
        tags.append("boost")
    authors = tuple(a for a in (f"{name} (@{acct})" if acct else name,) if a)
    return ItemDraft(
        key=key or f"status:{status.get('id')}",
        title=f"{prefix}{name}: {headline}" if name else f"{prefix}{headline}",
        link=str(shown.get("url") or shown.get("uri") or "") or None,
        summary_html=body,
        summary_text=text if not boosted_by else f"boosted by @{boosted_by}\n{text}",
        authors=authors,
        tags=tuple(dict.fromkeys(tags)),
        published=api.parse_time(status.get("created_at")),
    )


def notification_draft(note: Mapping[str, Any]) -> ItemDraft | None:
    kind = str(note.get("type") or "notification")
    account = _object(note.get("account"))
    acct = str(account.get("acct") or "")
    name = str(account.get("display_name") or acct or "someone")
    who = f"{name} (@{acct})" if acct else name  # as ``status_draft`` says an author
    key = f"notification:{note.get('id')}"
    status = note.get("status")
    if isinstance(status, dict):
        draft = status_draft(status, prefix=f"[{kind}] ", key=key)
        if draft is not None:
            return ItemDraft(
                key=draft.key, title=draft.title, link=draft.link,
                summary_html=draft.summary_html, summary_text=draft.summary_text,
                authors=(who, *(a for a in draft.authors if a != who)),
                tags=(kind, *draft.tags), published=api.parse_time(note.get("created_at")),
            )
    return ItemDraft(
        key=key,
        title=f"[{kind}] {name}",
        link=str(account.get("url") or "") or None,
        authors=(who,),
        tags=(kind,),
        published=api.parse_time(note.get("created_at")),
    )


KIND = Mastodon()
