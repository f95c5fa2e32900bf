"""The generic JSON API kind on recorded Lobsters, NWS and JSON Feed answers served locally."""

from __future__ import annotations

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import FailureKind, NotModified, Updated
from notify.core.sources.jsonapi import KIND, map_items
from tests.support.replay_server import (
    APIS,
    Keyring,
    ReplayServer,
    Response,
    Seen,
    next_state,
    poll_kind,
    replay,
    require_corpus,
)

__all__ = ["replay"]

JSON = {"Content-Type": "application/json"}
LOBSTERS = {
    "items": "@",
    "fields": {"id": "short_id", "link": "url || comments_url",
               "author": "submitter_user.username"},
}


def _file(name: str) -> bytes:
    return (require_corpus() / name).read_bytes()


def test_lobsters_mapping_with_etag(replay: ReplayServer) -> None:
    body = _file("lobsters/newest_2023-11-01T1903Z.json")

    def answer(seen: Seen) -> Response:
        if seen.headers.get("if-none-match") == '"v1"':
            return Response(304, (("ETag", '"v1"'),))
        return Response(200, (("Content-Type", "application/json"), ("ETag", '"v1"')), body)

    replay.handler("/newest.json", answer)
    result, source = poll_kind(KIND, replay.url("/newest.json"), LOBSTERS)
    assert isinstance(result.outcome, Updated)
    assert len(result.items) == 25
    first = result.items[0]
    assert first.key == "mo4epa"
    assert first.title == "Wrangling monotonic systems in TLA+"
    assert first.link == "https://ahelwer.ca/post/2023-11-01-tla-finite-monotonic/"
    assert first.authors == ("ahelwer",)
    assert first.tags  # Lobsters tags
    assert first.published == pytest.approx(1698865083.0)
    again, _ = poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert isinstance(again.outcome, NotModified)


def test_lobsters_with_default_fields_only(replay: ReplayServer) -> None:
    body = _file("lobsters/hottest_2023-11-01T1804Z.json")
    replay.route("/hottest.json", headers=JSON, body=body)
    result, _ = poll_kind(KIND, replay.url("/hottest.json"), {})
    assert len(result.items) == 25
    assert all(i.title and i.link and i.published for i in result.items)
    assert not any(i.authors for i in result.items)  # "submitter_user" needs a field mapping
    # without an id expression the link is the key
    assert result.items[0].key == result.items[0].link


def test_nws_alerts(replay: ReplayServer) -> None:
    replay.route("/alerts/active/zone/ORZ004", headers={"Content-Type": "application/geo+json"},
                 body=_file("nws/alerts_active_zone_second.json"))
    settings = {"items": "features[].properties",
                "fields": {"id": "id", "title": "headline", "link": "\"@id\"",
                           "published": "sent", "tags": "[event, severity]",
                           "author": "senderName"},
                "headers": {"Accept": "application/geo+json"}}
    result, _ = poll_kind(KIND, replay.url("/alerts/active/zone/ORZ004"), settings)
    assert [i.key for i in result.items] == ["NWS-IDP-PROD-3965873-3369046",
                                            "NWS-IDP-PROD-3965873-001"]
    first = result.items[0]
    assert first.tags == ("Flood Watch", "Severe")
    assert first.authors == ("NWS Portland OR",)
    assert first.published == pytest.approx(1576877640.0)
    assert "Willapa Hills" in first.summary_text
    assert replay.requests[0].headers["accept"] == "application/geo+json"


def test_json_feed_through_the_generic_kind(replay: ReplayServer) -> None:
    replay.route("/feeds/json", headers=JSON, body=_file("jsonfeed/daringfireball_v1.1.json"))
    result, _ = poll_kind(KIND, replay.url("/feeds/json"), {"items": "items",
                                                           "fields": {"author": "authors"}})
    assert len(result.items) == 48
    assert all(i.published for i in result.items)
    assert result.items[0].authors == ("John Gruber",)
    assert "<script" not in "".join(i.summary_html for i in result.items)


def test_token_is_sent_in_the_configured_header(replay: ReplayServer) -> None:
    replay.route("/api/items", headers=JSON, body='{"data": [{"id": 1, "title": "one"}]}')
    ref, token = "notify-json0001", "canary-json-token-77"
    result, _ = poll_kind(KIND, replay.url("/api/items"),
                          {"items": "data", "token_ref": ref, "token_header": "X-Api-Token",
                           "token_prefix": ""}, secrets=Keyring({ref: token}))
    assert [i.title for i in result.items] == ["one"]
    assert replay.requests[0].headers["x-api-token"] == token


def test_an_address_login_is_sent_unless_a_token_is_the_authorization(
    replay: ReplayServer,
) -> None:
    """Regression: an API behind HTTP Basic authentication, given as
    ``https://USER:PASSWORD@host/api``, was asked without it (401 at every poll)."""
    replay.route("/api/items", headers=JSON, body='{"data": [{"id": 1, "title": "one"}]}')
    url = replay.url("/api/items").replace("http://", "http://me:pw1@")
    result, _ = poll_kind(KIND, url, {"items": "data"})
    assert [i.title for i in result.items] == ["one"]
    assert replay.requests[-1].headers["authorization"] == "Basic bWU6cHcx"
    ref = "notify-json0002"  # a token in Authorization wins over the address' login
    poll_kind(KIND, url, {"items": "data", "token_ref": ref}, secrets=Keyring({ref: "tok9"}))
    assert replay.requests[-1].headers["authorization"] == "Bearer tok9"
    ref = "notify-json0003"  # a token in another header: both are sent
    poll_kind(KIND, url, {"items": "data", "token_ref": ref, "token_header": "X-Api-Token",
                          "token_prefix": ""}, secrets=Keyring({ref: "tok8"}))
    sent = replay.requests[-1].headers
    assert (sent["authorization"], sent["x-api-token"]) == ("Basic bWU6cHcx", "tok8")

def test_mapping_errors_are_clear(replay: ReplayServer) -> None:
    replay.route("/api/items", headers=JSON, body='{"data": {"rows": 3}}')
    result, _ = poll_kind(KIND, replay.url("/api/items"), {"items": "data.rows"})
    assert result.outcome.kind == FailureKind.PARSE
    assert "data.rows" in result.outcome.message and "not a list" in result.outcome.message
    replay.route("/api/items", headers=JSON, body="<html>not json</html>")
    result, _ = poll_kind(KIND, replay.url("/api/items"), {})
    assert result.outcome.kind == FailureKind.PARSE
    assert "malformed JSON" in result.outcome.message


def test_items_without_title_or_link_are_skipped_with_a_warning() -> None:
    drafts, warnings = map_items([{"id": 1, "title": "a"}, {"id": 2}], {})
    assert [d.key for d in drafts] == ["1"]
    assert warnings and "1 of 2" in warnings[0]


def test_normalise_validates_expressions_and_headers() -> None:
    with pytest.raises(SourceConfigError, match="items"):
        KIND.normalise("https://example.com/api", {"items": "data[?"})
    with pytest.raises(SourceConfigError, match="field title"):
        KIND.normalise("https://example.com/api", {"fields": {"title": "a[?"}})
    with pytest.raises(SourceConfigError, match="Unknown JSON field"):
        KIND.normalise("https://example.com/api", {"fields": {"colour": "c"}})
    with pytest.raises(SourceConfigError, match="keyring"):
        KIND.normalise("https://example.com/api", {"headers": {"Authorization": "Bearer x"}})
    with pytest.raises(SourceConfigError):
        KIND.normalise("ftp://example.com/api", {})
    _, settings = KIND.normalise("https://example.com/api", {})
    assert settings["items"] == "@" and settings["fields"] == {}


def test_corpus_is_where_the_tests_expect_it() -> None:
    require_corpus()
    assert (APIS / "PROVENANCE.md").is_file()


def test_a_refusal_says_how_the_token_is_sent_and_how_to_give_it(replay: ReplayServer) -> None:
    """Regression: a 401 said only "Check the token or credentials for this source in
    Settings.", for a source with a token (give it again, how) and without one (add one)."""
    replay.route("/private.json", status=401, body='{"error": "unauthorised"}')
    without = poll_kind(KIND, replay.url("/private.json"), {})[0].outcome
    assert without.kind == FailureKind.AUTH
    assert without.message == (
        "JSON API: 127.0.0.1 refused access (HTTP 401 Unauthorized). The API may need a token "
        "(sent as “Authorization: Bearer …”; the token header and prefix settings change that): "
        "add it: notify sources edit 1 --token-stdin, or in Settings → Sources.")
    ref, token = "notify-json0002", "canary-json-token-78"
    with_token = poll_kind(KIND, replay.url("/private.json"),
                           {"token_ref": ref, "token_header": "X-Api-Token", "token_prefix": ""},
                           secrets=Keyring({ref: token}))[0].outcome
    assert "The API refused the token (sent as “X-Api-Token: …”" in with_token.message
    assert "give it again: notify sources edit 1 --token-stdin" in with_token.message
    assert token not in with_token.message


def test_an_item_whose_link_is_no_address_is_kept_without_it() -> None:
    """Regression: one item's link Python cannot split (``http://[::1``) raised ValueError out
    of the whole poll: no item of the source was read."""
    data = [{"id": "1", "title": "Bad link", "url": "http://[::1"},
            {"id": "2", "title": "Good", "url": "https://x.example/2"}]
    drafts, _ = map_items(data, {}, base_url="https://api.example/list?token=Sekrit")
    assert [(d.title, d.link) for d in drafts] == [("Bad link", None), ("Good",
                                                                         "https://x.example/2")]


@pytest.mark.parametrize("key", ["fields", "headers"])
def test_a_mapping_setting_that_is_no_mapping_is_refused_in_words(key: str) -> None:
    with pytest.raises(SourceConfigError, match=rf"JSON API setting {key} must be names with "
                                                rf"values, not str 'abc': give each as --option "
                                                rf"{key}\."):
        KIND.normalise("https://api.example/list", {key: "abc"})


def test_its_default_name_never_holds_the_login_of_its_address() -> None:
    """Regression: an API added with a login in its address was named
    ``bob:hunter2@127.0.0.1:8731/api.json``, password included, in ``sources list``, its items'
    source, the ranking's features and notifications (the name is not an address: nothing
    redacted it)."""
    url = "http://bob:hunter2@127.0.0.1:8731/api.json?api_key=KEY999"
    assert KIND.default_title(url, {}) == "127.0.0.1:8731/api.json"
