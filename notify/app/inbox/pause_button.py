"""The inbox toolbar's Pause: the app's own pause commands (``AppActions``), on one button that
shows whether notifications are paused and until when.

Not paused, it reads "Pause" and opens the Pause submenu the tray and the menu bar show (For 1
hour, Until tomorrow 07:00, Until I resume). Paused, it is checked, reads "Paused until 14:30"
(its tooltip says what that means), and a click resumes (the shared Resume action). Its checked
state follows only the real state (``set_paused``, which the shell calls wherever the pause was
set: a menu, the tray, ``notify pause``), never a click by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from notify.app.actions import AppActions, key_text


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
        self.clicked.connect(self._clicked)
        self.set_paused(actions.paused)

    def nextCheckState(self) -> None:
        """A click does not check or uncheck it: pausing or resuming does (``set_paused``)."""

    def set_paused(self, paused: bool, until: str = "") -> None:
        """``until``: when the pause ends, in words ("until 14:30", "until you resume")."""
        self.setChecked(paused)
        if paused:
            self.setMenu(None)  # type: ignore[arg-type]  # a click resumes
            self.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)
            when = f" {until}" if until else ""
            self.setText(tr("Paused{0}").format(when))
            self.setAccessibleName(tr("Notifications paused{0}: resume").format(when))
            resume = self.app_actions.action("resume")
            keys = key_text(resume)
            self.setToolTip(tr("Notifications are paused{0}; items found meanwhile stay in the "
                               "inbox. Click to resume them{1}.").format(
                when, f" ({keys})" if keys else ""))
        else:
            menu = self.app_actions.pause_menu
            self.setMenu(menu)  # For 1 hour, Until tomorrow 07:00, Until I resume
            self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.setText(tr("Pause"))
            self.setAccessibleName(tr("Pause notifications"))
            self.setToolTip(menu.menuAction().toolTip())

    def _clicked(self) -> None:
        if self.isChecked():  # paused (not paused, a press opens the menu instead)
            self.app_actions.action("resume").trigger()
