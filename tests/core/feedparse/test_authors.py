"""Authors: RSS author-like elements read as feedparser reads them, then split into names by one
rule for every parser path; namespace URIs spelled otherwise read as feedparser reads them."""

from __future__ import annotations

import pytest

from notify.core.feedparse import parse_feed
from notify.core.feedparse.authors import names, person
from notify.core.feedparse.build import to_draft
from notify.core.feedparse.fallback import parse_fallback
from notify.core.feedparse.namespaces import feedparser_prefixes, spellings
from notify.core.feedparse.parse import _finish

URL = "https://news.example/feed.xml"
GUARDIAN_BYLINE = "Nick Ames (now), Ed Aarons and Ben Fisher (earlier)"


def _rss(element: str, value: str, namespaces: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" {namespaces}>
<channel><title>News</title><link>https://news.example/</link>
<item><title>Live</title><link>https://news.example/live</link>
<{element}>{value}</{element}></item>
</channel></rss>""".encode()


def _both_paths(body: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fast = parse_feed(body, URL, {})
    assert fast.path == "fast"
    slow_raw, _ = parse_fallback(body, URL, {})
    slow = _finish(slow_raw, "feedparser", {})
    return fast.items[0].authors, slow.items[0].authors


@pytest.mark.parametrize(("element", "value", "expected"), [
    # the user's report: the old fast path made this the author "earlier"
    ("dc:creator", GUARDIAN_BYLINE, ("Nick Ames", "Ed Aarons", "Ben Fisher")),
    ("author", GUARDIAN_BYLINE, ("Nick Ames", "Ed Aarons", "Ben Fisher")),
    ("dc:creator", "Jo Bloggs (Guardian)", ("Jo Bloggs",)),  # not "Guardian"
    ("dc:creator", "Smith, John", ("Smith, John",)),
    ("dc:creator", "Staff and agencies", ("Staff and agencies",)),
    ("dc:creator", "Associated Press in Palm Beach, Florida",
     ("Associated Press in Palm Beach, Florida",)),
    ("author", "me@example.com (Example editor)", ("Example editor",)),
    ("author", "Example editor (me@example.com)", ("Example editor",)),
    ("author", "Example editor &lt;me@example.com&gt;", ("Example editor",)),
    ("dc:creator", "me@example.com (Example editor)", ("Example editor",)),  # as feedparser
    ("author", "me@example.com", ("me@example.com",)),  # no name: the address, as feedparser
    ("dc:author", "Example editor", ("Example editor",)),  # feedparser reads it as the author
    ("itunes:author", "Bryce Erwin, Bill Ticknor and Lauren Hoban",
     ("Bryce Erwin", "Bill Ticknor", "Lauren Hoban")),
])
def test_fast_path_reads_authors_as_feedparser_does(
    element: str, value: str, expected: tuple[str, ...]
) -> None:
    fast, slow = _both_paths(_rss(element, value))
    assert fast == slow == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("me@example.com (Jo Bloggs)", "Jo Bloggs"),
    ("Jo Bloggs <me@example.com>", "Jo Bloggs"),
    ("Jo Bloggs (me@example.com)", "Jo Bloggs"),
    ("me@example.com", "me@example.com"),
    (" Jo Bloggs (Guardian) ", "Jo Bloggs (Guardian)"),  # no address: a name as it stands
    (GUARDIAN_BYLINE, GUARDIAN_BYLINE),
    ("@jo", "@jo"),
])
def test_person_takes_the_name_out_only_around_an_address(value: str, expected: str) -> None:
    assert person(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (GUARDIAN_BYLINE, ["Nick Ames", "Ed Aarons", "Ben Fisher"]),
    ("Tom McCarthy and Sam Morris", ["Tom McCarthy", "Sam Morris"]),
    ("Sam Jones in Madrid and Stephen Burgen in Barcelona",
     ["Sam Jones in Madrid", "Stephen Burgen in Barcelona"]),
    ("Jon Henley in Paris, Philip Oltermann in Berlin",
     ["Jon Henley in Paris", "Philip Oltermann in Berlin"]),
    ("Ann Lee & Bo Diddley", ["Ann Lee", "Bo Diddley"]),
    ("Klaas Heufer-Umlauf, Thomas Schmitt und Jakob Lundt",
     ["Klaas Heufer-Umlauf", "Thomas Schmitt", "Jakob Lundt"]),
    # one person, or not only names: whole
    ("Smith, John", ["Smith, John"]),
    ("Smith, John and Doe, Jane", ["Smith, John and Doe, Jane"]),
    ("John Smith, Jr.", ["John Smith, Jr."]),
    ("Staff and agencies", ["Staff and agencies"]),
    ("Procter and Gamble", ["Procter and Gamble"]),
    ("Marks & Spencer", ["Marks & Spencer"]),
    ("DASDING, Walerija, Johannes", ["DASDING, Walerija, Johannes"]),
    ("Ashifa Kassam in Stanstead, New Brunswick", ["Ashifa Kassam in Stanstead, New Brunswick"]),
    ("Smith et al.", ["Smith et al."]),
    ("Alexandra Andersson", ["Alexandra Andersson"]),  # "and" inside a word is no separator
    # a trailing note goes, unless it is all there is
    ("Nick Ames (now)", ["Nick Ames"]),
    ("(Guardian)", ["(Guardian)"]),
    ("  Ann \n Lee ", ["Ann Lee"]),
    ("   ", []),
])
def test_names_splits_only_a_list_of_full_names(value: str, expected: list[str]) -> None:
    assert names(value) == expected


def test_every_parser_path_splits_by_the_same_rule() -> None:
    """JSON Feed and Atom names go through ``build.to_draft`` as RSS ones do."""
    from notify.core.feedparse.result import RawEntry

    draft = to_draft(RawEntry(guid="1", title="t", authors=[GUARDIAN_BYLINE, "Ed Aarons"]))
    assert draft.authors == ("Nick Ames", "Ed Aarons", "Ben Fisher")


def test_namespaces_spelled_otherwise_are_read_as_feedparser_reads_them() -> None:
    """A real podcast (Taverncast) declares ``dc`` without its final slash and iTunes as
    ``DTDs/Podcast``: feedparser reads its ``dc:creator`` and ``itunes:author``; the fast path
    read neither (its items had one author where feedparser found two, and no content)."""
    body = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content"
 xmlns:dc="http://purl.org/dc/elements/1.1"
 xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><title>Cast</title>
<item><title>Episode 62</title><link>https://cast.example/62</link>
<dc:creator>Taverncast: www.taverncast.com</dc:creator>
<content:encoded><![CDATA[<p>The whole show notes, longer than the description.</p>]]>
</content:encoded><description>Show notes.</description>
<itunes:author>Bryce Erwin and Mike Monan</itunes:author></item></channel></rss>"""
    fast, slow = _both_paths(body)
    assert fast == slow == ("Taverncast: www.taverncast.com", "Bryce Erwin", "Mike Monan")
    item = parse_feed(body, URL, {}).items[0]
    assert item.summary_text == "The whole show notes, longer than the description."


def test_spellings_follows_feedparser_namespace_table() -> None:
    assert feedparser_prefixes() is not None  # a feedparser upgrade that moves it is noticed
    assert spellings(b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
                     b' xmlns:media="http://search.yahoo.com/mrss/">') == {}
    assert spellings(
        b"<rss xmlns:media='http://search.yahoo.com/mrss'"  # known to feedparser
        b' xmlns:dc="http://example.com/dc"'  # unknown: feedparser goes by the prefix
        b' xmlns:x="http://purl.org/dc/elements/1.1"'  # unknown, prefix x: not Dublin Core
        b' xmlns:atom="http://www.w3.org/2005/Atom">'
    ) == {"http://search.yahoo.com/mrss": "http://search.yahoo.com/mrss/",
          "http://example.com/dc": "http://purl.org/dc/elements/1.1/"}
