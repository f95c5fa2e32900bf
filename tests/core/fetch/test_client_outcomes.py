"""Status codes and bodies → typed outcomes, against the real hostile server."""

from __future__ import annotations

import json
import time
from email.utils import formatdate

import pytest

import notify
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Updated
from tests.core.fetch.helpers import fetch
from tests.support.hostile_server import (
    BILLION_LAUGHS,
    FEED_ETAG,
    FEED_LAST_MODIFIED,
    LATIN1_RSS,
    SAMPLE_RSS,
    SHIFT_JIS_RSS,
    HostileServer,
)
from tests.support.said import said


def test_200_returns_body_and_validators(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/feed"))
    assert isinstance(out, Updated)
    assert out.status == 200
    assert out.body == SAMPLE_RSS
    assert out.etag == FEED_ETAG
    assert out.last_modified == FEED_LAST_MODIFIED
    assert out.content_type == "application/rss+xml"
    assert out.permanent_redirect is None
    assert out.url == hostile_server.url("/feed")
    assert all(k == k.lower() for k in out.headers)
    assert out.elapsed_s > 0


def test_conditional_get_sends_validators_and_maps_304(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/feed"), etag=FEED_ETAG, last_modified=FEED_LAST_MODIFIED)
    assert isinstance(out, NotModified)
    assert out.etag == FEED_ETAG
    assert out.last_modified == FEED_LAST_MODIFIED
    sent = hostile_server.requests[-1].headers
    assert sent["if-none-match"] == FEED_ETAG
    assert sent["if-modified-since"] == FEED_LAST_MODIFIED


def test_stale_validator_gets_full_body(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/feed"), etag='"old"')
    assert isinstance(out, Updated)
    assert out.etag == FEED_ETAG


def test_304_without_validators_keeps_the_requests(hostile_server: HostileServer) -> None:
    url = hostile_server.route("/bare", b"", status=304)
    out = fetch(url, etag='"mine"', last_modified="Mon, 01 Jun 2026 00:00:00 GMT")
    assert isinstance(out, NotModified)
    assert out.etag == '"mine"'
    assert out.last_modified == "Mon, 01 Jun 2026 00:00:00 GMT"


def test_user_agent_and_accept_encoding_sent(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/echo"))
    assert isinstance(out, Updated)
    sent = json.loads(out.body)
    assert sent["user-agent"] == f"Notify/{notify.__version__} (+desktop feed notifier)"
    assert sent["accept-encoding"] == "gzip, deflate"
    assert "cookie" not in sent


def test_request_headers_are_sent(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/echo"), headers={"Accept": "application/json", "X-A": "1"})
    assert isinstance(out, Updated)
    sent = json.loads(out.body)
    assert sent["accept"] == "application/json"
    assert sent["x-a"] == "1"


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (404, FailureKind.NOT_FOUND),
        (401, FailureKind.AUTH),
        (403, FailureKind.AUTH),
        (500, FailureKind.SERVER),
        (502, FailureKind.SERVER),
        (418, FailureKind.HTTP),
        (400, FailureKind.HTTP),
        (300, FailureKind.HTTP),  # a 3xx that is not a redirect we follow
    ],
)
def test_status_mapping(hostile_server: HostileServer, status: int, kind: FailureKind) -> None:
    out = fetch(hostile_server.url(f"/status/{status}"))
    assert isinstance(out, Failed)
    assert out.kind is kind
    assert out.status == status
    assert not out.permanent
    assert out.retry_at is None
    assert "127.0.0.1" in out.message
    assert str(status) in out.message


def test_auth_message_points_to_settings(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/status/401"))
    assert isinstance(out, Failed)
    assert "token or credentials" in out.message and "Settings" in out.message


def test_410_gone_is_permanent_and_says_disabled(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/status/410"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.GONE
    assert out.permanent
    assert "removed" in out.message and "disabled" in out.message


@pytest.mark.parametrize("status", [429, 503])
def test_rate_limited_with_retry_after_seconds(hostile_server: HostileServer, status: int) -> None:
    before = time.time()
    out = fetch(hostile_server.url(f"/status/{status}?retry_after=120"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.RATE_LIMITED
    assert out.retry_at is not None
    assert before + 119 <= out.retry_at <= time.time() + 121
    assert out.headers["retry-after"] == "120"


def test_rate_limited_with_retry_after_http_date(hostile_server: HostileServer) -> None:
    when = int(time.time()) + 3600
    date = formatdate(when, usegmt=True).replace(" ", "%20").replace(",", "%2C")
    out = fetch(hostile_server.url(f"/status/429?retry_after={date}"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.RATE_LIMITED
    assert out.retry_at == pytest.approx(when, abs=1)
    assert "wait until " + said(when) in out.message


def test_rate_limited_without_retry_after(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/status/429"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.RATE_LIMITED
    assert out.retry_at is None
    assert "later" in out.message


def test_wrong_content_type_is_still_updated(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/wrong-type"))
    assert isinstance(out, Updated)  # the kind decides; the fetcher reports what came
    assert out.content_type == "image/png"
    assert out.body == SAMPLE_RSS


def test_html_instead_of_feed_is_delivered_as_is(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/html"))
    assert isinstance(out, Updated)
    assert out.content_type == "text/html"
    assert b"<html>" in out.body


@pytest.mark.parametrize(("path", "body"), [("/latin1", LATIN1_RSS), ("/shift_jis", SHIFT_JIS_RSS)])
def test_non_utf8_bodies_are_bytes_exact(
    hostile_server: HostileServer, path: str, body: bytes
) -> None:
    out = fetch(hostile_server.url(path))
    assert isinstance(out, Updated)
    assert out.body == body  # never decoded or re-encoded by the fetcher


def test_billion_laughs_is_returned_unexpanded(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/billion-laughs"))
    assert isinstance(out, Updated)
    assert out.body == BILLION_LAUGHS


@pytest.mark.parametrize(
    "url", ["ftp://example.invalid/feed", "not a url", "http://", "file:///etc/passwd", ""]
)
def test_invalid_urls(url: str) -> None:
    out = fetch(url)
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.INVALID_URL
    assert "http://" in out.message
