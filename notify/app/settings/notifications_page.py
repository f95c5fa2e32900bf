"""Settings → Notifications: every option of ``notify.core.settings.OPTIONS`` (except the
pause, which the tray and the inbox's menu own), as a form generated from the schema.

Each field shows its option's help under it, and a value the schema refuses is said under its
field (marked, and given the keyboard) before anything is saved. A switch named
``<stem>_enabled`` (``Quiet hours``) comes before the options that share its stem
(``quiet_start``, ``quiet_end``) and enables them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.field_error import FieldError
from notify.app.settings.kind_form import under_help
from notify.app.text_size import text_width
from notify.core.pause import PAUSED_UNTIL
from notify.core.settings import OPTIONS, QUIET_KEYS, Option, check_together, coerce

log = logging.getLogger(__name__)
HIDDEN = frozenset({PAUSED_UNTIL})
FIELD_EMS = 12  # a number or time field is at most this wide (or its size hint), not the page
FIELD_LEAST_CHARS = 26  # a field and its help beside their label; under it when narrower


def tr(text: str) -> str:
    return QCoreApplication.translate("NotificationsPage", text)


ENABLED_SUFFIX = "_enabled"


def enabler_of(opt: Option, options: list[Option]) -> Option | None:
    """The switch that enables ``opt``: ``notify.quiet_enabled`` for ``notify.quiet_start``."""
    for other in options:
        if other.type is bool and other.key.endswith(ENABLED_SUFFIX) and other is not opt:
            stem = other.key.removesuffix(ENABLED_SUFFIX) + "_"
            if opt.key.startswith(stem):
                return other
    return None


def form_order(options: list[Option]) -> list[Option]:
    """The schema's order, except that each switch comes right before what it enables."""
    dependents = {o.key: enabler_of(o, options) for o in options}
    out: list[Option] = []
    for opt in options:
        if dependents[opt.key] is not None or opt in out:
            continue  # placed right after its switch
        out.append(opt)
        out += [o for o in options if dependents[o.key] is opt]
    return out


def option_widget(opt: Option) -> QWidget:
    widget: QWidget
    if opt.type is bool:
        widget = QCheckBox(opt.label)
    elif opt.type is int:
        spin = QSpinBox()
        spin.setRange(int(opt.minimum or 0), int(opt.maximum if opt.maximum is not None
                                                 else 1_000_000))
        widget = spin
    elif opt.type is float:
        dspin = QDoubleSpinBox()
        dspin.setDecimals(2)
        dspin.setSingleStep(0.05)
        dspin.setRange(float(opt.minimum or 0.0), float(opt.maximum if opt.maximum is not None
                                                        else 1e9))
        widget = dspin
    else:
        widget = QLineEdit()
    widget.setObjectName(f"option-{opt.key}")
    widget.setAccessibleName(opt.label)
    widget.setToolTip(opt.help)
    widget.setAccessibleDescription(opt.help)
    return widget


def set_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value))


def same(widget: QWidget, shown: Any, stored: Any) -> bool:
    """``shown`` (what ``widget`` holds) is ``stored``: a number as its field rounds it."""
    if isinstance(widget, QDoubleSpinBox) and isinstance(stored, int | float):
        return round(float(shown), widget.decimals()) == round(float(stored), widget.decimals())
    return bool(shown == stored)


def get_value(widget: QWidget) -> Any:
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    return None


class OptionsPage(QWidget):
    """A form over a set of options (by key prefix); loads and saves through the engine."""

    message = Signal(str)

    def __init__(self, bridge: EngineBridge, prefixes: tuple[str, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.options = [o for o in OPTIONS if o.key.startswith(prefixes) and o.key not in HIDDEN]
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}  # said under the field (not for a check box)
        self.loaded: dict[str, Any] = {}
        layout = QFormLayout(self)
        # a label above its field when the window is too narrow for both side by side
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for opt in form_order(self.options):
            widget = option_widget(opt)
            if not isinstance(widget, QCheckBox):  # a number or a time: as wide as it needs
                em = widget.fontMetrics().horizontalAdvance("M")
                widget.setMaximumWidth(max(widget.sizeHint().width(), FIELD_EMS * em))
            set_value(widget, opt.default)
            self.widgets[opt.key] = widget
            if isinstance(widget, QCheckBox):
                # named in its own text, its help wrapped under it: a check box's text never
                # wraps, and a long help in it made the page (and the window) 1,217 px wide
                # at 14 pt, wider than the screen with a larger font
                field = under_help(widget, opt.help, opt.key)
                layout.addRow("", field)
            else:
                field = self._with_error(opt, under_help(widget, opt.help, opt.key))
                # its help never squeezed into a sliver beside a long label: below that
                # width, the label goes above the field (``WrapLongRows``)
                field.setMinimumWidth(text_width(field, FIELD_LEAST_CHARS))
                layout.addRow(opt.label, field)
            switch = enabler_of(opt, self.options)
            if switch is not None:
                box = self.widgets[switch.key]
                assert isinstance(box, QCheckBox)
                field.setEnabled(box.isChecked())
                box.toggled.connect(field.setEnabled)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setAccessibleName(tr("Save settings"))
        self.save_button.clicked.connect(lambda: self.save())
        save_row = QHBoxLayout()  # the button as wide as its word, not the window
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        layout.addRow("", save_row)
        if bridge.running:
            self.load()
        else:
            bridge.started.connect(self.load)
        bridge.settingsChanged.connect(self._changed_elsewhere)

    def _with_error(self, opt: Option, field: QWidget) -> QWidget:
        """``field`` (the option's widget, its help under it) with room for an error right
        under the widget."""
        widget = self.widgets[opt.key]
        if field is widget:  # no help: a column of its own
            field = QWidget()
            column = QVBoxLayout(field)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
        error = FieldError(widget, field)
        layout = field.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, error)
        self.errors[opt.key] = error
        return field

    def load(self) -> None:
        keys = [o.key for o in self.options]
        ops.Op(self, lambda engine: {k: engine.setting(k) for k in keys}, self._loaded
               ).failure(self._failed).run_in_background(self.bridge)

    def _loaded(self, values: dict[str, Any]) -> None:
        self.loaded.update(values)
        for key, value in values.items():
            set_value(self.widgets[key], value)

    def _changed_elsewhere(self, event: Any) -> None:
        """Settings changed (``notify settings set`` in a terminal, or this page's Save): the
        fields show the new values, except those the person is editing."""
        keys = [k for k in getattr(event, "keys", ()) if k in self.widgets
                and same(self.widgets[k], get_value(self.widgets[k]), self.loaded.get(k))]
        if keys:
            ops.Op(self, lambda engine: {k: engine.setting(k) for k in keys}, self._loaded
                   ).failure(self._failed).run_in_background(self.bridge)

    def _changed(self) -> dict[str, Any]:
        """What the fields hold that differs from what is stored (once it is read)."""
        return {k: get_value(w) for k, w in self.widgets.items()
                if k in self.loaded and not same(w, get_value(w), self.loaded[k])}

    def unsaved(self) -> list[str]:
        """The labels of the fields changed and not saved (``unsaved.HoldsChanges``)."""
        changed = self._changed()
        return [o.label for o in form_order(self.options) if o.key in changed]

    def discard(self) -> None:
        """The fields as stored again, their errors gone."""
        for error in self.errors.values():
            error.clear_error()
        self._loaded({k: self.loaded[k] for k in self._changed()})

    def save_then(self, done: Callable[[], None]) -> None:
        self.save(then=done)

    def save(self, *, then: Callable[[], None] | None = None) -> None:
        """Store the fields changed, together; ``then()`` once they are (not when refused)."""
        changed = self._changed()
        for error in self.errors.values():
            error.clear_error()
        if not changed:
            emit(self.message, tr("Nothing to save."))
            if then is not None:
                then()
            return
        if not self._valid(changed):
            return

        def run(engine: Any) -> dict[str, Any]:
            # together: rules across options see the result of all of them (quiet hours that
            # would start when they end are refused, and nothing is saved)
            stored: dict[str, Any] = engine.set_settings(changed)
            return stored

        def done(stored: dict[str, Any]) -> None:
            self.loaded.update(stored)
            emit(self.message, tr("Saved."))
            if then is not None:
                then()

        ops.Op(self, run, done).failure(self._failed).run_in_background(self.bridge)

    def _valid(self, changed: dict[str, Any]) -> bool:
        """Check ``changed`` with the schema's own rules before saving: a value it refuses is
        said under its field, which is marked and gets the keyboard (the first such field);
        the window's status line says it too. False when anything was refused."""
        clean: dict[str, Any] = {}
        refused: list[tuple[str, str]] = []
        for key in (o.key for o in form_order(self.options)):
            if key in changed:
                try:
                    clean[key] = coerce(key, changed[key])
                except ValueError as err:
                    refused.append((key, str(err)))
        if not refused:
            try:
                check_together({**self.loaded, **clean}, clean)
            except ValueError as err:
                # quiet hours that would start when they end: said under the end (or the
                # start when only that changed), both marked
                under = next((k for k in reversed(QUIET_KEYS) if k in changed
                              and k in self.errors), None)
                if under is None:
                    emit(self.message, str(err))
                    return False
                refused = [(under, str(err))]
                for other in QUIET_KEYS:
                    if other != under and other in self.errors:
                        self.errors[other].show_error("", focus=False)  # marked too
        for i, (key, message) in enumerate(refused):
            if key in self.errors:
                self.errors[key].show_error(message, focus=i == 0)
        if refused:
            emit(self.message, refused[0][1])
        return not refused

    def _failed(self, err: BaseException) -> None:
        ops.log_failure(log, "settings", err)
        emit(self.message, said(err))
