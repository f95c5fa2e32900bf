from __future__ import annotations

import calendar

import pytest

from notify.core.feedparse.dates import parse_date

T = 1136214245.0  # 2006-01-02T15:04:05Z


@pytest.mark.parametrize("text", [
    "Mon, 02 Jan 2006 15:04:05 GMT",
    "Mon, 02 Jan 2006 15:04:05 +0000",
    "Mon, 02 Jan 2006 10:04:05 EST",
    "Mon, 2 Jan 2006 16:04:05 +0100",
    "02 Jan 2006 15:04:05 Z",
    "Mon, 02 Jan 06 15:04:05 GMT",
    "2006-01-02T15:04:05Z",
    "2006-01-02T15:04:05.250Z",
    "2006-01-02T17:04:05+02:00",
    "2006-01-02 15:04:05",
    "  2006-01-02T15:04:05z ",
])
def test_common_forms(text: str) -> None:
    assert parse_date(text) == T


def test_date_only_and_tolerant_forms() -> None:
    assert parse_date("2006-01-02") == 1136160000.0
    assert parse_date("Mon,02 Jan 2006 15:04:05 GMT") == T
    assert parse_date("Mon, 02 Jan 2006 07:04:05 PST") == T
    assert parse_date("2006-01-02T15:04:05.250+0000") == T
    assert parse_date("2006-01") == 1136073600.0  # via feedparser's handlers


@pytest.mark.parametrize("text", [None, "", "   ", "yesterday", "Mon, 32 Jan 2006 25:99:00 GMT",
                                  "0000-00-00T00:00:00Z", "1970-01-01T00:00:00Z",
                                  "Thu, 01 Jan 1970 00:00:00 +0000"])
def test_broken_or_placeholder_dates_are_none(text: str | None) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text", [
    "Mon, 02 Jan 2006 17:04:05 +02:00",  # a colon in the offset: email.utils read it as UTC
    "Mon, 02 Jan 2006 14:04:05 A",  # RFC 822's one-letter zones, as feedparser reads them
])
def test_zones_read_as_feedparser_reads_them(text: str) -> None:
    from feedparser.datetimes import _parse_date

    assert parse_date(text) == T
    parsed = _parse_date(text)
    assert parsed is not None and calendar.timegm(parsed) == T
