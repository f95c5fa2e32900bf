from __future__ import annotations

from email.utils import formatdate

import pytest

from notify.core.fetch.retry_after import MAX_WAIT_S, parse_retry_after, retry_at_from_headers

NOW = 1_780_000_000.0


def test_delta_seconds() -> None:
    assert parse_retry_after("120", NOW) == NOW + 120
    assert parse_retry_after(" 0 ", NOW) == NOW


def test_http_date() -> None:
    value = formatdate(NOW + 3600, usegmt=True)
    assert parse_retry_after(value, NOW) == pytest.approx(NOW + 3600)


def test_obsolete_date_formats() -> None:
    # RFC 850 and asctime forms are still valid HTTP-dates.
    assert parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", NOW) == NOW  # in the past
    asctime = "Sun Nov  6 08:49:37 2026"  # no zone in this form: GMT by definition
    assert parse_retry_after(asctime, 1_793_900_000.0) == 1_793_954_977.0  # timegm of it


def test_past_date_means_now() -> None:
    assert parse_retry_after(formatdate(NOW - 600, usegmt=True), NOW) == NOW


def test_absurd_waits_are_capped() -> None:
    assert parse_retry_after(str(10**9), NOW) == NOW + MAX_WAIT_S


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5", "Mon, 99 Foo 2026"])
def test_unreadable_values(value: str | None) -> None:
    assert parse_retry_after(value, NOW) is None


def test_from_headers() -> None:
    assert retry_at_from_headers({"retry-after": "30"}, NOW) == NOW + 30
    assert retry_at_from_headers({}, NOW) is None


def test_digits_that_are_not_ascii_are_unreadable_not_a_crash() -> None:
    assert parse_retry_after("\xb9\xb2", NOW) is None  # '¹²': str.isdigit() says yes
