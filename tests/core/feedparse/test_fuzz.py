"""Hostile and broken bodies: ``parse_feed`` returns a feed or raises ``FeedParseError``, never
anything else, and whatever it returns is sanitised."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notify.core.feedparse import FeedParseError, ParsedFeed, parse_feed
from notify.core.htmlclean import clean
from tests.core.feedparse.corpus import corpus_files, needs_corpus
from tests.core.feedparse.safety import unsafe_parts


def _check(body: bytes) -> None:
    try:
        feed = parse_feed(body, "https://fuzz.example/feed", {})
    except FeedParseError as err:
        assert str(err)
        return
    assert isinstance(feed, ParsedFeed)
    for item in feed.items:
        assert item.key
        assert unsafe_parts(item.summary_html) == []


def _small_samples() -> list[bytes]:
    return [f.body for f in corpus_files() if len(f.body) < 40_000 and f.fp_entries][::7]


@needs_corpus
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_truncated_and_corrupted_feeds(data: st.DataObject) -> None:
    samples = _small_samples()
    body = data.draw(st.sampled_from(samples))
    cut = data.draw(st.integers(0, len(body)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(len(body) - 1, 0)),
                                         st.integers(0, 255)), max_size=4))
    mutated = bytearray(body[:cut] if data.draw(st.booleans()) else body)
    for pos, value in flips:
        if pos < len(mutated):
            mutated[pos] = value
    _check(bytes(mutated))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes(body: bytes) -> None:
    _check(body)


_TAGS = st.sampled_from(["script", "style", "iframe", "object", "a", "img", "p", "b", "svg",
                         "embed", "div", "form", "input", "math", "noscript", "textarea"])
_ATTRS = st.sampled_from(['href="javascript:alert(1)"', 'src="jAvAsCrIpT:x"', "onload=x()",
                          'style="x:expression(1)"', 'href="/ok"', 'src="https://i.example/a"',
                          "onclick='y'", 'href="data:text/html,x"', ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.builds(lambda t, a: f"<{t} {a}>", _TAGS, _ATTRS),
    st.builds(lambda t: f"</{t}>", _TAGS),
    st.text(alphabet="ab <>&;/=\"'!-", max_size=12),
), max_size=30))
def test_sanitiser_output_is_always_safe(parts: list[str]) -> None:
    out = clean("".join(parts), "https://base.example/")
    assert unsafe_parts(out.html) == []


# Found by the test above (minimised): feedparser's own errors escaped parse_feed.
@pytest.mark.parametrize("body", [
    b'<!----><r v="" xmlns:content="/\xa0/"><content:e>',  # ValueError in its strict parser
    b'<?encoding="\xa8"?>',  # UnicodeDecodeError in its encoding detection
])
def test_feedparser_errors_become_a_clear_parse_error(body: bytes) -> None:
    with pytest.raises(FeedParseError, match="not an RSS, Atom or JSON feed"):
        parse_feed(body, "https://fuzz.example/feed", {})


def test_a_url_without_a_host_is_dropped() -> None:
    """Found by the test above: ``http:/¸www…`` kept its ``http`` scheme but has no host."""
    out = clean('<p><img src="http:/\xb8www.example.com/a.jpg"><a href="https:///x">x</a></p>',
                "https://base.example/")
    assert unsafe_parts(out.html) == []
    assert "http:/" not in out.html.replace("https://base.example", "")


def test_an_enclosure_length_in_other_digits_is_unknown() -> None:
    """Found by the test above: '466²354' passes str.isdigit() but not int()."""
    for body in (
        b'<rss version="2.0"><channel><title>t</title><item><title>a</title><guid>1</guid>'
        b'<enclosure url="https://e.example/a.mp3" length="4\xc2\xb2" type="audio/mpeg"/>'
        b"</item></channel></rss>",
        b'<rss version="2.0"><channel><title>t</title><item><title>a</title><guid>1</guid>'
        b'<enclosure url="https://e.example/a.mp3" length="4\xc2\xb2" type="audio/mpeg"/>'
        b"</item></channel></rss",  # not well-formed: feedparser's path
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>'
        b'<title>a</title><link rel="enclosure" href="https://e.example/a.mp3" length="4\xc2\xb2"/>'
        b"</entry></feed>",
    ):
        feed = parse_feed(body, "https://fuzz.example/feed", {})
        assert feed.items[0].enclosure is not None
        assert feed.items[0].enclosure.length is None
