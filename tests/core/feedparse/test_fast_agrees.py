"""The differences test_differential.py found between the fast path and feedparser's path, each
as a plain example: both paths now give a person the same item (and the right one)."""

from __future__ import annotations

import pytest

from notify.core.feedparse import parse_feed
from notify.core.feedparse.fast import parse_fast
from notify.core.feedparse.result import FastPathDeclined
from tests.core.feedparse.two_paths import URL, both_paths, differences

DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"'


def rss(item: str, extra_ns: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {DC} {MEDIA} {extra_ns}>'
            f"<channel><title>T</title><item>{item}</item></channel></rss>").encode()


def atom(entry: str, ns: str = "http://www.w3.org/2005/Atom", version: str = "") -> bytes:
    return (f'<feed xmlns="{ns}" {DC} {MEDIA}{version}><title>T</title>'
            f"<entry>{entry}</entry></feed>").encode()


def _agree(body: bytes) -> tuple[str, ...]:
    """The items' titles, once both paths are checked to agree on everything a person sees."""
    both = both_paths(body)
    assert both is not None, "the fast path declined"
    assert differences(body) == []
    return tuple(item.title for item in both[0].items)


@pytest.mark.parametrize("item, title", [
    ("<dc:title>First</dc:title><title>Second</title>", "First"),
    ("<title>First</title><title>Second</title>", "First"),
    ("<title> </title><dc:title>Named</dc:title>", "Named"),
    # feedparser starts over after a <source>: the title after it is the item's
    ('<title>Before</title><source url="https://e.example/rss">E</source><title>After</title>',
     "After"),
])
def test_the_first_title_that_is_not_blank_is_the_title(item: str, title: str) -> None:
    assert _agree(rss(f"<guid>g1</guid>{item}")) == (title,)


@pytest.mark.parametrize("entry, title", [
    ("<title>First</title><title>Second</title>", "First"),
    ("<summary>Long enough text</summary><media:title>Clip</media:title>", "Clip"),
    ("<media:group><media:title>Grouped</media:title></media:group>", "Grouped"),
    ("<title>Own</title><media:group><media:title>Grouped</media:title></media:group>", "Own"),
])
def test_an_atom_entry_title_as_feedparser_reads_it(entry: str, title: str) -> None:
    """The first title, else Media RSS's (YouTube's feeds carry both)."""
    assert _agree(atom(f"<id>tag:e,2020:1</id>{entry}")) == (title,)


def test_dc_subject_in_an_atom_entry_is_a_tag() -> None:
    """Atom 0.3 feeds (old Blogger, TypePad) give their categories as dc:subject."""
    body = atom("<id>tag:e,2020:1</id><title>x</title><dc:subject>tech</dc:subject>"
                "<dc:subject> python </dc:subject>", "http://purl.org/atom/ns#", ' version="0.3"')
    _agree(body)
    assert parse_feed(body, URL, {}).items[0].tags == ("tech", "python")


@pytest.mark.parametrize("element, field, value", [
    ("<dc:creator>Ann Lee</dc:creator>", "authors", ("Ann Lee",)),
    ("<dc:date>2020-03-07T10:00:00Z</dc:date>", "updated", 1583575200.0),
])
def test_other_dublin_core_in_an_atom_entry_is_left_to_feedparser(
    element: str, field: str, value: object
) -> None:
    """feedparser reads dc:creator and dc:date into the entry's authors and dates (the fast path
    ignored them): such entries take feedparser's path."""
    body = atom(f"<id>tag:e,2020:1</id><title>x</title>{element}")
    with pytest.raises(FastPathDeclined):
        parse_fast(body, URL)
    feed = parse_feed(body, URL, {})
    assert feed.path == "feedparser"
    assert getattr(feed.items[0], field) == value


def test_atom_03_xhtml_keeps_its_div_when_choosing_the_richer_text() -> None:
    """feedparser keeps an Atom 0.3 XHTML value's wrapping <div> (Atom 1.0's it drops): the
    fast path must weigh the same value to pick the same text of summary and content."""
    body = atom('<id>tag:e,2020:1</id><content type="text/html" mode="escaped">'
                "50&#37; off A &amp; B Hello there</content>"
                '<summary type="application/xhtml+xml" mode="xml">'
                '<div xmlns="http://www.w3.org/1999/xhtml">It is <em>fine</em></div></summary>',
                "http://purl.org/atom/ns#", ' version="0.3"')
    assert _agree(body) == ("It is fine",)


def test_whitespace_around_content_does_not_make_it_the_richer_text() -> None:
    """feedparser strips values: content padded with blank lines is not longer than its
    summary."""
    body = rss("<guid>g1</guid><description>Short summary here</description>"
               "<content:encoded>\n\n      Tiny text\n\n\n\n    </content:encoded>",
               'xmlns:content="http://purl.org/rss/1.0/modules/content/"')
    _agree(body)
    assert parse_feed(body, URL, {}).items[0].summary_text == "Short summary here"


def test_an_atom_enclosure_without_a_type_has_no_type() -> None:
    """feedparser gives an untyped Atom link the type text/html: for an enclosure that is no
    media type, on either path."""
    body = atom('<id>tag:e,2020:1</id><title>x</title>'
                '<link rel="enclosure" length="321" href="https://cdn.example/a.mp3"/>')
    _agree(body)
    enclosure = parse_feed(body, URL, {}).items[0].enclosure
    assert enclosure is not None and enclosure.type == ""


def test_a_date_without_a_time_zone_is_read_on_feedparsers_path() -> None:
    """feedparser gives up on an RFC 822 date without a zone; the fast path reads it as UTC."""
    body = rss("<guid>g1</guid><title>x</title><pubDate>Fri, 06 Mar 2020 10:00:00</pubDate>")
    _agree(body)
    broken = body.replace(b"</rss>", b"")  # not well-formed: feedparser's path
    feed = parse_feed(broken, URL, {})
    assert feed.path == "feedparser"
    assert feed.items[0].published == 1583488800.0


def test_utf8_without_a_declared_encoding_or_content_type_is_utf8_on_feedparsers_path() -> None:
    """XML's default encoding is UTF-8; feedparser, given other headers but no Content-Type,
    decoded a well-formed document that the fast path declines as ISO-8859-1 (``CafÃ©``)."""
    body = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'{DC}><title>Café</title><entry><id>tag:e,2020:1</id><title>Crème brûlée</title>'
            "<author><name>Zoë</name></author><dc:date>2020-03-07T10:00:00Z</dc:date>"
            "</entry></feed>").encode()  # dc:date: feedparser's path
    feed = parse_feed(body, URL, {})
    assert feed.path == "feedparser"
    assert (feed.title, feed.items[0].title, feed.items[0].authors) == (
        "Café", "Crème brûlée", ("Zoë",))


@pytest.mark.parametrize("item, title", [
    # a <media:title> is the title until a <title> that is not blank comes, at any depth
    ("<title/><media:group><media:title>Grouped</media:title></media:group>", "Grouped"),
    ("<media:title>Media</media:title><title>Own</title>", "Own"),
    ("<title>Own</title><media:title>Media</media:title>", "Own"),
    ("<media:title>Media</media:title><title/>", "Text of the item"),  # named by its text
    ('<title>Before</title><source url="https://e.example/rss">E</source>'
     "<media:title>Media</media:title>", "Media"),
])
def test_media_title_as_feedparser_reads_it(item: str, title: str) -> None:
    body = rss(f"<guid>g1</guid><description>Text of the item</description>{item}")
    assert _agree(body) == (title,)


def test_rss_2_elements_in_an_rss_1_item_are_read() -> None:
    """RSS 1.0 feeds in the wild add RSS 2.0's pubDate, guid, author… (in the RSS 1.0 default
    namespace): feedparser reads them by their local names, and so does the fast path."""
    body = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://r.example/">'
            b"<title>R</title><link>https://r.example/</link></channel>"
            b'<item rdf:about="https://r.example/1"><title>One</title>'
            b"<pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate>"
            b"<author>ann@example.org (Ann)</author>"
            b'<category>news</category><enclosure url="https://r.example/a.mp3" type="audio/mpeg"/>'
            b"</item></rdf:RDF>")
    _agree(body)
    item = parse_feed(body, URL, {}).items[0]
    assert (item.published, item.authors, item.tags) == (1136214245.0, ("Ann",), ("news",))
    assert item.enclosure is not None


@pytest.mark.parametrize("links, link", [
    ('<link>https://s.example/1</link><atom:link rel="alternate" href="https://s.example/2"/>',
     "https://s.example/2"),
    ('<atom:link href="https://s.example/2"/><link>https://s.example/1</link>',
     "https://s.example/1"),
    ('<link>https://s.example/1</link><atom:link rel="alternate" type="application/rss+xml" '
     'href="https://s.example/2"/>', "https://s.example/1"),
])
def test_an_atom_link_in_an_rss_item_as_feedparser_reads_it(links: str, link: str) -> None:
    body = rss(f"<guid>g1</guid><title>x</title>{links}",
               'xmlns:atom="http://www.w3.org/2005/Atom"')
    _agree(body)
    assert parse_feed(body, URL, {}).items[0].link == link


def test_the_longest_of_several_content_encoded_is_the_content() -> None:
    body = rss("<guid>g1</guid><title>x</title><content:encoded>Longer text first</content:encoded>"
               "<content:encoded>Short</content:encoded>",
               'xmlns:content="http://purl.org/rss/1.0/modules/content/"')
    _agree(body)
    assert parse_feed(body, URL, {}).items[0].summary_text == "Longer text first"


def test_two_descriptions_in_an_rss_item_are_left_to_feedparser() -> None:
    """feedparser reads a second description as the content (or, after content:encoded, as the
    summary in place of the first): such items take its path."""
    body = rss("<guid>g1</guid><title>x</title><description>Summary one</description>"
               "<dc:description>The second, longer description</dc:description>")
    with pytest.raises(FastPathDeclined):
        parse_fast(body, URL)
    assert parse_feed(body, URL, {}).items[0].summary_text == "The second, longer description"


def test_an_empty_guid_after_a_permalink_guid() -> None:
    """feedparser: the permalink stays the item's link; the empty guid leaves no id."""
    body = rss("<title>x</title><guid>https://s.example/p/1</guid><guid/>")
    _agree(body)
    item = parse_feed(body, URL, {}).items[0]
    assert (item.link, item.key) == ("https://s.example/p/1", "https://s.example/p/1")


def test_an_empty_link_after_a_link_leaves_the_link_on_feedparsers_path() -> None:
    """feedparser lets an empty <link/> wipe out the item's link; its list of links keeps it."""
    body = rss("<guid isPermaLink='false'>g1</guid><title>x</title>"
               "<link>https://s.example/1</link><link/>")
    _agree(body)
    broken = body.replace(b"</rss>", b"")  # not well-formed: feedparser's path
    assert parse_feed(broken, URL, {}).items[0].link == "https://s.example/1"


def test_atom_03_xhtml_void_elements_are_weighed_as_feedparser_writes_them() -> None:
    """<br /> as feedparser writes it, not <br>: the lengths that pick the richer text agree."""
    body = atom('<id>tag:e,2020:1</id><content type="text/html" mode="escaped">'
                "Twenty-four characters!!</content>"  # 24: <div>a<br />b<br />c</div> is 26
                '<summary type="application/xhtml+xml" mode="xml">'
                '<div xmlns="http://www.w3.org/1999/xhtml">a<br/>b<br/>c</div></summary>',
                "http://purl.org/atom/ns#", ' version="0.3"')
    assert _agree(body) == ("a",)


@pytest.mark.parametrize("link, expected", [
    ('<link rel="ALTERNATE" href="https://s.example/1"/>', "https://s.example/1"),
    ('<link type="html" href="https://s.example/2"/>', "https://s.example/2"),
    ('<link rel="alternate" type="TEXT/HTML" href="https://s.example/3"/>', "https://s.example/3"),
    # feedparser neither strips these nor reads a full IANA URI as "alternate"
    ('<link rel=" alternate" href="https://s.example/4"/>', None),
    ('<link type=" text/html" href="https://s.example/5"/>', None),
])
def test_atom_link_rel_and_type_as_feedparser_reads_them(link: str, expected: str | None) -> None:
    body = atom(f"<id>tag:e,2020:1</id><title>x</title>{link}")
    _agree(body)
    assert parse_feed(body, URL, {}).items[0].link == expected


def test_an_alternate_atom_link_in_a_channel_is_the_feeds_link() -> None:
    body = (b'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>'
            b'<link>https://s.example/old</link><atom:link rel="alternate" href="/home"/>'
            b'<atom:link rel="self" href="https://s.example/feed.xml"/>'
            b"<item><guid>g1</guid><title>x</title></item></channel></rss>")
    _agree(body)
    assert parse_feed(body, URL, {}).html_url == "https://feeds.example/home"


def test_the_longest_of_several_atom_contents_is_the_content() -> None:
    body = atom('<id>tag:e,2020:1</id><title>x</title><content type="html">The longer one'
                '</content><content type="text">Short</content>')
    _agree(body)
    assert parse_feed(body, URL, {}).items[0].summary_text == "The longer one"
