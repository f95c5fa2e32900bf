"""Redirects are followed by the fetcher itself: hops counted, loops found, permanence noted."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from notify.core.fetch import client as client_module
from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Request, Updated
from notify.core.sources.base import with_login
from tests.core.fetch.helpers import fetch
from tests.support.hostile_server import FEED_ETAG, SAMPLE_RSS, HostileServer
from tests.support.tls import self_signed, server_context, trusting


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


# -- a login at an upgrade to https (as ``requests``: same host, default ports) -------------

UPGRADE_HOST = "127.0.0.61"  # a loopback address of its own: ports 80 and 443 free on it
LOGIN = "Basic " + base64.b64encode(b"reader:s3cret-pw").decode()


@pytest.fixture
def upgrading_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[HostileServer, HostileServer]]:
    """``http://127.0.0.61`` and ``https://127.0.0.61`` on the default ports 80 and 443 (the
    rule is about default ports, so no other port would do), the https one with a certificate
    the fetcher is made to trust. Binding ports below 1024 needs root or CAP_NET_BIND_SERVICE:
    without, the test is skipped saying so; the rule itself is tested without servers in
    tests/core/test_urls_login.py."""
    cert, key = self_signed(tmp_path, UPGRADE_HOST)
    with ExitStack() as stack:
        try:
            plain = stack.enter_context(HostileServer(UPGRADE_HOST, 80))
            secure = stack.enter_context(
                HostileServer(UPGRADE_HOST, 443, tls=server_context(cert, key)))
        except OSError as err:
            pytest.skip(f"needs ports 80 and 443 on {UPGRADE_HOST} (root or "
                        f"CAP_NET_BIND_SERVICE): {err}")
        monkeypatch.setattr(client_module, "_tls_context", lambda: trusting(cert))
        yield plain, secure


def test_a_login_follows_the_same_hosts_upgrade_to_https(
    upgrading_site: tuple[HostileServer, HostileServer],
) -> None:
    """Regression (s15 nucli finding 12): ``http://USER:PASSWORD@host/feed`` answered with a
    redirect to ``https://host/feed`` lost its login there (the fetcher dropped it at any change
    of scheme): the feed said 401 at every poll."""
    plain, secure = upgrading_site
    out = fetch(with_login(Request(
        f"http://reader:s3cret-pw@{UPGRADE_HOST}/chain/301?to=https://{UPGRADE_HOST}/echo")))
    assert isinstance(out, Updated), out
    assert json.loads(out.body).get("authorization") == LOGIN
    assert plain.requests[0].headers["authorization"] == LOGIN
    assert out.permanent_redirect == f"https://{UPGRADE_HOST}/echo"
    assert len(secure.requests) == 1


def test_a_login_never_goes_down_from_https_to_http(
    upgrading_site: tuple[HostileServer, HostileServer],
) -> None:
    _plain, secure = upgrading_site
    out = fetch(with_login(Request(
        f"https://reader:s3cret-pw@{UPGRADE_HOST}/chain/302?to=http://{UPGRADE_HOST}/echo")))
    assert isinstance(out, Updated), out
    assert "authorization" not in json.loads(out.body)
    assert secure.requests[0].headers["authorization"] == LOGIN


def test_a_login_never_goes_to_another_port_of_the_same_host(
    hostile_server: HostileServer,
) -> None:
    with HostileServer(hostile_server.host) as other_port:
        out = fetch(with_login(Request(hostile_server.url(
            f"/chain/302?to={other_port.url('/echo')}").replace(
                "http://", "http://reader:s3cret-pw@"))))
    assert isinstance(out, Updated), out
    assert "authorization" not in json.loads(out.body)
    assert hostile_server.requests[0].headers["authorization"] == LOGIN
