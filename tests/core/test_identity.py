"""Item identity: guid, else normalised link, else a hash of title + date."""

from __future__ import annotations

from notify.core.feedparse import parse_feed
from notify.core.identity import MAX_KEY_CHARS, item_key, link_key


def test_guid_wins_and_is_kept_as_written() -> None:
    assert item_key("  tag:example.com,2024:1 ", "https://e.example/a", "T", 1.0) == (
        "tag:example.com,2024:1")


def test_link_is_normalised_when_there_is_no_guid() -> None:
    key = item_key(None, "HTTPS://News.Example:443/a?id=3&utm_source=rss&fbclid=x#frag", "T", None)
    assert key == "https://news.example/a?id=3#frag"
    assert link_key("http://e.example:8080/x") == "http://e.example:8080/x"
    assert link_key("http://e.example") == "http://e.example/"


def test_hash_of_title_and_date_as_last_resort() -> None:
    a = item_key(None, None, "Title", 1700000000.0)
    assert a.startswith("h:") and len(a) == 34
    assert a == item_key("", "  ", " Title ", 1700000000.0)
    assert a != item_key(None, None, "Title", 1700000001.0)
    assert a != item_key(None, None, "Other", 1700000000.0)


def test_very_long_ids_are_hashed() -> None:
    long_id = "x" * (MAX_KEY_CHARS + 1)
    key = item_key(long_id, None, "", None)
    assert key.startswith("h:") and key == item_key(long_id, None, "other", 5.0)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>
<item><title>{title}</title><link>https://e.example/p/1?utm_campaign=x</link>
<description>{body}</description><pubDate>{date}</pubDate></item>
<item><guid isPermaLink="false">abc-2</guid><title>{title}</title>
<description>{body}</description></item>
<item><title>No id, no link</title><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_an_edited_item_keeps_its_key() -> None:
    before = parse_feed(RSS.format(title="Old", body="old", date="Mon, 06 Jan 2025 10:00:00 GMT")
                        .encode(), "https://e.example/feed", {})
    after = parse_feed(RSS.format(title="New title", body="new text",
                                  date="Tue, 07 Jan 2025 10:00:00 GMT").encode(),
                       "https://e.example/feed", {})
    assert [i.key for i in before.items] == [i.key for i in after.items]
    assert before.items[0].key == "https://e.example/p/1"
    assert before.items[1].key == "abc-2"
    assert before.items[0].title != after.items[0].title
