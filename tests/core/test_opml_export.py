"""OPML export: standard OPML 2.0 that re-imports to the same sources and groups."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.core.models import Source
from notify.core.opml import export_opml, exported_count, import_opml, left_out
from notify.core.opml.export import exported_title

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "opml"
ARAM = CORPUS / "AramZS-subscriptions" / "subscriptions.opml"


def src(i: int, url: str, title: str = "", group: str = "", kind: str = "feed",
        html_url: str = "", **settings_: object) -> Source:
    return Source(id=i, kind=kind, url=url, title=title, group=group, html_url=html_url,
                  settings=dict(settings_))


def shape(sources: list[Source]) -> list[tuple[str, str, str, str]]:
    return sorted((s.url, s.title, s.group, s.html_url) for s in sources)


SOURCES = [
    src(1, "https://top.example/feed", "Top level"),
    src(2, "https://a.example/rss", "A & <b>", "News", html_url="https://a.example/"),
    src(3, "https://b.example/atom", 'Quote " and \' both', "News/World"),
    src(4, "http://c.example/feed.xml", "C", "Tech"),
    src(5, "https://d.example/x?format=rss&page=2", "D", "News/World"),
]


def test_export_is_well_formed_standard_opml_2() -> None:
    text = export_opml(SOURCES, title="Mine & yours", now=0)
    root = ET.fromstring(text.encode())
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Mine & yours"
    assert root.findtext("head/dateCreated") == "Thu, 01 Jan 1970 00:00:00 GMT"
    feeds = [o for o in root.iter("outline") if o.get("xmlUrl")]
    assert len(feeds) == 5
    for outline in feeds:
        assert outline.get("type") == "rss"
        assert outline.get("text") == outline.get("title")
        assert set(outline.keys()) <= {"type", "text", "title", "xmlUrl", "htmlUrl"}
    a = next(o for o in feeds if o.get("xmlUrl") == "https://a.example/rss")
    assert a.get("text") == "A & <b>" and a.get("htmlUrl") == "https://a.example/"
    body = root.find("body")
    assert body is not None
    folders = [o.get("text") for o in body if not o.get("xmlUrl")]
    assert folders == ["News", "Tech"]
    news = next(o for o in body if o.get("text") == "News")
    assert [o.get("text") for o in news if not o.get("xmlUrl")] == ["World"]


def test_export_reimports_to_the_same_sources_and_groups() -> None:
    result = import_opml(export_opml(SOURCES).encode())
    assert not result.warnings and not result.duplicates and not result.skipped
    assert sorted((e.url, e.title, e.group, e.html_url) for e in result.entries) == shape(SOURCES)


def test_only_feed_kinds_are_exported_unless_asked() -> None:
    sources = [*SOURCES, src(9, "https://api.github.com/repos/a/b/releases", "gh", kind="github")]
    assert "api.github.com" not in export_opml(sources)
    assert "api.github.com" in export_opml(sources, kinds={"feed", "github"})


def test_settings_and_token_references_are_never_exported() -> None:
    sources = [src(1, "https://x.example/feed", "X", token_ref="keyring-id-5f2a9c",
                   headers={"Authorization": "Bearer abcdef123456"})]
    text = export_opml(sources, include_secrets=True)
    assert "keyring-id-5f2a9c" not in text
    assert "abcdef123456" not in text
    assert "token_ref" not in text


def test_query_secrets_are_redacted_by_default_and_kept_on_request() -> None:
    url = "http://plancast.com/home/schedule?feed=rss&key=SeCrEt-KeY-123"
    sources = [src(1, url, "Plancast"), src(2, "https://user:pa55word@x.example/feed", "X")]
    default = export_opml(sources)
    assert "SeCrEt-KeY-123" not in default and "pa55word" not in default
    assert "key=•••" in default
    ET.fromstring(default.encode())
    full = export_opml(sources, include_secrets=True)
    assert "SeCrEt-KeY-123" in full and "pa55word" in full
    assert {e.url for e in import_opml(full.encode()).entries} == {
        url, "https://user:pa55word@x.example/feed"}


def test_characters_xml_forbids_are_dropped_so_the_file_stays_readable() -> None:
    text = export_opml([src(1, "https://x.example/feed", "bell\x07 tab\tnew\nline", "G\x00")])
    root = ET.fromstring(text.encode())
    outline = next(o for o in root.iter("outline") if o.get("xmlUrl"))
    assert outline.get("text") == "bell tab\tnew\nline"


@pytest.mark.skipif(not ARAM.is_file(), reason=f"shared OPML corpus not present at {ARAM}")
def test_real_list_round_trips_through_export() -> None:
    first = import_opml(ARAM.read_bytes())
    sources = [src(i, e.url, e.title, e.group, html_url=e.html_url)
               for i, e in enumerate(first.entries)]
    again = import_opml(export_opml(sources, include_secrets=True).encode())
    assert not again.warnings and not again.duplicates and not again.skipped
    # a feed the list names by its bare host comes back named by its address (host and path),
    # which importing reads as no title at all (test_cli: the import gives it its host again)
    assert sorted((e.url, e.title, e.group, e.html_url) for e in again.entries) == sorted(
        (s.url, exported_title(s), s.group, s.html_url) for s in sources)
    assert again.groups == first.groups


_word = st.text(st.characters(categories=("L", "N", "P", "S"),
                              exclude_characters="/&"), min_size=1, max_size=12).map(str.strip)
_name = st.lists(_word.filter(bool), min_size=1, max_size=3).map(" ".join)
_group = st.lists(_name, max_size=3).map("/".join)
_host = st.from_regex(r"[a-z]{1,10}\.(example|test|org)", fullmatch=True)
_path = st.from_regex(r"(/[a-z0-9._~-]{0,8}){0,3}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_host, _path, _name, _group), max_size=12))
def test_export_then_import_is_identity_for_any_titles_and_groups(
    rows: list[tuple[str, str, str, str]],
) -> None:
    sources: list[Source] = []
    seen: set[str] = set()
    for i, (host, path, title, group) in enumerate(rows):
        url = f"https://{host}{path or '/'}"
        if url.rstrip("/") in seen:
            continue
        seen.add(url.rstrip("/"))
        sources.append(src(i, url, title, group))
    text = export_opml(sources)
    ET.fromstring(text.encode())
    result = import_opml(text.encode())
    assert not result.repaired
    assert sorted((e.url, e.title, e.group) for e in result.entries) == sorted(
        (s.url, s.title, s.group) for s in sources)


def test_youtube_channels_are_exported_and_what_is_left_out_is_said() -> None:
    """Regression: a YouTube channel (its address is an Atom feed any reader follows) was left
    out of the export with the web APIs, and nothing said what an export had left out: "Wrote 0
    feeds" (the app: "Exported your sources") for a list of GitHub and Hacker News sources."""
    yt = "https://www.youtube.com/feeds/videos.xml?channel_id=UC0123456789abcdefghijkl"
    sources = [*SOURCES, src(7, yt, "A channel", kind="youtube"),
               src(8, "https://api.github.com/repos/a/b/releases", "gh", kind="github-repo"),
               src(9, "https://api.github.com/repos/c/d/releases", "gh2", kind="github-repo"),
               src(10, "https://hacker-news.firebaseio.com/v0/topstories.json", "HN",
                   kind="hackernews")]
    text = export_opml(sources)
    assert f'xmlUrl="{yt}"' in text
    assert "api.github.com" not in text and "firebaseio" not in text
    assert exported_count(sources) == f"{len(SOURCES) + 1} feeds"
    assert left_out(sources) == (
        "3 web-API sources (github-repo, hackernews) are not in it: OPML lists feeds, and feed "
        "readers cannot use web APIs.")
    assert left_out(SOURCES) == ""
    assert exported_count(sources[:1]) == "1 feed"


def _titles(text: str) -> dict[str, tuple[str | None, str | None]]:
    root = ET.fromstring(text.encode())
    return {o.get("xmlUrl") or "": (o.get("text"), o.get("title"))
            for o in root.iter("outline") if o.get("xmlUrl")}


def test_a_source_still_named_after_its_host_is_exported_by_its_own_title_or_address() -> None:
    """Regression: a source added without a check (or a feed without a title) was exported as
    ``title="example.com"``: every one on a host alike, none telling what it is."""
    sources = [
        src(1, "https://example.com/news/feed.xml", "example.com"),
        src(2, "https://www.example.com/sport.rss", "example.com"),
        src(3, "https://example.com/blog.atom", "My blog"),  # a name the person gave
        src(4, "https://example.com/world.xml?key=SECRET123", ""),
    ]
    text = export_opml(sources, own_titles={2: "Example Sport", 3: "Ignored: named"})
    assert _titles(text) == {
        "https://example.com/news/feed.xml": ("example.com/news/feed.xml",) * 2,
        "https://www.example.com/sport.rss": ("Example Sport",) * 2,
        "https://example.com/blog.atom": ("My blog",) * 2,
        "https://example.com/world.xml?key=•••": ("example.com/world.xml?key=•••",) * 2,
    }
    assert "SECRET123" not in text
