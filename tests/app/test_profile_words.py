"""Features, interests and pins in words (``notify.app.profile_words``)."""

from __future__ import annotations

from notify.app.profile_words import feature_text, pin_text, term_text
from notify.core.ranking.profile import Term


def test_names_from_feeds_are_one_line_without_bidi_controls() -> None:
    assert term_text(Term("author", "\u202eevil\u202c\nname")) == "author “evil name”"
    assert pin_text(Term("source", "Titles & more"), "never") == (
        "Never notify: source “Titles & more”")
    assert feature_text("w:x", "word “\u202eevil”") == "word “evil”"
    assert len(term_text(Term("tag", "x" * 5000))) < 220


def test_a_feature_is_quoted_in_curly_quotes_as_the_sentences_around_it() -> None:
    """Regression: "word 'item'" in straight quotes beside sentences saying “rust”."""
    assert feature_text("w:item") == "word “item”"
    assert feature_text("ww:rust async") == "phrase “rust async”"
    assert feature_text("tag:news") == "tag “news”"
    assert feature_text("not:w:crypto") == "word “crypto” (in items you passed over)"
    assert feature_text("sw:LWN|kernel") == "word “kernel” in LWN"
    assert feature_text("w:don't") == "word “don't”"  # a quote inside the value stays
    assert feature_text("sw:it's news|x") == "word “x” in it's news"
    assert feature_text("w:x", "word 'item'") == "word “item”"  # the ranking's own text too
    assert feature_text("src:LWN") == "source LWN"
    assert "'" not in feature_text("pin:keyword:rust")
