"""GitHub notifications, releases and events against recorded api.github.com responses replayed
by a real local server, through the real Fetcher."""

from __future__ import annotations

import gzip
import io
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Updated
from notify.core.models import SourceState
from notify.core.scheduling import JITTER
from notify.core.sources.github import KIND as NOTIFICATIONS
from notify.core.sources.github_repo import KIND as REPO
from tests.support.replay_server import (
    Keyring,
    ReplayServer,
    Response,
    Seen,
    next_state,
    poll_kind,
    replay,
)

__all__ = ["replay"]

TOKEN = "ghp_CANARYtoken0123456789"
REF = "notify-0123456789abcdef"
SETTINGS = {"token_ref": REF}


def keyring() -> Keyring:
    return Keyring({REF: TOKEN})


def poll_notifications(server: ReplayServer, state=None, secrets=None):
    return poll_kind(NOTIFICATIONS, server.url("/notifications"), SETTINGS, state=state,
                     secrets=secrets or keyring())


def test_notifications_mapping_headers_and_poll_interval(replay: ReplayServer) -> None:
    replay.replay("/notifications", "github/notifications_all_2018")
    result, _ = poll_notifications(replay)
    assert isinstance(result.outcome, Updated)
    assert len(result.items) == 22
    first = result.items[0]
    assert first.key == "thread:300033598"
    assert first.title == "vcr/vcr: Add .ruby-version to .gitignore"
    assert first.link == "https://github.com/vcr/vcr/pull/691"
    assert first.tags[:2] == ("subscribed", "pullrequest")
    assert "unread" in first.tags
    assert first.published == pytest.approx(1517744395.0)
    reasons = {item.tags[0] for item in result.items}
    assert reasons <= {"subscribed", "mention", "comment", "author", "manual", "state_change",
                       "review_requested", "team_mention", "assign"}
    assert result.min_interval_s == 60  # X-Poll-Interval obeyed
    assert result.server_wait_s == 60  # …also by a round the user forces
    assert result.outcome.last_modified == "Sun, 04 Feb 2018 11:39:55 GMT"
    sent = replay.hits("/notifications")[0]
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["accept"] == "application/vnd.github+json"
    assert "if-modified-since" not in sent.headers


def test_notifications_conditional_304_is_free(replay: ReplayServer) -> None:
    replay.replay("/notifications", "github/notifications_all_2018")
    first, _ = poll_notifications(replay)
    _, not_modified = replay.load("github/conditional_get_304")

    def answer(seen: Seen) -> Response:
        if seen.headers.get("if-modified-since") == "Sun, 04 Feb 2018 11:39:55 GMT":
            return Response(304, (*not_modified.headers, ("X-Poll-Interval", "120")))
        return Response(500)

    replay.handler("/notifications", answer)
    second, _ = poll_notifications(replay, state=next_state(None, first))
    assert isinstance(second.outcome, NotModified)
    assert second.items == ()
    assert second.min_interval_s == 120  # a larger interval under load is obeyed
    assert second.server_wait_s == 120


def test_notifications_empty_list(replay: ReplayServer) -> None:
    replay.replay("/notifications", "github/notifications_empty_2013")
    result, _ = poll_notifications(replay)
    assert isinstance(result.outcome, Updated)
    assert result.items == ()
    assert result.min_interval_s == 60


def test_bad_token_401_says_what_to_do_without_the_token(replay: ReplayServer) -> None:
    replay.route("/notifications", status=401, headers={"Content-Type": "application/json"},
                 body='{"message":"Bad credentials"}')
    result, _ = poll_notifications(replay)
    assert isinstance(result.outcome, Failed)
    assert result.outcome.kind == FailureKind.AUTH
    assert "--token-stdin" in result.outcome.message
    assert TOKEN not in result.outcome.message


def test_a_success_that_spends_the_rate_limit_waits_for_the_reset(replay: ReplayServer) -> None:
    _, recorded = replay.load("github/notifications_all_2018")
    now = time.time()
    reset = int(now) + 1800
    headers = tuple((k, v) for k, v in recorded.headers if not k.lower().startswith("x-ratelimit"))
    replay.handler("/notifications", lambda seen: Response(200, (
        *headers, ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", str(reset))), recorded.body))
    result, _ = poll_kind(NOTIFICATIONS, replay.url("/notifications"), SETTINGS,
                          secrets=keyring(), now=now)
    assert isinstance(result.outcome, Updated) and len(result.items) == 22
    assert result.min_interval_s is not None
    assert now + result.min_interval_s * (1 - JITTER) >= reset  # not X-Poll-Interval's 60 s


def test_a_304_that_spends_the_rate_limit_waits_for_the_reset(replay: ReplayServer) -> None:
    now = time.time()
    reset = int(now) + 900
    replay.route("/repos/sigmavirus24/github3.py/releases", status=304, headers={
        "ETag": '"e"', "X-Poll-Interval": "60", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset)})
    result, _ = poll_kind(REPO, replay.url("/repos/sigmavirus24/github3.py/releases"), {},
                          state=SourceState(source_id=1, etag='"e"'), now=now)
    assert replay.requests[0].headers["if-none-match"] == '"e"'
    assert isinstance(result.outcome, NotModified)
    assert now + result.min_interval_s * (1 - JITTER) >= reset


def test_403_rate_limit_exhausted_waits_for_reset(replay: ReplayServer) -> None:
    reset = int(time.time()) + 900
    replay.route("/notifications", status=403, headers={
        "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset)}, body='{"message":"API rate limit exceeded"}')
    result, _ = poll_notifications(replay)
    assert result.outcome.kind == FailureKind.RATE_LIMITED
    assert result.outcome.retry_at == pytest.approx(reset)


def test_403_with_retry_after_secondary_limit(replay: ReplayServer) -> None:
    replay.route("/notifications", status=403, headers={"Retry-After": "120"},
                 body='{"message":"You have exceeded a secondary rate limit"}')
    before = time.time()
    result, _ = poll_notifications(replay)
    assert result.outcome.kind == FailureKind.RATE_LIMITED
    assert before + 119 <= result.outcome.retry_at <= time.time() + 121


def test_429_with_retry_after(replay: ReplayServer) -> None:
    replay.route("/notifications", status=429, headers={"Retry-After": "60"})
    before = time.time()
    result, _ = poll_notifications(replay)
    assert result.outcome.kind == FailureKind.RATE_LIMITED
    assert before + 59 <= result.outcome.retry_at <= time.time() + 61


def test_malformed_json_is_a_clear_parse_failure(replay: ReplayServer) -> None:
    replay.route("/notifications", headers={"Content-Type": "application/json"},
                 body='[{"id": "1", "subject": {"title": "cut off')
    result, _ = poll_notifications(replay)
    assert result.outcome.kind == FailureKind.PARSE
    assert "malformed JSON" in result.outcome.message
    assert "GitHub notifications" in result.outcome.message


def test_10_mb_answer_is_cut_at_the_cap(replay: ReplayServer) -> None:
    body = b"[" + b'{"id": "1"},' * (10 * 1024 * 1024 // 12) + b'{"id": "2"}]'
    assert len(body) > 10 * 1024 * 1024
    replay.route("/notifications", headers={"Content-Type": "application/json"}, body=body)
    result, _ = poll_notifications(replay)
    assert result.outcome.kind == FailureKind.TOO_LARGE


def test_locked_keyring_is_a_config_failure_for_that_source(replay: ReplayServer) -> None:
    replay.replay("/notifications", "github/notifications_all_2018")
    result, _ = poll_notifications(replay, secrets=Keyring(error="The keyring is locked."))
    assert result.outcome.kind == FailureKind.CONFIG
    assert "keyring is locked" in result.outcome.message
    assert replay.requests == []  # nothing sent without the token


def test_notifications_normalise() -> None:
    url, settings = NOTIFICATIONS.normalise("", SETTINGS)
    assert url == "https://api.github.com/notifications"
    assert settings["participating"] is False
    url, _ = NOTIFICATIONS.normalise("https://ghe.example.com/api/v3/notifications", SETTINGS)
    assert url == "https://ghe.example.com/api/v3/notifications"
    with pytest.raises(SourceConfigError, match="token"):
        NOTIFICATIONS.normalise("", {})
    with pytest.raises(SourceConfigError):
        NOTIFICATIONS.normalise("https://example.com/feed", SETTINGS)


# --- releases and events ---------------------------------------------------------------------


def test_releases_mapping_and_etag(replay: ReplayServer) -> None:
    replay.replay("/repos/sigmavirus24/github3.py/releases", "github/releases_2018")
    result, source = poll_kind(REPO, replay.url("/repos/sigmavirus24/github3.py"),
                               {"what": "releases"})
    assert source.url.endswith("/repos/sigmavirus24/github3.py/releases")
    assert isinstance(result.outcome, Updated)
    # named with the repository: "0.9.3" alone, among every source's items, said not what
    assert [i.title for i in result.items] == ["github3.py 0.9.3", "github3.py v0.7.1"]
    first = result.items[0]
    assert first.link == "https://github.com/sigmavirus24/github3.py/releases/tag/0.9.3"
    assert first.published == pytest.approx(1417228820.0)
    assert first.authors and "release" in first.tags
    assert "authorization" not in replay.requests[0].headers  # no token: none sent
    etag = result.outcome.etag
    assert etag == 'W/"af30c038bebac61006b04c3ac2c67493"'

    def answer(seen: Seen) -> Response:
        return Response(304) if seen.headers.get("if-none-match") == etag else Response(500)

    replay.handler("/repos/sigmavirus24/github3.py/releases", answer)
    again, _ = poll_kind(REPO, source.url, source.settings, state=next_state(None, result))
    assert isinstance(again.outcome, NotModified)


def _events_routes(server: ReplayServer) -> None:
    server.replay("/users/sigmavirus24/events/public", "github/user_events_public_p1")
    server.replay("/user/240830/events/public?per_page=100&page=2", "github/user_events_public_p2")
    server.replay("/user/240830/events/public?per_page=100&page=3", "github/user_events_public_p3")


def test_events_first_poll_reads_one_page(replay: ReplayServer) -> None:
    _events_routes(replay)
    result, source = poll_kind(REPO, replay.url("/users/sigmavirus24/events/public"),
                               {"what": "events"})
    assert source.url.endswith("/users/sigmavirus24/events/public")
    assert len(result.items) == 100
    assert len(replay.requests) == 1
    assert result.cursor["newest_id"] == result.items[0].key.removeprefix("event:")
    assert result.min_interval_s == 60
    assert result.server_wait_s == 60  # X-Poll-Interval: not even a forced round polls sooner
    assert all(i.authors and i.title for i in result.items)
    assert all(i.link and i.link.startswith("https://github.com/") for i in result.items)


def test_events_follow_link_pages_until_the_newest_seen(replay: ReplayServer) -> None:
    _events_routes(replay)
    first, source = poll_kind(REPO, replay.url("/users/sigmavirus24/events/public"),
                              {"what": "events"})
    # Pretend the last poll was long ago: the newest event seen then is on page 3.
    page3 = replay.load("github/user_events_public_p3")[1]
    old_id = json.loads(gzip.decompress(page3.body))[10]["id"]
    _events_routes(replay)
    replay.requests.clear()
    state = replace(next_state(None, first), etag=None, last_modified=None,
                    cursor={"newest_id": old_id})
    again, _ = poll_kind(REPO, source.url, source.settings, state=state)
    assert [r.query for r in replay.requests] == [
        "per_page=100", "per_page=100&page=2", "per_page=100&page=3"]
    assert len(again.items) == 200 + 10  # everything newer than the seen event
    assert again.cursor["newest_id"] == first.cursor["newest_id"]


def test_moved_repository_is_followed_and_reported(replay: ReplayServer) -> None:
    _, moved = replay.load("github/repo_moved_301")
    location = dict(moved.headers)["Location"]
    assert location == replay.url("/repositories/11439734")
    headers = tuple((k, v + "/releases" if k == "Location" else v) for k, v in moved.headers)
    replay.handler("/repos/sigmavirus24/betamax/releases",
                   lambda seen: Response(301, headers, moved.body))
    replay.replay("/repositories/11439734/releases", "github/releases_2018")
    result, _ = poll_kind(REPO, replay.url("/repos/sigmavirus24/betamax/releases"), {})
    assert isinstance(result.outcome, Updated)
    assert result.outcome.permanent_redirect is not None
    assert "/repositories/11439734/releases" in result.outcome.permanent_redirect
    assert len(result.items) == 2
    assert any("moved (301)" in w for w in result.warnings)


def test_repo_normalise_forms() -> None:
    assert REPO.normalise("python/cpython", {})[0] == \
        "https://api.github.com/repos/python/cpython/releases"
    url, settings = REPO.normalise("https://github.com/python/cpython", {"what": "events"})
    assert url == "https://api.github.com/repos/python/cpython/events"
    assert settings["what"] == "events"
    assert REPO.normalise("https://github.com/torvalds", {"what": "events"})[0] == \
        "https://api.github.com/users/torvalds/events/public"
    with pytest.raises(SourceConfigError):
        REPO.normalise("https://github.com/torvalds", {"what": "releases"})
    with pytest.raises(SourceConfigError, match="a user has no releases"):
        REPO.normalise("https://api.github.com/users/torvalds", {"what": "releases"})
    assert "python/cpython" in REPO.default_title(
        "https://api.github.com/repos/python/cpython/releases", {"what": "releases"})


@pytest.mark.parametrize(("pasted", "url"), [
    # typed without https:// (it became github.com/github.com/python/cpython, refused)
    ("github.com/python/cpython", "/repos/python/cpython/releases"),
    ("www.github.com/python/cpython/", "/repos/python/cpython/releases"),
    # "Clone" addresses
    ("https://github.com/python/cpython.git", "/repos/python/cpython/releases"),
    ("git@github.com:python/cpython.git", "/repos/python/cpython/releases"),
    # a release, the tags, the releases' Atom feed: the releases
    ("https://github.com/python/cpython/releases/tag/v3.12.0", "/repos/python/cpython/releases"),
    ("https://github.com/python/cpython/releases/latest", "/repos/python/cpython/releases"),
    ("https://github.com/python/cpython/releases.atom", "/repos/python/cpython/releases"),
    ("https://github.com/python/cpython/tags", "/repos/python/cpython/releases"),
    # its issues, pull requests, commits: its activity
    ("https://github.com/python/cpython/issues", "/repos/python/cpython/events"),
    ("https://github.com/python/cpython/pull/12345/files", "/repos/python/cpython/events"),
    ("https://github.com/python/cpython/commits/main", "/repos/python/cpython/events"),
    # another page of it: the repository, followed as set
    ("https://github.com/python/cpython/tree/main/Lib", "/repos/python/cpython/releases"),
    # a user, as GitHub writes one
    ("@torvalds", "/users/torvalds/events/public"),
])
def test_what_a_person_pastes_is_followed_and_named(pasted: str, url: str) -> None:
    """Regression: each of these was "not a GitHub repository (owner/name) or user"."""
    got, settings = REPO.normalise(pasted, {})
    assert got == "https://api.github.com" + url
    assert REPO.normalise(got, settings) == (got, settings)
    name = "torvalds" if "users" in url else "python/cpython"
    assert REPO.default_title(got, settings) == f"{name} {settings['what']} (GitHub)"


def test_a_release_already_named_with_its_repository_is_not_named_twice() -> None:
    from notify.core.sources.github_repo import release_draft

    draft = release_draft({"id": 1, "tag_name": "5.0", "name": "Django 5.0",
                           "html_url": "https://github.com/django/django/releases/tag/5.0"})
    assert draft is not None and draft.title == "Django 5.0"
    draft = release_draft({"id": 2, "tag_name": "v2", "name": "", "html_url": ""})
    assert draft is not None and draft.title == "v2"


def test_an_organisation_says_to_give_one_of_its_repositories() -> None:
    with pytest.raises(SourceConfigError, match=r"^'https://github.com/orgs/python' is a GitHub "
                       r"organisation, .*: give one of its repositories \(python/NAME\)\.$"):
        REPO.normalise("https://github.com/orgs/python", {})


def test_notifications_on_github_com_typed_without_https() -> None:
    for typed in ("github.com", "github.com/notifications", "www.github.com/notifications/"):
        assert NOTIFICATIONS.normalise(typed, {"token_ref": "ref"})[0] == \
            "https://api.github.com/notifications"


@pytest.mark.parametrize(("given", "settings"), [
    ("https://ghe.example.com/api/v3/users/sigmavirus24", {"what": "events"}),
    ("https://ghe.example.com/api/v3/users/sigmavirus24", {}),
    ("https://ghe.example.com/api/v3/users/sigmavirus24/events/public", {}),
    ("https://ghe.example.com/api/v3/users/sigmavirus24/events", {}),
    ("https://ghe.example.com/api/v3/users/sigmavirus24/events/public", {"what": "events"}),
])
def test_a_user_api_url_is_a_user_not_a_repository(given: str, settings: dict[str, str]) -> None:
    url, clean = REPO.normalise(given, settings)
    assert url == "https://ghe.example.com/api/v3/users/sigmavirus24/events/public"
    assert clean["what"] == "events"
    assert REPO.default_title(url, clean) == "sigmavirus24 events (GitHub)"


def test_a_user_web_address_means_its_events() -> None:
    assert REPO.normalise("https://github.com/torvalds", {}) == (
        "https://api.github.com/users/torvalds/events/public", {"what": "events"})
    # two segments are a repository, even one named "events"
    assert REPO.normalise("https://github.com/someone/events", {})[0] == \
        "https://api.github.com/repos/someone/events/releases"


def test_user_events_on_an_enterprise_server(replay: ReplayServer) -> None:
    replay.replay("/api/v3/users/sigmavirus24/events/public", "github/user_events_public_p1")
    result, source = poll_kind(REPO, replay.url("/api/v3/users/sigmavirus24"), {})
    assert source.url == replay.url("/api/v3/users/sigmavirus24/events/public")
    assert source.settings["what"] == "events"
    assert len(result.items) == 100
    assert [r.path for r in replay.requests] == ["/api/v3/users/sigmavirus24/events/public"]


def test_a_releases_token_refused_says_which_scope_and_how_to_give_it_again(
    replay: ReplayServer,
) -> None:
    replay.route("/repos/sigmavirus24/github3.py/releases", status=401,
                 headers={"Content-Type": "application/json"},
                 body='{"message":"Bad credentials"}')
    result, _ = poll_kind(REPO, replay.url("/repos/sigmavirus24/github3.py/releases"),
                          SETTINGS, secrets=keyring())
    message = result.outcome.message
    assert result.outcome.kind == FailureKind.AUTH
    assert "'notifications'" not in message
    assert "no scope for a public repository, and the 'repo' scope for a private one" in message
    assert "give it again: notify sources edit 1 --token-stdin, or in Settings → Sources" in message
    assert TOKEN not in message


def test_a_notifications_token_refused_says_how_to_give_it_again(replay: ReplayServer) -> None:
    replay.route("/notifications", status=401, body='{"message":"Bad credentials"}')
    message = poll_notifications(replay)[0].outcome.message
    assert "'notifications' (or 'repo') scope" in message
    assert "give it again: notify sources edit 1 --token-stdin, or in Settings → Sources" in message


def test_a_token_gone_from_the_keyring_says_how_to_give_it_again(replay: ReplayServer) -> None:
    replay.replay("/notifications", "github/notifications_all_2018")
    result, _ = poll_notifications(replay, secrets=Keyring({}))
    assert result.outcome.kind == FailureKind.CONFIG
    assert result.outcome.message == (
        "GitHub notifications: the keyring has no token for this source (it may have been "
        "deleted or saved in another keyring); give it again: notify sources edit 1 "
        "--token-stdin, or in Settings → Sources.")
    assert replay.requests == []


def test_a_missing_repository_mentions_private_ones(replay: ReplayServer) -> None:
    replay.route("/repos/someone/secret/releases", status=404,
                 body='{"message":"Not Found"}')
    result, _ = poll_kind(REPO, replay.url("/repos/someone/secret"), {})
    assert result.outcome.kind == FailureKind.NOT_FOUND
    assert result.outcome.message == (
        "GitHub releases: GitHub has no repository someone/secret (HTTP 404 Not Found): it was "
        "deleted, or it is private and a token with the 'repo' scope is needed to read it. "
        f"Check {replay.url('/someone/secret')} in a browser.")


GENERIC_ADVICE = "Check the token or credentials for this source"


def test_a_refused_token_says_what_to_do_once(replay: ReplayServer) -> None:
    """Regression: the fetcher's "Check the token or credentials for this source in Settings."
    came before GitHub's own advice: two things to do, said twice over."""
    replay.route("/notifications", status=401, body='{"message":"Bad credentials"}')
    message = poll_notifications(replay)[0].outcome.message
    assert message == (
        "GitHub notifications: 127.0.0.1 refused access (HTTP 401 Unauthorized). GitHub refused "
        "the token: it may be expired or revoked. This source needs a classic token with the "
        "'notifications' (or 'repo') scope. Create a new token and give it again: notify "
        "sources edit 1 --token-stdin, or in Settings → Sources.")


def test_a_spent_limit_without_a_token_offers_one(replay: ReplayServer) -> None:
    """Regression: a repository followed without a token (60 requests an hour) ran out and was
    only told when Notify would ask again, not that a token lifts the limit to 5,000."""
    reset = int(time.time()) + 1800
    replay.route("/repos/a/b/releases", status=403,
                 headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
                 body='{"message":"API rate limit exceeded"}')
    outcome = poll_kind(REPO, replay.url("/repos/a/b"), {})[0].outcome
    assert outcome.kind == FailureKind.RATE_LIMITED and outcome.retry_at == reset
    assert "A token raises GitHub's limit from 60 to 5,000 requests an hour" in outcome.message
    assert "add it: notify sources edit 1 --token-stdin, or in Settings → Sources" in (
        outcome.message)
    assert GENERIC_ADVICE not in outcome.message
    with_token = poll_kind(REPO, replay.url("/repos/a/b"), SETTINGS, secrets=keyring())[0]
    assert "A token raises" not in with_token.outcome.message


def test_a_user_that_is_gone_is_said_as_a_user(replay: ReplayServer) -> None:
    """Regression: a renamed or deleted user was "nothing at this address… the feed may have
    moved… GitHub also answers 404 for a private repository"."""
    replay.route("/users/nobody/events/public", status=404, body='{"message":"Not Found"}')
    outcome = poll_kind(REPO, replay.url("/users/nobody"), {})[0].outcome
    assert outcome.kind == FailureKind.NOT_FOUND
    assert outcome.message == (
        "GitHub events: GitHub has no user nobody (HTTP 404 Not Found): the account was renamed "
        f"or deleted. Check {replay.url('/nobody')} in a browser (a renamed account is followed "
        "under its new name).")


def test_the_page_to_check_is_on_github_com_or_the_enterprise_host() -> None:
    from notify.core.sources.github_repo import web_page

    assert web_page("https://api.github.com/repos/a/b/releases", "a/b") == (
        "https://github.com/a/b")
    assert web_page("https://ghe.example/api/v3/users/u/events/public", "u") == (
        "https://ghe.example/u")


def test_release_notes_are_text_that_wraps_and_pushes_count_in_words(
        replay: ReplayServer) -> None:
    """Regression: release notes were a <pre> block (each long Markdown line ran off the inbox
    pane's right edge, behind a horizontal scroll bar), and events said "pushed 1 commit(s)"."""
    from notify.core.sources.github_repo import event_draft

    replay.replay("/repos/sigmavirus24/github3.py/releases", "github/releases_2018")
    result, _ = poll_kind(REPO, replay.url("/repos/sigmavirus24/github3.py"), {})
    notes = result.items[1]
    assert notes.summary_text.startswith("- Add dependency on [uritemplate.py]")
    assert "<pre" not in notes.summary_html and "uritemplate.py" in notes.summary_html
    assert "<br" in notes.summary_html  # its lines kept (one item of the list each)
    push = {"id": "1", "type": "PushEvent", "actor": {"login": "ann"},
            "repo": {"name": "a/b"}, "payload": {"size": 1, "ref": "refs/heads/main"}}
    draft = event_draft(push)
    assert draft is not None and draft.title == "ann pushed 1 commit to a/b main"
    draft = event_draft({**push, "payload": {"size": 3, "ref": "refs/heads/main"}})
    assert draft is not None and draft.title == "ann pushed 3 commits to a/b main"


@pytest.mark.parametrize("argv, says", [
    (["sources", "add", "--no-check", "--kind", "github-repo", "http://[::1"],
     "notify: 'http://[::1' is not a valid address: a bracket of its host is not closed "
     "(an IPv6 address is written [::1]). Give a repository "
     "(owner/name) or its github.com address, e.g. python/cpython.\n"),
    (["sources", "preview", "--kind", "github-notifications", "--token-stdin", "http://[::1"],
     "notify: 'http://[::1' is not a valid address: a bracket of its host is not closed "
     "(an IPv6 address is written [::1]). Leave the address empty for "
     "github.com, or give https://<host>/api/v3/notifications for GitHub Enterprise.\n"),
])
def test_an_address_python_cannot_split_is_one_line_from_the_cli(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: both GitHub kinds raised a bare ValueError ("Invalid IPv6 URL"): a
    traceback from ``notify sources add``."""
    from notify.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(TOKEN))
    code = main([*argv, "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2 and err == says


def test_every_kind_says_who_asks_notify_to_wait_github_by_name() -> None:
    """``SourceKind.server_name`` is declared with its default on the contract (it was set by
    the GitHub kinds alone, and read with getattr)."""
    from notify.core.sources import registry
    from notify.core.sources.base import SERVER_NAME, SourceKind

    assert SourceKind.server_name == SERVER_NAME == "The server"
    for kind in registry.all_kinds():
        assert kind.server_name == ("GitHub" if kind.id.startswith("github") else SERVER_NAME)
