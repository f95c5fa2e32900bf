"""A form generated from a source kind's declared settings (``base.Setting``).

A new kind needs no new UI code: text, URL, int, bool, choice, secret and mapping settings each
get their widget here. Secrets are typed into a password field and never shown again: the form
hands the typed value to the caller, which stores it in the keyring and keeps only the reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from notify.core.sources.base import Setting, SettingType


def tr(text: str) -> str:
    return QCoreApplication.translate("KindForm", text)


class KindForm(QWidget):
    def __init__(self, settings: Sequence[Setting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = tuple(settings)
        self.widgets: dict[str, QWidget] = {}
        self._secret_refs: dict[str, str] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # a kind with no settings takes no room
        for setting in self.settings:
            widget = self._make(setting)
            widget.setObjectName(f"setting-{setting.key}")
            widget.setAccessibleName(setting.label)
            if setting.help:
                widget.setToolTip(setting.help)
                widget.setAccessibleDescription(setting.help)
            label = setting.label + (" *" if setting.required else "")
            layout.addRow(label, widget)
            self.widgets[setting.key] = widget
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
            edit.setMaximumHeight(90)
            return edit
        line = QLineEdit()
        if t is SettingType.SECRET:
            line.setEchoMode(QLineEdit.EchoMode.Password)
            line.setPlaceholderText(tr("kept in the system keyring"))
        elif t is SettingType.URL:
            line.setPlaceholderText("https://")
        return line

    def set_values(self, values: Mapping[str, Any]) -> None:
        self._secret_refs = {}
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
                else:
                    widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """Plain settings (secrets excluded: see ``typed_secrets``); kept secret refs included."""
        out: dict[str, Any] = {}
        for setting in self.settings:
            widget = self.widgets[setting.key]
            if setting.type is SettingType.SECRET:
                if setting.key in self._secret_refs:
                    out[setting.key] = self._secret_refs[setting.key]
                continue
            if isinstance(widget, QSpinBox):
                out[setting.key] = widget.value()
            elif isinstance(widget, QCheckBox):
                out[setting.key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[setting.key] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                out[setting.key] = parse_mapping(widget.toPlainText())
            elif isinstance(widget, QLineEdit):
                # URLs are trimmed; other text is kept as typed ("Bearer " has its space)
                text = widget.text().strip() if setting.type is SettingType.URL else widget.text()
                if text or setting.required:
                    out[setting.key] = text
        return out

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


def parse_mapping(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            out[name.strip()] = value.strip()
    return out
