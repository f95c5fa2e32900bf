"""The item pane: title, source, time, the sanitised summary, reaction buttons and "Why".

The summary is rendered by ``SafeBrowser``, which never fetches a remote resource: images,
stylesheets and anything else with a network URL are refused (no tracking pixels) until the
person clicks "Show images". Links open in the default browser, never inside Notify.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from notify.app.inbox.query import Detail
from notify.app.qtcompat import emit
from notify.core.htmlclean import sanitize, text_to_html

log = logging.getLogger(__name__)
REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", ""})


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that loads no remote resource unless allowed (and then only from cache)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.allow_remote = False
        self.refused: list[str] = []  # remote URLs the document asked for and did not get
        self._images: dict[str, QImage] = {}

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

    def provide_image(self, url: str, data: bytes) -> None:
        image = QImage()
        if image.loadFromData(data):
            self._images[url] = image
        else:
            log.warning("the image %s could not be decoded; left out", url)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        else:
            log.warning("refused to open a link with scheme %r", url.scheme())


class ItemPane(QWidget):
    reaction = Signal(int, str)  # item id, "like" | "dismiss" | "open"
    imagesRequested = Signal(list)  # remote image URLs, after an explicit click
    correction = Signal(str, object)  # "less" feature | "more" feature | "mute" source id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Item"))
        self.item: Detail | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName(tr("Item title"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setAccessibleName(tr("Source and time"))
        self.browser = SafeBrowser(self)
        self.browser.setAccessibleName(tr("Item text"))
        self.images_button = QPushButton(tr("Show images"))
        self.images_button.setAccessibleName(tr("Show remote images"))
        self.images_button.setToolTip(tr("Remote images can tell the sender you read this."))
        self.images_button.clicked.connect(self._show_images)
        self.images_button.hide()
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, tip in (("like", tr("Like"), tr("More like this (L)")),
                                ("dismiss", tr("Dismiss"), tr("Less like this (D)")),
                                ("open", tr("Open"), tr("Open in the browser (O)"))):
            button = QPushButton(label)
            button.setObjectName(f"pane-{key}")
            button.setAccessibleName(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self._react(k))
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        row.addWidget(self.images_button)
        self.why = WhyPanel(self)
        self.why.correction.connect(self.correction)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.why)
        self.show_item(None)

    def show_item(self, item: Detail | None) -> None:
        self.item = item
        for button in self.buttons.values():
            button.setEnabled(item is not None)
        self.browser.allow_remote = False
        self.browser.refused.clear()
        self.why.clear()
        if item is None:
            self.title.setText(tr("No item selected"))
            self.meta.clear()
            self.browser.clear()
            self.images_button.hide()
            return
        self.title.setText(item.title or tr("(untitled)"))
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.published or item.first_seen))
        parts = [item.source_title, when]
        if item.authors:
            parts.append(", ".join(item.authors))
        if item.reaction:
            parts.append(tr("your reaction: {0}").format(item.reaction))
        self.meta.setText(" · ".join(p for p in parts if p))
        self._render()
        self.images_button.setVisible(bool(self.browser.refused))
        self.buttons["open"].setEnabled(bool(item.link))

    def _render(self) -> None:
        item = self.item
        if item is None:
            return
        html = sanitize(item.summary_html, item.link or "") if item.summary_html else ""
        if not html:
            html = text_to_html(item.summary_text) if item.summary_text else ""
        doc = QTextDocument(self.browser)
        self.browser.setDocument(doc)
        self.browser.setHtml(html or f"<p><i>{tr('This item has no text.')}</i></p>")

    def _show_images(self) -> None:
        urls = list(self.browser.refused)
        self.browser.allow_remote = True
        self.images_button.hide()
        emit(self.imagesRequested, urls)

    def images_arrived(self, images: dict[str, bytes]) -> None:
        for url, data in images.items():
            self.browser.provide_image(url, data)
        self._render()

    def _react(self, key: str) -> None:
        if self.item is not None:
            emit(self.reaction, self.item.id, key)

    def show_explanation(self, explanation: Any) -> None:
        if self.item is not None:
            self.why.show_explanation(explanation, self.item.source_id, self.item.source_title)


class WhyPanel(QWidget):
    """Why an item ranked where it did: its features and their contributions, each with a
    one-click correction ("mute word 'crypto'": never notify for it), plus "mute this source"."""

    correction = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Why this item"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def clear(self) -> None:
        while self._layout.count():
            child = self._layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_explanation(self, explanation: Any, source_id: int, source_title: str) -> None:
        self.clear()
        summary = getattr(explanation, "summary", None)
        if callable(summary):
            summary = summary()
        from html import escape

        head = QLabel(f"<b>{tr('Why')}</b>" + (f": {escape(str(summary))}" if summary else ""))
        head.setWordWrap(True)
        head.setAccessibleName(tr("Why this item"))
        self._layout.addWidget(head)
        labels = {str(getattr(r, "feature", "")): str(getattr(r, "text", ""))
                  for r in getattr(explanation, "reasons", ()) or ()}
        strong = [(f, w) for f, w in _features(explanation) if abs(w) >= 0.01][:6]
        if not strong:
            none = QLabel(tr("Nothing learned about this yet: react to a few items."))
            none.setWordWrap(True)
            self._layout.addWidget(none)
        for feature, weight in strong:
            shown = labels.get(feature) or feature
            line = QWidget(self)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{shown}  ({weight:+.2f})")
            label.setAccessibleName(tr("Feature {0}").format(shown))
            row.addWidget(label, 1)
            if correctable(feature):
                less = QPushButton(tr("Less of {0}").format(shown))
                less.setAccessibleName(less.text())
                less.setToolTip(tr("Lower what Notify learned about {0} (see Settings → Profile "
                                   "to block it or forget it)").format(shown))
                less.clicked.connect(lambda _=False, f=feature: emit(self.correction, "less", f))
                row.addWidget(less)
            self._layout.addWidget(line)
        mute = QPushButton(tr("Mute this source ({0})").format(source_title))
        mute.setAccessibleName(tr("Mute this source"))
        mute.setObjectName("why-mute")
        mute.clicked.connect(lambda: emit(self.correction, "mute", source_id))
        self._layout.addWidget(mute)


def correctable(feature: str) -> bool:
    """Can the profile pin this feature (a word, tag, author, source, group or site)?"""
    from notify.core.errors import NotifyError
    from notify.core.ranking.profile import parse_term

    if feature.startswith(("int:", "pin:", "bias")):
        return False
    try:
        parse_term(feature)
    except NotifyError:
        return False
    return True


def _features(explanation: Any) -> list[tuple[str, float]]:
    """(feature, contribution) pairs from whatever shape the ranking's explanation has."""
    raw = getattr(explanation, "features", None)
    if raw is None and isinstance(explanation, dict):
        raw = explanation.get("features")
    out: list[tuple[str, float]] = []
    for entry in raw or ():
        if isinstance(entry, tuple | list) and len(entry) >= 2:
            out.append((str(entry[0]), float(entry[1])))
            continue
        name = getattr(entry, "name", None) or getattr(entry, "feature", None)
        if name is None and isinstance(entry, dict):
            name = entry.get("name") or entry.get("feature")
        value = getattr(entry, "contribution", None)
        if value is None and isinstance(entry, dict):
            value = entry.get("contribution", entry.get("weight", 0.0))
        if name is not None:
            out.append((str(name), float(value or 0.0)))
    out.sort(key=lambda fw: -abs(fw[1]))
    return out
