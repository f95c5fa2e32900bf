"""The item pane's Why panel: why an item ranked where it did, and its one-click corrections.

``headline`` says what was decided and what decided it, in words ("Notified: you liked 3 items
from LWN and you said you're interested in “rust” (81% likely to interest you)"), the first line
of ``notify explain`` (``notify.core.why``); a quieter line under it says when it was shown and
whether the score changed since. Below them, the features that moved the score most, strongest
first, each in words with a bar for how hard and which way it pushed (the number, and what it
means, in its tooltip) and its correction ("Less of word “crypto”" for what pushed it up,
"Forget" for what pushed it down; for a stated interest, "Not interested any more"), then "Mute
this source" (or "Unmute this source"). The panel only says
and offers: a correction is its ``correction`` signal, which the inbox's ``reactions`` carries
to the engine. The core's sentences isolate right-to-left names (FSI … PDI): the panel keeps
them (``bidi.display``), so an Arabic or Hebrew source name does not reorder the sentence.

The panel is for one item at a time (``item_id``): when the current item changes it says
"Working out why…" at once, with no button (``working``), and an explanation that arrives for
any other item (a late answer for an item passed since) is dropped: a quick click never mutes
the source of the item before.

The keyboard stays where the person was: a correction makes the panel anew (Mute becomes
Unmute, a feature's row moves), and a button that had the keyboard hid with the old panel,
which sent it to the next widget Qt found (the toolbar's Show menu, its text selected: the next
j, k or m replaced it). So the keyboard goes to ``focus_home`` (the list) as the old buttons
hide, and on to the new panel's button of the same role once it is made: Unmute for Mute, the
same feature's correction; a role gone (an interest taken back) leaves it in the list.
"""

from __future__ import annotations

import logging
import re
import time
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from notify.app.contrast import most_readable
from notify.app.inbox.feature_row import WORDS_LEAST_CHARS, FeatureRow, RowGroup
from notify.app.profile_words import feature_text, interest_of, term_of, term_text
from notify.app.qtcompat import emit
from notify.app.untrusted_text import FSI, PDI, clipped, isolated, mnemonic_free, one_line
from notify.core import bidi, why
from notify.core.ranking.explain import SAID, UNIT, Explanation, phrase
from notify.core.ranking.learner import VETO

log = logging.getLogger(__name__)
# the source's name inside the Mute button (the whole name is in its tooltip): a longer one
# made the pane too wide for the list beside it
BUTTON_NAME_CHARS = 24
# in a narrow pane the name is cut shorter, to fit (never to fewer than this many characters)
BUTTON_NAME_LEAST = 4  # (8 at 14 pt made the pane 40 px wider than its other rows)
SHOWN = 6  # features listed, the strongest
MUTE_ROLE = "mute"  # Mute or Unmute this source: one role (a feature's button: the feature)
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def when_text(ts: float) -> str:
    """A time as the item pane says it (its source line, "Notified at …"): local, to the
    minute."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)  # the pane's words, one context


class WhyPanel(QWidget):
    """Why an item ranked where it did: what was decided, its features in words and their
    contributions, each with a one-click correction ("Less of word “crypto”"; "Forget" what
    pushes it down; for a stated interest, "Not interested any more"), plus "Mute this source"
    (or, for a muted source, "Unmute this source")."""

    # "less" | "forget" | "uninterest" feature, or "mute" | "unmute" source id
    correction = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Why this item"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.item_id: int | None = None  # the item whose explanation the panel shows or awaits
        # where the keyboard goes when a button that has it goes (the inbox's list)
        self.focus_home: QWidget | None = None
        self._buttons: dict[str, QPushButton] = {}  # the panel's buttons by role (``_role``)

    def minimumSizeHint(self) -> QSize:
        """As narrow as its rows can be (``WhyArea`` says how wide that is): its words wrap, and
        a word longer than a line is cut, never widening the pane."""
        return QSize(0, super().minimumSizeHint().height())

    def clear(self) -> str | None:
        """Nothing in the panel (its widgets hidden at once, deleted later). The role of the
        button that had the keyboard, if one did: the keyboard is in ``focus_home`` now."""
        role = next((r for r, b in self._buttons.items() if b.hasFocus()), None)
        if role is not None and self.focus_home is not None:
            self.focus_home.setFocus(Qt.FocusReason.OtherFocusReason)
        self._buttons = {}
        while self._layout.count():
            child = self._layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()  # gone now, not once the event loop deletes it
                widget.deleteLater()
        return role

    def working(self, item_id: int | None) -> None:
        """The panel is for ``item_id`` now (None: no item, an empty panel): what it said of
        the item before goes at once, and it says it is working out why until the explanation
        of this item arrives (``show_explanation``)."""
        self.clear()
        self.item_id = item_id
        if item_id is None:
            return
        note = QLabel(tr("Working out why…"))
        note.setObjectName("why-working")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note.setAccessibleName(tr("Why this item"))
        self._layout.addWidget(note)

    def unknown(self, item_id: int, reason: str) -> None:
        """The explanation of ``item_id`` could not be had: said, instead of working on it
        for ever (dropped when the panel is for another item now)."""
        if item_id != self.item_id:
            return
        self.clear()
        note = QLabel(tr("Notify could not work out why this item ranked here: {0}").format(
            one_line(reason)))
        note.setObjectName("why-unknown")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)  # what failed, in the pane's text colour (not a hint's grey)
        self._layout.addWidget(note)

    def show_explanation(self, explanation: Any, source_id: int, source_name: str,
                         muted: bool = False, *, item_id: int | None = None) -> bool:
        """Show why the item ranked where it did; ``item_id``: the item explained, dropped
        (False) when the panel is for another item now (``working``)."""
        if item_id is not None and item_id != self.item_id:
            log.debug("the explanation of item %d dropped: the panel is for item %s now",
                      item_id, self.item_id)
            return False
        had_focus = self.clear()
        said = headline(explanation)
        verdict, colon, rest = said.partition(": ")
        head = QLabel(f"<b>{escape(verdict)}</b>{colon}{escape(rest)}" if colon
                      else escape(said))
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setWordWrap(True)
        head.setObjectName("why-headline")
        head.setAccessibleName(tr("Why this item"))
        head.setAccessibleDescription(said)
        self._layout.addWidget(head)
        more = details(explanation)
        if more:
            # in the pane's own text colour: the placeholder's grey (3.9:1 on Fusion's light
            # window) made the one line that says when and how it was decided hard to read
            note = QLabel(more)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setObjectName("why-details")
            self._layout.addWidget(note)
        labels = {str(getattr(r, "feature", "")): str(getattr(r, "text", ""))
                  for r in getattr(explanation, "reasons", ()) or ()}
        similar = getattr(explanation, "similar", None)
        # the pushes the core would say (``SAID``: smaller ones round to +0.0); a bar of a
        # 0.05 push beside one of 1.6 was a pixel, a row of words for nothing
        strong = [(f, w) for f, w in _features(explanation) if abs(w) >= SAID][:SHOWN]
        self._layout.addSpacing(self.fontMetrics().height() // 2)
        if not strong:
            none = QLabel(tr("Nothing learned about this yet: react to a few items."))
            none.setWordWrap(True)
            self._layout.addWidget(none)
        else:
            # the rows are what moved its score, not why it was (not) notified: under "Not
            # notified: it was already there…" they read as its reasons (``notify explain``
            # heads them the same way)
            heading = QLabel(tr("What moved its score, strongest first:"))
            heading.setObjectName("why-features")
            heading.setWordWrap(True)
            self._layout.addWidget(heading)
        scale = max((abs(w) for _, w in strong), default=1.0)
        rows = RowGroup()  # their buttons all beside their words, or all below (feature_row)
        for feature, weight in strong:
            shown = clipped(feature_text(feature, labels.get(feature, "")), 200)
            words = _ours(" ".join(part for part in phrase(feature, weight, similar) if part))
            bar = PushBar(weight, scale)
            text = QLabel(words)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            way = tr("up") if weight > 0 else tr("down")
            text.setToolTip(tr("{0}: pushes this item {1} by {2:+.2f} ({3})").format(
                _ours(shown), way, weight, UNIT))
            text.setAccessibleName(tr("Feature {0}").format(shown))
            text.setAccessibleDescription(tr("pushes this item {0} ({1:+.2f})").format(
                way, weight))
            # the button beside the words when they fit on one line, else below them
            # (``feature_row``): they read in full lines, never in a narrow strip
            self._layout.addWidget(FeatureRow(
                bar, text, self._correction_button(feature, shown, weight), self, rows))
        self._layout.addWidget(self._mute_button(source_id, source_name, muted))
        back = self._buttons.get(had_focus) if had_focus is not None else None
        if back is not None:  # the keyboard where it was: Unmute for Mute (the module's note)
            # once the layout has shown the new rows (it shows them on the next turn of the
            # event loop): a widget not shown yet keeps no focus given it
            QTimer.singleShot(0, lambda: self._refocus(back))
        return True

    def _refocus(self, button: QPushButton) -> None:
        """The keyboard to ``button`` of the panel made anew, unless it went since (another
        item, another panel) or the person moved the keyboard elsewhere (it is in
        ``focus_home``, where ``clear`` left it, or nowhere)."""
        if not shiboken6.isValid(button) or button not in self._buttons.values():
            return
        focus = QApplication.focusWidget()
        if focus is None or focus is self.focus_home:
            button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _mute_button(self, source_id: int, source_name: str, muted: bool) -> QPushButton:
        """"Mute this source", or for a source muted now "Unmute this source"."""
        if muted:
            button = NamedButton(tr("Unmute this source ({0})"), source_name)
            button.setAccessibleName(tr("Unmute this source"))
            button.setObjectName("why-unmute")
            button.setToolTip(tr("{0} is muted: its items reach the inbox but are never "
                                 "notified. Unmute it to be notified of them again").format(
                isolated(source_name)))
            button.clicked.connect(lambda: emit(self.correction, "unmute", source_id))
            self._buttons[MUTE_ROLE] = button
            return button
        button = NamedButton(tr("Mute this source ({0})"), source_name)
        button.setAccessibleName(tr("Mute this source"))
        button.setObjectName("why-mute")
        button.setToolTip(tr("Never notify for {0}; its items still reach the inbox").format(
            isolated(source_name)))
        button.clicked.connect(lambda: emit(self.correction, "mute", source_id))
        self._buttons[MUTE_ROLE] = button
        return button

    def _correction_button(self, feature: str, shown: str, weight: float) -> QPushButton | None:
        """The row's one-click correction: for a stated interest, take it back; for what was
        learned and pushes this item up, "Less of this"; for what pushes it down (a word they
        cannot stand, a reason the reactions ruled out), "Forget this", as lowering it further
        would change nothing."""
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
            self._buttons[feature] = button
            return button
        if not correctable(feature):
            return None
        term = term_of(feature)
        named = isolated(term_text(term)) if term is not None else isolated(shown)
        # the words beside it name the feature: the button says what it does, short (a tag
        # "business/industries/publishing/…" in it made the pane too wide for the list)
        kind, label, name, tip = (
            ("forget", tr("Forget this"), tr("Forget {0}"),
             tr("Forget what Notify learned about {0}: it counts as unknown again"))
            if weight < 0 else
            ("less", tr("Less of this"), tr("Less of {0}"),
             tr("Halve how likely {0} alone makes an item. To block it outright: Settings → "
                "Profile → Alerts and blocks")))
        button = QPushButton(label)
        button.setAccessibleName(name.format(shown))
        button.setToolTip(tip.format(named))
        button.clicked.connect(lambda _=False, f=feature: emit(self.correction, kind, f))
        self._buttons[feature] = button
        return button


def button_width(widget: QWidget, text: str) -> int:
    """How wide a push button with ``text`` on it is, in ``widget``'s font and style."""
    option = QStyleOptionButton()
    option.initFrom(widget)
    option.text = text
    size = widget.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text)
    return widget.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, size,
                                           widget).width()


class NamedButton(QPushButton):
    """A button whose words name something from a source ("Mute this source (LWN)"): the name
    whole when there is room (``BUTTON_NAME_CHARS`` at most), cut shorter with "…" in a narrow
    pane (to ``BUTTON_NAME_LEAST`` characters): the button never makes the pane wider. The
    name is set apart for the bidi algorithm and its ``&`` shown (``untrusted_text``)."""

    def __init__(self, words: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.name = clipped(name, BUTTON_NAME_CHARS)
        self.setText(self._text(self.name))

    def _text(self, name: str) -> str:
        return mnemonic_free(self.words.format(f"{FSI}{name}{PDI}"))

    def _hint_for(self, text: str) -> QSize:
        """The size the button asks for with ``text`` on it."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        size = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, size,
                                             self)

    def sizeHint(self) -> QSize:
        return self._hint_for(self._text(self.name))

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        least = metrics.elidedText(self.name, Qt.TextElideMode.ElideRight,
                                   metrics.averageCharWidth() * BUTTON_NAME_LEAST)
        return self._hint_for(self._text(least)).boundedTo(self.sizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        metrics = self.fontMetrics()
        name = self.name
        if self.width() < self.sizeHint().width():  # the name cut to what fits
            room = metrics.horizontalAdvance(name) - (self.sizeHint().width() - self.width())
            name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0))
        text = self._text(name)
        if text != self.text():
            self.setText(text)


class WhyArea(QScrollArea):
    """The Why panel in the pane: as tall as its content when the pane has the room, else
    shorter and scrolled (in a small window its rows were squeezed, their words cut off, and
    the window grew by itself as an explanation came)."""

    def __init__(self, panel: WhyPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its buttons take the focus, not the area
        self.setWidget(panel)
        panel.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # another explanation: another height asked for
        return super().eventFilter(watched, event)

    def _content_height(self, width: int) -> int:
        panel = self.panel
        layout = panel.layout()
        if layout is not None and layout.hasHeightForWidth():
            return layout.totalHeightForWidth(width)
        return panel.sizeHint().height()

    def sizeHint(self) -> QSize:
        width = self.viewport().width() if self.isVisible() else self.panel.sizeHint().width()
        return QSize(self.panel.sizeHint().width(), self._content_height(max(width, 1)))

    def minimumSizeHint(self) -> QSize:
        # as wide as its rows need (never cut off at the side); a few lines high whatever it
        # says (a small window does not grow when an explanation comes), the rest scrolls
        metrics = self.fontMetrics()
        lines = metrics.height() * 4
        bar = self.verticalScrollBar().sizeHint().width()
        # room for a row of the widest kind (its bar and a few words, or below them "Not
        # interested any more": ``feature_row``; or Unmute with a name cut to
        # BUTTON_NAME_LEAST: ``NamedButton``) whatever the item: a small window does not grow
        # by itself as another item's explanation comes
        spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        spacing = spacing if spacing >= 0 else metrics.height() // 2  # (a style without one)
        row = max(PushBar.WIDTH_LINES * metrics.height() + spacing
                  + WORDS_LEAST_CHARS * metrics.averageCharWidth(),
                  button_width(self, tr("Not interested any more")),
                  button_width(self, tr("Unmute this source ({0})").format(
                      "n" * (BUTTON_NAME_LEAST + 1))))
        # (not the panel's own least width: a word longer than a line, a source's name without
        # a space, made the inbox 1,783 px wide; such a word is cut at the pane's edge)
        return QSize(row + bar, lines)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # narrower: its words take more lines


# A bar's colours, darkest first: the one that stands out most from the window is drawn (a
# graphic wants 3:1 at least; the dark ones alone were 2.4:1 and 2.2:1 on a dark window).
UP_COLOURS = ("#2e7d32", "#43a047", "#66bb6a", "#81c784")  # greens
DOWN_COLOURS = ("#c62828", "#e53935", "#ef5350", "#e57373")  # reds
# how hard a push is, in words, by its size (log-odds: 1 is about 2.7 times the odds)
PUSH_AMOUNTS = ((2.0, "strongly"), (0.75, "clearly"), (0.25, "somewhat"), (0.0, "slightly"))


def bar_colour(up: bool, palette: QPalette) -> QColor:
    """Green for a push up, red for a push down, in the shade that reads best on ``palette``'s
    window (light or dark)."""
    return most_readable((QColor(c) for c in (UP_COLOURS if up else DOWN_COLOURS)),
                         palette.color(QPalette.ColorRole.Window))


def push_words(contribution: float) -> str:
    """"pushes up strongly", "pushes down slightly": a bar for a screen reader."""
    size = abs(contribution)
    amount = next(words for least, words in PUSH_AMOUNTS if size >= least)
    return (tr("pushes up {0}") if contribution > 0 else tr("pushes down {0}")).format(
        tr(amount))


class PushBar(QWidget):
    """How hard and which way a feature pushed the item: a bar from the middle, to the right
    (up) or to the left (down), its length relative to the strongest push listed."""

    def __init__(self, contribution: float, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contribution = contribution
        self.share = min(1.0, abs(contribution) / scale) if scale > 0 else 0.0
        self.setFixedSize(self.sizeHint())
        self.setToolTip(tr("{0:+.2f} ({1})").format(contribution, UNIT))
        self.setAccessibleName(push_words(contribution))
        self.setAccessibleDescription(tr("{0:+.2f} ({1})").format(contribution, UNIT))

    WIDTH_LINES = 4  # its width, in lines of text

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().height()
        return QSize(height * self.WIDTH_LINES, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            mid, height = self.width() / 2, self.height()
            bar = max(1.0, self.share * (mid - 1))
            color = bar_colour(self.contribution > 0, self.palette())
            left = mid if self.contribution > 0 else mid - bar
            painter.fillRect(QRectF(left, height * 0.25, bar, height * 0.5), color)
            painter.fillRect(QRectF(mid - 0.5, 0, 1, height),
                             self.palette().color(QPalette.ColorRole.Mid))
        finally:
            painter.end()


def _ours(text: str) -> str:
    """A sentence of the core's on one line, its isolates kept (``bidi.display``)."""
    return bidi.display(" ".join(_BREAKS.sub(" ", text).split()))


def headline(explanation: Any) -> str:
    """What was decided and what decided it, in words (``why.headline``, the first line of
    ``notify explain``); for an explanation without a decision's fields, its summary."""
    if isinstance(explanation, Explanation):
        return _ours(why.headline(explanation))
    summary = getattr(explanation, "summary", None)
    return _ours(str(summary(1) if callable(summary) else summary or ""))


def details(explanation: Any) -> str:
    """The quieter line under the headline: when the item was shown, a recorded reason the
    headline does not say (``why.decided``), and whether the score changed since it was
    decided ("it was 3% when decided; 44% now")."""
    if not isinstance(explanation, Explanation):
        return ""
    from notify.core import policy

    said = why.decided(explanation, lambda ts: tr("at {0}").format(when_text(ts)))
    if explanation.decision is not None and not why.tells_change(explanation):
        # (when the headline says the score then and now itself, not again here)
        changed = policy.score_change(explanation.decided_score, explanation.probability)
        if changed:
            said = f"{said} ({changed})" if said else changed[:1].upper() + changed[1:]
    return _ours(said[:1].upper() + said[1:])


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

