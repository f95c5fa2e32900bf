"""The item pane: title, source, time, the sanitised summary, reaction buttons, Save and "Why".

It lays out and fills its parts: the text is a ``SafeBrowser`` (``safe_browser``: no remote
resource until the person clicks "Show images", which asks the engine for them
(``imagesRequested``); an image not shown says what it is instead, as mail clients do
(``blocked_images``); one shown fits the pane), the explanation is the ``WhyPanel``
(``why_panel``), and with no item shown, what to do next (``empty_state``). Like, Dismiss,
Open, Save and the Why panel's corrections are signals: the window and ``reactions`` act on
them.

When the list's current item changes, the window says so at once (``expect``): the Why panel
stops showing the item before (its Mute would mute the wrong source) and the pane's buttons act
on nothing until the new item's text has been read (``show_item``). With no item, nothing
item-specific shows: no reaction buttons, no Save star, no Show images.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from notify.app.elided_label import ElidedLabel, wrap
from notify.app.inbox.blocked_images import mark_blocked
from notify.app.inbox.empty_state import EmptyInbox, EmptyPart, empty_words
from notify.app.inbox.image_sizes import declared_sizes
from notify.app.inbox.query import Detail
from notify.app.inbox.safe_browser import SafeBrowser
from notify.app.inbox.why_panel import WhyArea, WhyPanel, when_text
from notify.app.qtcompat import emit
from notify.app.untrusted_text import isolated, one_line
from notify.core.htmlclean import sanitize, text_to_html

TITLE_LINES = 3  # a longer title is elided (the whole of it in the tooltip and "Copy all")
TITLE_SCALE = 1.3  # the title's size, of the application's font


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)


class PaneTitle(ElidedLabel):
    """The item's title: up to ``TITLE_LINES`` lines when the pane has the room, fewer (down to
    one, elided) when it is short. Its minimum is one line whatever the title: a title of 2–3
    lines in a window at its smallest made the window grow by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE_LINES, parent)
        self._fit_font()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._fit_font)

    def _fit_font(self, _font: object = None) -> None:
        """Bold, ``TITLE_SCALE`` times the application's font: made again when that changes
        (the desktop's text size changed while Notify runs), or the title, a size set once,
        stayed 1.3 × 9 pt under a 14 pt text."""
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
        font.setBold(True)
        self.setFont(font)

    def _extra_height(self) -> int:
        margins = self.contentsMargins()
        return margins.top() + margins.bottom() + 2 * self.margin()

    def sizeHint(self) -> QSize:
        # as many lines as the whole title takes at this width (at most TITLE_LINES), however
        # many are shown now
        lines, _ = wrap(self.full_text, self, self._width(), TITLE_LINES)
        spacing = self.fontMetrics().lineSpacing()
        return QSize(super().sizeHint().width(), len(lines) * spacing + self._extra_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(),
                     self.fontMetrics().lineSpacing() + self._extra_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        room = (event.size().height() - self._extra_height()) // self.fontMetrics().lineSpacing()
        lines = max(1, min(TITLE_LINES, room))
        if lines != self.max_lines:
            self.max_lines = lines
            self._laid_out_for = -1  # the lines made again, fewer or more
        super().resizeEvent(event)


def fitting_width(button: QPushButton) -> int:
    """The least width at which ``button`` still shows its words (narrower than the style's
    usual least width for a button: a narrow pane keeps its buttons readable)."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    option.text = ""
    metrics = button.fontMetrics()
    text = QSize(metrics.horizontalAdvance(button.text()) + 2 * metrics.averageCharWidth(),
                 metrics.height())
    needed = button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, text,
                                             button).width()
    return min(needed, button.sizeHint().width())


class PaneMeta(ElidedLabel):
    """The item's source, time and authors, on two lines. Its least height is two lines
    whatever the text: a line that began with a name (its isolate laid out in a taller
    fallback font) asked 3 px more at 14 pt, so the pane's minimum changed with the width
    where the line broke, and a window at its smallest height grew by itself."""

    def minimumSizeHint(self) -> QSize:
        spacing = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        height = (2 * spacing + spacing // 2 + margins.top() + margins.bottom()
                  + 2 * self.margin())
        return QSize(super().minimumSizeHint().width(), height)


class ItemPane(QWidget):
    reaction = Signal(int, str)  # item id, "like" | "dismiss" | "open"
    saveToggled = Signal(int)  # item id: Save (or unsave) it
    imagesRequested = Signal(list)  # remote image URLs, after an explicit click
    # "less" | "forget" | "uninterest" feature, or "mute" | "unmute" source id
    correction = Signal(str, object)
    # no item shown: the button of the next step was pressed (``empty_state.Step``'s value)
    nextStep = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Item"))
        self.item: Detail | None = None
        # the item the list has current: the one shown, or one whose text is being read
        self.coming: int | None = None
        self.empty = EmptyInbox()  # what the inbox holds while no item is shown
        self.focus_home: QWidget | None = None  # ``set_focus_home``
        layout = QVBoxLayout(self)
        # the window's own margin is on its right: one more made the smallest window wider
        margins = layout.contentsMargins()
        margins.setRight(0)
        layout.setContentsMargins(margins)
        self.title = PaneTitle()
        self.title.setObjectName("pane-title")
        self.title.setAccessibleName(tr("Item title"))
        # two lines: on one, beside the room Show images keeps, a narrow pane (800 px at 14 pt)
        # cut the time off ("Source · 2026-0…"): the pane never said when the item came
        self.meta = PaneMeta(2)
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
        # (the keys as typed and as docs/app.md lists them: "(L)" read as Shift+L)
        for key, label, tip in (("like", tr("Like"),
                                 tr("More like this, then the next item (l)")),
                                ("dismiss", tr("Dismiss"),
                                 tr("Less like this, then the next item (d)")),
                                ("open", tr("Open"), tr("Open in the browser (o)"))):
            button = QPushButton(label)
            button.setObjectName(f"pane-{key}")
            button.setAccessibleName(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self._react(k))
            # in a narrow pane as narrow as their words, not the style's usual 80 px
            button.setMinimumWidth(fitting_width(button))
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
        # on the source's line (its name is cut to make room), not beside the buttons: there,
        # with its room kept, it made the pane at 14 pt 90 px wider than the reactions need
        # (the list beside it got ~300 px); its room is kept while it is hidden: an item with
        # remote images never makes the pane (and a window at its smallest) taller or wider
        self.images_button.setMinimumWidth(fitting_width(self.images_button))
        policy = self.images_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.images_button.setSizePolicy(policy)
        source_line = QHBoxLayout()
        source_line.addWidget(self.meta, 1)
        source_line.addWidget(self.images_button)
        self.why = WhyPanel(self)
        self.why.correction.connect(self.correction)
        # scrolled when the pane is short, never squeezed (``WhyArea``)
        self.why_area = WhyArea(self.why, self)
        # no item shown: what to do next and its button (``empty_state``), in the text's place
        self.empty_part = EmptyPart(self)
        self.empty_part.nextStep.connect(self.nextStep)
        self.empty_note, self.empty_button = self.empty_part.note, self.empty_part.button
        layout.addWidget(self.title)
        layout.addLayout(source_line)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.empty_part, 1)
        layout.addWidget(self.why_area)
        # Tab goes as the eye does: Like, Dismiss, Open, Show images, then the text (the Why
        # panel's buttons follow); the text was made first, so it came first
        chain = [*self.buttons.values(), self.save_button, self.images_button, self.browser]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.show_item(None)

    def expect(self, item_id: int | None) -> None:
        """The list's current item is ``item_id`` now (None: none), its text still being read:
        the Why panel says nothing of the item shown before, and the buttons act on nothing
        until ``show_item`` shows it."""
        self.coming = item_id
        if self.why.item_id != item_id:
            self.why.working(item_id)

    def set_focus_home(self, widget: QWidget) -> None:
        """Where the keyboard goes when a button of the pane that has it hides or greys
        (the inbox's list): not to whatever widget Qt finds next (the toolbar's Show menu, its
        text selected, so the next j, k or m replaced it)."""
        self.focus_home = widget
        self.why.focus_home = widget

    def _focus_home(self) -> None:
        if self.focus_home is not None:
            self.focus_home.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_item(self, item: Detail | None) -> None:
        had = next((b for b in (*self.buttons.values(), self.save_button, self.images_button)
                    if b.hasFocus()), None)
        self._show_item(item)
        if had is not None and (had.isHidden() or not had.isEnabled()):
            self._focus_home()  # (Open greyed for an item without a link, none left to show)

    def _show_item(self, item: Detail | None) -> None:
        self.item = item
        self.coming = item.id if item is not None else None
        for button in (*self.buttons.values(), self.save_button):
            button.setEnabled(item is not None)
        self.browser.allow_remote = False
        self.browser.refused.clear()
        self.why.working(self.coming)  # its explanation is asked for next (``reactions``)
        # nothing to react to or save: the next step instead
        for button in (*self.buttons.values(), self.save_button):
            button.setVisible(item is not None)
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
        parts = [isolated(item.source_name), when_text(item.sort_time)]
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
        if self.images_button.hasFocus():  # the keyboard to the text the images come to
            self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
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
        button.setToolTip(tr("Saved for later: kept however old it gets. Click to unsave (s)")
                          if saved else tr("Keep it for later, however old it gets (s)"))

    def _acting_on(self) -> Detail | None:
        """The item the buttons act on: the one shown, unless the list has moved to another
        whose text is still being read (then none: a click is not for the item still shown)."""
        item = self.item
        return item if item is not None and item.id == self.coming else None

    def _toggle_saved(self) -> None:
        item = self._acting_on()
        if item is not None:
            self.set_saved(not self.save_button.isChecked())  # as it is, until the engine says
            emit(self.saveToggled, item.id)

    def _react(self, key: str) -> None:
        item = self._acting_on()
        if item is not None:
            emit(self.reaction, item.id, key)

    def show_explanation(self, explanation: Any, muted: bool = False, *,
                         item_id: int | None = None) -> None:
        """``muted``: the item's source is muted now (the panel offers Unmute); ``item_id``:
        the item explained (dropped unless it is the one shown and current)."""
        item = self._acting_on()
        if item is None or (item_id is not None and item_id != item.id):
            return
        if self.why.show_explanation(explanation, item.source_id, item.source_name, muted,
                                     item_id=item.id):
            # made after the rest of the window: Tab reached them last, after the toolbar's
            # Pause; they follow the text, as they do on screen
            chain = [self.browser, *self.why.findChildren(QPushButton)]
            for before, after in pairwise(chain):
                QWidget.setTabOrder(before, after)

