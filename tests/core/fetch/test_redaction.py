"""Secrets never appear in outcomes' messages or the fetcher's log lines."""

from __future__ import annotations

import logging

import pytest

from notify.core.fetch.outcomes import Failed, FailureKind, Request
from tests.core.fetch.helpers import fetch
from tests.support.hostile_server import HostileServer


def test_query_secret_redacted_from_message_and_log(
    hostile_server: HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="notify.fetch")
    out = fetch(hostile_server.url("/loop/a?key=SECRET123"))  # the loop names the URL
    assert isinstance(out, Failed) and out.kind is FailureKind.REDIRECTS
    out2 = fetch("gopher://example.invalid/feed?api_key=SECRET123")
    assert isinstance(out2, Failed) and out2.kind is FailureKind.INVALID_URL
    assert "gopher://" in out2.message  # the URL is named…
    assert "SECRET123" not in out.message + out2.message  # …without its secret
    assert "GET" in caplog.text and "key=" in caplog.text
    assert "SECRET123" not in caplog.text


def test_request_secret_values_redacted(
    hostile_server: HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="notify.fetch")
    secret = "tok-9f8e7d6c5b"
    # ``u`` is not a well-known secret parameter: only ``secret_values`` can hide it.
    url = hostile_server.url(f"/status/404?u={secret}")
    out = fetch(Request(url, secret_values=(secret,)))
    assert isinstance(out, Failed) and out.kind is FailureKind.NOT_FOUND
    bad = fetch(Request(f"nope://{secret}", secret_values=(secret,)))
    assert isinstance(bad, Failed)
    assert secret not in bad.message
    assert "/status/404" in caplog.text
    assert secret not in caplog.text
