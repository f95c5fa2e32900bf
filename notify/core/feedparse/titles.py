"""Which of an item's title elements is its title, by the rules of feedparser's ``title_detail``
(the fast path must give the items feedparser gives):

- the first ``<title>`` / ``<dc:title>`` (an Atom entry's ``<title>``) that is not blank is the
  title: later ones are ignored, until a ``<source>`` (an item copied from another feed: its
  title starts over);
- until then, each title element takes the place of the one before, a blank one too, and so
  does a Media RSS ``<media:title>`` at any depth (``media:group``…), which never locks the
  title in: a ``<title>`` after it takes its place.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from notify.core.feedparse.namespaces import MEDIA
from notify.core.feedparse.result import FastPathDeclined

MEDIA_TITLE = f"{MEDIA}title"
MAX_MEDIA_DEPTH = 20  # deeper Media RSS is feedparser's to read, not a recursion error here


class TitleChoice:
    """Collects an item's title elements in document order; ``value`` is its title."""

    __slots__ = ("_locked", "is_html", "value")

    def __init__(self) -> None:
        self.value = ""
        self.is_html = False
        self._locked = False

    def title(self, value: str, is_html: bool = False) -> None:
        """A ``<title>`` or ``<dc:title>`` child of the item."""
        if not self._locked:
            self.value, self.is_html = value, is_html
            self._locked = bool(value.strip())

    def media(self, value: str) -> None:
        """A ``<media:title>``."""
        if not self._locked:
            self.value, self.is_html = value, False

    def source(self) -> None:
        """A ``<source>``: the next title takes the place of the one kept."""
        self._locked = False


def media_titles(titles: TitleChoice, el: ET.Element, depth: int) -> None:
    """``el``, a Media RSS element ``depth`` elements down in the item, as a title if it is a
    ``media:title``, else the ``media:title`` elements inside it (``media:group``…)."""
    if depth > MAX_MEDIA_DEPTH:
        raise FastPathDeclined("Media RSS nested too deeply")
    if el.tag == MEDIA_TITLE:
        if len(el):
            raise FastPathDeclined("markup inside <media:title>")
        titles.media(el.text or "")
        return
    for child in el:
        media_titles(titles, child, depth + 1)
