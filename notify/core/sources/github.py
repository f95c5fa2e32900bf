"""GitHub notifications (token in the keyring), polled the way GitHub asks.

``If-Modified-Since`` from the last ``Last-Modified`` (a 304 costs no rate limit), never sooner
than ``X-Poll-Interval`` (not even in a round the user forces: ``PollResult.server_wait_s``) or,
when the rate limit is spent, before its reset (``apihelpers.server_interval``); one item per
notification thread, its reason (``mention``,
``review_requested``…) as a tag. The shared GitHub request headers and failure hints live here
too (``github_repo`` uses them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from notify.core.errors import Advised, SourceConfigError
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

API = "https://api.github.com"
API_VERSION = "2022-11-28"
_SUBJECT_RE = re.compile(r"/repos/([^/]+)/([^/]+)/(issues|pulls|commits|releases)/([^/?#]+)")


def api_headers(token: str | None) -> dict[str, str]:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


SERVER_NAME = "GitHub"
NOTIFICATIONS_SCOPE = "a classic token with the 'notifications' (or 'repo') scope"


def explain_failure(
    failed: Failed, what: str, now: float, *, token: bool, scope: str, source_id: int | None,
) -> Failed:
    """Say a GitHub failure with what to do (bad token, missing scope, rate limit). ``scope``
    says which token the source needs, in words (``NOTIFICATIONS_SCOPE``, or a repository's);
    ``token`` whether the source sent one (a refusal of no token asks for one, not "again")."""
    failed = api.with_rate_limit(failed, now)
    if failed.kind == FailureKind.RATE_LIMITED and not token:
        return failed.retold(
            f"{what}: ", failed.said, " A token raises GitHub's limit from 60 to 5,000 requests "
            f"an hour: create one ({scope}) and ", api.give_token(source_id), ".")
    if not api.is_refusal(failed):
        return failed.retold(f"{what}: ", failed.said)
    if not token:
        return api.refused(failed, what, Advised.of(
            f"GitHub wants a token for this: create one ({scope}) and ",
            api.give_token(source_id), "."))
    if failed.status == 401:
        return api.refused(failed, what, Advised.of(
            "GitHub refused the token: it may be expired or revoked. This source needs "
            f"{scope}. Create a new token and ", api.give_token_again(source_id), "."))
    return api.refused(failed, what, Advised.of(
        f"GitHub refused access: the token lacks the needed scope (this source needs {scope}). "
        "Create a token with it and ", api.give_token_again(source_id), "."))


def api_base_of(url: str) -> str:
    """``https://api.github.com`` or a GitHub Enterprise ``https://host/api/v3``."""
    parts = urlsplit(url)
    path = parts.path
    for marker in ("/notifications", "/repos/", "/users/", "/user/", "/repositories/"):
        if marker in path:
            path = path[: path.index(marker)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/"), "", ""))


def html_link(subject_url: str | None, repo_html: str) -> str | None:
    """The web page of a notification's subject (the API gives an API URL)."""
    if not subject_url:
        return repo_html or None
    match = _SUBJECT_RE.search(subject_url)
    if not match or not repo_html:
        return repo_html or None
    kind, ident = match.group(3), match.group(4)
    if kind == "releases":
        return f"{repo_html}/releases"
    page = {"issues": "issues", "pulls": "pull", "commits": "commit"}[kind]
    return f"{repo_html}/{page}/{ident}"


class GitHubNotifications(SourceKind):
    id = "github-notifications"
    label = "GitHub notifications"
    description = (
        "Your GitHub notifications (mentions, review requests, …), one item per thread with its "
        "reason as a tag. Needs a classic token with the 'notifications' scope."
    )
    settings = (
        Setting("token_ref", "GitHub token", SettingType.SECRET, required=True,
                help="a classic personal access token with the 'notifications' scope"),
        Setting("participating", "Only where I participate or am mentioned", SettingType.BOOL,
                default=False),
        Setting("include_read", "Include notifications already read", SettingType.BOOL,
                default=False),
    )
    address = AddressDoc(
        placeholder="Leave empty for github.com",
        example="Only for GitHub Enterprise: https://HOST/api/v3/notifications",
        what="the address",
    )
    default_interval_s = 300
    min_interval_s = 60  # GitHub's X-Poll-Interval is 60 s; a larger one is obeyed
    host_limit: int | None = 1  # GitHub asks for serial requests
    server_name = SERVER_NAME  # who asks for ``server_wait_s``, in a forced round's words

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        out = dict(settings)
        if not out.get("token_ref"):
            raise SourceConfigError(
                "GitHub notifications need a token:", self.type_token(),
                form="{0} {1} (a classic personal access token with the 'notifications' scope).")
        text = (url or "").strip()
        advice = ("Leave the address empty for github.com, or give https://<host>/api/v3/"
                  "notifications for GitHub Enterprise.")
        if text.lower().strip("/").removeprefix("www.") in ("github.com",
                                                            "github.com/notifications"):
            text = "https://" + text.strip("/")  # typed without https://
        if not text or split_address(text, advice).netloc in ("github.com", "www.github.com"):
            text = API + "/notifications"
        parts = split_address(text, advice)
        if parts.scheme not in ("http", "https") or not parts.path.endswith("/notifications"):
            raise SourceConfigError(
                f"{text!r} is not a GitHub notifications API address; leave the address empty "
                "for github.com, or give https://<host>/api/v3/notifications for GitHub "
                "Enterprise."
            )
        out["participating"] = bool(out.get("participating", False))
        out["include_read"] = bool(out.get("include_read", False))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), out

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        return "GitHub notifications"

    def request_url(self, source: Source) -> str:
        query = {"per_page": "50"}
        if source.settings.get("participating"):
            query["participating"] = "true"
        if source.settings.get("include_read"):
            query["all"] = "true"
        return f"{source.url}?{urlencode(query)}"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = "GitHub notifications"
        token = api.token_for(ctx, source, what)
        if isinstance(token, Failed):
            return PollResult(outcome=token)
        request = Request(
            url=self.request_url(source),
            headers=api_headers(token),
            last_modified=state.last_modified,
            secret_values=(token,) if token else (),
            host_limit=self.host_limit,
        )
        outcome = await ctx.fetch(request)
        if isinstance(outcome, Failed):
            return PollResult(outcome=explain_failure(
                outcome, what, ctx.now, token=bool(token), scope=NOTIFICATIONS_SCOPE,
                source_id=source.id,
            ))
        interval = api.server_interval(outcome.headers, ctx.now)
        wait = api.poll_interval(outcome.headers)  # not even a forced round polls sooner
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=interval, server_wait_s=wait)
        data = api.decode_json(outcome, what)
        if isinstance(data, Failed):
            return PollResult(outcome=data)
        if not isinstance(data, list):
            return PollResult(outcome=api.parse_failed(outcome, what, "expected a JSON list"))
        items = tuple(d for d in (thread_draft(t) for t in data if isinstance(t, dict)) if d)
        return PollResult(outcome=outcome, items=items, min_interval_s=interval,
                          html_url="https://github.com/notifications", server_wait_s=wait)


def thread_draft(thread: Mapping[str, Any]) -> ItemDraft | None:
    ident = thread.get("id")
    subject = thread.get("subject") or {}
    repo = thread.get("repository") or {}
    if ident is None or not isinstance(subject, dict):
        return None
    repo_name = str(repo.get("full_name") or "")
    title = str(subject.get("title") or "(no title)")
    reason = str(thread.get("reason") or "")
    subject_type = str(subject.get("type") or "")
    tags = tuple(t for t in (reason, subject_type.lower(), repo_name) if t)
    if thread.get("unread"):
        tags += ("unread",)
    return ItemDraft(
        key=f"thread:{ident}",
        title=f"{repo_name}: {title}" if repo_name else title,
        link=html_link(subject.get("url"), str(repo.get("html_url") or "")),
        summary_text=f"{subject_type} in {repo_name} ({reason.replace('_', ' ')})".strip(),
        tags=tags,
        published=api.parse_time(thread.get("updated_at")),
        updated=api.parse_time(thread.get("updated_at")),
    )


KIND = GitHubNotifications()
