"""What a screen reader (Orca, through Qt's accessibility) says for each control of Notify's own
windows: every control a person can reach or click has a name, as read through Qt's
accessibility interface (a button's text, a field's label buddy, or its accessible name).
The first run (each step), Settings (every page but Profile, each kind in the Add box, the
editor of a source), the import report, the recovery dialog, the popups and the tray menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from notify.core.paths import Paths

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
            QTextEdit, QPlainTextEdit, QAbstractSlider, QTabBar)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader reads for ``widget``."""
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None and face.isValid()
    return face.text(QAccessible.Text.Name).strip()


def labels(widget: QWidget) -> list[str]:
    """The labels a screen reader reads for ``widget`` (a label whose buddy it is, the title
    of the group box it is in)."""
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    return [label.text(QAccessible.Text.Name) for label, _relation in
            face.relations(QAccessible.RelationFlag.Label)]


def words(text: str) -> str:
    """``text`` as said: no mnemonic "&", no trailing "…", lower case."""
    return " ".join(text.replace("&", "").replace("…", "").lower().split())


def misnamed(window: QWidget, skip: tuple[type, ...] = ()) -> list[str]:
    """The controls of ``window`` a person can reach (shown, or shown with their page) that a
    screen reader would read without a name, or, for a button or a check box, by a name that
    does not contain the words it shows (a sighted helper's "press Poll this source" must be
    what the screen reader calls it, and what voice control answers to); ``skip``: parts owned
    elsewhere."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QHeaderView | QScrollBar):  # read as part of their view
            continue
        if widget.objectName().startswith("qt_") or any(
                isinstance(p, skip) for p in ancestors(widget)):
            continue
        # on Linux Qt reads a combo box's current choice as its name (its accessible name is
        # not used): what it is for is read from its label
        if not spoken_name(widget) or (isinstance(widget, QComboBox) and not labels(widget)):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                         f"{type(widget.parentWidget()).__name__}")
        elif (isinstance(widget, QAbstractButton) and any(c.isalpha() for c in widget.text())
              and words(widget.text()) not in words(spoken_name(widget))):
            found.append(f"{type(widget).__name__} {widget.text()!r} read as "
                         f"{spoken_name(widget)!r}")
    return found


def ancestors(widget: QWidget) -> list[QWidget]:
    out = []
    parent = widget.parentWidget()
    while parent is not None:
        out.append(parent)
        parent = parent.parentWidget()
    return out


def test_every_first_run_step_names_its_controls(qtbot: QtBot, bridge: Any) -> None:
    from notify.app.firstrun import CatalogueFeed, FirstRunDialog

    dialog = FirstRunDialog(bridge, [CatalogueFeed("Local", "Local news",
                                                   "http://127.0.0.1:9/local.xml")])
    qtbot.addWidget(dialog)
    dialog.show()
    assert misnamed(dialog) == []
    dialog.feed_items[0].setCheckState(0, dialog.feed_items[0].checkState(0).Checked)
    dialog.start()
    qtbot.waitUntil(dialog.done_button.isVisible, timeout=20_000)
    assert misnamed(dialog) == []


def test_every_settings_page_but_profile_names_its_controls(
        qtbot: QtBot, bridge: Any, paths: Paths) -> None:
    from notify.app.settings.profile_page import ProfilePage  # its own engineers' page
    from tests.app.settings.conftest import showing_one_source

    window = showing_one_source(qtbot, bridge, paths, lambda e: e.add_source(
        "feed", "http://127.0.0.1:9/a.xml", "Local"))
    page = window.sources
    assert misnamed(window, (ProfilePage,)) == []
    for index in range(page.add_kind.count()):  # each kind's own fields in the Add box
        page.add_kind.setCurrentIndex(index)
        assert misnamed(window, (ProfilePage,)) == [], page.add_kind.currentText()
    page.adder.url_error.show_error("“x” is not a web address.")
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: window.tabs.currentWidget().isVisible())
        assert misnamed(window, (ProfilePage,)) == [], window.tabs.tabText(index)


def test_the_import_report_and_the_recovery_dialog_name_their_controls(
        qtbot: QtBot, paths: Paths) -> None:
    from notify.app.recovery import RecoveryDialog
    from notify.app.settings.import_report import ImportReportDialog
    from notify.core.errors import Advised, DatabaseCorruptError, DatabaseLockedError
    from notify.core.subscriptions import ImportReport

    report = ImportReportDialog("Mine.opml",
                                ImportReport((), (), (), (), (Advised("A warning."),)))
    qtbot.addWidget(report)
    report.show()
    assert misnamed(report) == []
    for error in (DatabaseCorruptError("malformed"), DatabaseLockedError("locked")):
        dialog = RecoveryDialog(error, Path(paths.db), [])
        qtbot.addWidget(dialog)
        dialog.show()
        assert misnamed(dialog) == []


@pytest.mark.parametrize("kind", ["single", "digest"])
def test_a_popup_names_its_controls(qtbot: QtBot, kind: str) -> None:
    from notify.app.notifier.popup import PopupNotifier
    from notify.core.events import NotificationPlanned

    notifier = PopupNotifier()
    notifier.show(NotificationPlanned(7, kind, "Rust 2.0 released", "The Rust team…", "why",
                                      (42,), ("https://example.org/rust",)))
    try:
        assert notifier.current is not None
        assert misnamed(notifier.current) == []
        assert spoken_name(notifier.current)
    finally:
        notifier.close_all()


def test_the_tray_menu_says_each_entry(qtbot: QtBot) -> None:
    from notify.app.tray import Tray

    tray = Tray()
    assert all(action.text() for action in tray.menu.actions() if not action.isSeparator())
    assert spoken_name(tray.menu)
