"""Mastodon timelines against recorded responses (a Mastodon 4.6 test instance) replayed by a
real local server."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import FailureKind, Updated
from notify.core.fetch.retry_after import MAX_WAIT_S
from notify.core.scheduling import JITTER
from notify.core.sources.mastodon import KIND, id_key
from tests.core.test_engine import Clock, make_engine, run
from tests.support.replay_server import (
    Keyring,
    ReplayServer,
    Response,
    Seen,
    next_state,
    poll_kind,
    replay,
)
from tests.support.said import said

__all__ = ["replay"]

TOKEN = "__CANARY_mastodon_token_42"
REF = "notify-mastodon0000"
LOCAL = "/api/v1/timelines/public?local=true"


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
    assert ("give it again: notify sources edit 1 --token-stdin, or in Settings → Sources"
            in result.outcome.message)
    assert TOKEN not in result.outcome.message


def iso(at: float) -> str:
    """A time as Mastodon writes ``X-RateLimit-Reset``: ``2026-08-01T13:55:00.248Z``."""
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def test_429_says_until_when_from_the_iso_reset(replay: ReplayServer) -> None:
    reset = time.time() + 2 * 3600
    replay.route("/api/v1/timelines/tag/hoot", status=429, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": iso(reset)})
    result, _ = poll_kind(KIND, replay.url("/tags/hoot"), {})
    assert result.outcome.kind == FailureKind.RATE_LIMITED
    assert result.outcome.retry_at == pytest.approx(reset, abs=0.01)
    message = result.outcome.message
    assert "later" not in message
    assert f"waits until {said(reset)}" in message
    assert message.startswith("Mastodon: 127.0.0.1's rate limit is used up (HTTP 429)")


def test_a_reset_years_ahead_waits_a_week_at_most(replay: ReplayServer) -> None:
    replay.route("/api/v1/timelines/tag/hoot", status=429, headers={
        "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"})
    before = time.time()
    result, _ = poll_kind(KIND, replay.url("/tags/hoot"), {})
    assert before + MAX_WAIT_S <= result.outcome.retry_at <= time.time() + MAX_WAIT_S
    assert "2099" not in result.outcome.message


def _spent_quota(server: ReplayServer, reset: float) -> None:
    _, tag = server.load("mastodon/timelines_tag_hoot")
    headers = tuple((k, v) for k, v in tag.headers if not k.lower().startswith("x-ratelimit"))
    server.handler("/api/v1/timelines/tag/hoot", lambda seen: Response(200, (
        *headers, ("X-RateLimit-Limit", "300"), ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", iso(reset))), tag.body))


def test_a_spent_quota_on_a_success_waits_for_the_reset(replay: ReplayServer) -> None:
    now = time.time()
    _spent_quota(replay, now + 2 * 3600)
    result, _ = poll_kind(KIND, replay.url("/tags/hoot"), {}, now=now)
    assert isinstance(result.outcome, Updated) and len(result.items) == 1
    assert result.min_interval_s is not None
    assert result.min_interval_s * (1 - JITTER) >= 2 * 3600  # even the earliest jitter waits


def test_the_engine_schedules_the_next_poll_after_the_reset(
    replay: ReplayServer, tmp_path: Path
) -> None:
    clock = Clock(time.time())
    reset = clock.now + 2 * 3600
    _spent_quota(replay, reset)
    engine = make_engine(tmp_path, clock=clock)
    source = engine.add_source("mastodon", replay.url("/tags/hoot"))
    summary = run(engine, lambda: engine.poll())
    (report,) = summary.reports
    assert report.status == "updated"
    state = engine.source_state(source.id)
    assert state.next_attempt is not None and state.next_attempt >= reset
    engine.close()


def test_ids_sort_as_mastodon_orders_them() -> None:
    assert max(["99", "100", "117020593473214477", "9"], key=id_key) == "117020593473214477"


def test_normalise() -> None:
    url, settings = KIND.normalise("mastodon.social", {"tag": "#Python"})
    assert url == "https://mastodon.social/api/v1/timelines/tag/Python"
    assert KIND.default_title(url, settings) == "#Python on mastodon.social"
    with pytest.raises(SourceConfigError, match="token"):
        KIND.normalise("https://mastodon.social", {"timeline": "home"})
    with pytest.raises(SourceConfigError, match="tag timeline needs a hashtag"):
        KIND.normalise("https://mastodon.social", {"timeline": "tag"})


@pytest.mark.parametrize(("given", "settings", "expected", "title"), [
    # the instance alone: its local timeline (it asked for a hashtag before)
    ("https://mastodon.social", {}, ("local", LOCAL),
     "Local timeline on mastodon.social"),
    ("mastodon.social/", {}, ("local", LOCAL),
     "Local timeline on mastodon.social"),
    # what Settings sends for it: the Timeline choice at its default
    ("https://mastodon.social", {"timeline": "local"}, ("local", LOCAL),
     "Local timeline on mastodon.social"),
    # the instance's pages of its timelines say which
    ("https://mastodon.social/public/local", {}, ("local", LOCAL),
     "Local timeline on mastodon.social"),
    ("https://mastodon.social/public", {"timeline": "local"},
     ("public", "/api/v1/timelines/public"), "Federated timeline on mastodon.social"),
    ("https://mastodon.social/home", {"timeline": "local", "token_ref": REF},
     ("home", "/api/v1/timelines/home"), "Home timeline on mastodon.social"),
    # a hashtag page wins over the Timeline choice left at its default
    ("https://mastodon.social/tags/python", {"timeline": "local"},
     ("tag", "/api/v1/timelines/tag/python"), "#python on mastodon.social"),
    # a stored source's API address gives way to its settings: its timeline can be changed
    ("https://mastodon.social/api/v1/timelines/tag/python", {"timeline": "local"},
     ("local", LOCAL), "Local timeline on mastodon.social"),
    # …also when the hashtag field still holds its hashtag (Settings, ``sources edit``)
    ("https://mastodon.social/api/v1/timelines/tag/python", {"timeline": "public", "tag": "python"},
     ("public", "/api/v1/timelines/public"), "Federated timeline on mastodon.social"),
    ("https://mastodon.social/api/v1/timelines/tag/python", {"timeline": "tag", "tag": "rust"},
     ("tag", "/api/v1/timelines/tag/rust"), "#rust on mastodon.social"),
])
def test_what_a_person_pastes_is_followed_and_named(
    given: str, settings: dict[str, str], expected: tuple[str, str], title: str
) -> None:
    url, clean = KIND.normalise(given, settings)
    assert (clean["timeline"], url) == (expected[0], "https://mastodon.social" + expected[1])
    assert "tag" not in clean or clean["timeline"] == "tag"
    assert KIND.default_title(url, clean) == title
    assert KIND.normalise(url, clean) == (url, clean)


def test_the_local_timeline_s_address_says_so() -> None:
    """Regression: the local and the federated timeline had one address, so that a caller that
    kept only the address (``notify sources add`` normalises it, then adds it) added the
    federated timeline for the instance alone, and the two could not both be followed."""
    url, clean = KIND.normalise("https://mastodon.social", {})
    assert KIND.normalise(url, {}) == (url, clean)
    public = KIND.normalise("https://mastodon.social/public", {})[0]
    assert public == "https://mastodon.social/api/v1/timelines/public" != url


def test_the_local_timeline_is_polled_once_with_local(replay: ReplayServer) -> None:
    replay.replay("/api/v1/timelines/public", "mastodon/timelines_public_anonymous")
    result, _ = poll_kind(KIND, replay.base, {})
    assert len(result.items) == 8
    assert replay.requests[0].query.count("local=true") == 1
    # one stored before the local timeline had its own address
    poll_kind(KIND, replay.url("/api/v1/timelines/public"), {"timeline": "local"},
              normalise=False)
    assert replay.requests[1].query.count("local=true") == 1


def test_the_defaults_and_the_words_say_one_thing() -> None:
    """Regression: the Timeline defaulted to "tag" with an empty Hashtag, so the instance's
    address alone (the address's own example) was refused."""
    (timeline,) = [s for s in KIND.settings if s.key == "timeline"]
    assert timeline.default == "local" and timeline.choices[0] == "local"
    assert KIND.address is not None and "local timeline" in KIND.address.example
    assert KIND.normalise(KIND.address.example.split()[1], {})[1]["timeline"] == "local"


@pytest.mark.parametrize("given", [
    "https://mastodon.social/@Gargron", "@Gargron@mastodon.social", "Gargron@mastodon.social",
    "https://mastodon.social/@Gargron/with_replies", "https://mastodon.social/users/Gargron",
])
def test_a_profile_is_refused_with_its_feed_to_add(given: str) -> None:
    """Regression: a profile's address became the instance's hashtag timeline, refused for
    want of a hashtag (and with a Timeline chosen, that instance's timeline, silently)."""
    with pytest.raises(SourceConfigError) as caught:
        KIND.normalise(given, {"timeline": "local"})
    message = str(caught.value)
    assert "is a Mastodon profile" in message
    assert message.endswith("notify sources add --kind feed https://mastodon.social/@Gargron.rss")


def test_a_bare_hashtag_and_a_hashtag_with_another_timeline_say_what_to_type() -> None:
    with pytest.raises(SourceConfigError, match=r"give the hashtag's page on an instance, e\.g\. "
                       r"https://mastodon\.social/tags/python\."):
        KIND.normalise("#python", {})
    with pytest.raises(SourceConfigError, match="to follow #python, --option timeline=tag; to "
                       "follow the public timeline, leave the hashtag empty"):
        KIND.normalise("https://mastodon.social", {"timeline": "public", "tag": "python"})


@pytest.mark.parametrize(("given", "settings", "expected"), [
    ("http://host/mrl", {"tag": "x"}, "http://host/mrl/api/v1/timelines/tag/x"),
    ("https://host/mrl/", {"timeline": "public"}, "https://host/mrl/api/v1/timelines/public"),
    ("https://host/mrl/tags/python", {}, "https://host/mrl/api/v1/timelines/tag/python"),
    ("https://host/a/b/web/tags/rust", {}, "https://host/a/b/api/v1/timelines/tag/rust"),
    ("https://host/mrl/api/v1/timelines/home", {"token_ref": REF},
     "https://host/mrl/api/v1/timelines/home"),
    ("https://mastodon.social/explore", {"timeline": "local"},
     "https://mastodon.social" + LOCAL),
])
def test_an_instance_under_a_path_keeps_it(
    given: str, settings: dict[str, str], expected: str
) -> None:
    url, clean = KIND.normalise(given, settings)
    assert url == expected
    assert KIND.normalise(url, clean) == (url, clean)  # a stored address normalises to itself


def test_an_instance_under_a_path_is_polled_there(replay: ReplayServer) -> None:
    replay.replay("/mrl/api/v1/timelines/tag/hoot", "mastodon/timelines_tag_hoot")
    result, source = poll_kind(KIND, replay.url("/mrl"), {"tag": "hoot"})
    assert source.url == replay.url("/mrl/api/v1/timelines/tag/hoot")
    assert KIND.default_title(source.url, source.settings) == f"#hoot on {replay.base[7:]}/mrl"
    assert len(result.items) == 1
    assert [r.path for r in replay.requests] == ["/mrl/api/v1/timelines/tag/hoot"]


def test_a_timeline_refused_without_a_token_asks_for_one(replay: ReplayServer) -> None:
    """Regression: an instance that keeps its hashtag timelines for logged-in people (401) was
    told "The instance refused the access token … give it again" for a source with no token,
    after the fetcher's "Check the token or credentials for this source in Settings."."""
    replay.route("/api/v1/timelines/tag/python", status=401,
                 body='{"error":"This method requires an authenticated user"}')
    result, _ = poll_kind(KIND, replay.url("/tags/python"), {})
    assert result.outcome.kind == FailureKind.AUTH
    assert result.outcome.message == (
        "Mastodon: 127.0.0.1 refused access (HTTP 401 Unauthorized). The instance lets only "
        "logged-in people read this timeline: create an access token (Preferences → Development "
        "→ New application, scope 'read') and add it: notify sources edit 1 --token-stdin, or "
        "in Settings → Sources.")


def test_a_timeline_for_members_only_422_asks_for_a_token(replay: ReplayServer) -> None:
    """Regression: Mastodon answers 422 "This method requires an authenticated user" for a
    public timeline an instance shows only to its members; Notify said "127.0.0.1 answered
    HTTP 422 … instead of the content. Check the source's address"."""
    replay.route("/api/v1/timelines/public", status=422,
                 body='{"error":"This method requires an authenticated user"}')
    result, _ = poll_kind(KIND, replay.base, {})
    assert result.outcome.kind == FailureKind.AUTH
    message = result.outcome.message
    assert message.startswith("Mastodon: 127.0.0.1 refused access (HTTP 422 ")  # Unprocessable…
    assert message.endswith(
        "). The instance lets only logged-in people read this timeline: create an access token "
        "(Preferences → Development → New application, scope 'read') and add it: notify "
        "sources edit 1 --token-stdin, or in Settings → Sources.")


def test_an_address_that_is_no_mastodon_instance_says_so(replay: ReplayServer) -> None:
    result, _ = poll_kind(KIND, replay.base, {})
    assert result.outcome.kind == FailureKind.NOT_FOUND
    assert result.outcome.message == (
        "Mastodon: 127.0.0.1 has no Mastodon timeline at this address (HTTP 404 Not Found). "
        "Check that the address is a Mastodon instance's (e.g. https://mastodon.social) and that "
        "the instance is up.")


def test_a_notification_names_its_author_once(replay: ReplayServer) -> None:
    """Regression: ``authors`` was ("admin", "admin (@admin)"), one person twice."""
    replay.replay("/api/v1/notifications", "mastodon/notifications")
    result, _ = poll_kind(KIND, replay.base, {"timeline": "notifications", "token_ref": REF},
                          secrets=Keyring({REF: TOKEN}))
    (item,) = result.items
    assert item.authors == ("admin (@admin)",)
    assert item.title == "[mention] admin: @mastodonpy_test hello!"


def test_a_token_without_the_scope_is_said_so(replay: ReplayServer) -> None:
    replay.route("/api/v1/notifications", status=403,
                 body='{"error":"This action is outside the authorized scopes"}')
    result, _ = poll_kind(KIND, replay.base, {"timeline": "notifications", "token_ref": REF},
                          secrets=Keyring({REF: TOKEN}))
    message = result.outcome.message
    assert "may lack the 'read' scope" in message and "give it again" in message
    assert "Check the token or credentials" not in message and TOKEN not in message


def test_an_answer_with_objects_of_the_wrong_type_is_read_for_what_it_has(
    replay: ReplayServer,
) -> None:
    """Regression: an account, a boosted status or tags of the wrong JSON type (a broken or
    hostile instance) raised AttributeError/TypeError out of the poll: the source failed
    "inside Notify" and none of its statuses were read."""
    answer = json.dumps([
        {"id": "3", "account": "mallory", "content": "<p>odd account</p>", "tags": 7},
        {"id": "2", "reblog": {"account": [1], "content": "<p>odd boost</p>"}, "account": 5},
        {"id": "1", "account": {"acct": "ada"}, "content": "<p>fine</p>",
         "tags": [{"name": "Py"}, "x"]},
    ]).encode()
    replay.route("/api/v1/timelines/tag/hoot", headers={"Content-Type": "application/json"},
                 body=answer)
    result, _ = poll_kind(KIND, replay.url("/tags/hoot"), {})
    assert isinstance(result.outcome, Updated)
    assert [i.title for i in result.items] == [
        "odd account", "odd boost", "ada: fine"]
    assert result.items[2].tags == ("py",)
    assert result.cursor == {"since_id": "3"}

    notes = json.dumps([{"id": "9", "type": "mention", "account": "x", "status": {
        "id": "8", "account": None, "content": "<p>hi</p>"}}]).encode()
    replay.route("/api/v1/notifications", headers={"Content-Type": "application/json"},
                 body=notes)
    result, _ = poll_kind(KIND, replay.base, {"timeline": "notifications", "token_ref": REF},
                          secrets=Keyring({REF: TOKEN}))
    assert isinstance(result.outcome, Updated)
    assert [i.title for i in result.items] == ["[mention] hi"]
