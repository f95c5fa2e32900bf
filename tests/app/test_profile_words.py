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
