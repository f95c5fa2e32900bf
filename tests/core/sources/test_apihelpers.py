"""Link headers, rate-limit headers, times, JSON decoding and keyring tokens shared by the API
kinds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from notify.core.fetch.outcomes import Failed, FailureKind, Updated
from notify.core.fetch.retry_after import MAX_WAIT_S
from notify.core.scheduling import JITTER
from notify.core.sources import apihelpers as api
from notify.core.sources.jsonapi import KIND as JSON_KIND
from tests.core.test_engine import make_engine
from tests.support.replay_server import ReplayServer, Response, Seen, poll_kind, replay
from tests.test_cli import Cli

__all__ = ["replay"]

NOW = 1_800_000_000.0


def test_link_header_as_github_and_mastodon_send_it() -> None:
    github = ('<https://api.github.com/user/240830/events/public?per_page=100&page=3>; rel="next", '
              '<https://api.github.com/user/240830/events/public?per_page=100&page=3>; rel="last", '
              '<https://api.github.com/user/240830/events/public?per_page=100&page=1>; rel="first"')
    links = api.parse_link_header(github)
    assert links["next"].endswith("page=3") and links["first"].endswith("page=1")
    assert set(links) == {"next", "last", "first"}
    mastodon = ('<http://localhost:3000/api/v1/timelines/home?max_id=117020574694606796>; '
                'rel="next", <http://localhost:3000/api/v1/timelines/home?min_id=1>; rel="prev"')
    assert api.parse_link_header(mastodon)["prev"].endswith("min_id=1")
    assert api.parse_link_header("</page/2>; rel=next", base="https://x.org/a")["next"] == \
        "https://x.org/page/2"
    assert api.parse_link_header(None) == {}
    assert api.parse_link_header("garbage") == {}


@pytest.mark.parametrize(("value", "expected"), [
    ("1517748168", 1517748168.0),  # GitHub: epoch seconds
    ("15", NOW + 15),  # Reddit: seconds from now
    ("997.0", NOW + 997),
    ("2026-08-01T13:55:00.248623Z", 1785592500.248623),  # Mastodon: ISO 8601
    ("soon", None),
    (None, None),
])
def test_rate_limit_reset_forms(value: str | None, expected: float | None) -> None:
    got = api.parse_reset(value, NOW)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_read_rate_limit() -> None:
    limit = api.read_rate_limit({"x-ratelimit-limit": "300", "x-ratelimit-remaining": "0",
                                 "x-ratelimit-reset": "2026-08-01T14:00:00Z"}, NOW)
    assert limit.exhausted and limit.limit == 300
    assert not api.read_rate_limit({}, NOW).exhausted
    assert api.poll_interval({"x-poll-interval": "60"}) == 60
    assert api.poll_interval({"x-poll-interval": "x"}) is None


@pytest.mark.parametrize(("headers", "expected"), [
    ({}, None),  # no rate-limit headers: nothing asked
    ({"x-ratelimit-remaining": "12", "x-ratelimit-reset": str(NOW + 600)}, 0),  # quota left
    ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(NOW - 5)}, 0),  # already reset
    ({"x-ratelimit-remaining": "0"}, 0),  # spent, but no reset time to wait for
])
def test_quota_wait_without_a_spent_quota(headers: dict[str, str], expected: int | None) -> None:
    assert api.quota_wait(headers, NOW) == expected


@pytest.mark.parametrize("reset", [
    str(int(NOW) + 3600),  # GitHub: epoch seconds
    "3600",  # Reddit: seconds from now
    "2027-01-15T09:00:00.000Z",  # Mastodon: ISO 8601 (NOW is 2027-01-15T08:00:00Z)
])
def test_quota_wait_until_the_reset_in_every_form(reset: str) -> None:
    wait = api.quota_wait({"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}, NOW)
    assert wait is not None
    assert 3600 <= wait * (1 - JITTER) <= 3602  # the earliest jittered poll is after the reset
    assert api.server_interval({"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset,
                                "x-poll-interval": "60"}, NOW) == wait


def test_quota_wait_is_at_most_a_week() -> None:
    wait = api.quota_wait({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4070908800"}, NOW)
    assert wait is not None and wait * (1 - JITTER) <= MAX_WAIT_S + 2


def test_server_interval_is_the_longest_demand() -> None:
    assert api.server_interval({"x-poll-interval": "60"}, NOW) == 60
    assert api.server_interval({"x-poll-interval": "60", "x-ratelimit-remaining": "9"}, NOW) == 60
    assert api.server_interval({}, NOW) is None


def test_the_json_kind_waits_for_a_spent_quota(replay: ReplayServer) -> None:
    now = time.time()
    reset = now + 1200

    def answer(seen: Seen) -> Response:
        return Response(200, (("Content-Type", "application/json"),
                              ("X-RateLimit-Remaining", "0"),
                              ("X-RateLimit-Reset", str(int(reset)))),
                        b'[{"id": 1, "title": "one", "url": "https://x.org/1"}]')

    replay.handler("/api/items", answer)
    result, _ = poll_kind(JSON_KIND, replay.url("/api/items"), {}, now=now)
    assert len(result.items) == 1
    assert now + result.min_interval_s * (1 - JITTER) >= int(reset)


def test_a_plain_403_stays_an_auth_failure() -> None:
    failed = Failed(FailureKind.AUTH, "refused", "https://api.github.com/x", status=403,
                    headers={"x-ratelimit-remaining": "12"})
    assert api.with_rate_limit(failed, NOW) is failed


@pytest.mark.parametrize(("value", "expected"), [
    ("2018-02-04T11:39:55Z", 1517744395.0),
    ("2023-11-01T13:58:03.000-05:00", 1698865083.0),
    ("Sun, 04 Feb 2018 11:39:55 GMT", 1517744395.0),
    (1723629812, 1723629812.0),
    (1482373050.0, 1482373050.0),
    (1723629812000, 1723629812.0),  # milliseconds
    ("1723629812", 1723629812.0),
    ("yesterday", None),
    (True, None),
    (None, None),
])
def test_parse_time(value: object, expected: float | None) -> None:
    assert api.parse_time(value) == expected


def test_decode_json_errors_say_what_was_wrong() -> None:
    def updated(body: bytes) -> Updated:
        return Updated(url="https://x.org/api", status=200,
                       headers={"content-type": "text/html"}, body=body)

    assert api.decode_json(updated(b'\xef\xbb\xbf{"a": 1}'), "X") == {"a": 1}
    bad = api.decode_json(updated(b"<html>"), "X")
    assert isinstance(bad, Failed) and bad.kind == FailureKind.PARSE
    assert "malformed JSON (text/html)" in bad.message and bad.message.startswith("X:")
    binary = api.decode_json(updated(b'{"a": "\xff"}'), "X")
    assert isinstance(binary, Failed) and "not UTF-8" in binary.message


def test_bounded_and_text_list() -> None:
    assert api.bounded([3, 2, 3, 1, 0], 3) == [3, 2, 1]
    assert api.text_list([{"username": "ada"}, "bob", "", None]) == ("ada", "bob")
    assert api.text_list("one") == ("one",)
    assert api.text_list(None) == ()


# --- a token the keyring cannot give: reported once --------------------------------------------


def test_a_poll_without_a_keyring_reports_the_token_failure_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], replay: ReplayServer, no_keyring: None
) -> None:
    replay.replay("/notifications", "github/notifications_all_2018")
    engine = make_engine(tmp_path)
    engine.add_source("github-notifications", replay.url("/notifications"),
                      settings={"token_ref": "notify-0123456789abcdef"})
    engine.close()
    cli = Cli(tmp_path / "data", capsys)
    code, out, err = cli("poll")
    assert code == 0
    assert "failed" in out and "No system keyring is available" in out
    assert err == ""  # was: "WARNING notify.core.sources.apihelpers: source 1: keyring lookup…"
    code, out, err = cli("poll", "--all", "-v")
    # -v shows the log line (the round reads the token before the kind runs: notify.core.engine)
    assert "INFO notify.core." in err and "cannot be read: No system keyring" in err
    assert replay.requests == []  # nothing sent without the token


def test_a_link_header_address_python_cannot_split_is_left_out() -> None:
    """Regression: ``<http://[::1>; rel=next`` raised ValueError out of the poll."""
    value = '<http://[::1>; rel="next", </page/3>; rel="last"'
    assert api.parse_link_header(value, base="https://x.org/a") == {
        "last": "https://x.org/page/3"}
    assert api.parse_link_header('<http://[zz]/2>; rel="next"') == {}
