"""The settings window: one tab per page, and a status line for results and errors."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from notify.app.actions import AppActions, shortcuts
from notify.app.bridge import EngineBridge
from notify.app.settings.general_page import GeneralPage
from notify.app.settings.notifications_page import OptionsPage
from notify.app.settings.profile_page import ProfilePage
from notify.app.settings.sources_page import SourcesPage
from notify.app.untrusted_text import no_bidi_controls
from notify.core.paths import Paths


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsWindow", text)


class SettingsWindow(QWidget):
    def __init__(self, bridge: EngineBridge, paths: Paths, parent: QWidget | None = None,
                 *, actions: AppActions | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Notify: settings"))
        self.setAccessibleName(tr("Settings"))
        self.resize(820, 720)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(tr("Settings pages"))
        self.sources = SourcesPage(bridge)
        self.notifications = OptionsPage(bridge, ("notify.",))
        self.polling = OptionsPage(bridge, ("poll.", "fetch.", "store."))
        self.profile = ProfilePage(bridge)
        self.general = GeneralPage(paths)
        for page, title in ((self.sources, tr("Sources")),
                            (self.notifications, tr("Notifications")),
                            (self.polling, tr("Polling and storage")),
                            (self.profile, tr("Profile")),
                            (self.general, tr("General"))):
            page.setAccessibleName(title)
            self.tabs.addTab(scrolling(page) if page is self.sources else page, title)
            page.message.connect(self.say)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # messages name sources and items
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Status"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        # the keys every window of Notify takes, as in the inbox: Ctrl+W closes it, Ctrl+Q
        # quits, F5 polls (not Escape: it would throw away a source's edits being typed)
        close = QAction(tr("Close window"), self)
        close.setShortcuts(shortcuts(QKeySequence.StandardKey.Close, "Ctrl+W",
                                     extra_first=True))
        close.triggered.connect(self.close)
        self.addAction(close)
        if actions is not None:
            for key in ("poll", "quit"):
                self.addAction(actions.action(key))

    def say(self, text: str) -> None:
        self.status.setText(no_bidi_controls(text))


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: a kind with many settings in "Add a source" makes
    the page taller than a small window, and it scrolls instead of squeezing the list."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area
