"""Text that comes from feeds, APIs or OPML files (item titles, source names, authors, tags), as
the GUI shows it. Such text is hostile until shown safely:

- Unicode bidi *formatting* controls (embeddings, overrides, isolates: U+202A–U+202E,
  U+2066–U+2069) are removed, so U+202E cannot make "evil" read "live"; what remains is
  isolated (``isolated``: FSI … PDI) wherever it is set inside a sentence of ours, so a
  right-to-left name does not reorder the words and brackets around it. The marks U+200E/U+200F
  stay: they order nothing beyond themselves.
- Control characters and line breaks become spaces (a title is one line).
- ``&`` is doubled in every button, action and menu label (``mnemonic_free``): Qt takes ``&`` as a
  mnemonic, and "Titles & more" showed as "Titles _more".
- Long text is cut where nobody reads it any more (``clipped``) and tooltips wrap (``tooltip``).

The feed parser may clean titles too; the GUI does not count on it.
"""

from __future__ import annotations

import re
from html import escape

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate
ROW_CHARS = 400  # more than any list row or line shows
TOOLTIP_CHARS = 1500  # a tooltip taller than the screen helps nobody


def no_bidi_controls(text: str | None) -> str:
    """``text`` without bidi formatting controls (line breaks kept: a message of several
    lines)."""
    return _BIDI_CONTROLS.sub("", text or "")


def one_line(text: str | None) -> str:
    """``text`` without bidi formatting controls or control characters, on one line."""
    if not text:
        return ""
    text = _CONTROLS.sub(" ", no_bidi_controls(text))
    return _SPACES.sub(" ", text).strip()


def one_line_keeping_isolates(text: str | None) -> str:
    """A sentence of ours (``notify.core.bidi.isolate`` set FSI … PDI around right-to-left
    names in it) on one line: control characters become spaces; bidi controls other than
    balanced isolates are dropped (``bidi.display``)."""
    from notify.core.bidi import display

    if not text:
        return ""
    return _SPACES.sub(" ", _CONTROLS.sub(" ", display(text))).strip()


def clipped(text: str | None, limit: int = ROW_CHARS) -> str:
    """``one_line(text)``, cut to ``limit`` characters with an ellipsis."""
    line = one_line(text)
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def isolated(text: str | None, limit: int = ROW_CHARS) -> str:
    """``clipped(text)`` set apart for the bidi algorithm: for text inside a sentence of ours."""
    return f"{FSI}{clipped(text, limit)}{PDI}"


def mnemonic_free(text: str) -> str:
    """A button, action or menu text built from data: ``&`` is shown, not a mnemonic."""
    return text.replace("&", "&&")


def tooltip(text: str | None, *more_lines: str) -> str:
    """A tooltip that wraps (rich text) and ends where a screen would: the text, then lines of
    ours. Empty when there is nothing to say."""
    lines = [escape(line) for line in (clipped(text, TOOLTIP_CHARS), *more_lines) if line]
    return f"<p>{'<br>'.join(lines)}</p>" if lines else ""
