"""Reddit listings against recorded responses replayed by a real local server."""

from __future__ import annotations

import time

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import FailureKind, Updated
from notify.core.scheduling import JITTER
from notify.core.sources.reddit import EMPTY_RESET, KIND
from tests.support.replay_server import ReplayServer, Response, Seen, next_state, poll_kind, replay

__all__ = ["replay"]


def _listing_routes(server: ReplayServer) -> None:
    _, first = server.load("reddit/r_all_new_2016")
    _, newer = server.load("reddit/r_all_new_before_2016")

    def answer(seen: Seen) -> Response:
        if "before=t3_5jo13y" in seen.query:
            return newer
        return first

    server.handler("/r/all/new.json", answer)


def test_new_listing_mapping_and_before_cursor(replay: ReplayServer) -> None:
    _listing_routes(replay)
    result, source = poll_kind(KIND, replay.url("/r/all/"), {"limit": 100})
    assert source.url == replay.url("/r/all/new.json")
    assert isinstance(result.outcome, Updated)
    assert len(result.items) == 100
    first = result.items[0]
    assert first.key == "t3_5jo13y"
    assert first.title == "Farewell Rush - We will never forget your stream"
    assert first.link == "https://www.youtube.com/watch?v=w5aNSHEUfJE"
    assert first.authors == ("u/AnotherProGamer",)
    assert first.published == 1482373050.0
    assert "r/LeagueOfVideos" in first.tags
    assert "reddit.com/r/LeagueOfVideos/comments/5jo13y" in first.summary_html
    assert sum("nsfw" in i.tags for i in result.items) == 12
    assert result.cursor == {"before": "t3_5jo13y", "empty_polls": 0}
    assert "before" not in replay.requests[0].query
    assert "raw_json=1" in replay.requests[0].query
    # the next poll asks only for what is newer
    again, _ = poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert "before=t3_5jo13y" in replay.requests[-1].query
    assert [i.key for i in again.items] == ["t3_5jo144", "t3_5jo143", "t3_5jo141", "t3_5jo140"]
    assert again.cursor["before"] == "t3_5jo144"


def test_self_posts_link_to_the_discussion(replay: ReplayServer) -> None:
    replay.replay("/r/askreddit/new.json", "reddit/r_askreddit_new_2016")
    result, _ = poll_kind(KIND, replay.url("/r/askreddit/new.json"), {})
    assert result.items
    assert all(i.link and "/r/AskReddit/comments/" in i.link for i in result.items)


def test_empty_answers_to_before_eventually_reset(replay: ReplayServer) -> None:
    replay.replay("/r/all/new.json", "reddit/empty_listing_2016")
    state = next_state(None, poll_kind(KIND, replay.url("/r/all/new.json"), {})[0])
    state = type(state)(source_id=1, cursor={"before": "t3_deleted", "empty_polls": 0})
    for n in range(EMPTY_RESET):
        result, _ = poll_kind(KIND, replay.url("/r/all/new.json"), {}, state=state)
        assert "before=t3_deleted" in replay.requests[-1].query
        assert result.cursor == {"before": "t3_deleted", "empty_polls": n + 1}
        state = next_state(state, result)
    poll_kind(KIND, replay.url("/r/all/new.json"), {}, state=state)
    assert "before" not in replay.requests[-1].query


def test_hot_listing_never_uses_before(replay: ReplayServer) -> None:
    replay.replay("/r/popular/hot.json", "reddit/r_popular_hot_2026")
    url = replay.url("/r/popular/hot.json")
    result, source = poll_kind(KIND, url, {})
    assert source.settings["sort"] == "hot"
    assert len(result.items) == 100
    assert result.min_interval_s == 0  # 997 requests left: no need to wait
    poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert "before" not in replay.requests[-1].query


def test_spent_quota_waits_for_the_reset(replay: ReplayServer) -> None:
    _, hot = replay.load("reddit/r_popular_hot_2026")
    headers = tuple((k, v) for k, v in hot.headers if not k.lower().startswith("x-ratelimit"))
    replay.handler("/r/popular/hot.json", lambda seen: Response(200, (
        *headers, ("x-ratelimit-remaining", "0.0"), ("x-ratelimit-reset", "120"),
        ("x-ratelimit-used", "1000")), hot.body))
    result, _ = poll_kind(KIND, replay.url("/r/popular/hot.json"), {})
    # the wait until the reset, stretched so that the scheduler's -10 % jitter keeps it
    assert 120 <= result.min_interval_s * (1 - JITTER) <= 123


def test_429_with_retry_after(replay: ReplayServer) -> None:
    replay.route("/r/all/new.json", status=429, headers={"Retry-After": "30"})
    before = time.time()
    result, _ = poll_kind(KIND, replay.url("/r/all/new.json"), {})
    assert result.outcome.kind == FailureKind.RATE_LIMITED
    assert before + 29 <= result.outcome.retry_at <= time.time() + 31


def test_malformed_json(replay: ReplayServer) -> None:
    replay.route("/r/all/new.json", body='{"kind": "Listing", "data": {"children": [',
                 headers={"Content-Type": "application/json"})
    result, _ = poll_kind(KIND, replay.url("/r/all/new.json"), {})
    assert result.outcome.kind == FailureKind.PARSE
    assert "Reddit" in result.outcome.message


def test_normalise() -> None:
    assert KIND.normalise("python", {})[0] == "https://www.reddit.com/r/python/new.json"
    url, settings = KIND.normalise("https://old.reddit.com/r/Python/hot/", {})
    assert url == "https://www.reddit.com/r/Python/hot.json"
    assert settings["sort"] == "hot"
    assert KIND.default_title(url, settings) == "r/Python (hot)"
    with pytest.raises(SourceConfigError):
        KIND.normalise("", {})
    with pytest.raises(SourceConfigError):
        KIND.normalise("python", {"sort": "controversial"})


def test_a_refused_subreddit_is_not_told_to_check_a_token(replay: ReplayServer) -> None:
    """Regression: Reddit takes no token, yet a 403 (a private subreddit, or Reddit refusing
    this network) said "Check the token or credentials for this source in Settings."."""
    replay.route("/r/secretclub/new.json", status=403, body='{"reason": "private"}',
                 headers={"Content-Type": "application/json"})
    outcome = poll_kind(KIND, replay.url("/r/secretclub/"), {})[0].outcome
    assert outcome.kind == FailureKind.AUTH
    assert outcome.message == (
        "Reddit: 127.0.0.1 refused access (HTTP 403 Forbidden). r/secretclub may be private or "
        "quarantined, or Reddit is refusing requests from this network for now (it blocks some "
        "networks and VPNs). Check https://www.reddit.com/r/secretclub/ in a browser.")


def test_a_missing_subreddit_and_a_rate_limit_name_reddit(replay: ReplayServer) -> None:
    replay.route("/r/gonesub/new.json", status=404, body='{"reason": "banned"}')
    outcome = poll_kind(KIND, replay.url("/r/gonesub/"), {})[0].outcome
    assert outcome.kind == FailureKind.NOT_FOUND
    assert outcome.message.startswith("Reddit: there is no r/gonesub (HTTP 404 Not Found)")
    assert "the feed may have moved" not in outcome.message
    replay.route("/r/all/new.json", status=429, headers={"Retry-After": "30"})
    limited = poll_kind(KIND, replay.url("/r/all/new.json"), {})[0].outcome
    assert limited.message.startswith("Reddit: 127.0.0.1 asked Notify to slow down")


@pytest.mark.parametrize(("pasted", "url", "title"), [
    # typed without https:// (it became www.reddit.com/reddit.com/r/python and was refused)
    ("reddit.com/r/python", "https://www.reddit.com/r/python/new.json", "r/python (new)"),
    ("www.reddit.com/r/python/hot", "https://www.reddit.com/r/python/hot.json", "r/python (hot)"),
    ("https://www.reddit.com/r/python/.rss", "https://www.reddit.com/r/python/new.json",
     "r/python (new)"),
    ("https://www.reddit.com/r/python/new.json", "https://www.reddit.com/r/python/new.json",
     "r/python (new)"),
    # a post: its subreddit
    ("https://www.reddit.com/r/Python/comments/1abc2d/some_title/",
     "https://www.reddit.com/r/Python/new.json", "r/Python (new)"),
    # a user's posts
    ("u/spez", "https://www.reddit.com/user/spez/submitted.json?sort=new", "u/spez (new)"),
    ("https://www.reddit.com/user/spez/",
     "https://www.reddit.com/user/spez/submitted.json?sort=new", "u/spez (new)"),
    ("https://old.reddit.com/u/spez/submitted/?sort=hot",
     "https://www.reddit.com/user/spez/submitted.json?sort=hot", "u/spez (hot)"),
])
def test_what_a_person_pastes_is_followed_and_named(pasted: str, url: str, title: str) -> None:
    got, settings = KIND.normalise(pasted, {})
    assert got == url
    assert KIND.default_title(got, settings) == title
    assert KIND.normalise(got, settings) == (got, settings)
    # the address alone says it all (``notify sources add`` keeps only the address)
    assert KIND.normalise(got, {}) == (got, settings)


@pytest.mark.parametrize(("pasted", "says"), [
    ("https://www.reddit.com/r/python/top/",
     "Notify follows the new or hot posts of r/python, not its 'top' ones: give "
     "https://www.reddit.com/r/python/ (new) or --option sort=hot."),
    ("https://www.reddit.com/", "'https://www.reddit.com/' is not a subreddit. Give its name "
     "(python) or address (https://www.reddit.com/r/python/), or a user (u/NAME)."),
    ("https://www.reddit.com/user/spez/comments/",
     "'https://www.reddit.com/user/spez/comments/' is not a Reddit user's posts. Give the "
     "user's address (https://www.reddit.com/user/NAME/) or u/NAME; Notify follows their posts."),
])
def test_what_cannot_be_followed_says_what_to_type(pasted: str, says: str) -> None:
    with pytest.raises(SourceConfigError) as caught:
        KIND.normalise(pasted, {})
    assert str(caught.value) == says


def test_a_user_s_posts_are_polled_in_the_order_chosen(replay: ReplayServer) -> None:
    replay.replay("/user/spez/submitted.json", "reddit/empty_listing_2016")
    result, source = poll_kind(KIND, replay.url("/user/spez/"), {"sort": "hot"})
    assert source.url == replay.url("/user/spez/submitted.json?sort=hot")
    assert isinstance(result.outcome, Updated) and result.items == ()
    assert replay.requests[0].query.count("sort=hot") == 1
    assert result.html_url == "https://www.reddit.com/user/spez/submitted/"
    replay.route("/user/gone/submitted.json", status=404, body='{"error": 404}')
    outcome = poll_kind(KIND, replay.url("/u/gone"), {})[0].outcome
    assert outcome.message == (
        "Reddit: there is no u/gone (HTTP 404 Not Found): the account was deleted or suspended, "
        "or the name is misspelt. Check https://www.reddit.com/user/gone/submitted/ in a "
        "browser.")


def test_reddit_s_blocked_page_instead_of_json_says_reddit_refuses_this_network(
    replay: ReplayServer,
) -> None:
    """Regression: Reddit's HTML "blocked" page (sent with a 200) was "the server's answer is
    not what Notify expected (malformed JSON (text/html): …). If this persists, check the
    source's URL and settings." - advice about the settings, which are right."""
    replay.route("/r/python/new.json", body=(
        "<!DOCTYPE html><html><head><title>Blocked</title></head><body>You've been blocked by "
        "network security.</body></html>"), headers={"Content-Type": "text/html; charset=utf-8"})
    outcome = poll_kind(KIND, replay.url("/r/python/"), {})[0].outcome
    assert outcome.kind == FailureKind.AUTH
    assert outcome.message == (
        "Reddit: Reddit sent a web page instead of r/python's posts (HTTP 200, text/html): it is "
        "refusing requests from this network for now (it blocks some "
        "networks and VPNs), or wants a log-in. Notify tries again later; check "
        "https://www.reddit.com/r/python/ in a browser.")
