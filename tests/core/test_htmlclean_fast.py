"""The fast tokenizer of ``htmlclean`` gives exactly what ``HTMLParser`` gives, or declines."""

from __future__ import annotations

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from notify.core import htmlclean
from notify.core.htmlclean import Cleaned, _assemble, _tokens_fast, _tokens_slow
from tests.core.feedparse.corpus import corpus_files, needs_corpus

BASE = "http://base.example/dir/page"


def _slow(html: str) -> Cleaned:
    return _assemble(*_tokens_slow(html, BASE))


def _fast(html: str) -> Cleaned | None:
    tokens = _tokens_fast(html, BASE)
    return None if tokens is None else _assemble(*tokens)


def test_simple_markup_takes_the_fast_path_and_matches() -> None:
    html = ('<p class="x">Tom &amp; Jerry&nbsp;<a href="/a?b=1&amp;c=2" onclick=\'x()\'>go</a>'
            "<br/><img src='i.png' alt=\"&lt;\"><B>bold</b></p><div>open")
    fast = _fast(html)
    assert fast is not None
    assert fast == _slow(html)
    assert 'href="http://base.example/a?b=1&amp;c=2"' in fast.html


def test_anything_unusual_is_declined() -> None:
    for html in ("<!-- c --><p>x</p>", "<p>a < b</p>", "<script>x</script>", "<a href=x>y</a>",
                 "<a href = 'x'>y</a>", "<iframe src='x'></iframe>", "<p\u00a0x='1'>t</p>",
                 "<?php ?>", "<![CDATA[x]]>", "</ p>", "<style>p{}</style>"):
        assert _fast(html) is None, html
        assert htmlclean.clean(html, BASE) == _slow(html)


_pieces = st.sampled_from([
    "<p>", "</p>", "<br>", "<br/>", "<br />", "<a href=\"http://x/\">", "<a href='/y'>", "</a>",
    '<a href="/z?a=1&amp;b">', '<a href="java\tscript:x">', '<a href="">',
    "<img src='i.png'>", "<IMG SRC=\"j.gif\" alt='&amp;'/>", "<b>", "</B>", "<pre>", "</pre>",
    "<li>", "<div title=\"a&quot;b\">", "</div>", "<span\nlang='en'>", "&amp;", "&nbsp;", "&#x41;",
    "&#65", "&lt;", "&bogus;", "&", " ", "\n", "text", "é", "<", ">", "\"", "'", "<!--x-->",
    "<script>", "</script>", "<x-y>", "</x-y>", "<p/>", "<a  href=\"javascript:x\">",
])


@given(st.lists(_pieces, max_size=30))
def test_fast_path_equals_htmlparser_on_random_markup(parts: list[str]) -> None:
    html = "".join(parts)
    fast = _fast(html)
    if fast is not None:
        assert fast == _slow(html)


@needs_corpus
def test_fast_path_equals_htmlparser_on_corpus_summaries() -> None:
    """Every HTML summary and content of the corpus's real-world feeds: same result, and most
    of them take the fast path."""
    seen = fast_hits = 0
    for f in corpus_files():
        if "rss-parser/" not in f.rel:
            continue
        parsed = feedparser.parse(f.body, sanitize_html=False, resolve_relative_uris=False)
        for entry in parsed.entries:
            contents = [c.get("value", "") for c in entry.get("content", [])]
            texts = [entry.get("summary", ""), *contents]
            for text in texts:
                if "<" not in text and "&" not in text:
                    continue
                html = htmlclean._CONTROL_RE.sub("", text[: htmlclean.MAX_HTML_CHARS])
                seen += 1
                fast = _fast(html)
                if fast is not None:
                    fast_hits += 1
                    assert fast == _slow(html), f.rel
    assert seen > 200
    assert fast_hits > seen * 0.8


@given(st.text(alphabet=" \t\r\n\f\v\u00a0\u200b\u2003\x1cab", max_size=40))
def test_space_patterns_equal_the_plain_runs(text: str) -> None:
    """The whitespace patterns skip lone spaces for speed; the result is that of ``\\s+``."""
    import re

    assert htmlclean._WS_RE.sub(" ", text) == re.sub(r"\s+", " ", text)
    assert htmlclean._SPACES_RE.sub(" ", text) == re.sub(r"[ \t\r\f\v\u00a0\u200b]+", " ", text)


@given(st.lists(st.sampled_from([
    "\x01", "\x02", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\u200b", "a", "b c", "\r\n",
]), max_size=25))
def test_the_text_collapsed_at_once_equals_piece_by_piece(pieces: list[str]) -> None:
    """``_text_of`` collapses a document's whitespace in one pass (str.split); the result is
    that of each piece collapsed on its own, the breaks put in, then tidied."""
    expected = htmlclean._tidy_text("".join(
        "\n" if p == "\x01" else htmlclean._PARA_BREAK if p == "\x02"
        else htmlclean._WS_RE.sub(" ", p) for p in pieces
    ))
    assert htmlclean._text_of(pieces, []) == expected


def test_text_inside_pre_keeps_its_lines() -> None:
    out = htmlclean.clean("<p>a  b</p><pre>x\n  y\u2003z</pre>\u200b<p>c\u200b\u200bd</p>")
    assert out.text == "a b\n\nx\ny\u2003z\n\nc d"
