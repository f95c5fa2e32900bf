from __future__ import annotations

from notify.core.feedparse import parse_feed
from notify.core.feedparse.hints import (
    MAX_HINT_S,
    cache_control_seconds,
    min_interval_s,
    sy_seconds,
)


def test_each_hint() -> None:
    assert min_interval_s({}, ttl_minutes="60") == 3600
    assert min_interval_s({}, sy_period="hourly", sy_frequency="2") == 1800
    assert min_interval_s({"cache-control": "public, max-age=900"}) == 900
    assert min_interval_s({}) is None


def test_the_longest_hint_wins_but_never_more_than_a_day() -> None:
    assert min_interval_s({"cache-control": "max-age=600"}, "30", "hourly") == 3600
    assert min_interval_s({}, sy_period="yearly") == MAX_HINT_S


def test_nonsense_is_ignored() -> None:
    assert min_interval_s({}, ttl_minutes="soon") is None
    assert min_interval_s({}, ttl_minutes="-5") is None
    assert sy_seconds("fortnightly", "1") is None
    assert sy_seconds("daily", "zero") == 86400
    assert cache_control_seconds({"cache-control": "no-cache, max-age=600"}) is None
    assert cache_control_seconds({"cache-control": "max-age=0"}) is None
    assert cache_control_seconds({"Cache-Control": "s-maxage=10, max-age=120"}) == 120


def test_parse_feed_reports_the_hints() -> None:
    rss = (b'<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
           b"<channel><title>t</title><ttl>45</ttl><sy:updatePeriod>daily</sy:updatePeriod>"
           b"<sy:updateFrequency>4</sy:updateFrequency></channel></rss>")
    assert parse_feed(rss, "https://e.example/f", {}).min_interval_s == 6 * 3600
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
    got = parse_feed(atom, "https://e.example/f", {"cache-control": "max-age=1200"})
    assert got.min_interval_s == 1200
