"""The item pane's Why panel: why an item ranked where it did, and its one-click corrections.

``headline`` says what was decided in the words of ``notify explain``
(``policy.decision_words``); below it, the features that moved the score most, in words, with
their contributions, each with its correction ("Less of word 'crypto'"; for a stated interest,
"Not interested any more"), then "Mute this source" (or "Unmute this source"). The panel only
says and offers: a correction is its ``correction`` signal, which the inbox's ``reactions``
carries to the engine.
"""

from __future__ import annotations

import time
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from notify.app.profile_words import feature_text, interest_of, term_of, term_text
from notify.app.qtcompat import emit
from notify.app.untrusted_text import clipped, isolated, mnemonic_free, one_line
from notify.core.ranking.learner import VETO

NAME_CHARS = 60  # a source name or feature inside a button's text


def when_text(ts: float) -> str:
    """A time as the item pane says it (its source line, "Notified at …"): local, to the
    minute."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)  # the pane's words, one context


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

