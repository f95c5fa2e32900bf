"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import json
from typing import Any

from notify.core.feedparse.dates import parse_date
from notify.core.feedparse.result import FeedParseError, RawEntry, RawFeed
from notify.core.models import Enclosure


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value >= 0:
        return int(value)
    return None


def _authors(obj: dict[str, Any]) -> list[str]:
    people = obj.get("authors")
    if not isinstance(people, list):
        single = obj.get("author")
        people = [single] if isinstance(single, dict) else []
    return [_str(p.get("name")) for p in people if isinstance(p, dict) and _str(p.get("name"))]


def is_json_feed(doc: Any) -> bool:
    return isinstance(doc, dict) and (
        "jsonfeed.org/version/" in _str(doc.get("version")) or isinstance(doc.get("items"), list)
    )


def parse_json_feed(body: bytes, url: str) -> RawFeed:
    """Parse a JSON Feed; ``FeedParseError`` when the body is not one."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FeedParseError(
            f"the response looks like JSON but does not parse ({err}); check that the address "
            "is a feed"
        ) from None
    if not is_json_feed(doc):
        raise FeedParseError(
            "the response is JSON but not a JSON Feed (no version, no items); check that the "
            "address is a feed"
        )
    version = _str(doc.get("version"))
    feed = RawFeed(
        format="json11" if version.endswith("1.1") else "json10",
        title=_str(doc.get("title")),
        link=_str(doc.get("home_page_url")) or None,
        base=url,
    )
    feed_authors = _authors(doc)  # the spec: an item without authors has the feed's
    items = doc.get("items")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            entry = _item(item, url)
            entry.authors = entry.authors or list(feed_authors)
            feed.entries.append(entry)
    return feed


def _item(item: dict[str, Any], url: str) -> RawEntry:
    ident = item.get("id")
    raw = RawEntry(
        guid=str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None,
        link=_str(item.get("url")) or _str(item.get("external_url")) or None,
        base=url,
        title=_str(item.get("title")),
        summary=_str(item.get("summary")),
        summary_is_html=False,
        authors=_authors(item),
        tags=[t for t in item.get("tags") or [] if isinstance(t, str)]
        if isinstance(item.get("tags"), list) else [],
        published=parse_date(_str(item.get("date_published"))),
        updated=parse_date(_str(item.get("date_modified"))),
    )
    html, text = _str(item.get("content_html")), _str(item.get("content_text"))
    raw.content, raw.content_is_html = (html, True) if html else (text, False)
    attachments = item.get("attachments")
    if isinstance(attachments, list):
        for att in attachments:
            if isinstance(att, dict) and _str(att.get("url")):
                raw.enclosure = Enclosure(_str(att.get("url")), _str(att.get("mime_type")),
                                          _int(att.get("size_in_bytes")))
                break
    return raw
