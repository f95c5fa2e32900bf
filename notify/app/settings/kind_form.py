"""A form generated from a source kind's declared settings (``base.Setting``): the one form
behind both "Add a source" and the selected source's editor.

A new kind needs no new UI code: text, URL, int, bool, choice, secret and mapping settings each
get their widget here (a choice a combo box, a bool a check box), required ones marked "*",
optional ones holding their default, each with its help under it. A setting that applies only
with certain values of another (``Setting.applies_when``: Mastodon's hashtag, only for the tag
timeline) is greyed out, its error cleared and its value not given, while the other holds
none of them; its tooltip says when it applies. Secrets are typed into a
password field and never shown again: the form hands the typed value to the caller, which
stores it in the keyring and keeps only the reference.

The core's messages name the address "the address", as the form does (their advice, carried
as data, is worded in ``advice_words``, a setting to give with the field's label from the
kind's settings); nothing is reworded here. ``show_error`` says a message under the field it
names (“GitHub token”), that field marked and given the keyboard. Enter in a text or number
field is ``submitted``: the add box adds, the editor saves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from notify.app.settings.field_error import FieldError
from notify.app.settings.placeholder_fit import placeholder_width
from notify.app.untrusted_text import mnemonic_free
from notify.core.sources.base import Setting, SettingType

MAPPING_LINES = 4  # a name: value list shows this many lines, then scrolls
# a text field is at least as wide as its placeholder, up to PLACEHOLDER_CHARS characters
# (the window reflows to 48), and FIELD_CHARS however short its placeholder: beside a long
# label ("Hashtag (for the tag timeline)") a field of a few characters had its help under it
# one word a line
PLACEHOLDER_CHARS = 36
FIELD_CHARS = 20

def tr(text: str) -> str:
    return QCoreApplication.translate("KindForm", text)


class KindForm(QWidget):
    submitted = Signal()  # Enter pressed in one of its text or number fields

    def __init__(self, settings: Sequence[Setting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = tuple(settings)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}  # per setting: what is wrong, under its field
        self._secret_refs: dict[str, str] = {}
        self._chosen: set[str] = set()  # choices the person picked since ``set_values``
        self._labels: dict[str, QLabel] = {}  # each field's label (greyed with it)
        self._fields: dict[str, QWidget] = {}  # each field with its help and error
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # a kind with no settings takes no room
        # in a narrow window a long label ("Access token (home, notifications)") goes above its
        # field: side by side they made the page wider than the window, its help cut at the side;
        # a field is as wide as its placeholder at least (``_make``), so a label goes above its
        # field rather than leave it "kep…" for "kept in the system keyring" at 480 px
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for setting in self.settings:
            widget = self._make(setting)
            widget.setObjectName(f"setting-{setting.key}")
            widget.setAccessibleName(setting.label)
            if setting.help:
                widget.setToolTip(setting.help)
                widget.setAccessibleDescription(setting.help)
            text = mnemonic_free(setting.label) + (" *" if setting.required else "")
            error = FieldError(widget)
            field = with_error(with_help(setting, widget), widget, error)
            layout.addRow(text, field)
            label = layout.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(widget)  # the field itself, not the column holding it
                self._labels[setting.key] = label
            self._fields[setting.key] = field
            self.widgets[setting.key] = widget
            self.errors[setting.key] = error
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.submitted)
            elif isinstance(widget, QSpinBox):
                widget.lineEdit().returnPressed.connect(self.submitted)
            elif isinstance(widget, QComboBox):  # ``activated``: only the person's own pick
                widget.activated.connect(lambda _i, key=setting.key: self._chosen.add(key))
        self.required_note: QLabel | None = None
        if any(s.required for s in self.settings):
            self.required_note = secondary(QLabel(tr("* required")))
            self.required_note.setObjectName("kind-form-required")
            layout.addRow("", self.required_note)
        for key in {s.applies_when[0] for s in self.settings if s.applies_when is not None}:
            changed(self.widgets.get(key), self.update_applies)
        self.set_values({})

    @staticmethod
    def _make(setting: Setting) -> QWidget:
        t = setting.type
        if t is SettingType.INT:
            spin = QSpinBox()
            spin.setRange(-1_000_000, 1_000_000)
            return spin
        if t is SettingType.BOOL:
            return QCheckBox()
        if t is SettingType.CHOICE:
            combo = QComboBox()
            for choice in setting.choices:
                combo.addItem(choice, choice)
            return combo
        if t is SettingType.MAPPING:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(tr("one per line: name: value"))
            # as tall as MAPPING_LINES lines of its font (64 px cut the third line at 14 pt),
            # and half a line more: the text's layout rounds each line's height up
            margins = 2 * (edit.frameWidth() + round(edit.document().documentMargin()))
            lines = (MAPPING_LINES + 0.5) * edit.fontMetrics().lineSpacing()
            edit.setMaximumHeight(round(lines) + margins)
            return edit
        line = QLineEdit()
        if t is SettingType.SECRET:
            line.setEchoMode(QLineEdit.EchoMode.Password)
            line.setPlaceholderText(tr("kept in the system keyring"))
        elif t is SettingType.URL:
            line.setPlaceholderText("https://")
        fit_placeholder(line)
        return line

    def set_values(self, values: Mapping[str, Any]) -> None:
        self._secret_refs = {}
        self._chosen = set()
        for setting in self.settings:
            value = values.get(setting.key, setting.default)
            widget = self.widgets[setting.key]
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value or 0))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("\n".join(f"{k}: {v}" for k, v in dict(value or {}).items()))
            elif isinstance(widget, QLineEdit):
                if setting.type is SettingType.SECRET:
                    widget.clear()
                    if value:
                        self._secret_refs[setting.key] = str(value)
                        widget.setPlaceholderText(tr("stored in the keyring; type to replace"))
                        fit_placeholder(widget)
                else:
                    widget.setText("" if value is None else str(value))
        self.update_applies()

    def applies(self, setting: Setting) -> bool:
        """Whether ``setting`` applies with what the form holds now (``applies_when``)."""
        if setting.applies_when is None:
            return True
        key = setting.applies_when[0]
        other = next((s for s in self.settings if s.key == key), None)
        return other is not None and setting.applies({key: self._value(other)})

    def update_applies(self) -> None:
        """Each setting that applies only with certain values of another: its field enabled
        while it applies; greyed out, its error cleared, otherwise (its text kept, for when
        it applies again, but not given: ``values``)."""
        by_key = {s.key: s for s in self.settings}
        for setting in self.settings:
            if setting.applies_when is None:
                continue
            on = self.applies(setting)
            key, wanted = setting.applies_when
            other = by_key.get(key)
            when = tr("Only when “{0}” is {1}.").format(
                other.label if other is not None else key,
                tr(" or ").join(str(v) for v in wanted))
            self._fields[setting.key].setEnabled(on)
            label = self._labels.get(setting.key)
            if label is not None:
                label.setEnabled(on)
            widget = self.widgets[setting.key]
            tip = f"{setting.help}\n{when}" if setting.help else when
            widget.setToolTip(tip)
            widget.setAccessibleDescription(tip)
            if not on:
                self.errors[setting.key].clear_error()

    def _value(self, setting: Setting) -> Any:
        """What ``setting``'s widget holds (a secret's: the text typed, if any)."""
        widget = self.widgets[setting.key]
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QPlainTextEdit):
            return parse_mapping(widget.toPlainText())
        if isinstance(widget, QLineEdit):
            # URLs are trimmed; other text is kept as typed ("Bearer " has its space)
            return widget.text().strip() if setting.type is SettingType.URL else widget.text()
        return None

    def values(self, *, picked_choices_only: bool = False) -> dict[str, Any]:
        """Plain settings (secrets excluded: see ``typed_secrets``); kept secret refs included.
        ``picked_choices_only`` (a new source): a choice left at its default, not picked by the
        person, is not given, so that the address decides it (a GitHub user's page follows
        their events, a Mastodon hashtag page its tag timeline), as ``notify sources add``
        lets it. A setting that does not apply now (``applies``) is not given."""
        out: dict[str, Any] = {}
        for setting in self.settings:
            widget = self.widgets[setting.key]
            if not self.applies(setting):
                continue
            if (picked_choices_only and isinstance(widget, QComboBox)
                    and setting.key not in self._chosen
                    and widget.currentData() == setting.default):
                continue
            if setting.type is SettingType.SECRET:
                if setting.key in self._secret_refs:
                    out[setting.key] = self._secret_refs[setting.key]
                continue
            value = self._value(setting)
            if isinstance(widget, QLineEdit) and not value and not setting.required:
                continue  # an empty optional text: not given
            out[setting.key] = value
        return out

    def show_error(self, message: str) -> bool:
        """Say ``message`` (in this form's words) under the first field it names by its
        label (“GitHub token”), that field marked and given the keyboard; False when it names
        none of them (the caller says it elsewhere)."""
        for setting in self.settings:
            if f"“{setting.label}”" in message and self.applies(setting):
                self.errors[setting.key].show_error(message)
                return True
        return False

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_error()

    def typed_secrets(self) -> dict[str, str]:
        """Secrets the person typed in this form (to go to the keyring, never to a file)."""
        out: dict[str, str] = {}
        for setting in self.settings:
            widget = self.widgets[setting.key]
            if (setting.type is SettingType.SECRET and isinstance(widget, QLineEdit)
                    and widget.text()):
                out[setting.key] = widget.text()
        return out

    def clear_secrets(self) -> None:
        for setting in self.settings:
            widget = self.widgets[setting.key]
            if setting.type is SettingType.SECRET and isinstance(widget, QLineEdit):
                widget.clear()


def fit_placeholder(line: QLineEdit) -> None:
    """``line`` at least as wide as its placeholder (up to ``PLACEHOLDER_CHARS``) and
    ``FIELD_CHARS``: beside its label while that fits, else under it (``WrapLongRows``)."""
    char = line.fontMetrics().averageCharWidth()
    line.setMinimumWidth(min(max(placeholder_width(line), FIELD_CHARS * char),
                             PLACEHOLDER_CHARS * char))


def changed(widget: QWidget | None, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever what ``widget`` holds changes (whichever the person changes)."""
    if isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: slot())
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(lambda _on: slot())
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(lambda _v: slot())
    elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.textChanged.connect(slot)


def secondary(label: QLabel) -> QLabel:
    """``label`` as secondary text (help, notes): the palette's placeholder colour."""
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def with_help(setting: Setting, widget: QWidget) -> QWidget:
    """The field with its help written under it, as on the other settings pages."""
    if isinstance(widget, QLineEdit) and widget.placeholderText() == setting.help:
        return widget
    return under_help(widget, setting.help, setting.key)


def with_error(field: QWidget, widget: QWidget, error: FieldError) -> QWidget:
    """``field`` (``widget``, or it with its help under it) with ``error`` right under
    ``widget``, above the help."""
    column = field.layout() if field is not widget else None
    if isinstance(column, QVBoxLayout):
        column.insertWidget(1, error)
        return field
    return stacked(widget, error)


def stacked(*widgets: QWidget) -> QWidget:
    """``widgets`` one under the other, close together, in a widget of their own."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    return holder


def under_help(widget: QWidget, help_text: str, key: str) -> QWidget:
    """``widget`` with ``help_text`` under it in secondary text (the label is named
    ``help-<key>``); the widget itself when there is no help. Every settings page uses it."""
    if not help_text:
        return widget
    help_label = secondary(QLabel(help_text))
    help_label.setObjectName(f"help-{key}")
    return stacked(widget, help_label)


def parse_mapping(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            out[name.strip()] = value.strip()
    return out
