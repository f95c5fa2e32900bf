"""Text from feeds as the GUI shows it (``notify.app.untrusted_text``)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from notify.app.untrusted_text import (
    FSI,
    PDI,
    TOOLTIP_CHARS,
    clipped,
    isolated,
    mnemonic_free,
    no_bidi_controls,
    one_line,
    tooltip,
)


def test_bidi_formatting_controls_are_removed_and_marks_kept() -> None:
    assert one_line("RTL: \u202eevil\u202c end") == "RTL: evil end"
    assert one_line("\u202a\u202b\u202d\u2066\u2067\u2068\u2069x") == "x"
    assert one_line("a\u200fb\u200ec") == "a\u200fb\u200ec"  # marks order nothing else
    assert no_bidi_controls("two\nlines\u202e") == "two\nlines"


def test_one_line_has_no_controls_or_breaks() -> None:
    assert one_line("Multi\nline\ttitle\x0bwith\x00vtab\u2028x ") == "Multi line title with vtab x"
    assert one_line(None) == "" and one_line("") == ""


def test_clipped_and_isolated() -> None:
    assert clipped("word " * 1000, 20) == "word word word word…"
    assert len(clipped("x" * 10_000)) == 400
    assert isolated("שלום \u202e") == f"{FSI}שלום{PDI}"


def test_ampersands_are_no_mnemonics() -> None:
    text = mnemonic_free("Titles & more &x")
    assert text == "Titles && more &&x"
    assert QKeySequence.mnemonic(text).isEmpty()


def test_tooltips_wrap_and_end() -> None:
    tip = tooltip("<b>" + "word " * 5000, "Notified at 10:00")
    assert tip.startswith("<p>&lt;b&gt;word") and tip.endswith("<br>Notified at 10:00</p>")
    assert len(tip) < TOOLTIP_CHARS + 100
    assert tooltip("", "") == "" and tooltip(None, "only ours") == "<p>only ours</p>"
