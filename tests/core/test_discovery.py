"""Feed autodiscovery over small, real-looking pages, and feed-vs-page sniffing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.core.discovery import (
    DiscoveredFeed,
    discover_feeds,
    json_kind_advice,
    looks_like_feed,
    no_feed_here,
)
from tests.core.test_engine import make_engine, run
from tests.support.replay_server import ReplayServer, replay

__all__ = ["replay"]

BLOG = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Example Blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Example Blog &raquo; Feed"
      href="https://blog.example.com/feed/">
<link rel="alternate" type="application/rss+xml" title="Example Blog &raquo; Comments Feed"
      href="/comments/feed/">
<link rel="alternate" type="application/json" href="https://blog.example.com/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url=x">
<link rel="alternate" hreflang="de" href="https://blog.example.com/de/">
<link rel="https://api.w.org/" href="https://blog.example.com/wp-json/">
</head><body><p>Hello</p></body></html>"""


def test_wordpress_page_gives_its_two_rss_feeds_in_page_order() -> None:
    found = discover_feeds(BLOG, "https://blog.example.com/2024/01/post/")
    assert found == (
        DiscoveredFeed("https://blog.example.com/feed/", "Example Blog » Feed",
                       "application/rss+xml"),
        DiscoveredFeed("https://blog.example.com/comments/feed/",
                       "Example Blog » Comments Feed", "application/rss+xml"),
    )


def test_atom_json_feed_rel_feed_and_relative_urls() -> None:
    page = """<html><head>
    <link rel="alternate" type="application/atom+xml" href="atom.xml" title="Atom">
    <LINK REL="Alternate" TYPE="application/feed+json; charset=utf-8" HREF="../feed.json">
    <link rel="feed" href="//cdn.example.org/all.xml">
    <link rel="alternate" type="application/rdf+xml" href="index.rdf">
    <link rel="alternate" type="application/json" href="/feed.json" title="JSON Feed (dup)">
    </head></html>"""
    found = discover_feeds(page, "http://site.example.org/blog/index.html")
    assert [(f.url, f.type) for f in found] == [
        ("http://site.example.org/blog/atom.xml", "application/atom+xml"),
        ("http://site.example.org/feed.json", "application/feed+json"),
        ("http://cdn.example.org/all.xml", ""),
        ("http://site.example.org/blog/index.rdf", "application/rdf+xml"),
    ]


def test_base_href_is_honoured() -> None:
    page = ('<head><base href="https://static.example.net/en/">'
            '<link rel="alternate" type="application/atom+xml" href="feed.atom"></head>')
    assert discover_feeds(page, "https://www.example.net/")[0].url == (
        "https://static.example.net/en/feed.atom")


def test_duplicates_by_spelling_are_dropped_first_kept() -> None:
    page = """<link rel="alternate" type="application/rss+xml" href="http://www.x.example/rss/"
    title="one"><link rel="alternate" type="application/rss+xml" href="https://x.example/rss"
    title="two"><link rel="alternate" type="application/atom+xml" href="/rss" title="three">"""
    found = discover_feeds(page, "https://x.example/")
    assert [f.title for f in found] == ["one"]


def test_unusable_hrefs_are_ignored() -> None:
    page = """<link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
    <link rel="alternate" type="application/rss+xml" href="">
    <link rel="alternate" type="application/rss+xml" href="mailto:a@b.example">
    <link rel="alternate" type="application/rss+xml" href="feed://feeds.example.com/x.xml">
    <link rel="alternate" type="application/rss+xml" href="http://[::1">"""
    found = discover_feeds(page, "https://x.example/")
    assert [f.url for f in found] == ["https://feeds.example.com/x.xml"]


def test_broken_html_links_in_body_and_bytes_with_charset() -> None:
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
            "<title>Caf\xe9</title><body><div><p>unclosed <b>tags"
            "<link rel=alternate type=application/rss+xml href=/rss.xml title='Caf\xe9 news'>"
            "<![if !IE]> <p>x</p> <![endif]>").encode("iso-8859-1")
    found = discover_feeds(page, "https://cafe.example/")
    assert found == (DiscoveredFeed("https://cafe.example/rss.xml", "Café news",
                                    "application/rss+xml"),)


def test_page_without_feeds() -> None:
    assert discover_feeds("<html><head><title>x</title></head></html>", "https://x.example/") == ()
    assert discover_feeds(b"", "https://x.example/") == ()


def test_malformed_marked_sections_comments_and_scripts() -> None:
    page = ('<link rel="alternate" type="application/rss+xml" href="/a.xml">'
            '<![bogus[ x ]]><link rel="alternate" type="application/rss+xml" href="/b.xml">'
            '<!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> -->'
            '<script>document.write(\'<link rel="alternate" type="application/rss+xml" '
            'href="/js.xml">\')</script>')
    found = discover_feeds(page, "https://x.example/")
    assert [f.url for f in found] == ["https://x.example/a.xml", "https://x.example/b.xml"]


def test_hostile_page_is_scanned_in_linear_time() -> None:
    page = '<a b="x" c="' * 150_000 + '<link rel=alternate type=application/atom+xml href=/f>'
    start = time.perf_counter()
    discover_feeds(page, "https://x.example/")
    assert time.perf_counter() - start < 2.0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=1500), st.sampled_from(["https://x.example/", "http://h.test/a/b"]))
def test_discovery_never_raises(body: str, url: str) -> None:
    for feed in discover_feeds(body, url):
        assert feed.url.startswith(("http://", "https://"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=1500), st.one_of(st.none(), st.text(max_size=40)))
def test_looks_like_feed_never_raises(body: bytes, content_type: str | None) -> None:
    assert looks_like_feed(body, content_type) in (True, False)


RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel></channel></rss>'
ATOM = (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>')
RDF = (b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?>'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>')
JSONFEED = b'{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}'
HTML = b"<!DOCTYPE html>\n<html><head><title>x</title></head></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (RSS, "application/rss+xml", True),
        (RSS, "text/html; charset=utf-8", True),  # misconfigured server: the body decides
        (ATOM, "application/xml", True),
        (RDF, None, True),
        (JSONFEED, "application/json", True),
        (JSONFEED.decode(), None, True),
        (b'{"data": [1, 2, 3]}', "application/json", False),
        (b"[1, 2]", "application/feed+json", False),
        (HTML, "text/html", False),
        (HTML, "application/rss+xml", False),  # the body decides
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg/>', "image/svg+xml", False),
        (b"", "application/atom+xml", True),  # nothing to sniff: trust the header
        (b"", "text/html", False),
        (b"plain words", None, False),
        (RSS.decode().encode("utf-16"), None, True),
    ],
)
def test_looks_like_feed(body: bytes | str, content_type: str | None, expected: bool) -> None:
    assert looks_like_feed(body, content_type) is expected


def test_json_that_is_no_feed_is_not_called_a_web_page() -> None:
    url = "https://api.example.org/v1/items?key=SeCrEt"
    said = no_feed_here(url, b'\xef\xbb\xbf  {"data": [{"id": 1}]}').text
    assert said.startswith("https://api.example.org/v1/items?key=••• is JSON, but not a feed. ")
    assert "SeCrEt" not in said
    page = no_feed_here("https://x.org/", b"<html><body>hi</body></html>")
    assert page.text == ("https://x.org/ is a web page that announces no feed. Look for an RSS or "
                    "Atom link on the site and add that address.")


def test_json_advice_with_a_secret_says_url_and_which_address_not_the_redacted_one() -> None:
    """Regression: it suggested 'notify sources add --kind json https://…?key=•••', which
    cannot be copied and run."""
    said = json_kind_advice("https://api.example.org/v1/items?key=SeCrEt")
    assert "•••" not in said and "SeCrEt" not in said
    assert "notify sources add --kind json URL (URL: the address you gave, its key included, " \
           "in quotes)" in said
    assert "notify sources preview --kind json URL." in said
    assert 'Or choose the kind "JSON API" in Settings → Sources.' in said


@pytest.mark.parametrize("url, shown", [
    ("https://api.example.org/v1/items", "https://api.example.org/v1/items"),
    ("https://api.example.org/v1/items?page=1&sort=new",  # & and ? quoted for the shell
     "'https://api.example.org/v1/items?page=1&sort=new'"),
])
def test_json_advice_without_a_secret_gives_commands_that_run(url: str, shown: str) -> None:
    said = json_kind_advice(url)
    assert f"notify sources add --kind json {shown}; see first" in said
    assert f"notify sources preview --kind json {shown}. Or" in said
    assert "URL" not in said


def test_checking_a_json_api_address_before_adding_it(
    tmp_path: Path, replay: ReplayServer
) -> None:
    replay.route("/api/items", headers={"Content-Type": "application/json"},
                 body=b'[{"id": 1, "title": "one", "url": "https://x.org/1"}]')
    engine = make_engine(tmp_path)
    found = run(engine, lambda: engine.probe(replay.url("/api/items")))
    assert (found.is_feed, found.candidates, found.error) == (False, (), None)
    assert "is JSON, but not a feed" in str(found.no_feed)
    assert f"--kind json {replay.url('/api/items')}" in str(found.no_feed)
    engine.close()
