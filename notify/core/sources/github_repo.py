"""GitHub releases of a repository, or public events of a repository or a user.

Conditional GET with the stored ``ETag`` (a 304 costs no rate limit); ``X-Poll-Interval`` (also
by a round the user forces: ``PollResult.server_wait_s``) and a spent rate limit's reset are
obeyed (``apihelpers.server_interval``). ``Link`` pagination is
followed (never page URLs built by hand) only until the newest event already seen, at most
``MAX_PAGES`` pages. A repository that moved (301) is followed by the fetcher and reported here as
a warning; the engine moves the stored URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

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
from notify.core.sources.github import (
    API,
    SERVER_NAME,
    api_base_of,
    api_headers,
    explain_failure,
)
from notify.core.sources.htmltext import text_as_html

MAX_PAGES = 3
PER_PAGE = 100
_NAME = r"[A-Za-z0-9_.-]+"
# Tried in this order: ``/users/NAME…`` before ``OWNER/REPO`` (else "users" would be an owner).
_USER_API_PATH = re.compile(rf"^/users/({_NAME})(/events(?:/public)?)?/?$")
_REPO_PATH = re.compile(rf"^/(?:repos/)?({_NAME})/({_NAME})(?:/(releases|events))?/?$")
_USER_PAGE_PATH = re.compile(rf"^/({_NAME})/?$")  # github.com/USER
_WEB_HOSTS = ("github.com", "www.github.com")
_SSH_RE = re.compile(rf"^(?:ssh://)?git@github\.com[:/]({_NAME}/{_NAME})/?$")
# A repository's pages on github.com, and what a person who pastes one wants followed: its
# releases (``/releases/tag/v1``, ``/tags``), its activity (issues, pull requests, commits).
# Other pages of it (``/tree/main``, ``/wiki``…) are the repository, followed as set.
_RELEASE_PAGES = frozenset({"releases", "tags"})
_EVENT_PAGES = frozenset({"issues", "pulls", "pull", "commits", "commit", "activity", "pulse",
                          "events"})
REPO_SCOPE = "no scope for a public repository, and the 'repo' scope for a private one"


def web_path(path: str) -> str:
    """A github.com page's path as the API's: ``/owner/name/releases/tag/v1`` ->
    ``/owner/name/releases``, ``/owner/name/issues/12`` -> ``/owner/name/events``,
    ``/owner/name/tree/main`` -> ``/owner/name``, ``/owner/name.git`` -> ``/owner/name``; a
    user's or an API-like path is kept."""
    segments = [seg for seg in path.split("/") if seg]
    if len(segments) < 2 or segments[0] in ("users", "repos", "user", "repositories"):
        return path
    owner, name, rest = segments[0], segments[1].removesuffix(".git"), segments[2:]
    page = rest[0].lower().removesuffix(".atom") if rest else ""
    if page in _RELEASE_PAGES:
        return f"/{owner}/{name}/releases"
    if page in _EVENT_PAGES:
        return f"/{owner}/{name}/events"
    return f"/{owner}/{name}"


def web_page(api_url: str, path: str) -> str:
    """The github.com (or GitHub Enterprise) page of ``path`` (``owner/name``, ``user``)."""
    base = api_base_of(api_url)
    web = "https://github.com" if base == API else base.removesuffix("/api/v3")
    return f"{web}/{path}"


def not_found(url: str, what: str, *, token: bool, fallback: str) -> str:
    """A 404 said for what the source follows: a repository (deleted, renamed, or private) or a
    user (renamed or deleted), with its page to check; ``fallback`` for an id-based address."""
    path = urlsplit(url).path[len(urlsplit(api_base_of(url)).path):]
    user = re.match(rf"^/users/({_NAME})/", path)
    if user:
        return (f"{what}: GitHub has no user {user.group(1)} (HTTP 404 Not Found): the account "
                f"was renamed or deleted. Check {web_page(url, user.group(1))} in a browser (a "
                "renamed account is followed under its new name).")
    repo = re.match(rf"^/repos/({_NAME}/{_NAME})/", path)
    if not repo:
        return (f"{fallback} GitHub also answers 404 for a private repository when the token "
                "cannot read it (a private repository needs the 'repo' scope).")
    private = ("the token cannot read it (a private repository needs the 'repo' scope)" if token
               else "a token with the 'repo' scope is needed to read it")
    return (f"{what}: GitHub has no repository {repo.group(1)} (HTTP 404 Not Found): it was "
            f"deleted, or it is private and {private}. Check "
            f"{web_page(url, repo.group(1))} in a browser.")


class GitHubRepo(SourceKind):
    id = "github-repo"
    label = "GitHub releases / events"
    description = (
        "New releases of a GitHub repository, or the public events (pushes, issues, pull "
        "requests…) of a repository or a user. A token is optional (it raises the rate limit)."
    )
    settings = (
        Setting("what", "What to follow", SettingType.CHOICE, default="releases",
                choices=("releases", "events"),
                help="releases of a repository, or events of a repository or user"),
        Setting("token_ref", "GitHub token (optional)", SettingType.SECRET,
                help="any token; raises the limit from 60 to 5,000 requests an hour"),
    )
    address = AddressDoc(
        # short: at 480 px, 14 pt, in the app a longer one was cut (the example says more)
        placeholder="Repository (owner/name) or address",
        example="e.g. python/cpython; for a user's events: https://github.com/USER with What to "
        "follow: events",
        what="a repository (owner/name)",
    )
    default_interval_s = 3600
    min_interval_s = 300
    host_limit: int | None = 1
    server_name = SERVER_NAME  # who asks for ``server_wait_s``, in a forced round's words

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """``owner/repo``, ``https://github.com/owner/repo`` (or one of its pages: ``web_path``,
        with or without ``https://``), ``git@github.com:owner/repo.git`` or an API URL -> the API
        URL.

        A user (``https://github.com/USER``, ``…/users/USER``, ``…/users/USER/events/public``)
        has only events to follow: ``what=events`` is implied (``what=releases`` is refused)."""
        out = dict(settings)
        text = (url or "").strip()
        if not text:
            raise SourceConfigError(
                f"Give {self.address.what} or its github.com address, e.g. python/cpython."
            )
        ssh = _SSH_RE.match(text)
        if ssh:  # git@github.com:owner/name.git, as "Clone" → SSH gives it
            text = f"https://github.com/{ssh.group(1)}"
        if "://" not in text:
            bare = text.strip("/")
            if bare.split("/", 1)[0].lower() in _WEB_HOSTS:  # github.com/owner/name
                text = "https://" + bare
            else:
                text = "https://github.com/" + bare.removeprefix("@")  # @user: a user
        parts = split_address(text, f"Give {self.address.what} or its github.com address, "
                              "e.g. python/cpython.")
        if parts.netloc.lower() in _WEB_HOSTS:
            base, path = API, web_path(parts.path)
            org = re.match(rf"^/orgs/({_NAME})", path)
            if org:
                raise SourceConfigError(
                    f"{url!r} is a GitHub organisation, which has no releases or events of its "
                    f"own here: give one of its repositories ({org.group(1)}/NAME)."
                )
        else:
            base = api_base_of(text)
            path = parts.path[len(urlsplit(base).path):]
        if path.startswith("/user/") or path.startswith("/repositories/"):
            # an id-based URL (as GitHub's Link and Location headers give): keep it
            out["what"] = "releases" if path.endswith("/releases") else "events"
            return base + path.rstrip("/"), out
        user = _USER_API_PATH.match(path) or _USER_PAGE_PATH.match(path)
        if user:
            if out.get("what") == "releases":
                raise SourceConfigError(
                    f"{url!r} is a GitHub user, and a user has no releases: follow the user's "
                    "events", self.set_option("what", "events"),
                    form="{0} ({1}), or give a repository (owner/name).")
            out["what"] = "events"
            return f"{base}/users/{user.group(1)}/events/public", out
        repo = _REPO_PATH.match(path)
        if repo:
            out["what"] = repo.group(3) or str(out.get("what") or "releases")
            return f"{base}/repos/{repo.group(1)}/{repo.group(2)}/{out['what']}", out
        raise SourceConfigError(  # no command: each front end has its own way to add it
            f"{url!r} is not a GitHub repository (owner/name) or user: give a repository, e.g. "
            "python/cpython (its releases), or a user's page, e.g. https://github.com/torvalds "
            "(their events)."
        )

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        path = urlsplit(url).path
        match = re.search(rf"/(?:repos|users)/({_NAME}(?:/{_NAME})?)/(releases|events)", path)
        name = match.group(1) if match else path.strip("/")
        return f"{name} {settings.get('what', 'releases')} (GitHub)"

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = f"GitHub {source.settings.get('what', 'releases')}"
        token = api.token_for(ctx, source, what)
        if isinstance(token, Failed):
            return PollResult(outcome=token)
        secrets = (token,) if token else ()
        headers = api_headers(token)
        first_url = f"{source.url}?per_page={PER_PAGE}"
        outcome = await ctx.fetch(Request(url=first_url, headers=headers, etag=state.etag,
                                          last_modified=state.last_modified,
                                          secret_values=secrets, host_limit=self.host_limit))
        if isinstance(outcome, Failed):
            failed = explain_failure(outcome, what, ctx.now, token=bool(token), scope=REPO_SCOPE,
                                     source_id=source.id)
            if failed.status == 404:
                failed = replace(failed, message=not_found(source.url, what, token=bool(token),
                                                           fallback=failed.message))
            return PollResult(outcome=failed)
        interval = api.server_interval(outcome.headers, ctx.now)
        wait = api.poll_interval(outcome.headers)  # not even a forced round polls sooner
        warnings = _moved_warning(outcome, source)
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=interval, warnings=warnings,
                              server_wait_s=wait)
        data = api.decode_json(outcome, what)
        if isinstance(data, Failed):
            return PollResult(outcome=data)
        if not isinstance(data, list):
            return PollResult(outcome=api.parse_failed(outcome, what, "expected a JSON list"))
        rows: list[Any] = list(data)
        newest_seen = str(state.cursor.get("newest_id") or "")
        page, pages = outcome, 1
        while newest_seen and pages < MAX_PAGES and not _contains(rows, newest_seen):
            next_url = api.parse_link_header(page.headers.get("link"), page.url).get("next")
            if not next_url:
                break
            more = await ctx.fetch(Request(url=next_url, headers=headers, secret_values=secrets,
                                           host_limit=self.host_limit))
            if not isinstance(more, Updated):
                warnings += (f"{what}: page {pages + 1} could not be read; older events may "
                             f"be missing ({api.describe(more)}).",)
                break
            extra = api.decode_json(more, what)
            if not isinstance(extra, list):
                warnings += (f"{what}: page {pages + 1} is not a JSON list; stopped there.",)
                break
            rows.extend(extra)
            page, pages = more, pages + 1
        if newest_seen and _contains(rows, newest_seen):
            ids = [str(r.get("id")) if isinstance(r, dict) else "" for r in rows]
            rows = rows[: ids.index(newest_seen)]
        releases = source.settings.get("what", "releases") == "releases"
        mapper = release_draft if releases else event_draft
        items = tuple(d for d in (mapper(r) for r in rows if isinstance(r, dict)) if d)
        cursor = None
        if data and isinstance(data[0], dict):
            cursor = {"newest_id": str(data[0].get("id"))}
        return PollResult(outcome=outcome, items=items, cursor=cursor, min_interval_s=interval,
                          warnings=warnings, server_wait_s=wait)


def _contains(rows: list[Any], ident: str) -> bool:
    return any(isinstance(r, dict) and str(r.get("id")) == ident for r in rows)


def _moved_warning(outcome: Updated | NotModified, source: Source) -> tuple[str, ...]:
    if not outcome.permanent_redirect:
        return ()
    return (
        f"GitHub says {source.title or source.url} moved (301) to {outcome.permanent_redirect}; "
        "Notify follows it and updates the source's address if this persists.",
    )


def release_draft(release: Mapping[str, Any]) -> ItemDraft | None:
    if release.get("draft") or release.get("id") is None:
        return None
    tag = str(release.get("tag_name") or "")
    name = str(release.get("name") or tag or "release")
    body = str(release.get("body") or "")
    author = (release.get("author") or {}).get("login")
    tags = ("release",) + (("prerelease",) if release.get("prerelease") else ())
    title = name if not tag or tag in name else f"{name} ({tag})"
    repo = _repo_of_release(str(release.get("html_url") or ""))
    if repo and repo.lower() not in title.lower():
        # "0.9.3" alone, in a list of every source's items, says not what was released
        title = f"{repo} {title}"
    return ItemDraft(
        key=f"release:{release['id']}",
        title=title,
        link=release.get("html_url"),
        # the notes as text that wraps (as a video's description): a <pre> block ran off the
        # pane's right edge, one long Markdown line at a time
        summary_html=text_as_html(body),
        summary_text=body,
        authors=(str(author),) if author else (),
        tags=tags,
        published=api.parse_time(release.get("published_at") or release.get("created_at")),
    )


def _repo_of_release(html_url: str) -> str:
    """The repository's name (``github3.py``) from a release's page
    (``https://github.com/OWNER/NAME/releases/tag/…``); empty when it is not one."""
    found = re.search(rf"/{_NAME}/({_NAME})/releases/", urlsplit(html_url).path + "/")
    return found.group(1) if found else ""


_VERBS = {
    "WatchEvent": "starred", "ForkEvent": "forked", "PublicEvent": "made public",
    "MemberEvent": "changed members of", "GollumEvent": "edited the wiki of",
}


def event_draft(event: Mapping[str, Any]) -> ItemDraft | None:
    ident = event.get("id")
    if ident is None:
        return None
    kind = str(event.get("type") or "Event")
    actor = str((event.get("actor") or {}).get("login") or "someone")
    repo = str((event.get("repo") or {}).get("name") or "")
    payload = event.get("payload") or {}
    title, link = _event_text(kind, actor, repo, payload)
    return ItemDraft(
        key=f"event:{ident}",
        title=title,
        link=link or (f"https://github.com/{repo}" if repo else None),
        authors=(actor,),
        tags=tuple(t for t in (kind.removesuffix("Event").lower(), repo) if t),
        published=api.parse_time(event.get("created_at")),
    )


def _event_text(kind: str, actor: str, repo: str, p: Mapping[str, Any]) -> tuple[str, str | None]:
    action = str(p.get("action") or "")
    if kind == "PushEvent":
        count = p.get("size", len(p.get("commits") or []))
        ref = str(p.get("ref") or "").removeprefix("refs/heads/")
        commits = f"{count} commit{'' if count == 1 else 's'}"
        return f"{actor} pushed {commits} to {repo} {ref}".strip(), None
    for key, noun in (("pull_request", "pull request"), ("issue", "issue"), ("release", "release")):
        obj = p.get(key)
        if isinstance(obj, dict):
            label = obj.get("title") or obj.get("name") or obj.get("tag_name") or ""
            number = f" #{obj['number']}" if obj.get("number") else ""
            verb = "commented on" if kind.endswith("CommentEvent") else (action or "updated")
            comment = p.get("comment") if isinstance(p.get("comment"), dict) else {}
            link = (comment or {}).get("html_url") or obj.get("html_url")
            return f"{actor} {verb} {noun}{number} in {repo}: {label}".strip(), link
    if kind in ("CreateEvent", "DeleteEvent"):
        verb = "created" if kind == "CreateEvent" else "deleted"
        what = f"{p.get('ref_type', '')} {p.get('ref') or ''}".strip()
        return f"{actor} {verb} {what} in {repo}", None
    return f"{actor} {_VERBS.get(kind, kind)} {repo}".strip(), None


KIND = GitHubRepo()
