"""The item pane: title, source, time, the sanitised summary, reaction buttons and "Why".

The summary is rendered by ``SafeBrowser``, which never fetches a remote resource: images,
stylesheets and anything else with a network URL are refused (no tracking pixels) until the
person clicks "Show images". An image not shown says what it is instead, as mail clients do
(``blocked_images``: its alt text, its title or "image not loaded", discreetly). An image shown
has the size a browser would give it (``image_sizes``: a width in pixels or in percent) but is
never wider than the pane: a wider one is scaled down to the text's width, keeping its
proportions, and again whenever the pane is resized; a smaller one keeps its size; a scaled one
is drawn smoothly (``fit_images``). Links open in the default browser, never inside Notify.
"""

from __future__ import annotations

import logging
import time
from html import escape
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
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
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from notify.app.elided_label import ElidedLabel
from notify.app.inbox.blocked_images import mark_blocked
from notify.app.inbox.empty_state import EmptyInbox, EmptyPart, empty_words
from notify.app.inbox.image_sizes import Declared, declared_sizes
from notify.app.inbox.query import Detail
from notify.app.profile_words import feature_text, interest_of, term_of, term_text
from notify.app.qtcompat import emit
from notify.app.untrusted_text import clipped, isolated, mnemonic_free, one_line
from notify.core.htmlclean import sanitize, text_to_html
from notify.core.ranking.learner import VETO

log = logging.getLogger(__name__)
REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", ""})
TITLE_LINES = 3  # a longer title is elided (the whole of it in the tooltip and "Copy all")
NAME_CHARS = 60  # a source name or feature inside a button's text


def when_text(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)


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


class ItemPane(QWidget):
    reaction = Signal(int, str)  # item id, "like" | "dismiss" | "open"
    saveToggled = Signal(int)  # item id: Save (or unsave) it
    imagesRequested = Signal(list)  # remote image URLs, after an explicit click
    # "less" | "uninterest" feature, or "mute" | "unmute" source id
    correction = Signal(str, object)
    # no item shown: the button of the next step was pressed (``empty_state.Step``'s value)
    nextStep = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Item"))
        self.item: Detail | None = None
        self.empty = EmptyInbox()  # what the inbox holds while no item is shown
        layout = QVBoxLayout(self)
        self.title = ElidedLabel(TITLE_LINES)
        self.title.setObjectName("pane-title")
        self.title.setAccessibleName(tr("Item title"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = ElidedLabel(1)
        self.meta.setObjectName("pane-meta")
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
        for key, label, tip in (("like", tr("Like"),
                                 tr("More like this, then the next item (L)")),
                                ("dismiss", tr("Dismiss"),
                                 tr("Less like this, then the next item (D)")),
                                ("open", tr("Open"), tr("Open in the browser (O)"))):
            button = QPushButton(label)
            button.setObjectName(f"pane-{key}")
            button.setAccessibleName(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self._react(k))
            row.addWidget(button)
            self.buttons[key] = button
        # Save for later: a star, checked while the item is saved (``set_saved``); narrow, so
        # that the list keeps its width beside the pane
        self.save_button = QToolButton()
        self.save_button.setObjectName("pane-save")
        self.save_button.setCheckable(True)
        self.save_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.save_button.clicked.connect(self._toggle_saved)
        row.addWidget(self.save_button)
        self.set_saved(False)
        row.addStretch(1)
        row.addWidget(self.images_button)
        self.why = WhyPanel(self)
        self.why.correction.connect(self.correction)
        # no item shown: what to do next and its button (``empty_state``), in the text's place
        self.empty_part = EmptyPart(self)
        self.empty_part.nextStep.connect(self.nextStep)
        self.empty_note, self.empty_button = self.empty_part.note, self.empty_part.button
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.empty_part, 1)
        layout.addWidget(self.why)
        # Tab goes as the eye does: Like, Dismiss, Open, Show images, then the text (the Why
        # panel's buttons follow); the text was made first, so it came first
        chain = [*self.buttons.values(), self.save_button, self.images_button, self.browser]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.show_item(None)

    def show_item(self, item: Detail | None) -> None:
        self.item = item
        for button in (*self.buttons.values(), self.save_button):
            button.setEnabled(item is not None)
        self.browser.allow_remote = False
        self.browser.refused.clear()
        self.why.clear()
        for button in self.buttons.values():
            button.setVisible(item is not None)  # nothing to react to: the next step instead
        self.browser.setVisible(item is not None)
        self.meta.setVisible(item is not None)
        if item is None:
            self.meta.set_full_text("")
            self.browser.clear()
            self.images_button.hide()
            self._show_empty()
            return
        self.empty_part.hide()
        self.title.set_full_text(one_line(item.title) or tr("(untitled)"))
        # the time the list shows (``sort_time``): a date in the future is listed, and shown,
        # as when Notify first saw the item
        parts = [isolated(item.source_title), when_text(item.sort_time)]
        if item.authors:
            parts.append(isolated(", ".join(one_line(a) for a in item.authors)))
        if item.reaction:
            parts.append(tr("your reaction: {0}").format(item.reaction))
        own = item.published
        note = (tr("Dated {0} by its source; listed by when Notify first saw it").format(
            when_text(own)) if own is not None and abs(own - item.sort_time) >= 60 else "")
        self.meta.set_full_text(" · ".join(p for p in parts if p), note)
        self._render()
        self.images_button.setVisible(bool(self.browser.refused))
        self.buttons["open"].setEnabled(bool(item.link))

    def show_empty(self, state: EmptyInbox) -> None:
        """What the inbox holds now (no sources, none polled yet, a filter hiding all…): said
        while no item is shown."""
        self.empty = state
        if self.item is None:
            self._show_empty()

    def _show_empty(self) -> None:
        words = empty_words(self.empty)
        self.title.set_full_text(words.title)
        self.empty_part.say(words)

    def _render(self) -> None:
        item = self.item
        if item is None:
            return
        html = sanitize(item.summary_html, item.link or "") if item.summary_html else ""
        if not html:
            html = text_to_html(item.summary_text) if item.summary_text else ""
        # the images not shown say what they are (their alt text), never Qt's broken image
        marked = mark_blocked(html, self.browser.shown_images(), self.browser.image_mark,
                              tr("image not loaded"))
        self.browser.refused[:] = marked.blocked
        doc = QTextDocument(self.browser)
        doc.setUndoRedoEnabled(False)  # read-only: fitting its images is nothing to undo
        self.browser.setDocument(doc)
        self.browser.stop_walking()  # another text: one stop again
        self.browser.set_declared(declared_sizes(marked.html))
        self.browser.setHtml(marked.html or f"<p><i>{tr('This item has no text.')}</i></p>")
        self.browser.fit_images()  # never wider than the pane

    def _show_images(self) -> None:
        urls = list(self.browser.refused)
        self.browser.allow_remote = True
        self.images_button.hide()
        emit(self.imagesRequested, urls)

    def images_arrived(self, images: dict[str, bytes]) -> None:
        for url, data in images.items():
            self.browser.provide_image(url, data)
        self._render()

    def set_saved(self, saved: bool) -> None:
        """Whether the item shown is saved for later: Save is checked and says so."""
        button = self.save_button
        button.setChecked(saved)
        button.setText("★" if saved else "☆")
        button.setAccessibleName(tr("Saved for later") if saved else tr("Save for later"))
        button.setToolTip(tr("Saved for later: kept however old it gets. Click to unsave (S)")
                          if saved else tr("Keep it for later, however old it gets (S)"))

    def _toggle_saved(self) -> None:
        item = self.item
        if item is not None:
            self.set_saved(not self.save_button.isChecked())  # as it is, until the engine says
            emit(self.saveToggled, item.id)

    def _react(self, key: str) -> None:
        if self.item is not None:
            emit(self.reaction, self.item.id, key)

    def show_explanation(self, explanation: Any, muted: bool = False) -> None:
        """``muted``: the item's source is muted now (the panel offers Unmute)."""
        if self.item is not None:
            self.why.show_explanation(explanation, self.item.source_id, self.item.source_title,
                                      muted)
            # made after the rest of the window: Tab reached them last, after the toolbar's
            # Pause; they follow the text, as they do on screen
            chain = [self.browser, *self.why.findChildren(QPushButton)]
            for before, after in pairwise(chain):
                QWidget.setTabOrder(before, after)


class WhyPanel(QWidget):
    """Why an item ranked where it did: what was decided, its features in words and their
    contributions, each with a one-click correction ("Less of word 'crypto'"; for a stated
    interest, "Not interested any more"), plus "Mute this source" (or, for a muted source,
    "Unmute this source")."""

    # "less" feature | "uninterest" feature | "mute" | "unmute" source id
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

    def show_explanation(self, explanation: Any, source_id: int, source_title: str,
                         muted: bool = False) -> None:
        self.clear()
        head = QLabel(f"<b>{escape(tr('Why'))}</b>: {escape(one_line(headline(explanation)))}")
        head.setTextFormat(Qt.TextFormat.RichText)
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
            shown = clipped(feature_text(feature, labels.get(feature, "")), 200)
            line = QWidget(self)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            text = QLabel(f"{shown}  ({weight:+.2f})")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            text.setToolTip(tr("{0} pushes this item {1} ({2:+.2f} on the log-odds scale)"
                               ).format(shown, tr("up") if weight > 0 else tr("down"), weight))
            text.setAccessibleName(tr("Feature {0}").format(shown))
            row.addWidget(text, 1)
            button = self._correction_button(feature, shown)
            if button is not None:
                row.addWidget(button)
            self._layout.addWidget(line)
        self._layout.addWidget(self._mute_button(source_id, source_title, muted))

    def _mute_button(self, source_id: int, source_title: str, muted: bool) -> QPushButton:
        """"Mute this source", or for a source muted now "Unmute this source"."""
        name = mnemonic_free(isolated(source_title, NAME_CHARS))
        if muted:
            button = QPushButton(tr("Unmute this source ({0})").format(name))
            button.setAccessibleName(tr("Unmute this source"))
            button.setObjectName("why-unmute")
            button.setToolTip(tr("{0} is muted: its items reach the inbox but are never "
                                 "notified. Unmute it to be notified of them again").format(
                isolated(source_title)))
            button.clicked.connect(lambda: emit(self.correction, "unmute", source_id))
            return button
        button = QPushButton(tr("Mute this source ({0})").format(name))
        button.setAccessibleName(tr("Mute this source"))
        button.setObjectName("why-mute")
        button.setToolTip(tr("Never notify for {0}; its items still reach the inbox").format(
            isolated(source_title)))
        button.clicked.connect(lambda: emit(self.correction, "mute", source_id))
        return button

    def _correction_button(self, feature: str, shown: str) -> QPushButton | None:
        interest = interest_of(feature)
        if interest is not None:
            # what the person said, not something learned: the honest correction is to take
            # the interest back
            button = QPushButton(tr("Not interested any more"))
            button.setAccessibleName(tr("Not interested in {0} any more").format(
                one_line(term_text(interest))))
            button.setToolTip(tr("Remove {0} from your interests (Settings → Profile)").format(
                isolated(term_text(interest))))
            button.clicked.connect(
                lambda _=False, f=feature: emit(self.correction, "uninterest", f))
            return button
        if not correctable(feature):
            return None
        term = term_of(feature)
        button = QPushButton(tr("Less of {0}").format(mnemonic_free(isolated(shown, NAME_CHARS))))
        button.setAccessibleName(tr("Less of {0}").format(shown))
        button.setToolTip(tr("Lower what Notify learned about {0} by one step. To block it "
                             "outright: Settings → Profile → Alerts and blocks").format(
            isolated(term_text(term)) if term is not None else shown))
        button.clicked.connect(lambda _=False, f=feature: emit(self.correction, "less", f))
        return button


def headline(explanation: Any) -> str:
    """How likely the item interests the person, the pin that decided, the reason that moved
    the decision most (``Explanation.leading``: the largest push in the decision's direction,
    as ``notify explain`` says it first), what they did with this source, and what was
    decided, in the words of ``notify explain`` (``policy.decision_words``: "notified at …",
    "shown in the digest", a new source's first items) and whether the score changed since
    (the features are listed below it, in words)."""
    from notify.core import policy

    summary = getattr(explanation, "summary", None)
    text = str(summary(1) if callable(summary) else summary or "")
    if not hasattr(explanation, "decision"):
        return text
    decision = getattr(explanation, "decision", None)
    said = policy.decision_words(
        decision, getattr(explanation, "decision_reason", None),
        notified_at=getattr(explanation, "notified_at", None),
        backlog=bool(getattr(explanation, "backlog", False)),
        when=lambda ts: tr("at {0}").format(when_text(ts)),
        score=getattr(explanation, "decided_score", None))  # said just before
    text = (text + ". " if text else "") + said[:1].upper() + said[1:]
    probability = getattr(explanation, "probability", None)
    if decision is not None and probability is not None:
        changed = policy.score_change(getattr(explanation, "decided_score", None),
                                      float(probability))
        if changed:
            text += f" ({changed})"
    return text


def correctable(feature: str) -> bool:
    """Can "less of" lower this feature (a word, tag, author, source, group or site, not a
    word the person already cannot stand)?"""
    return not feature.startswith(VETO) and term_of(feature) is not None


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
