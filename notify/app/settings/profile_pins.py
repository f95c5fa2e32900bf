"""Settings → Profile's "Alerts and blocks": the pins listed (blocks first: they win), one added
by keyword, source, author, tag, group or site (the source and group names there are offered
while typed: ``profile_names.SourceNames``), the selected one removed.

Every change goes to the engine through the page's ``call`` (``ProfilePage._call``, with
``changes``: the profile changed is announced, and the page reads it again and lists the pins
with ``show_pins``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from notify.app.advice_words import said
from notify.app.profile_words import ALWAYS, NEVER, PIN_KINDS, kind_label, pin_text
from notify.app.qtcompat import emit
from notify.app.settings.field_error import FieldError
from notify.app.settings.flow_row import FlowRow
from notify.app.settings.profile_names import SourceNames
from notify.core.errors import NotifyError
from notify.core.ranking.profile import Term, parse_term

NAME_ROLE = 256  # Qt.UserRole: the feature's name (learned lists) or "kind:value" (pins)
_PLACEHOLDERS = {
    "keyword": "a word or words, e.g. rust",
    "source": "a source's name, as in Settings → Sources",
    "author": "an author's name",
    "tag": "a tag (category) feeds give their items",
    "group": "a group of sources",
    "site": "a web site items link to, e.g. github.com",
}

# runs ``fn(ranking_service)`` on the engine thread, then ``done`` (``ProfilePage._call``)
Call = Callable[..., None]


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfilePage", text)


class PinsBox(QGroupBox):
    message = Signal(str)

    def __init__(self, call: Call, source_names: SourceNames,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Alerts and blocks"), parent)
        self._call = call
        self.source_names = source_names
        self.pins: dict[Term, str] = {}
        pins_layout = QVBoxLayout(self)
        explain = QLabel(tr("An alert always notifies an item that matches, even past the "
                            "day's budget (during quiet hours, in the digest); a block never "
                            "does (it still reaches the inbox). A block wins over an alert."))
        explain.setWordWrap(True)
        pins_layout.addWidget(explain)
        self.pin_list = QListWidget()
        self.pin_list.setAccessibleName(tr("Alerts and blocks"))
        self.pin_list.setMaximumHeight(self.fontMetrics().height() * 7)
        # a long row (the note of an empty list) wraps in a narrow window: never sideways
        self.pin_list.setWordWrap(True)
        self.pin_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pin_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.pin_list.currentItemChanged.connect(lambda *_a: self.update_buttons())
        self.pin_list.itemSelectionChanged.connect(self.update_buttons)
        pins_layout.addWidget(self.pin_list)
        add_row = FlowRow()
        self.pin_kind = QComboBox()
        self.pin_kind.setAccessibleName(tr("Kind of alert or block"))
        for kind in PIN_KINDS:
            self.pin_kind.addItem(kind_label(kind), kind)
        self.pin_kind.currentIndexChanged.connect(lambda _i: self.kind_changed())
        self.pin_value = QLineEdit()
        self.pin_value.setAccessibleName(tr("Keyword, source, author, tag, group or site"))
        self.pin_value.returnPressed.connect(lambda: self.add_pin(ALWAYS))
        self.pin_value.textChanged.connect(lambda _t: self.update_buttons())
        self.add_alert_button = QPushButton(tr("Add alert"))
        self.add_alert_button.setObjectName("profile-add-alert")
        self.add_alert_button.setAccessibleName(tr("Add alert: always notify"))
        self.add_alert_button.setToolTip(tr("Always notify items that match"))
        self.add_alert_button.clicked.connect(lambda: self.add_pin(ALWAYS))
        self.add_block_button = QPushButton(tr("Add block"))
        self.add_block_button.setObjectName("profile-add-block")
        self.add_block_button.setAccessibleName(tr("Add block: never notify"))
        self.add_block_button.setToolTip(tr("Never notify items that match"))
        self.add_block_button.clicked.connect(lambda: self.add_pin(NEVER))
        self.remove_pin_button = QPushButton(tr("Remove"))
        self.remove_pin_button.setObjectName("profile-unpin")
        self.remove_pin_button.setAccessibleName(tr("Remove the selected alert or block"))
        self.remove_pin_button.clicked.connect(self.remove_pin)
        add_row.addWidget(self.pin_kind)
        add_row.addWidget(self.pin_value)
        add_row.addWidget(self.add_alert_button)
        add_row.addWidget(self.add_block_button)
        add_row.addSpacing(12)
        add_row.addWidget(self.remove_pin_button)
        pins_layout.addLayout(add_row)
        self.pin_error = FieldError(self.pin_value)
        pins_layout.addWidget(self.pin_error)
        self.kind_changed()
        self.update_buttons()
        self.source_names.changed.connect(self.kind_changed)

    def show_pins(self, pins: dict[Term, str]) -> None:
        """List ``pins`` (the one selected stays selected)."""
        self.pins = pins
        keep = self.pin_list.currentItem().data(NAME_ROLE) if self.pin_list.currentItem() \
            else None
        self.pin_list.clear()
        # blocks first: they win over alerts
        for term, mode in sorted(self.pins.items(), key=lambda tm: (tm[1] != NEVER,
                                                                     tm[0].kind, tm[0].value)):
            item = QListWidgetItem(pin_text(term, mode))
            item.setData(NAME_ROLE, f"{term.kind}:{term.value}")
            item.setData(NAME_ROLE + 1, mode)
            item.setToolTip(tr("notify profile pin {0}{1}").format(
                "--never " if mode == NEVER else "", f"'{term.kind}:{term.value}'"))
            self.pin_list.addItem(item)
            if item.data(NAME_ROLE) == keep:
                self.pin_list.setCurrentItem(item)
        if not self.pins:
            empty = QListWidgetItem(tr("No alerts or blocks yet: add one below, or pick a "
                                       "learned feature and choose Always or Never notify."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.pin_list.addItem(empty)
        self.update_buttons()

    def kind_changed(self) -> None:
        """The kind chosen: its placeholder, and the names of that kind offered."""
        kind = str(self.pin_kind.currentData() or "keyword")
        self.pin_value.setPlaceholderText(tr(_PLACEHOLDERS.get(kind, "")))
        names = self.source_names.names.get(kind, [])
        old = self.pin_value.completer()
        if old is not None:
            old.deleteLater()
        if names:
            completer = QCompleter(names, self.pin_value)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.pin_value.setCompleter(completer)
        else:
            self.pin_value.setCompleter(None)  # type: ignore[arg-type]

    def update_buttons(self) -> None:
        has_pin = bool(self.pin_list.currentItem() and
                       self.pin_list.currentItem().data(NAME_ROLE))
        self.remove_pin_button.setEnabled(has_pin)
        typed = bool(self.pin_value.text().strip())
        self.add_alert_button.setEnabled(typed)
        self.add_block_button.setEnabled(typed)

    def add_pin(self, mode: str) -> None:
        """An alert (always) or a block (never) for what was typed, of the chosen kind."""
        kind = str(self.pin_kind.currentData() or "keyword")
        value = self.pin_value.text().strip()
        if not value:
            self._pin_refused(tr("Type a {0} first.").format(kind_label(kind).lower()))
            return
        # a source or group pin matches the name exactly: take the known spelling
        known = {n.lower(): n for n in self.source_names.names.get(kind, [])}
        value = known.get(value.lower(), value)
        try:
            term = parse_term(f"{kind}:{value}")
        except NotifyError as err:
            self._pin_refused(said(err))
            return
        self.pin_error.clear_error()
        note = ""
        if kind in self.source_names.names and value not in self.source_names.names[kind]:
            note = " " + tr("No {0} has that name yet: it matches only a {0} named exactly "
                            "so.").format(kind_label(kind).lower())

        def done(_r: Any) -> None:
            self.pin_value.clear()
            emit(self.message, tr("Added: {0}.").format(pin_text(term, mode)) + note)

        self._call(lambda svc: svc.pin(term, mode), done, changes=True)

    def _pin_refused(self, text: str) -> None:
        """Said under the field typed in (which gets the keyboard), and in the status line."""
        self.pin_error.show_error(text)
        emit(self.message, text)

    def remove_pin(self) -> None:
        item = self.pin_list.currentItem()
        if item is None or not item.data(NAME_ROLE):
            emit(self.message, tr("Select an alert or block first."))
            return
        term = parse_term(str(item.data(NAME_ROLE)))
        mode = str(item.data(NAME_ROLE + 1))
        self._call(lambda svc: svc.unpin(term),
                   lambda _r: emit(self.message, tr("Removed: {0}.").format(
                       pin_text(term, mode))), changes=True)
