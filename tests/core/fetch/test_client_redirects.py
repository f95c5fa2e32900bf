"""Redirects are followed by the fetcher itself: hops counted, loops found, permanence noted."""

from __future__ import annotations

import json

from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Updated
from tests.core.fetch.helpers import fetch
from tests.support.hostile_server import FEED_ETAG, SAMPLE_RSS, HostileServer


def test_all_permanent_chain_reports_final_url(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/301,308,301"))
    assert isinstance(out, Updated)
    assert out.body == SAMPLE_RSS
    assert out.url == hostile_server.url("/feed")
    assert out.permanent_redirect == hostile_server.url("/feed")
    assert [r.path for r in hostile_server.requests] == [
        "/chain/301,308,301", "/chain/308,301", "/chain/301", "/feed"
    ]


def test_a_temporary_hop_means_no_permanent_redirect(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/301,302"))
    assert isinstance(out, Updated)
    assert out.url == hostile_server.url("/feed")
    assert out.permanent_redirect is None


def test_303_and_307_are_followed(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/303,307"))
    assert isinstance(out, Updated)
    assert out.permanent_redirect is None


def test_no_redirect_no_permanent_redirect(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/feed"))
    assert isinstance(out, Updated)
    assert out.permanent_redirect is None


def test_permanent_redirect_to_not_modified(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/308"), etag=FEED_ETAG)
    assert isinstance(out, NotModified)
    assert out.permanent_redirect == hostile_server.url("/feed")
    assert out.url == hostile_server.url("/feed")


def test_five_hops_are_allowed(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/301,301,301,301,301"))
    assert isinstance(out, Updated)


def test_six_hops_are_too_many(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/301,301,301,301,301,301"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.REDIRECTS
    assert "more than 5 times" in out.message
    assert len(hostile_server.requests) == 6  # the sixth Location is never requested


def test_max_redirects_is_configurable(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/chain/301,301"), FetchConfig(max_redirects=1))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.REDIRECTS


def test_redirect_loop_is_detected(hostile_server: HostileServer) -> None:
    out = fetch(hostile_server.url("/loop/a"))
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.REDIRECTS
    assert "loop" in out.message
    assert len(hostile_server.requests) == 2


def test_cross_host_redirect_drops_credentials(
    hostile_server: HostileServer, hostile_server_2: HostileServer
) -> None:
    target = hostile_server_2.url("/echo")
    out = fetch(
        hostile_server.url(f"/chain/302?to={target}"),
        headers={"Authorization": "Bearer tok-123456", "X-Keep": "yes"},
    )
    assert isinstance(out, Updated)
    sent = json.loads(out.body)
    assert "authorization" not in sent
    assert sent["x-keep"] == "yes"
    assert hostile_server.requests[0].headers["authorization"] == "Bearer tok-123456"


def test_same_host_redirect_keeps_credentials(hostile_server: HostileServer) -> None:
    out = fetch(
        hostile_server.url("/chain/302?to=/echo"), headers={"Authorization": "Bearer tok-123456"}
    )
    assert isinstance(out, Updated)
    assert json.loads(out.body)["authorization"] == "Bearer tok-123456"


def test_redirect_to_unsupported_scheme(hostile_server: HostileServer) -> None:
    url = hostile_server.route(
        "/to-ftp", b"", status=301, headers={"Location": "ftp://example.invalid/f"}
    )
    out = fetch(url)
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.INVALID_URL


def test_redirect_without_location_is_an_http_failure(hostile_server: HostileServer) -> None:
    url = hostile_server.route("/no-location", b"", status=302)
    out = fetch(url)
    assert isinstance(out, Failed)
    assert out.kind is FailureKind.HTTP
    assert out.status == 302
