"""``notify`` with no command: the desktop app."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notify.app.bridge import EngineBridge

log = logging.getLogger(__name__)
_T0 = time.monotonic()


def run_app(args: argparse.Namespace) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and not os.environ.get("QT_QPA_PLATFORM"):
        from notify.core.errors import UserInputError

        # said as every other error is (``notify: No graphical…``, exit status 2), not printed
        # here in words of its own that began in lower case
        raise UserInputError("No graphical session: DISPLAY is not set (nor WAYLAND_DISPLAY). "
                             "Use the command line (notify --help), or start Notify from your "
                             "desktop.")
    from notify.app.display_check import uses_x11, x_display_problem

    if uses_x11() and (problem := x_display_problem(os.environ.get("DISPLAY", ""))):
        from notify.core.errors import UserInputError

        raise UserInputError(problem)  # not Qt's abort, whose advice (reinstall) misleads
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from notify.app.bridge import default_factory
    from notify.app.collector import GuiThreadCollector
    from notify.app.desktop_entry import qt_argv
    from notify.app.icons import APP_ICON, APP_ID
    from notify.app.quit_signals import QuitSignals
    from notify.app.recovery import open_or_recover
    from notify.app.shell import Shell
    from notify.app.single import InstanceServer, ask_running_instance, server_name
    from notify.core.logs import log_to_file
    from notify.core.paths import resolve

    data_dir = getattr(args, "data_dir", None)
    paths = resolve(data_dir).ensure()
    app = QApplication.instance() or QApplication(qt_argv(sys.argv[0]))
    assert isinstance(app, QApplication)
    app.setApplicationName("Notify")
    app.setOrganizationName("Notify")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(APP_ICON)))
    app.setQuitOnLastWindowClosed(False)  # the shell decides: it stops the engine first
    _install_translations(app)
    name = server_name(paths.data_dir)
    if ask_running_instance(name):
        log.info("Notify is already running for %s; asked it to show its inbox", paths.data_dir)
        print("notify: already running; showing its window.", file=sys.stderr)
        return 0
    instance = InstanceServer(name)
    # started from the menu or at login, nobody reads stderr: the log goes to a file too (one
    # writer per data folder: the instance that runs)
    log_to_file(paths.logs, logging.DEBUG if getattr(args, "verbose", 0) else logging.INFO)
    if not open_or_recover(paths.db):  # a damaged/locked/too-new database: the way out
        instance.close()
        return 1
    shell = Shell(paths, default_factory(str(paths.data_dir)))
    instance.activated.connect(shell.activate)
    # Every way out stops the engine (operations cancelled, database closed, thread joined)
    # before the process ends: Quit and the last window emit finished after shutdown; anything
    # else that ends Qt's loop passes aboutToQuit; SIGTERM at logout, SIGINT and SIGHUP quit.
    shell.finished.connect(app.quit)
    app.aboutToQuit.connect(shell.shutdown)
    app.commitDataRequest.connect(lambda _manager: shell.remember_windows())
    signals = QuitSignals(parent=app)
    signals.received.connect(lambda _signum: shell.quit())
    # From here on every collection runs on the GUI thread, never on the engine's or the
    # inbox reader's, where freeing a cycle that holds a widget crashes (collector.py)
    GuiThreadCollector(shell.bridge, parent=app)
    shell.start()
    show = getattr(args, "show", None)
    if show == "inbox":
        shell.open_inbox()
    elif show == "settings":
        shell.open_settings()
    # Everything imported and built so far lives as long as the app: keep the garbage
    # collector's full passes (each one a GUI stall, run between poll rounds) from walking it
    # again and again
    gc.freeze()
    log.info("tray ready after %.3f s", time.monotonic() - _T0)
    if os.environ.get("NOTIFY_REPORT_STARTUP"):
        print(f"notify: ready after {time.monotonic() - _T0:.3f} s", file=sys.stderr, flush=True)
    try:
        status = int(app.exec())
    finally:
        shell.shutdown()
        signals.close()
        instance.close()
    return end(shell.bridge, status)


def end(bridge: EngineBridge, status: int) -> int:
    """The app's exit status, once everything stopped; or the process ends here, at once,
    when quitting left the engine's thread running (``EngineBridge.stop``): Python's own exit
    would wait for the threads the engine started (a write, a keyring call) and then destroy
    the engine's ``QThread`` while it runs, which aborts the process. What was committed is in
    the database (SQLite rolls back a write that was not, at the next start); the log, which
    says what was cut short, is flushed first."""
    if not bridge.left_running:
        return status
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _install_translations(app: object) -> None:
    """Qt's own strings and Notify's (``notify/app/i18n/notify_<lang>.qm``) in the user's
    language, when a translation exists; English otherwise."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from notify.app.icons import FOLDER

    for name, folder in (("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                         ("notify", str(FOLDER.parent / "i18n"))):
        translator = QTranslator(app)  # type: ignore[arg-type]  # parented: lives with the app
        if translator.load(QLocale(), name, "_", folder):
            app.installTranslator(translator)  # type: ignore[attr-defined]
