"""Remote images the item pane does not load, shown as mail clients show blocked images: their
alt text (or their title, or a neutral "image not loaded" mark when they have neither), in a
discreet placeholder, never Qt's broken-image icon.

Works on the sanitiser's output (``notify.core.htmlclean``): every ``<img>`` there has an
absolute http(s) ``src``, ``data-remote="1"`` and only double-quoted, escaped attribute values,
so one pattern reads them exactly. A tracking pixel (1 or 2 pixels wide or high, with no alt
text) gets no mark at all: it is never content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from html import escape, unescape

from notify.app.untrusted_text import clipped, one_line

_IMG_RE = re.compile(r"<img((?: [a-z-]+=\"[^\"]*\")*)>")
_ATTR_RE = re.compile(r" ([a-z-]+)=\"([^\"]*)\"")
PIXEL_MAX = 2  # an image this small in either dimension is a tracking pixel, not content
MARK_CHARS = 200  # a longer alt text is clipped (it is a placeholder, not the text)


@dataclass(frozen=True)
class Marked:
    html: str  # the images not shown replaced by their marks
    blocked: tuple[str, ...]  # their URLs, in document order, each once


def _pixel(attrs: dict[str, str]) -> bool:
    for name in ("width", "height"):
        value = attrs.get(name, "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= PIXEL_MAX:
            return True
    return False


def mark_text(attrs: dict[str, str], not_loaded: str) -> str:
    """What the placeholder says: the alt text, else the title, else ``not_loaded``."""
    for name in ("alt", "title"):
        text = clipped(attrs.get(name, ""), MARK_CHARS)
        if text:
            return text
    return not_loaded


def mark_blocked(html: str, shown: Container[str],
                 mark: Callable[[str], str], not_loaded: str) -> Marked:
    """``html`` with each image whose URL is not in ``shown`` replaced by ``mark(text)`` (the
    text HTML-escaped; ``mark`` wraps it in the placeholder's markup)."""
    blocked: dict[str, None] = {}

    def replace(match: re.Match[str]) -> str:
        attrs = {name: unescape(value) for name, value in _ATTR_RE.findall(match.group(1))}
        src = attrs.get("src", "")
        if src in shown:
            return match.group(0)
        if src:
            blocked[src] = None
        if _pixel(attrs) and not one_line(attrs.get("alt", "")):
            return ""
        return mark(escape(mark_text(attrs, not_loaded), quote=False))

    return Marked(_IMG_RE.sub(replace, html), tuple(blocked))
