"""OPML import: the real, broken lists in ../shared/corpus/opml, and the variants readers write."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from notify.core.errors import Advice, OpmlError, Remedy, command_line_words, placed_rows
from notify.core.opml import OpmlSkipped, import_opml
from notify.core.urls import dedupe_key
from tests.core.test_urls_unfetchable import ODD_ADDRESSES, PYTHON_WORDS

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "opml"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared OPML corpus not present at {CORPUS}"
)
ARAM = CORPUS / "AramZS-subscriptions" / "subscriptions.opml"
PLENARY = CORPUS / "plenaryapp-awesome-rss-feeds"
ARAM_SECRETS = ("l26DxKd-4SoiLnBllJvxi3jwNuXi1dMFgr2FmtHQutt-kaG4ZfxQTA",
                "88d3052490fb66d860433c2555a8940e")


def opml(body: str, head: str = "<title>t</title>", version: str = "2.0") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="{version}">'
            f"<head>{head}</head><body>{body}</body></opml>").encode()


# --- the real corpus -------------------------------------------------------------------------

@needs_corpus
@pytest.mark.parametrize(
    ("name", "count", "folder", "first_url"),
    [
        ("Programming.opml", 50, "Programming", "https://medium.com/feed/better-programming"),
        ("Tech.opml", 26, "Tech", None),
        ("Science.opml", 24, "Science", None),
    ],
)
def test_plenary_files_are_not_well_formed_yet_every_outline_comes_in(
    name: str, count: int, folder: str, first_url: str | None
) -> None:
    data = (PLENARY / name).read_bytes()
    result = import_opml(data)
    assert len(result.entries) == count
    assert result.repaired
    assert any("not well-formed" in w and "repaired" in w for w in result.warnings)
    assert {e.group for e in result.entries} == {folder}
    assert not result.duplicates and not result.skipped
    assert all(e.url.startswith(("http://", "https://")) for e in result.entries)
    # The count in the file itself: every feed outline carries xmlUrl once.
    assert data.count(b"xmlUrl=") == count
    if first_url:
        assert result.entries[0].url == first_url


@needs_corpus
def test_plenary_programming_keeps_the_outlines_around_the_damage() -> None:
    result = import_opml((PLENARY / "Programming.opml").read_bytes())
    by_url = {e.url: e for e in result.entries}
    # Bare "&>" in the title, and raw quotes + HTML inside a description attribute.
    assert by_url["https://www.thirtythreeforty.net/posts/index.xml"].title == (
        "Posts on &> /dev/null"
    )
    assert by_url["https://m.signalvnoise.com/feed/"].title == "Signal v. Noise"
    assert by_url["https://buffer.com/resources/overflow/rss/"].title == (
        "Overflow - Buffer Resources"
    )


@needs_corpus
def test_plenary_programming_and_tech_make_76_sources() -> None:
    urls = [e.url for n in ("Programming.opml", "Tech.opml")
            for e in import_opml((PLENARY / n).read_bytes()).entries]
    assert len(urls) == 76
    assert len({dedupe_key(u) for u in urls}) == 76


@needs_corpus
def test_aramzs_710_outlines_give_670_plus_one_feedurl_sources_and_40_duplicates() -> None:
    data = ARAM.read_bytes()
    result = import_opml(data)
    assert data.count(b"xmlUrl=") == 710
    # 710 xmlUrl outlines, 40 of them repeats: 670 sources; plus one outline whose only feed
    # address is a feedUrl attribute (line 78, "Monitoring the Media"), which is read too.
    assert len(result.entries) == 671
    assert len(result.duplicates) == 40
    assert len(result.entries) + len(result.duplicates) == 711
    assert not result.skipped
    assert not result.repaired
    assert len({dedupe_key(e.url) for e in result.entries}) == 671
    monitoring = [e for e in result.entries if e.title == "Monitoring the Media"]
    assert [e.url for e in monitoring] == ["https://monitoringbroadcastsignals.wordpress.com/feed"]
    assert monitoring[0].group == "narrative"
    assert len(result.groups) == 40
    assert all(e.group for e in result.entries)
    assert result.title == "Aram ZS subscriptions in Google Reader"
    assert any("40 feeds appeared more than once" in w for w in result.warnings)
    for dup in result.duplicates:
        assert dedupe_key(dup.entry.url) == dedupe_key(dup.kept.url)
        assert dup.kept in result.entries
        assert dup.entry.line is not None and dup.kept.line is not None
        assert dup.entry.line > dup.kept.line


@needs_corpus
def test_aramzs_schemeless_urls_are_normalised_with_a_warning() -> None:
    result = import_opml(ARAM.read_bytes())
    scheme_warnings = [w for w in result.warnings if "has no http:// or https://" in w]
    assert len(scheme_warnings) == 6
    by_title = {e.title: e for e in result.entries}
    assert by_title["RTT - Real Time Business News"].url == (
        "https://www.rttnews.com/rss/Todaystop.xml"
    )
    assert by_title["LIC Post"].url == "https://licpost.com/feed/"
    assert any("www.rttnews.com/rss/Todaystop.xml" in w for w in scheme_warnings)


@needs_corpus
def test_aramzs_per_user_keys_are_kept_as_data_but_never_printed_or_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    result = import_opml(ARAM.read_bytes())
    keyed = [e for e in result.entries if any(s in e.url for s in ARAM_SECRETS)]
    assert len(keyed) == 2  # the user's own subscription URLs are imported intact
    printed = [*result.warnings, *(d.describe() for d in result.duplicates),
               *(s.reason for s in result.skipped), *(e.describe() for e in result.entries),
               caplog.text]
    for text in printed:
        for secret in ARAM_SECRETS:
            assert secret not in text


@needs_corpus
def test_aramzs_import_is_fast() -> None:
    data = ARAM.read_bytes()
    start = time.perf_counter()
    import_opml(data)
    assert time.perf_counter() - start < 1.0


# --- variants readers write ----------------------------------------------------------------------

def test_nested_folders_become_path_groups_and_top_level_feeds_have_none() -> None:
    result = import_opml(opml(
        '<outline type="rss" text="Top" xmlUrl="https://top.example/feed"/>'
        '<outline text="Parent"><outline text="Child">'
        '<outline type="rss" text="Deep" xmlUrl="https://deep.example/feed"/></outline>'
        '<outline type="rss" text="Mid" xmlUrl="https://mid.example/feed"/></outline>'
    ))
    assert [(e.title, e.group) for e in result.entries] == [
        ("Top", ""), ("Deep", "Parent/Child"), ("Mid", "Parent")]
    assert result.groups == ("Parent/Child", "Parent")


def test_attribute_spellings_text_title_html_url_and_type() -> None:
    result = import_opml(opml(
        '<outline TEXT="Shown" title="Feed title" XMLURL="http://a.example/rss" '
        'htmlURL="http://a.example/"/>'
        '<outline title="Only title" xmlurl="https://b.example/atom" type="atom"/>'
        '<outline text="By url" url="https://c.example/feed.xml" type="rss"/>'
        '<outline text="Double &amp;amp; escaped" xmlUrl="https://d.example/rss"/>'
        '<outline xmlUrl="https://e.example/rss"/>'
    ))
    assert [(e.title, e.url, e.html_url) for e in result.entries] == [
        ("Shown", "http://a.example/rss", "http://a.example/"),
        ("Only title", "https://b.example/atom", ""),
        ("By url", "https://c.example/feed.xml", ""),
        ("Double & escaped", "https://d.example/rss", ""),
        ("https://e.example/rss", "https://e.example/rss", ""),
    ]
    assert {e.kind for e in result.entries} == {"feed"}


def test_opml_1_0_and_head_title() -> None:
    result = import_opml(opml('<outline text="x" xmlUrl="https://x.example/rss"/>',
                              head="<title>  My   list </title>", version="1.0"))
    assert result.title == "My list"
    assert len(result.entries) == 1


def test_links_and_includes_are_skipped_with_a_reason() -> None:
    result = import_opml(opml(
        '<outline text="A page" type="link" url="https://page.example/"/>'
        '<outline text="More" type="include" url="https://x.example/more.opml"/>'
        '<outline text="Bad" xmlUrl="javascript:alert(1)"/>'
        '<outline text="FTP" xmlUrl="ftp://files.example/feed"/>'
        '<outline text="Broken feed" type="rss"/>'
        '<outline text="Empty folder"/>'
    ))
    assert result.entries == ()
    reasons = {s.title: s.reason for s in result.skipped}
    assert "web page" in reasons["A page"]
    assert "another OPML list" in reasons["More"]
    assert "not a web address" in reasons["FTP"]
    assert "Bad" in reasons
    assert "no feed address" in reasons["Broken feed"]
    assert "Empty folder" not in reasons  # an empty folder is nothing to report
    assert "The file contains no feeds to import." in result.warnings


def test_category_attribute_is_the_group_outside_folders() -> None:
    result = import_opml(opml(
        '<outline text="c" xmlUrl="https://c.example/rss" category="/Tech/News,/Other"/>'
        '<outline text="F"><outline text="d" xmlUrl="https://d.example/rss" category="/X"/>'
        '</outline>'))
    assert [e.group for e in result.entries] == ["Tech/News", "F"]


def test_duplicates_across_spellings_are_merged_first_wins() -> None:
    result = import_opml(opml(
        '<outline text="A"><outline text="one" xmlUrl="http://www.dup.example/feed/"/></outline>'
        '<outline text="B"><outline text="two" xmlUrl="https://dup.example/feed"/></outline>'))
    assert [(e.title, e.group) for e in result.entries] == [("one", "A")]
    assert len(result.duplicates) == 1
    assert result.duplicates[0].entry.group == "B"
    assert "kept the first" in result.duplicates[0].describe()


def test_html_entities_and_control_characters_are_repaired() -> None:
    result = import_opml(opml(
        '<outline text="caf&eacute;&nbsp;bar&#1;" xmlUrl="https://x.example/rss?a=1&b=2"/>'))
    assert result.repaired
    assert result.entries[0].title == "café bar"
    assert result.entries[0].url == "https://x.example/rss?a=1&b=2"


def test_raw_quotes_and_markup_inside_attributes_are_repaired_keeping_every_attribute() -> None:
    result = import_opml(opml(
        '<outline text="Folder">\n'
        '<outline text="A" description="see <a href="https://x.example">here</a>." '
        'xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>\n'
        '<outline text="B" description="multi\nline "quoted" text" type="rss" '
        'xmlUrl="https://b.example/rss"/>\n</outline>'))
    assert result.repaired
    assert [(e.title, e.url, e.html_url, e.group) for e in result.entries] == [
        ("A", "https://a.example/rss", "https://a.example/", "Folder"),
        ("B", "https://b.example/rss", "", "Folder"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "iso-8859-1"])
def test_declared_and_bom_encodings(encoding: str) -> None:
    declared = "utf-16" if encoding == "utf-16" else encoding.replace("-sig", "")
    text = (f'<?xml version="1.0" encoding="{declared}"?><opml version="2.0"><body>'
            '<outline text="Zürich" xmlUrl="https://z.example/rss"/></body></opml>')
    result = import_opml(text.encode(encoding))
    assert [e.title for e in result.entries] == ["Zürich"]


def test_invalid_utf8_is_read_as_windows_1252_with_a_warning() -> None:
    data = opml('<outline text="caf\udce9" xmlUrl="https://x.example/rss"/>'.encode(
        "utf-8", "surrogateescape").decode("latin-1")).replace(b"caf\xc3\xa9", b"caf\xe9")
    result = import_opml(data)
    assert result.entries[0].title == "café"
    assert any("Windows-1252" in w for w in result.warnings)


def test_truncated_file_is_salvaged_with_a_warning() -> None:
    data = opml("".join(f'<outline text="f{i}" xmlUrl="https://f{i}.example/rss"/>'
                        for i in range(10)))
    cut = data[: data.index(b"f7.example")]
    result = import_opml(cut)
    assert [e.title for e in result.entries] == [f"f{i}" for i in range(7)]
    assert result.repaired
    assert any("damaged" in w for w in result.warnings)


def test_doctype_without_entities_is_accepted() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE opml><opml version="2.0"><body>'
            b'<outline text="a" xmlUrl="https://a.example/rss"/></body></opml>')
    assert len(import_opml(data).entries) == 1


# --- what is refused, always as OpmlError -------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "is a feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "is a feed"),
        (b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
         "not an OPML"),
        (b"just some words, no markup at all", "not an OPML"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "not an OPML"),
    ],
)
def test_unreadable_input_raises_opml_error_with_a_clear_message(data: bytes, words: str) -> None:
    with pytest.raises(OpmlError) as info:
        import_opml(data)
    assert words in str(info.value)


def test_billion_laughs_is_refused_quickly() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    data = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY lol0 "lol">{lol}]>'
            '<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://x.example/"/>'
            "</body></opml>").encode()
    start = time.perf_counter()
    with pytest.raises(OpmlError, match="entities"):
        import_opml(data)
    assert time.perf_counter() - start < 1.0


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://x.example/"/>'
            "</body></opml>").encode()
    with pytest.raises(OpmlError, match="entities") as info:
        import_opml(data)
    assert "TOP-SECRET" not in str(info.value)


def test_oversized_input_is_refused() -> None:
    with pytest.raises(OpmlError, match="too large"):
        import_opml(b"<opml>" + b" " * (21 * 1024 * 1024))


def test_too_many_outlines_is_refused_quickly() -> None:
    data = b"<opml><body>" + b"<outline text='x' xmlUrl='https://x.example/'/>" * 50_001
    start = time.perf_counter()
    with pytest.raises(OpmlError, match="more than 50,000 outlines"):
        import_opml(data + b"</body></opml>")
    with pytest.raises(OpmlError, match="more than 50,000 outlines"):
        import_opml(b"<opml><body>" + b"<outline>" * 60_000)  # unclosed: the salvage path
    assert time.perf_counter() - start < 10


def test_utf16_without_bom() -> None:
    text = ('<?xml version="1.0" encoding="UTF-16"?><opml version="2.0"><body>'
            '<outline text="Ünï" xmlUrl="https://u.example/rss"/></body></opml>')
    for codec in ("utf-16-le", "utf-16-be"):
        assert [e.title for e in import_opml(text.encode(codec)).entries] == ["Ünï"]


def test_salvage_closes_folders_past_stray_html_tags() -> None:
    data = (b'<opml version="2.0"><body><outline text="F"><br><p>'
            b'<outline text="in F" xmlUrl="https://a.example/rss"/></outline>'
            b'<outline text="top" xmlUrl="https://b.example/rss"/>'
            b'<outline text="G"><outline text="in G" xmlUrl="https://c.exam')
    result = import_opml(data)
    assert result.repaired
    assert [(e.title, e.group) for e in result.entries] == [("in F", "F"), ("top", "")]


def test_what_is_skipped_is_logged_with_its_line_and_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A skipped outline and a home-page link dropped were in the report only, never in the
    log (which is where a person or a bug report looks afterwards)."""
    data = (
        b'<?xml version="1.0"?><opml version="2.0"><body>\n'
        b'<outline text="Pointer" type="link" url="https://x.example/page?token=Sekrit1"/>\n'
        b'<outline text="Keyed" xmlUrl="https://x.example/feed?key=Sekrit2" '
        b'htmlUrl="javascript:alert(1)"/>\n'
        b"</body></opml>"
    )
    with caplog.at_level(logging.INFO, logger="notify.core.opml.importer"):
        result = import_opml(data)
    assert [e.title for e in result.entries] == ["Keyed"] and result.entries[0].html_url == ""
    said = [r.getMessage() for r in caplog.records]
    assert said[0] == ("OPML import: skipped 'Pointer' (line 2): it links to a web page, not a "
                       "feed; add the page as a source to find its feed: notify sources add "
                       "--kind feed URL (URL: the address, its key included, in quotes)")
    assert said[1].startswith("OPML import: 'Keyed' (line 3) keeps no home-page link: ")
    assert "Sekrit" not in caplog.text


def test_an_oversized_file_says_what_to_do() -> None:
    with pytest.raises(OpmlError, match="split and imported in parts"):
        import_opml(b"<opml>" + b" " * (21 * 1024 * 1024))


def advices(skipped: OpmlSkipped) -> list[Advice]:
    """The advice a skipped outline carries, each where its reason gives it."""
    for p in skipped.advice:
        assert skipped.reason[p.start:p.end] == command_line_words(p.advice)
    return [p.advice for p in skipped.advice]


def test_a_skipped_outline_the_person_can_do_something_about_carries_that_as_data() -> None:
    """A skipped outline's reason was plain text: the app could only show the command line's
    words, or none. Where the person can do something (look at the page a link outline points
    to, the site a feed outline without an address names, a scheme-less address that may be a
    host of their network), the reason places that advice in it (``OpmlSkipped.advice``);
    where nothing can be done (an FTP address, a relative one), it gives none."""
    result = import_opml(opml(
        '<outline text="A page" type="link" url="https://page.example/news"/>'
        '<outline text="Keyed page" type="link" url="https://page.example/p?token=Sekrit1"/>'
        '<outline text="Intranet" xmlUrl="intranet/feed.xml"/>'
        '<outline text="Keyed intranet" xmlUrl="intranet:8080/rss?key=Sekrit2"/>'
        '<outline text="No address" type="rss" htmlUrl="https://site.example/"/>'
        '<outline text="Nothing at all" type="rss"/>'
        '<outline text="Relative" xmlUrl="/feed.xml"/>'
        '<outline text="FTP" xmlUrl="ftp://files.example/feed"/>'
        '<outline text="Mail" xmlUrl="mailto:someone"/>'
        '<outline text="More" type="include" url="https://x.example/more.opml"/>'
    ))
    skipped = {s.title: s for s in result.skipped}
    feed = Remedy.FOLLOW_AS_FEED
    assert advices(skipped["A page"]) == [Advice(feed, address="https://page.example/news")]
    assert skipped["A page"].reason == (
        "it links to a web page, not a feed; add the page as a source to find its feed: "
        "notify sources add --kind feed https://page.example/news")
    # the key is in the advice (the command needs it) but never in the text, nor printed
    assert advices(skipped["Keyed page"]) == [
        Advice(feed, address="https://page.example/p?token=Sekrit1")]
    assert skipped["Keyed page"].reason.endswith(
        "notify sources add --kind feed URL (URL: the address, its key included, in quotes)")
    assert "Sekrit" not in repr(placed_rows(skipped["Keyed page"].advice))
    assert advices(skipped["Intranet"]) == [Advice(feed, address="https://intranet/feed.xml")]
    assert skipped["Intranet"].reason == (
        "'intranet/feed.xml' is not a valid web address (no host name). If intranet is a "
        "computer on your network, follow it with its scheme: notify sources add --kind feed "
        "https://intranet/feed.xml")
    assert advices(skipped["Keyed intranet"]) == [
        Advice(feed, address="https://intranet:8080/rss?key=Sekrit2")]
    assert "Sekrit" not in skipped["Keyed intranet"].reason
    assert advices(skipped["No address"]) == [Advice(feed, address="https://site.example/")]
    assert skipped["No address"].reason == (
        "it has no feed address (xmlUrl); its site may announce one: notify sources add --kind "
        "feed https://site.example/")
    for nothing in ("Nothing at all", "Relative", "FTP", "Mail"):
        assert skipped[nothing].advice == (), nothing
    assert skipped["Nothing at all"].reason == "it has no feed address (xmlUrl)"
    assert skipped["A page"].advised.said(lambda a: "[here]") == (
        "it links to a web page, not a feed; add the page as a source to find its feed: [here]")


@pytest.mark.parametrize(("address", "why"), ODD_ADDRESSES)
def test_an_address_of_another_scheme_or_a_bad_port_is_skipped_saying_why(
        address: str, why: str) -> None:
    """Regression: ``mailto:x``, ``news:comp.lang``, ``http://host:abc/`` were skipped with
    Python's words ("… is not a valid web address (Port could not be cast to integer value as
    'x').")."""
    result = import_opml(opml(f'<outline text="Odd" xmlUrl="{escape(address)}"/>'))
    (skipped,) = result.skipped
    assert skipped.reason == f"{address!r} is not a web address Notify can fetch: {why}."
    assert skipped.advice == ()  # nothing to follow instead
    assert not any(words in skipped.reason for words in PYTHON_WORDS)


def test_an_outline_of_another_opml_list_says_to_import_that_list_as_data() -> None:
    """Regression: an outline linking to another OPML list (``type="include"``, ``type="link"``
    to a ``.opml``, an ``xmlUrl`` that is one, read as a feed before) was skipped with no
    advice ("import that file separately"): it says how to import that list, as data."""
    result = import_opml(opml(
        '<outline text="Include" type="include" url="https://x.example/more"/>'
        '<outline text="Link" type="link" url="https://x.example/tech.opml"/>'
        '<outline text="As a feed" xmlUrl="https://x.example/Blogs.OPML?v=2"/>'
        '<outline text="Keyed" type="include" url="https://x.example/mine.opml?key=Sekrit3"/>'
        '<outline text="Relative" type="include" url="lists/more.opml"/>'
        '<outline text="A feed" xmlUrl="https://x.example/feed.xml"/>'
    ))
    assert [e.title for e in result.entries] == ["A feed"]
    skipped = {s.title: s for s in result.skipped}
    reason = "it links to another OPML list, not a feed; import that list itself"
    for title, address in (("Include", "https://x.example/more"),
                           ("Link", "https://x.example/tech.opml"),
                           ("As a feed", "https://x.example/Blogs.OPML?v=2")):
        assert advices(skipped[title]) == [Advice(Remedy.IMPORT_LIST, address=address)], title
    assert skipped["Link"].reason == (
        f"{reason}: download https://x.example/tech.opml and run notify sources import with the "
        "file")
    assert skipped["As a feed"].reason == (  # quoted for the shell, as every address said so
        f"{reason}: download 'https://x.example/Blogs.OPML?v=2' and run notify sources import "
        "with the file")
    # the key is in the advice (the list needs it) but never in the text
    assert advices(skipped["Keyed"]) == [
        Advice(Remedy.IMPORT_LIST, address="https://x.example/mine.opml?key=Sekrit3")]
    assert skipped["Keyed"].reason == (
        f"{reason}: download URL (URL: the list's address, its key included, in quotes) and run "
        "notify sources import with the file")
    assert "Sekrit" not in repr(placed_rows(skipped["Keyed"].advice))
    assert (skipped["Relative"].reason, skipped["Relative"].advice) == (reason, ())
