"""Settings → General: start at login (an XDG autostart entry), the data folder, about."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from notify import __version__
from notify.app import desktop_entry
from notify.app.qtcompat import emit
from notify.core.paths import Paths

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("GeneralPage", text)


class GeneralPage(QWidget):
    message = Signal(str)

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        layout = QFormLayout(self)
        # a label above its field when the window is too narrow for both side by side
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.autostart = QCheckBox(tr("Start Notify when I log in"))
        self.autostart.setAccessibleName(tr("Start Notify when I log in"))
        self.autostart.setChecked(desktop_entry.autostart_enabled())
        self.autostart.toggled.connect(self._set_autostart)
        # read-only, selectable, and as narrow as the window: a long path (one word, that a
        # label cannot wrap) scrolls inside the field, whole in its tooltip
        folder = self.folder = QLineEdit(str(paths.data_dir))
        folder.setReadOnly(True)
        folder.setCursorPosition(0)
        folder.setToolTip(str(paths.data_dir))
        folder.setAccessibleName(tr("Data folder"))
        open_folder = QPushButton(tr("Open data folder"))
        open_folder.setAccessibleName(tr("Open data folder"))
        open_folder.clicked.connect(self.open_folder)
        self.open_button = open_folder
        about = QLabel(tr("Notify {0}. Everything about you stays on this computer: the profile "
                          "is learned here and never sent anywhere.").format(__version__))
        about.setWordWrap(True)
        about.setAccessibleName(tr("About Notify"))
        layout.addRow("", self.autostart)
        layout.addRow(tr("Data folder"), folder)
        button_row = QHBoxLayout()  # the button as wide as its words, not the window
        button_row.addWidget(open_folder)
        button_row.addStretch(1)
        layout.addRow("", button_row)
        layout.addRow(tr("About"), about)

    def open_folder(self) -> None:
        """The data folder in the desktop's file manager; said when none could open it (the
        click did nothing)."""
        folder = self.paths.data_dir
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            log.warning("no file manager opened %s", folder)
            emit(self.message, tr("No file manager could open the data folder {0}. Its path "
                                  "is shown above: select it to copy it.").format(folder))

    def _set_autostart(self, enabled: bool) -> None:
        try:
            path = desktop_entry.set_autostart(enabled, self.paths.data_dir)
        except OSError as err:
            log.error("changing the autostart entry failed: %s", err)
            emit(self.message, tr("Could not change {0}: {1}").format(
                desktop_entry.autostart_path(), err.strerror or err))
            return
        emit(self.message, tr("Notify starts at login ({0}).").format(path) if enabled
             else tr("Notify no longer starts at login."))
