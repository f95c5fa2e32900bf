from __future__ import annotations

import json

from notify.core.feedparse import parse_feed
from notify.core.models import Enclosure
from tests.core.feedparse.corpus import FEEDS, needs_corpus

URL = "https://j.example/feed.json"


def test_json_feed_1_1() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url":
        "https://j.example/", "items": [
            {"id": 7, "url": "https://j.example/7?utm_medium=feed", "title": "Seven",
             "content_html": "<p>hi <script>x</script></p>", "summary": "s",
             "date_published": "2024-01-01T00:00:00Z", "authors": [{"name": "Al"}],
             "tags": ["a", 3], "attachments": [{"url": "https://j.example/a.mp3",
                                               "mime_type": "audio/mpeg", "size_in_bytes": 5}]},
            {"id": "x", "content_text": "plain <not html>"},
            "garbage",
        ]}
    feed = parse_feed(json.dumps(doc).encode(), URL, {})
    assert (feed.path, feed.format, feed.title, feed.html_url) == (
        "json", "json11", "J", "https://j.example/")
    seven, x = feed.items
    assert (seven.key, seven.link, seven.title) == ("7", "https://j.example/7", "Seven")
    assert seven.summary_html == "<p>hi </p>" and seven.published == 1704067200.0
    assert (seven.authors, seven.tags) == (("Al",), ("a",))
    assert seven.enclosure == Enclosure("https://j.example/a.mp3", "audio/mpeg", 5)
    assert x.summary_html == "plain &lt;not html&gt;" and x.title == "plain <not html>"


@needs_corpus
def test_the_corpus_json_feed_1_0() -> None:
    body = (FEEDS / "feedparser" / "json" / "example.json").read_bytes()
    feed = parse_feed(body, URL, {})
    assert feed.format == "json10" and feed.items and all(i.key for i in feed.items)


APIS = FEEDS.parent / "apis" / "jsonfeed"


@needs_corpus
def test_recorded_real_json_feeds() -> None:
    fireball = parse_feed((APIS / "daringfireball_v1.1.json").read_bytes(), URL, {})
    assert (fireball.format, fireball.title, len(fireball.items)) == (
        "json11", "Daring Fireball", 48)
    first = fireball.items[0]
    assert first.key == first.link == (
        "https://daringfireball.net/linked/2021/02/26/mailtrackerblocker")
    assert first.title == "MailTrackerBlocker for Apple Mail on MacOS"
    assert (first.published, first.updated) == (1614387990.0, 1614388179.0)
    assert first.authors == ("John Gruber",)
    org = parse_feed((APIS / "jsonfeed-org_v1.json").read_bytes(), URL, {})
    assert (org.format, org.title, len(org.items)) == ("json10", "JSON Feed", 1)
    assert org.items[0].authors  # inherited from the feed's author
    assert org.items[0].summary_text.startswith("We — Manton Reece and Brent Simmons")
