"""Mastodon timelines against recorded responses (a Mastodon 4.6 test instance) replayed by a
real local server."""

from __future__ import annotations

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import FailureKind, Updated
from notify.core.sources.mastodon import KIND, id_key
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

TOKEN = "__CANARY_mastodon_token_42"
REF = "notify-mastodon0000"


def test_hashtag_timeline_without_token(replay: ReplayServer) -> None:
    replay.replay("/api/v1/timelines/tag/hoot", "mastodon/timelines_tag_hoot")
    result, source = poll_kind(KIND, replay.url("/tags/hoot"), {})
    assert source.url == replay.url("/api/v1/timelines/tag/hoot")
    assert source.settings == {"timeline": "tag", "tag": "hoot"}
    assert isinstance(result.outcome, Updated)
    (item,) = result.items
    assert item.tags == ("hoot",)
    assert item.title.endswith(": #hoot (hashtag toot)")
    assert "@mastodonpy_test_2" in item.authors[0]
    assert "<a " in item.summary_html and "class=" not in item.summary_html
    assert item.link and item.link.startswith(replay.base)
    assert result.cursor == {"since_id": "117020593741189701"}
    assert "authorization" not in replay.requests[0].headers


def test_home_timeline_with_token_and_since_id(replay: ReplayServer) -> None:
    _, home = replay.load("mastodon/timelines_home")
    _, newer = replay.load("mastodon/timelines_home_since_id")
    _, empty = replay.load("mastodon/timelines_home_empty_window")

    def answer(seen: Seen) -> Response:
        if "since_id=117020593473214477" in seen.query:
            return newer
        if "since_id=117020594094054884" in seen.query:
            return empty
        return home

    replay.handler("/api/v1/timelines/home", answer)
    secrets = Keyring({REF: TOKEN})
    settings = {"timeline": "home", "token_ref": REF}
    result, source = poll_kind(KIND, replay.base, settings, secrets=secrets)
    assert source.url == replay.url("/api/v1/timelines/home")
    assert len(result.items) == 13
    assert sum("sensitive" in i.tags for i in result.items) == 6
    assert replay.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert result.cursor == {"since_id": "117020593473214477"}
    second, _ = poll_kind(KIND, source.url, source.settings, secrets=secrets,
                          state=next_state(None, result))
    assert "since_id=117020593473214477" in replay.requests[-1].query
    assert [i.key for i in second.items] == ["status:117020594094054884"]
    third, _ = poll_kind(KIND, source.url, source.settings, secrets=secrets,
                         state=next_state(next_state(None, result), second))
    assert third.items == ()
    assert third.cursor == {"since_id": "117020594094054884"}  # nothing new: cursor kept


def test_notifications(replay: ReplayServer) -> None:
    replay.replay("/api/v1/notifications", "mastodon/notifications")
    result, _ = poll_kind(KIND, replay.base, {"timeline": "notifications", "token_ref": REF},
                          secrets=Keyring({REF: TOKEN}))
    (item,) = result.items
    assert item.key == "notification:20"
    assert item.tags[0] == "mention"
    assert item.title.startswith("[mention] ")
    assert "hello!" in item.summary_text


def test_public_timeline(replay: ReplayServer) -> None:
    replay.replay("/api/v1/timelines/public", "mastodon/timelines_public_anonymous")
    result, _ = poll_kind(KIND, replay.base, {"timeline": "local"})
    assert len(result.items) == 8
    assert "local=true" in replay.requests[0].query


def test_bad_token(replay: ReplayServer) -> None:
    replay.route("/api/v1/timelines/home", status=401,
                 body='{"error":"The access token is invalid"}')
    result, _ = poll_kind(KIND, replay.base, {"timeline": "home", "token_ref": REF},
                          secrets=Keyring({REF: TOKEN}))
    assert result.outcome.kind == FailureKind.AUTH
    assert "--token-stdin" in result.outcome.message
    assert TOKEN not in result.outcome.message


def test_rate_limited_until_iso_reset(replay: ReplayServer) -> None:
    replay.route("/api/v1/timelines/tag/hoot", status=429, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"})
    result, _ = poll_kind(KIND, replay.url("/tags/hoot"), {})
    assert result.outcome.kind == FailureKind.RATE_LIMITED
    assert result.outcome.retry_at == pytest.approx(4070908800.0)


def test_ids_sort_as_mastodon_orders_them() -> None:
    assert max(["99", "100", "117020593473214477", "9"], key=id_key) == "117020593473214477"


def test_normalise() -> None:
    url, settings = KIND.normalise("mastodon.social", {"tag": "#Python"})
    assert url == "https://mastodon.social/api/v1/timelines/tag/Python"
    assert KIND.default_title(url, settings) == "#Python on mastodon.social"
    with pytest.raises(SourceConfigError, match="token"):
        KIND.normalise("https://mastodon.social", {"timeline": "home"})
    with pytest.raises(SourceConfigError, match="hashtag"):
        KIND.normalise("https://mastodon.social", {})
