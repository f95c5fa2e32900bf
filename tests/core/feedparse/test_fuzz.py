"""Hostile and broken bodies: ``parse_feed`` returns a feed or raises ``FeedParseError``, never
anything else, and whatever it returns is sanitised."""

from __future__ import annotations

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
