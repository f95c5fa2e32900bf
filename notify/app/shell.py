"""Wires the running app together: bridge, notifier, tray, and the windows (made on demand).

Holds no logic of its own beyond routing intents: the tray's and bubbles' actions become engine
operations; engine events update the tray and the windows. It also decides when the app ends:
Quit, or the last window closed while no tray shows Notify (asked at that moment: a tray may
have gone, or come, since the start). Every way out goes through ``shutdown``, once.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from notify.app import message_boxes
from notify.app import operations as ops
from notify.app.actions import AppActions
from notify.app.bridge import EngineBridge, EngineFactory
from notify.app.bubble_actions import BubbleActions
from notify.app.failing_watch import FailingWatch
from notify.app.inbox.budget import Budget, BudgetWatch
from notify.app.inbox.reader import Reader
from notify.app.notices import NoticeBoard
from notify.app.notifier import BubbleReaction, Notifier, open_notifier
from notify.app.pause_watch import PauseWatch, pause_text, pause_until
from notify.app.poll_report import poll_health, round_result
from notify.app.poll_rounds import PollRounds
from notify.app.qtcompat import emit
from notify.app.quiet_hours import QuietWatch
from notify.app.tray import Tray
from notify.app.tray_count import UnseenStories
from notify.app.window_state import WindowState
from notify.core import events as ev
from notify.core.paths import Paths

log = logging.getLogger(__name__)
# the pause's and the poll's words, imported from here by their earlier users
__all__ = ["Shell", "pause_text", "pause_until", "poll_health", "round_result"]
BUDGET_SETTING = "notify.daily_budget"


def tr(text: str) -> str:
    return QCoreApplication.translate("Shell", text)


class Shell(QObject):
    """``use_tray``: None (the app) makes the tray icon and asks the desktop whether a tray
    shows it whenever that matters; True/False: a tray that is always there / never (tests).
    ``finished`` is emitted once everything stopped: the app quits then."""

    finished = Signal()

    def __init__(self, paths: Paths, factory: EngineFactory, *,
                 notifier: Notifier | None = None, use_tray: bool | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.window_state = WindowState(paths.window_state)
        self._down = False  # shutdown() ran
        self.bridge = EngineBridge(factory, self)
        self.reader = Reader(paths.db, self)
        if notifier is None:
            notifier, notice = open_notifier(self)
            self.notice = notice
        else:
            self.notice = None
        self.notifier = notifier
        # notices the person must act on, standing in the inbox's footer (notices.py)
        self.board = NoticeBoard(notifier, self._inbox_showing, self._balloon, self)
        self.board.changed.connect(self._notices_changed)
        self.board.sourcesAsked.connect(self.open_failing_sources)  # a notice's click
        # the sources failing now, across rounds: the tray's tooltip, a notice once
        self.failing = FailingWatch(self.bridge, self.board, self)
        self.failing.changed.connect(self._failing_changed)
        self.notifier.explain_with(self.bridge)  # the why line in words, not a percentage
        self.notifier.notice.connect(self.board.add)
        self.inbox: Any = None
        self.settings: Any = None
        self.firstrun: Any = None
        self.import_report: Any = None  # what the first run's OPML import found
        # the pause: said in the tray, the inbox's footer and toolbar, the menus
        self.pausing = PauseWatch(self.bridge, self)
        self.pausing.changed.connect(self._show_paused)
        self._restarts = 0  # engine starts retried after the recovery dialog
        self.quiet = QuietWatch(self.bridge, self)  # said in the tray and the inbox's footer
        self.quiet.changed.connect(self._show_quiet)
        # today's notification budget, used and exceeded: said in the tray and the inbox's
        # footer (inbox/budget.py); read after each round and when the person comes to Notify
        self.budget = BudgetWatch(self.reader, self)
        self.budget.changed.connect(self._show_budget)
        # The commands (Settings…, Poll now, Pause, Quit…), one QAction each, shown by the tray
        # and by the inbox's menu bar: the inbox reaches them all when there is no tray.
        self.actions = AppActions(self)
        a = self.actions
        a.openInbox.connect(self.open_inbox)
        a.pollNow.connect(self.poll_now)
        a.pause.connect(self.pause)
        a.resume.connect(lambda: self.pausing.set(0.0))
        a.openSettings.connect(self.open_settings)
        a.quit.connect(self.quit_asked)
        self.tray: Tray | None = None
        # the stories the tray counts: notified since the person last looked at the inbox,
        # and not yet acted on through their bubble (tray_count.py)
        self.unseen = UnseenStories(self.reader, self)
        # the person's actions on bubbles: the engine, the inbox, the browser
        self.bubbles = BubbleActions(self.bridge, self.unseen, self.open_inbox,
                                     self._not_opened, self)
        self.notifier.reacted.connect(self.on_reaction)
        if use_tray is not False:
            self.tray = Tray(a, self)
            self.unseen.changed.connect(self.tray.set_count)
            self.notifier.keep_clear_of(self.tray.icon.geometry)
            self.tray.icon.messageClicked.connect(self.board.balloon_clicked)
        self._tray_available = Tray.available if use_tray is None else lambda: bool(use_tray)
        # Poll now, and what each round's end changes in the tray and the inbox
        self.rounds = PollRounds(self.bridge, a, self.tray, self.board, self.failing,
                                 self.budget, lambda: self.inbox, self)
        b = self.bridge
        b.notificationPlanned.connect(self.on_notification)
        b.pollFinished.connect(self.on_poll_finished)
        b.pollStarted.connect(self.rounds.started)
        b.engineError.connect(lambda msg: log.error("engine: %s", msg))
        b.settingsChanged.connect(self._settings_changed)
        b.started.connect(self._engine_started)
        b.startFailed.connect(self._engine_failed)

    # ----- lifecycle
    def has_tray(self) -> bool:
        """Whether a tray shows Notify's icon now (a panel may come or go while Notify runs)."""
        return self.tray is not None and self._tray_available()

    def start(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # the shell decides (``_window_closed``)
        if isinstance(app, QApplication):
            # settings another process changed (``notify pause`` in a terminal): looked at
            # when the person comes to Notify (a window of it becomes active, the tray's menu
            # opens) and at each round, never on a timer of its own
            app.applicationStateChanged.connect(self._app_state)
        if self.tray is not None:
            self.tray.menu.aboutToShow.connect(self.check_settings)
            # shown even when no tray is there yet (a panel that starts after Notify at login):
            # Qt puts the icon in the tray that appears
            self.tray.show()
        if not self.has_tray():
            self.open_inbox()  # the home window
        self.bridge.start()
        if self.notice:
            self.board.add(self.notice)

    def _engine_started(self) -> None:
        log.info("engine running on %s", self.paths.db)
        self.pausing.read()
        self.quiet.read()
        self.budget.read()
        ops.list_sources(self, self._maybe_first_run).run_in_background(self.bridge)
        self.failing.read(self._health_read)

    def _health_read(self, last_poll: float | None) -> None:
        """At start: the last poll, and the sources that failed before this run."""
        if self.tray is not None:
            self.tray.set_poll_status(last_poll, self.failing.names)

    def _failing_changed(self, names: list[str]) -> None:
        if self.tray is not None:
            self.tray.set_failing(names)

    def _engine_failed(self, message: str) -> None:
        from notify.app.recovery import recover_after_failed_start

        verdict = recover_after_failed_start(self.paths.db)  # the database's way out, if it is
        if verdict and self._restarts < 3:
            self._restarts += 1
            self.reader.reopen()
            self.bridge.start()
            return
        if verdict is None:
            message_boxes.tell(None, tr("Notify cannot start"), message)
        self.quit()

    def _maybe_first_run(self, sources: list[Any]) -> None:
        if not sources:
            self.open_first_run()

    def quit_asked(self) -> None:
        """Quit as the person asked (the tray's or a window's Quit, Ctrl+Q): Settings first
        asks about changes not saved (``settings/unsaved.py``), then quits once they are saved
        or discarded; not at all when cancelled."""
        if self.settings is None or self.settings.settled(self.quit_asked):
            self.quit()

    def quit(self) -> None:
        """Quit: everything stops (``shutdown``), then ``finished`` lets the app end."""
        self.shutdown()
        emit(self.finished)

    def shutdown(self) -> None:
        """Stop everything, once, whatever ends the app (Quit, the last window closed without a
        tray, SIGTERM at logout, Qt's own quit): the windows' places saved and the windows
        hidden at once, the notifier, the engine (operations cancelled, database closed, its
        thread joined), the reader."""
        if self._down:
            return
        self._down = True
        self.remember_windows()
        for window in (self.inbox, self.settings, self.firstrun):
            if window is not None:
                window.hide()
        if self.tray is not None:
            self.tray.hide()
        self.notifier.shutdown()
        # the reader first: the engine's connection, closing last, folds the write-ahead log
        # into the database file and removes it
        self.reader.close()
        self.bridge.stop()
        log.info("Notify stopped")

    def remember_windows(self) -> None:
        """Save where the open windows are (also when the session asks to save its state)."""
        for key, window in (("inbox", self.inbox), ("settings", self.settings)):
            if window is not None and window.isVisible():
                self.window_state.save(window, key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The inbox or settings window is closing: remember where it was; then see whether
        that was the last window."""
        if event.type() == QEvent.Type.WindowActivate and watched is self.inbox:
            self._seen()  # the person came to the inbox: the new items are before them
        if event.type() == QEvent.Type.Close:
            key = ("inbox" if watched is self.inbox else
                   "settings" if watched is self.settings else None)
            if key is not None and isinstance(watched, QWidget):
                self.window_state.save(watched, key)
                QTimer.singleShot(0, self._window_closed)  # once it is closed (or not)
        return False

    def _window_closed(self) -> None:
        """With no window left and no tray showing Notify, nothing would be left to reach it:
        quit. With a tray, Notify lives on there."""
        if self._down or any(w is not None and w.isVisible()
                             for w in (self.inbox, self.settings, self.firstrun)):
            return
        if self.has_tray():
            log.info("the last window closed: Notify goes on in the tray")
            return
        log.info("the last window closed and no tray shows Notify: quitting")
        self.quit()

    def activate(self, _message: str = "") -> None:
        """A second launch asked us to come forward: the welcome while it is open (the window
        the person was in; an empty inbox opened over it hid it), else the inbox."""
        if self.firstrun is not None and self.firstrun.isVisible():
            self._raise(self.firstrun)
            return
        self.open_inbox()

    # ----- windows
    def open_inbox(self, item_id: int | None = None) -> None:
        """The inbox in front; with ``item_id``, that item shown (a bubble's); without, the
        new stories the tray counts shown, whatever search or Show choice it was left on,
        their count cleared once they can be seen (``inbox/new_stories.py``), not before."""
        if self.inbox is None:
            from notify.app.inbox.window import InboxWindow

            self.inbox = InboxWindow(self.bridge, self.reader, actions=self.actions)
            self.window_state.restore(self.inbox, "inbox")
            self.inbox.installEventFilter(self)
            # the empty pane's "Add a source…" and "Open Sources…": Settings, on its Sources
            # page, the first failing source selected when there are some
            self.inbox.empty_watch.sourcesRequested.connect(self.open_failing_sources)
            self.pausing.show()  # with when the pause ends
            self.inbox.set_quiet(self.quiet.on, self.quiet.until)
            self.inbox.set_notices(self.notices)
            self.inbox.footer.noticeDismissed.connect(self.board.dismissed)
            self.inbox.footer.budgetRequested.connect(self.open_budget_settings)
            self.inbox.set_budget(self.budget.state)
            self.inbox.new_stories.shown.connect(self._seen)
        if item_id is None and self.unseen.count:
            self.inbox.show_new(self.unseen.stories)  # (pending: the count stays meanwhile)
        self._raise(self.inbox)
        self._seen()
        if item_id is not None:
            self.inbox.show_item(item_id)

    def open_sources(self) -> None:
        """Settings on its Sources page (the keyboard in the address of a new source)."""
        self.open_settings()
        self.settings.show_page(self.settings.sources)

    def open_failing_sources(self, source_ids: list[int]) -> None:
        """Settings → Sources with the first of ``source_ids`` selected: where a source that
        keeps failing is fixed (a click on its notice)."""
        self.open_sources()
        if source_ids:
            self.settings.sources.choose_source(source_ids[0])

    def open_settings(self) -> None:
        if self.settings is None:
            from notify.app.settings.window import SettingsWindow

            self.settings = SettingsWindow(self.bridge, self.paths, actions=self.actions)
            self.window_state.restore(self.settings, "settings")
            self.settings.installEventFilter(self)
        self._raise(self.settings)

    def open_first_run(self) -> None:
        from notify.app.firstrun import FirstRunDialog

        self.firstrun = FirstRunDialog(self.bridge)
        self.firstrun.finished.connect(lambda _r: self._first_run_finished())
        self._raise(self.firstrun)

    def _first_run_finished(self) -> None:
        """The inbox, and over it what the OPML import found (warnings, merges), if anything."""
        self.open_inbox()
        report = self.firstrun.import_report_dialog(self.inbox)
        if report is not None:
            self.import_report = report
            report.open()

    @staticmethod
    def _raise(window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    @property
    def notices(self) -> list[str]:
        """The notices standing (``notices.py``), oldest first."""
        return self.board.items

    def _notices_changed(self, notices: list[str]) -> None:
        if self.inbox is not None:
            self.inbox.set_notices(notices)

    def _inbox_showing(self) -> bool:
        return self.inbox is not None and self.inbox.isVisible()

    def _balloon(self, text: str) -> bool:
        """The tray's message, where a tray shows Notify."""
        if not self.has_tray():
            return False
        self.tray.icon.showMessage(tr("Notify"), text)  # type: ignore[union-attr]
        return True

    # ----- notifications
    def on_notification(self, note: ev.NotificationPlanned) -> None:
        if self.is_paused():  # paused means silent: its items are in the inbox all the same
            log.info("paused: notification %d not shown", note.notification_id)
            return
        self.notifier.show(note)
        if self.tray is not None and not (self.inbox is not None and self.inbox.isActiveWindow()):
            # the tray counts stories: one from several sources once, a burst's group or a
            # digest of 4 stories 4; while the inbox is the active window the person sees
            # them arrive there
            self.unseen.add(note)

    def _seen(self) -> None:
        """The inbox was opened or became the active window: the tray counts from zero; not
        while the new stories it counts are still being shown (a search may hide them)."""
        if self.inbox is not None and self.inbox.new_stories.pending:
            return
        self.unseen.clear()

    def on_reaction(self, reaction: BubbleReaction) -> None:
        """The person's action on a bubble (``bubble_actions.py``)."""
        self.bubbles.on_reaction(reaction)

    def _not_opened(self, item_id: int, text: str) -> None:
        """No browser took the link: the item in the inbox instead, and why."""
        self.open_inbox(item_id)
        self.inbox.say(text)

    def on_poll_finished(self, event: ev.PollFinished) -> None:
        self.rounds.finished(event)

    def poll_now(self) -> None:
        """Every enabled source now, due or not (``poll_rounds.py``)."""
        self.rounds.poll_now()

    # ----- pause
    @property
    def paused_until(self) -> float:
        """As ``notify.paused_until`` stores it: 0 not paused, -1 until resumed."""
        return self.pausing.until

    def is_paused(self, now: float | None = None) -> bool:
        return self.pausing.is_paused(now)

    def pause(self, choice: str) -> None:
        self.pausing.choose(choice)

    def _set_pause(self, until: float) -> None:
        self.pausing.set(until)

    def check_settings(self) -> None:
        """Ask the engine whether another process changed the settings (``notify pause`` or
        ``notify resume`` in a terminal); it says so with ``SettingsChanged``."""
        if self._down or not self.bridge.running:
            return
        ops.Op(self, lambda engine: engine.check_settings()).failure(
            lambda err: log.warning("could not look at the settings: %s", err)
        ).run_in_background(self.bridge)

    def _app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_settings()
            if not self._down:
                self.budget.read()  # the day may have turned, a terminal may have polled

    def _settings_changed(self, event: ev.SettingsChanged) -> None:
        if BUDGET_SETTING in event.keys and not self._down:
            self.budget.read()  # a larger budget: "are used" no longer holds

    def _show_paused(self, paused: bool, until: str) -> None:
        self.actions.set_paused(paused, self.pausing.until)  # Resume says until when
        if self.tray is not None:
            self.tray.set_paused(paused, until)
        if self.inbox is not None:
            self.inbox.set_paused(paused, until)

    def _show_budget(self, state: Budget) -> None:
        if self.tray is not None:
            self.tray.set_budget(state)
        if self.inbox is not None:
            self.inbox.set_budget(state)

    def open_budget_settings(self) -> None:
        """Settings on its Notifications page, the keyboard in the daily budget."""
        self.open_settings()
        page = self.settings.notifications
        self.settings.show_page(page)
        field = page.widgets.get(BUDGET_SETTING)
        if field is not None:
            field.setFocus()

    def _show_quiet(self, on: bool, until: str) -> None:
        if self.tray is not None:
            self.tray.set_quiet(on, until)
        if self.inbox is not None:
            self.inbox.set_quiet(on, until)
