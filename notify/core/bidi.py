"""Bidirectional formatting controls in the text of items and sources' names.

A title from a feed or an API could carry U+202E RIGHT-TO-LEFT OVERRIDE and its kin to show
its text reversed ("gpj.exe" shown as "exe.jpg"), or to reorder what follows it in a list.
Notify drops these invisible controls (embeddings, overrides, isolates and the LRM/RLM marks)
from every item a source kind produces and from a source's own name, in one place
(``poll.apply``, the only way items reach the store). Right-to-left text itself (Arabic,
Hebrew) is kept as it is: its direction comes from its letters, not from these controls.

Our own sentences set names and titles inside them ("also in: …", "6 new stories from X, Y and
3 other sources", "source X"): a right-to-left name there would reorder the English around it
(the bidi algorithm takes "X, Y" and the brackets after it as one right-to-left run). The core
builds such sentences once, for every surface, with each right-to-left name *isolated*
(``isolate``: FSI … PDI, U+2068/U+2069), which Qt, browsers and desktop notifications honour; a
Latin name is left as it is (it reorders nothing in an English sentence), so most sentences are
plain text. A surface that does not honour isolates drops them (``plain``): a terminal (most do
not run the bidi algorithm at all and show the characters as they come, some show isolates as
boxes, and they throw off column widths) and JSON (its strings stay what they were). A display
surface takes a stored sentence through ``display``: our isolates kept, anything else dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from notify.core.models import ItemDraft

# U+200E LRM, U+200F RLM, U+202A-U+202E LRE RLE PDF LRO RLO, U+2066-U+2069 LRI RLI FSI PDI
CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS_RE = re.compile(f"[{CONTROLS}]")
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate
_ISOLATES_RE = re.compile(f"[{FSI}{PDI}]")
_OTHER_CONTROLS_RE = re.compile(f"[{CONTROLS.replace(FSI, '').replace(PDI, '')}]")
_RTL = frozenset(("R", "AL", "AN"))  # Hebrew, Arabic letters; Arabic-Indic digits


def has_controls(text: str) -> bool:
    # str.isascii() is O(1) in CPython: most texts are ASCII and need no scan (a 76-feed first
    # round's 2,400 items: ~3 ms instead of ~8)
    return not text.isascii() and _CONTROLS_RE.search(text) is not None


def strip_controls(text: str) -> str:
    """``text`` without bidirectional formatting controls."""
    return _CONTROLS_RE.sub("", text) if has_controls(text) else text


def _kept(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in map(strip_controls, values) if v.strip()))


def clean_draft(draft: ItemDraft) -> ItemDraft:
    """``draft`` with no bidirectional controls in its title, authors, tags or summary (the
    same object when it has none, the common case)."""
    if not (has_controls(draft.title) or has_controls(draft.summary_text)
            or has_controls(draft.summary_html) or any(map(has_controls, draft.authors))
            or any(map(has_controls, draft.tags))):
        return draft
    return replace(
        draft,
        title=strip_controls(draft.title),
        summary_text=strip_controls(draft.summary_text),
        summary_html=strip_controls(draft.summary_html),
        authors=_kept(draft.authors),
        tags=_kept(draft.tags),
    )


def right_to_left(text: str) -> bool:
    """Does ``text`` hold a right-to-left letter (Hebrew, Arabic, …) or Arabic digit?"""
    return not text.isascii() and any(unicodedata.bidirectional(ch) in _RTL for ch in text)


def isolate(name: str) -> str:
    """``name`` (a source's name, an item's title, a word) to set inside a sentence of ours:
    isolated (FSI … PDI) when it holds right-to-left text, else as it is; any bidi control it
    carried is dropped either way, so the isolates of a sentence are ours and balanced."""
    name = strip_controls(name)
    return f"{FSI}{name}{PDI}" if right_to_left(name) else name


def plain(text: str) -> str:
    """A sentence of ours for a surface that does not honour isolates (a terminal, JSON):
    without them."""
    return _ISOLATES_RE.sub("", text) if not text.isascii() else text


def display(text: str) -> str:
    """A sentence of ours (stored, or built by ``isolate``) for a surface that honours isolates:
    every other bidi control dropped, and its isolates balanced (a PDI without its FSI dropped,
    an FSI left open closed at the end), so nothing in it reorders what follows it."""
    if text.isascii():
        return text
    text = _OTHER_CONTROLS_RE.sub("", text)
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == FSI:
            depth += 1
        elif ch == PDI:
            if not depth:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + PDI * depth
