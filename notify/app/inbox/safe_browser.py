"""``SafeBrowser``: the item pane's text, which never fetches a remote resource.

Images, stylesheets and anything else with a network URL are refused (no tracking pixels) until
the person clicks "Show images" (the pane's button; the pictures then come from the engine,
``provide_image``). An image shown has the size a browser would give it (``image_sizes``: a
width in pixels or in percent; ``natural_size``) but is never wider than the pane: a wider one
is scaled down to the text's width, keeping its proportions, and again whenever the pane is
resized; a smaller one keeps its size; a scaled one is drawn smoothly (``fit_images``). It is
one stop in the keyboard order, its links walked after Enter. Links open in the default
browser, never inside Notify.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import QStyle, QTextBrowser, QTextEdit, QWidget

from notify.app.inbox.image_sizes import Declared

log = logging.getLogger(__name__)
REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", ""})


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)  # the pane's words, one context


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that loads no remote resource unless allowed (and then only from cache).

    It is one stop in the window's keyboard order, however many links the text holds (a
    ``QTextBrowser`` stops Tab at each of them: 30 links, 30 presses to get past): Tab and
    Shift+Tab leave it, the arrows and Page keys scroll it. Enter there walks its links: Tab
    and Shift+Tab go from one to the next (past the last, out of the text), Enter opens the
    one focused, Esc goes back to the text as one stop (as does another item)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.walking_links = False  # Enter was pressed: Tab goes from link to link
        self.setAccessibleDescription(tr("Press Enter to go through the links with Tab, "
                                         "Esc to stop"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.allow_remote = False
        self.refused: list[str] = []  # remote URLs the document asked for and did not get
        self._images: dict[str, QImage] = {}
        self._declared: tuple[Declared, ...] = ()  # what the document's images ask for
        self._scaled: dict[str, QSize] = {}  # the size each picture was scaled to for it

    def loadResource(self, type_: int, url: QUrl | str) -> Any:
        qurl = QUrl(url) if isinstance(url, str) else url
        if qurl.scheme().lower() in REMOTE_SCHEMES and not qurl.isLocalFile():
            key = qurl.toString()
            if self.allow_remote and key in self._images:
                return self._images[key]
            if key not in self.refused:
                self.refused.append(key)
            return None
        return None  # no local files either: a feed must not read the disk

    def shown_images(self) -> frozenset[str]:
        """The remote images the document may show now: those that arrived after the click."""
        return frozenset(self._images) if self.allow_remote else frozenset()

    def image_mark(self, text: str) -> str:
        """The markup of a placeholder saying ``text`` (HTML-escaped) where an image is not
        shown: small, in the palette's placeholder colour, on the alternate background (dark
        themes included), as mail clients show blocked images."""
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.PlaceholderText).name()
        paper = palette.color(QPalette.ColorRole.AlternateBase).name()
        return (f'<span style="color:{ink}; background-color:{paper}; font-style:italic; '
                f'font-size:small;">&nbsp;{text}&nbsp;</span>')

    def provide_image(self, url: str, data: bytes) -> None:
        image = QImage()
        if image.loadFromData(data):
            self._images[url] = image
        else:
            log.warning("the image %s could not be decoded; left out", url)

    def text_width(self) -> float:
        """The width an image may take: the text's, less its margins and the room of a vertical
        scroll bar whether one shows or not (an image must not get wider when one goes, or the
        text longer and the bar back)."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        bar = 0 if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff \
            else bar
        room = self.width() - 2 * self.frameWidth() - bar
        return max(room - 2 * self.document().documentMargin() - 2, 16.0)

    def set_declared(self, sizes: tuple[Declared, ...]) -> None:
        """The sizes the document's images ask for, in its order (``image_sizes``): set with
        each document, before ``fit_images``."""
        self._declared = sizes
        self._scaled.clear()  # a new document: none of its pictures is scaled yet

    def fit_images(self) -> None:
        """Give every image shown the size a browser would (its ``width`` in pixels or in
        percent of the text's width, its ``height``, the other completed by the picture's
        proportions; else the picture's own), scaled down to the text's width when wider,
        proportions kept; and draw each picture smoothly scaled to that size (Qt's own scaling
        of an image in a document is not smoothed: its edges were jagged)."""
        doc = self.document()
        width = self.text_width()
        images: list[tuple[int, QTextImageFormat]] = []  # read first, then changed
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().isImageFormat():
                    image = QTextImageFormat(fragment.charFormat())
                    # alike images side by side are one fragment: each is a character
                    images += [(fragment.position() + n, image)
                               for n in range(fragment.length())]
                it += 1
            block = block.next()
        if len(images) != len(self._declared):
            log.warning("the item's text has %d images, its markup %d: their sizes are "
                        "their pictures'", len(images), len(self._declared))
        declared = list(self._declared) if len(images) == len(self._declared) \
            else [Declared(None, None)] * len(images)
        drawn: dict[str, tuple[float, float]] = {}  # picture: the largest it is drawn at
        cursor = QTextCursor(doc)
        for (position, image), asked in zip(images, declared, strict=True):
            picture = self._images.get(image.name())
            size = natural_size(picture, asked, width) if picture is not None else None
            if size is None:
                continue
            scale = min(1.0, width / size[0])
            fitted = (size[0] * scale, size[1] * scale)
            drawn[image.name()] = max(drawn.get(image.name(), (0.0, 0.0)), fitted)
            if (image.width(), image.height()) == fitted:
                continue
            image.setWidth(fitted[0])
            image.setHeight(fitted[1])
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image)
        self._draw_smoothly(drawn)

    def _draw_smoothly(self, drawn: dict[str, tuple[float, float]]) -> None:
        """The document's picture of each image: its own, smoothly scaled to the size it is
        drawn at (in device pixels), so that Qt draws it unscaled. A picture drawn at two
        sizes is scaled to the larger."""
        ratio = self.devicePixelRatioF()
        changed = False
        for name, (width, height) in drawn.items():
            picture = self._images[name]
            target = QSize(max(1, round(width * ratio)), max(1, round(height * ratio)))
            if self._scaled.get(name) == target:
                continue  # this document has it at that size already
            self._scaled[name] = target
            changed = True
            shown = picture.copy() if target == picture.size() else picture.scaled(
                target, Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation)
            shown.setDevicePixelRatio(ratio)
            self.document().addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                                        shown)
        if changed:
            self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_images()

    # ----- the keyboard: one stop, its links after Enter
    def focusNextPrevChild(self, next: bool) -> bool:
        if self.walking_links:
            return super().focusNextPrevChild(next)  # the next link, or out past the last
        self.stop_walking()
        return QTextEdit.focusNextPrevChild(self, next)  # out of the text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not self.walking_links and not event.modifiers():
            self.walking_links = True
            if not super().focusNextPrevChild(True):  # the first link; none: nothing to walk
                self.walking_links = False
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.walking_links:
            self.stop_walking()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                              Qt.FocusReason.MouseFocusReason, Qt.FocusReason.ShortcutFocusReason):
            self.stop_walking()  # left for another widget (not a menu or another window)

    def stop_walking(self) -> None:
        """Back to the text as one stop: no link focused."""
        self.walking_links = False
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        else:
            log.warning("refused to open a link with scheme %r", url.scheme())


def natural_size(picture: QImage, asked: Declared,
                 text_width: float) -> tuple[float, float] | None:
    """The size an image is drawn at before fitting: what its markup asks (``asked``: a width
    in percent is of ``text_width``; one of the two completed by the picture's proportions),
    else the picture's own; None for no picture."""
    if picture.isNull():
        return None
    own_w, own_h = float(picture.width()), float(picture.height())
    width = asked.width.pixels(text_width) if asked.width is not None else 0.0
    height = asked.height.pixels(text_width) if asked.height is not None else 0.0
    if width <= 0 and height <= 0:
        width, height = own_w, own_h
    elif width <= 0:
        width = own_w * height / own_h
    elif height <= 0:
        height = own_h * width / own_w
    return (width, height) if width > 0 and height > 0 else None
