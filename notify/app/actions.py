"""The app's commands as shared ``QAction``s: Open inbox, Poll now, Pause notifications (a
submenu), Resume notifications, Settings…, Quit, each with its standard shortcut.

One place for each command: the tray's menu and the inbox's menu bar and toolbar show these same
actions, so the inbox reaches every command when the desktop has no tray (or hides it, as GNOME
does). The actions only emit intents; the shell decides what they do.

While paused, Resume says until when ("Resume notifications (paused until 14:30)"), worked out
again each time a menu showing it is about to open (``QMenu.aboutToShow``), never by a timer:
"until tomorrow 07:00" reads "until 07:00" after midnight, and a pause that has ended by then
shows Pause again.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from notify.app.qtcompat import emit
from notify.core import pause as pausing

PAUSE_HOUR = "hour"
PAUSE_TOMORROW = "tomorrow"
PAUSE_UNTIL_RESUMED = "resumed"


def tr(text: str) -> str:
    return QCoreApplication.translate("AppActions", text)


def shortcuts(standard: QKeySequence.StandardKey | None, *extra: str,
              extra_first: bool = False) -> list[QKeySequence]:
    """The platform's keys for ``standard`` (e.g. Ctrl+Shift+, for Preferences on KDE) and
    ``extra`` keys that are the common convention elsewhere, no key twice. The first is the one
    menus show: the platform's, unless ``extra_first``."""
    platform = QKeySequence.keyBindings(standard) if standard is not None else []
    common = [QKeySequence(k) for k in extra]
    keys = common + platform if extra_first else platform + common
    out: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in out:
            out.append(key)
    return out


def key_text(action: QAction) -> str:
    """The first shortcut of ``action`` as the platform writes it ("Ctrl+,"), or ""; a plain
    letter as it is typed ("j"), as docs/app.md writes the inbox's keys: Qt writes a plain j
    "J", which reads as Shift+J."""
    return key_words(action.shortcut())


def key_words(keys: QKeySequence) -> str:
    """``keys`` as ``key_text`` writes them."""
    text = keys.toString(QKeySequence.SequenceFormat.NativeText)
    if keys.count() == 1 and plain_letter(keys):
        return text.lower()
    return text


def plain_letter(keys: QKeySequence) -> bool:
    """``keys`` begin with a letter typed without Ctrl, Alt or Shift."""
    if keys.isEmpty():
        return False
    first = keys.toString(QKeySequence.SequenceFormat.PortableText).split(", ")[0]
    return len(first) == 1 and "A" <= first <= "Z"  # ("Shift+J", "Ctrl+J", "/", "F5": not)


class AppActions(QObject):
    openInbox = Signal()
    pollNow = Signal()
    pause = Signal(str)  # PAUSE_HOUR | PAUSE_TOMORROW | PAUSE_UNTIL_RESUMED
    resume = Signal()
    openSettings = Signal()
    quit = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}
        self._add("inbox", tr("Open inbox"), self.openInbox)
        self._add("poll", tr("Poll now"), self.pollNow,
                  shortcuts(QKeySequence.StandardKey.Refresh, "F5", "Ctrl+R"),
                  tr("Fetch every source now"))
        # One submenu, shown by the tray's menu and the inbox's menu bar alike.
        self.pause_menu = QMenu(tr("Pause notifications"))
        self.pause_menu.setAccessibleName(tr("Pause notifications"))
        self.pause_menu.menuAction().setToolTip(
            tr("Hold notifications for a while; items still reach the inbox"))
        for key, label in ((PAUSE_HOUR, tr("For 1 hour")),
                           (PAUSE_TOMORROW, tr("Until tomorrow 07:00")),
                           (PAUSE_UNTIL_RESUMED, tr("Until I resume"))):
            action = QAction(label, self)
            action.triggered.connect(lambda _=False, k=key: emit(self.pause, k))
            self.pause_menu.addAction(action)
            self._actions[f"pause-{key}"] = action
        self._add("resume", tr("Resume notifications"), self.resume)
        self._add("settings", tr("Settings…"), self.openSettings,
                  shortcuts(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
                  tr("Sources, notifications, polling, your profile"))
        self._add("quit", tr("Quit"), self.quit,
                  shortcuts(QKeySequence.StandardKey.Quit, "Ctrl+Q"),
                  tr("Stop Notify: no more polls or notifications until you start it again"))
        self.paused = False
        self.paused_until = pausing.NOT_PAUSED  # as stored: -1 until resumed, else a time
        self.set_paused(False)

    def _add(self, key: str, label: str, signal: SignalInstance,
             keys: list[QKeySequence] | None = None, tip: str = "") -> None:
        action = QAction(label, self)
        if keys:
            action.setShortcuts(keys)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: emit(signal))
        self._actions[key] = action

    def action(self, key: str) -> QAction:
        return self._actions[key]

    def set_paused(self, paused: bool, until: float = pausing.NOT_PAUSED) -> None:
        """While paused, the menus offer Resume, saying until when (``until`` as
        ``notify.paused_until`` stores it: -1 until resumed, else a POSIX time; 0 not known),
        instead of the Pause submenu."""
        self.paused = paused
        self.paused_until = until if paused else pausing.NOT_PAUSED
        self.refresh_pause()

    def pause_words(self, now: float | None = None) -> str:
        """Until when notifications are paused, in words, now ("until 14:30", "until you
        resume"); "" when not paused or not known."""
        from notify.app.pause_watch import pause_text  # (it imports this module's choices)

        now = time.time() if now is None else now
        until = self.paused_until
        if not self.paused or until == pausing.NOT_PAUSED or not pausing.is_paused(until, now):
            return ""
        return pause_text(until, now)

    def refresh_pause(self, now: float | None = None) -> None:
        """Pause or Resume, as it is ``now``: Resume says until when; a pause that ended by
        now offers Pause again (the pause's own timer may not have said so yet)."""
        now = time.time() if now is None else now
        ended = (self.paused and self.paused_until != pausing.NOT_PAUSED
                 and not pausing.is_paused(self.paused_until, now))
        paused = self.paused and not ended
        words = self.pause_words(now) if paused else ""
        resume = self._actions["resume"]
        resume.setText(tr("Resume notifications (paused {0})").format(words) if words
                       else tr("Resume notifications"))
        resume.setVisible(paused)
        self.pause_menu.menuAction().setVisible(not paused)

    def set_polling(self, polling: bool) -> None:
        self._actions["poll"].setEnabled(not polling)

    def add_app_commands(self, menu: QMenu) -> None:
        """Poll now, Pause/Resume, Settings…, Quit: the commands every window offers; Resume
        says until when as the menu opens."""
        menu.aboutToShow.connect(lambda: self.refresh_pause())
        menu.addAction(self._actions["poll"])
        menu.addMenu(self.pause_menu)
        menu.addAction(self._actions["resume"])
        menu.addSeparator()
        menu.addAction(self._actions["settings"])
        menu.addSeparator()
        menu.addAction(self._actions["quit"])
