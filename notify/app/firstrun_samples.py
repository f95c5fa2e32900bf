"""The first run's "Tell Notify what you like": after Start and the first poll, a few varied items
of the sources just read (``Engine.first_run_samples``), each with Like and Dismiss.

The answers go through the engine's normal feedback path (``Engine.feedback``): given before
Notify first ranks new items, they are the first-run answers (``ranking.first_run``: learnt as
a set, counted twice). Like and Dismiss toggle: the other one replaces the answer, a second click
on the same one takes it back (``Engine.take_back_feedback``). Each call runs on the engine's
thread (the bridge); a row's buttons wait for its answer to be saved, and say it when it could
not be.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.untrusted_text import isolated, one_line, tooltip
from notify.core.errors import UnknownItemError
from notify.core.first_run_samples import Sample

log = logging.getLogger(__name__)
LIKE, DISMISS = "like", "dismiss"


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


def answered_text(label: str) -> str:
    """A button's text once its answer is given."""
    return tr("✓ Liked") if label == LIKE else tr("✓ Dismissed")


class SampleRow(QFrame):
    """One sample: its title, source and summary, and Like / Dismiss (checked: the answer)."""

    clicked = Signal(int, str)  # item id, the button's reaction

    def __init__(self, sample: Sample, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sample = sample
        self.answer: str | None = sample.reaction if sample.reaction in (LIKE, DISMISS) else None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = one_line(sample.title)
        box = QHBoxLayout(self)
        words = QVBoxLayout()
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setToolTip(tooltip(sample.title, sample.link or ""))
        words.addWidget(self.title)
        about = one_line(sample.source)
        if sample.summary:
            about = f"{about} — {one_line(sample.summary)}"
        self.about = QLabel(about)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        words.addWidget(self.about)
        box.addLayout(words, 1)
        self.like = self._button(tr("Like"), LIKE, tr("Like “{0}”").format(isolated(title)))
        self.dismiss = self._button(tr("Dismiss"), DISMISS,
                                    tr("Dismiss “{0}”").format(isolated(title)))
        buttons = QVBoxLayout()
        buttons.addWidget(self.like)
        buttons.addWidget(self.dismiss)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.setAccessibleName(tr("{0}, from {1}").format(title, one_line(sample.source)))
        self.show_answer(self.answer)

    def _button(self, text: str, label: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        # as wide as its answered text ("✓ Dismissed"), so that an answer moves nothing
        button.setText(answered_text(label))
        button.setMinimumWidth(button.sizeHint().width())
        button.setText(text)
        button.setAccessibleName(name)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda _checked=False: self.clicked.emit(self.sample.item_id,
                                                                         label))
        return button

    def show_answer(self, answer: str | None) -> None:
        """Check the button of ``answer`` (None: neither) and say it to a screen reader."""
        self.answer = answer
        self.like.setChecked(answer == LIKE)
        self.dismiss.setChecked(answer == DISMISS)
        # said in words too: a checked button looks only a little darker in many themes
        self.like.setText(answered_text(LIKE) if answer == LIKE else tr("Like"))
        self.dismiss.setText(answered_text(DISMISS) if answer == DISMISS else tr("Dismiss"))
        said = {LIKE: tr("liked"), DISMISS: tr("dismissed")}.get(answer or "",
                                                                tr("no answer yet"))
        for button in (self.like, self.dismiss):
            button.setAccessibleDescription(said)

    def set_waiting(self, waiting: bool) -> None:
        self.like.setEnabled(not waiting)
        self.dismiss.setEnabled(not waiting)


class SamplesPanel(QWidget):
    """The samples with their answers; ``answered`` when the count of answers changes."""

    answered = Signal(int)  # how many samples have an answer now

    def __init__(self, bridge: EngineBridge, samples: Sequence[Sample],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setAccessibleName(tr("Tell Notify what you like"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, layout.spacing() * 2, 0, 0)  # apart from the result
        heading = QLabel(tr("<b>Tell Notify what you like</b>"))
        layout.addWidget(heading)
        note = QLabel(tr("Like the kind of item you want to hear about, Dismiss the kind you "
                         "do not (a second click takes it back). These first answers count "
                         "twice; or skip, and Notify learns from the inbox."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setAccessibleName(tr("Sample items"))
        inner = QWidget()
        rows = QVBoxLayout(inner)
        rows.setContentsMargins(0, 0, 0, 0)
        self.rows: list[SampleRow] = []
        for sample in samples:
            row = SampleRow(sample)
            row.clicked.connect(self.answer)
            for button in (row.like, row.dismiss):
                button.installEventFilter(self)
            rows.addWidget(row)
            self.rows.append(row)
        rows.addStretch(1)
        self.list_area.setWidget(inner)
        layout.addWidget(self.list_area, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(tr("Answers"))
        self.status.hide()
        layout.addWidget(self.status)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A button reached with Tab is scrolled into view."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.list_area.ensureWidgetVisible(watched.parentWidget() or watched)
        return False

    def answers(self) -> dict[int, str]:
        """The answers given: item id -> like or dismiss."""
        return {row.sample.item_id: row.answer for row in self.rows if row.answer}

    def row_of(self, item_id: int) -> SampleRow:
        return next(row for row in self.rows if row.sample.item_id == item_id)

    def answer(self, item_id: int, label: str) -> None:
        """A click on ``label`` of ``item_id``: given, replacing the other, or taken back."""
        row = self.row_of(item_id)
        before = row.answer
        wanted = None if before == label else label
        row.show_answer(wanted)  # at once; put back if the engine could not save it
        row.set_waiting(True)
        self.status.hide()

        def saved(_result: Any) -> None:
            row.set_waiting(False)
            self.answered.emit(len(self.answers()))

        def failed(err: BaseException) -> None:
            ops.log_failure(log, "first-run answer", err)
            row.set_waiting(False)
            row.show_answer(before)
            what = {LIKE: tr("your Like"), DISMISS: tr("your Dismiss")}[label]
            if isinstance(err, UnknownItemError):  # the CLI's words ("Run 'notify items'")
                row.set_waiting(True)  # say nothing here: nothing to answer any more
                self.status.setText(tr("“{0}” is gone from your inbox (its source was "
                                       "removed); answer the others.").format(
                    one_line(row.sample.title)))
                self.status.show()
                return
            self.status.setText(tr("Could not save {0} of “{1}”: {2} Try again, or skip: the "
                                   "inbox has the same buttons.").format(
                what if wanted else tr("taking back {0}").format(what),
                one_line(row.sample.title), str(err).rstrip(".") + "."))
            self.status.show()

        if wanted is None:
            op = ops.Op(self, lambda engine: engine.take_back_feedback(item_id), saved)
        else:
            op = ops.Op(self, lambda engine: engine.feedback(item_id, wanted), saved)
        op.failure(failed).run_in_background(self.bridge)
