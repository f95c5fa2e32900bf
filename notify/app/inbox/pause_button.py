"""The inbox toolbar's Pause: the app's own pause commands (``AppActions``), on one button that
shows whether notifications are paused and until when.

Not paused, it reads "Pause" and opens the Pause submenu the tray and the menu bar show (For 1
hour, Until tomorrow 07:00, Until I resume). Paused, it is checked and reads "Paused", whatever
until when: its tooltip and accessible name say until when in full ("Notifications are paused
until 14:30…"), as the footer's line does, and a click resumes (the shared Resume action). Said
on the button, "Paused until tomorrow 07:00" made it 200 px wider than "Pause" at 14 pt and sent
Settings, Save and Undo into the toolbar's "»". Its checked
state follows only the real state (``set_paused``, which the shell calls wherever the pause was
set: a menu, the tray, ``notify pause``), never a click by itself.

The submenu is opened with ``QMenu.popup`` (it returns at once), never set as the button's own
menu: a ``QToolButton`` runs its menu with a nested ``exec()`` that waits until the menu closes,
which would hold a test (offscreen, where nobody can close it) or any caller of ``click()``. The
button draws its menu arrow itself, and opens the menu only while it is on screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QStyle, QStyleOptionToolButton, QStylePainter, QToolButton, QWidget

from notify.app.actions import AppActions, key_text

log = logging.getLogger(__name__)
# on a toolbar too narrow for the words (``toolbar.py``); ⏸ is missing from common fonts
# (DejaVu Sans drew a box)
PAUSE_SYMBOL = "❚❚"

def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class PauseButton(QToolButton):
    def __init__(self, actions: AppActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inbox-pause")
        self.setCheckable(True)
        self.setAutoRaise(True)  # as the toolbar's other buttons
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.app_actions = actions
        self.compact = False  # a symbol, not words (``toolbar.py``: where the words do not fit)
        self._until = ""
        self.clicked.connect(self._clicked)
        self.set_paused(actions.paused)

    def set_compact(self, compact: bool) -> None:
        """``PAUSE_SYMBOL`` rather than "Pause" or "Paused" (checked while paused either way);
        its tooltip and accessible name say the same words."""
        if compact != self.compact:
            self.compact = compact
            self.set_paused(self.isChecked(), self._until)

    def words_width(self) -> int:
        """Its width with its words on it."""
        metrics = self.fontMetrics()
        flags = Qt.TextFlag.TextShowMnemonic
        word = tr("Paused") if self.isChecked() else tr("Pause")
        return (self.sizeHint().width() - metrics.size(flags, self.text()).width()
                + metrics.size(flags, word).width())

    def nextCheckState(self) -> None:
        """A click does not check or uncheck it: pausing or resuming does (``set_paused``)."""

    def set_paused(self, paused: bool, until: str = "") -> None:
        """``until``: when the pause ends, in words ("until 14:30", "until you resume")."""
        self.setChecked(paused)
        self._until = until
        if paused:  # a click resumes
            when = f" {until}" if until else ""
            # as wide whatever until when (the module's note)
            self.setText(PAUSE_SYMBOL if self.compact else tr("Paused"))
            self.setAccessibleName(tr("Notifications paused{0}: resume").format(when))
            resume = self.app_actions.action("resume")
            keys = key_text(resume)
            self.setToolTip(tr("Notifications are paused{0}; items found meanwhile stay in the "
                               "inbox. Click to resume them{1}.").format(
                when, f" ({keys})" if keys else ""))
        else:
            menu = self.app_actions.pause_menu  # a click opens it (``open_menu``)
            self.setText(PAUSE_SYMBOL if self.compact else tr("Pause"))
            self.setAccessibleName(tr("Pause notifications"))
            self.setToolTip(menu.menuAction().toolTip())

        self.updateGeometry()  # the menu arrow comes or goes
        self.update()

    def _clicked(self) -> None:
        if self.isChecked():  # paused
            self.app_actions.action("resume").trigger()
        else:
            self.open_menu()

    def open_menu(self) -> None:
        """The Pause submenu (For 1 hour, Until tomorrow 07:00, Until I resume) below the
        button, without waiting for it to close; not while the button is not on screen."""
        if not self.isVisible():
            log.info("the toolbar's Pause is not on screen: its menu is not opened")
            return
        menu = self.app_actions.pause_menu
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))

    def _style_option(self) -> QStyleOptionToolButton:
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        if not self.isChecked():  # drawn as a button with a menu, as it opens one
            option.features |= QStyleOptionToolButton.ToolButtonFeature.HasMenu
        return option

    def paintEvent(self, _event: QPaintEvent) -> None:
        QStylePainter(self).drawComplexControl(QStyle.ComplexControl.CC_ToolButton,
                                               self._style_option())
