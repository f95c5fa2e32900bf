"""The sizes a feed's ``<img>`` tags ask for, read as a browser reads them: ``width="600"``,
``width="600px"`` (pixels), ``width="50%"`` (of the text's width). Qt's HTML reader knows only
plain numbers: a percentage, or "600px", became a width of -2, and the image was drawn at its
own size however wide the pane.

Works on the sanitiser's output (``notify.core.htmlclean``), as ``blocked_images`` does: only
double-quoted attribute values, each ``<img>`` one tag that one pattern reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

_IMG_RE = re.compile(r"<img((?: [a-z-]+=\"[^\"]*\")*)>")
_ATTR_RE = re.compile(r" ([a-z-]+)=\"([^\"]*)\"")
_LENGTH_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(%?)")


@dataclass(frozen=True)
class Length:
    value: float
    percent: bool  # of the text's width (a height in percent means nothing here: not kept)

    def pixels(self, text_width: float) -> float:
        return self.value * text_width / 100.0 if self.percent else self.value


@dataclass(frozen=True)
class Declared:
    """What one ``<img>`` asks for; None where it says nothing a browser would use."""

    width: Length | None
    height: Length | None


def length(value: str, *, percent_allowed: bool = True) -> Length | None:
    """An HTML dimension: a number of pixels ("600", "600px", " 600 "), or a percentage; None
    for nothing usable (empty, 0, "auto")."""
    match = _LENGTH_RE.match(value)
    if match is None:
        return None
    number, percent = float(match.group(1)), bool(match.group(2))
    if number <= 0 or (percent and not percent_allowed):
        return None
    return Length(number, percent)


def declared_sizes(html: str) -> tuple[Declared, ...]:
    """The sizes every ``<img>`` of ``html`` asks for, in document order (the order in which
    Qt's document holds them)."""
    sizes: list[Declared] = []
    for match in _IMG_RE.finditer(html):
        attrs = {name: unescape(value) for name, value in _ATTR_RE.findall(match.group(1))}
        sizes.append(Declared(length(attrs.get("width", "")),
                              length(attrs.get("height", ""), percent_allowed=False)))
    return tuple(sizes)
