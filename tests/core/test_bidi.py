# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""Bidirectional formatting controls are dropped from what sources give (titles, authors, tags,
summaries, a feed's own name), so that no title shows its text reversed; right-to-left text
itself is kept."""

from __future__ import annotations

from pathlib import Path

from notify.core.bidi import clean_draft, strip_controls
from notify.core.models import ItemDraft
from tests.core.test_engine import make_engine, run
from tests.core.test_engine_kind import Server, server  # noqa: F401

ARABIC = "مرحبا بالعالم"
HEBREW = "שלום עולם"


def test_controls_are_stripped_and_rtl_text_is_kept() -> None:
    assert strip_controls("invoice\u202egpj.exe") == "invoicegpj.exe"
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
        assert strip_controls(f"a{control}b") == "ab"
    assert strip_controls(ARABIC) == ARABIC and strip_controls(HEBREW) == HEBREW
    assert strip_controls(f"{HEBREW} (2024)") == f"{HEBREW} (2024)"
    draft = ItemDraft(key="k", title="x\u202ey", authors=("\u2067Mallory\u2069", "\u202e"),
                      tags=("t\u200f",), summary_text="s\u202d", summary_html="<p>h\u202e</p>")
    clean = clean_draft(draft)
    assert (clean.title, clean.authors, clean.tags, clean.summary_text, clean.summary_html) == (
        "xy", ("Mallory",), ("t",), "s", "<p>h</p>")
    plain = ItemDraft(key="k", title=ARABIC)
    assert clean_draft(plain) is plain


def test_a_polled_feed_stores_no_controls(tmp_path: Path, server: Server) -> None:
    body = f"""<?xml version="1.0"?><rss version="2.0"
    xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>News\u202e</title>
    <item><title>Invoice \u202eFDP.exe</title><guid>1</guid><dc:creator>\u2067Eve\u2069</dc:creator>
    <link>https://e.example/1</link></item>
    <item><title>{ARABIC}</title><guid>2</guid><link>https://e.example/2</link></item>
    </channel></rss>""".encode()
    server.route("/f.xml", (200, {"Content-Type": "application/rss+xml"}, body))
    engine = make_engine(tmp_path)
    source = engine.add_source("feed", server.url("/f.xml"))
    run(engine, lambda: engine.poll([source.id]))
    titles = {i.title: i for i in engine.items()}
    assert set(titles) == {"Invoice FDP.exe", ARABIC}
    assert titles["Invoice FDP.exe"].authors == ("Eve",)
    assert engine.source(source.id).title == "News"
    engine.close()


def test_a_right_to_left_name_is_isolated_in_our_sentences_and_plain_on_a_terminal() -> None:
    """The core isolates a right-to-left name it sets in a sentence (Qt and notifications
    honour FSI … PDI); a Latin name is left as it is; the CLI and JSON get the sentence without
    isolates (``plain``); a display surface keeps ours and nothing else (``display``)."""
    from notify.core.bidi import FSI, PDI, display, isolate, plain

    assert isolate(HEBREW) == f"{FSI}{HEBREW}{PDI}" and isolate(ARABIC) == f"{FSI}{ARABIC}{PDI}"
    assert isolate("LWN") == "LWN" and isolate("Café") == "Café"
    assert isolate("\u202eevil" + HEBREW) == f"{FSI}evil{HEBREW}{PDI}"  # its controls dropped
    sentence = f"from {isolate(HEBREW)}, {isolate(ARABIC)} and LWN"
    assert plain(sentence) == f"from {HEBREW}, {ARABIC} and LWN"
    assert display(sentence) == sentence
    assert display(f"a\u202e{PDI}b{FSI}{HEBREW}") == f"ab{FSI}{HEBREW}{PDI}"  # balanced
