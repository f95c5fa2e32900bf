"""No input crashes OPML import: every failure is an OpmlError (hypothesis)."""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notify.core.errors import OpmlError
from notify.core.opml import OpmlImport, import_opml
from tests.core.test_urls_unfetchable import PYTHON_WORDS

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "opml"
_FILES = sorted(CORPUS.rglob("*.opml")) if CORPUS.is_dir() else []
# Small real files keep each example fast; the large one is cut to its first 6 kB.
_SEEDS = [p.read_bytes()[:6000] for p in _FILES]

SMALL_OPML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>t</title></head>'
    b'<body><outline text="F"><outline text="a &amp; b" type="rss" xmlUrl="https://a.example/'
    b'rss?key=k&amp;x=1" htmlUrl="https://a.example/"/></outline>'
    b'<outline text="c" xmlUrl="c.example/feed"/></body></opml>\n'
)

# NOTIFY_FUZZ_EXAMPLES=5000 for a deeper run; the default keeps the suite fast.
FUZZ = settings(
    max_examples=int(os.environ.get("NOTIFY_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(data: bytes) -> None:
    try:
        result = import_opml(data)
    except OpmlError as err:
        assert str(err)
        return
    assert isinstance(result, OpmlImport)
    for entry in result.entries:
        assert entry.url.startswith(("http://", "https://"))


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


_markup = st.lists(st.sampled_from([
    "<opml>", "</opml>", "<body>", "</body>", "<head>", "<title>", "</title>", "<outline",
    "</outline>", "/>", ">", " text=\"", " xmlUrl=\"", " url=\"", " type=\"link\"", "\"", "'",
    "&", "&amp;", "&nbsp;", "&#0;", "&#x110000;", "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE",
    "<!ENTITY", "<![", "https://x.example/", "javascript:", "\x00", "\ufeff", "\udcff", "é", " ",
    "\n", "feed://", "//h", "<?xml version='1.0' encoding='utf-16'?>",
]), max_size=60).map("".join)


@FUZZ
@given(_markup)
def test_opml_like_token_soup(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


def _mutations() -> st.SearchStrategy[bytes]:
    seeds = [SMALL_OPML, *_SEEDS]

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(1, 8))):
            if not data:
                break
            pos = draw(st.integers(0, len(data) - 1))
            op = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
            if op == "flip":
                data[pos] = draw(st.integers(0, 255))
            elif op == "delete":
                del data[pos:pos + draw(st.integers(1, 40))]
            elif op == "insert":
                data[pos:pos] = draw(st.sampled_from(
                    [b"&", b"<", b'"', b"\x00", b"<outline>", b"</outline>", b"<!ENTITY a 'b'>",
                     b"\xff\xfe", b"]]>", b"<![CDATA["]))
            elif op == "truncate":
                del data[pos:]
            else:
                end = min(len(data), pos + draw(st.integers(1, 200)))
                data[pos:pos] = data[pos:end]
        return bytes(data)

    return mutate()


@FUZZ
@given(_mutations())
def test_mutated_real_files(data: bytes) -> None:
    check(data)


# Addresses that are no web address Notify can fetch, or barely are: other schemes with and
# without ``//`` (``mailto:x``, ``news:comp.lang``), ports that are no number, brackets of an
# IPv6 host left open or holding no such address, user names, hosts without a dot.
_odd_address = st.tuples(
    st.sampled_from(["", "http://", "https://", "HTTP://", "feed://", "feed:", "//", "mailto:",
                     "news:", "javascript:", "ftp://", "tel:", "data:", "file:///", "x-y+z:"]),
    st.sampled_from(["", "me@", "me:pw@"]),
    st.sampled_from(["host", "example.org", "[::1", "[::1]", "[zz]", "::1]", "localhost",
                     "comp.lang", "x", "", "%zz", "é.example"]),
    st.sampled_from(["", ":", ":80", ":abc", ":99999", ":-1", ":8080:9"]),
    st.sampled_from(["", "/", "/feed.xml", "?q=1", "#f", "/a b"]),
).map("".join)


@FUZZ
@given(st.lists(_odd_address, min_size=1, max_size=5))
def test_odd_addresses_are_feeds_or_skipped_saying_why(addresses: list[str]) -> None:
    """Every outline with an address becomes a feed, a duplicate or a skipped one whose reason
    is in Notify's words: never Python's ("Port could not be cast to integer value")."""
    body = "".join(f'<outline text="n{n}" xmlUrl={quoteattr(a)}/>'
                   for n, a in enumerate(addresses))
    result = import_opml(f"<opml><body>{body}</body></opml>".encode())
    given = [a for a in addresses if a.strip()]
    assert len(result.entries) + len(result.duplicates) + len(result.skipped) == len(given)
    for entry in result.entries:
        assert entry.url.startswith(("http://", "https://"))
    for skipped in result.skipped:
        assert not any(words in skipped.reason for words in PYTHON_WORDS), skipped.reason
        assert "not a web address Notify can fetch: " in skipped.reason or (
            "is not a valid web address (no host name)" in skipped.reason), skipped.reason


@pytest.mark.parametrize("depth", [5000])
def test_absurd_nesting_does_not_exhaust_the_stack(depth: int) -> None:
    body = b"<outline text='x'>" * depth + b"<outline xmlUrl='https://x.example/'/>"
    body += b"</outline>" * depth
    result = import_opml(b"<opml><body>" + body + b"</body></opml>")
    assert len(result.entries) == 1
    assert result.entries[0].group.count("/") == depth - 1
