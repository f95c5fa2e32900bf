"""Opening an item's link in the desktop's web browser, and knowing whether that worked.

``QDesktopServices.openUrl`` on Linux only starts ``xdg-open`` and answers True; when no
browser is installed ``xdg-open`` then fails on its own ("no method available", exit code 3)
and nobody is told. So on a desktop with ``xdg-open`` Notify runs it itself and watches it: an
exit code other than 0 within ``GRACE_MS`` means no browser opened the link. A run still going
after ``GRACE_MS`` is a browser that opened (``xdg-open`` runs some browsers in the foreground
until they are closed); it is left running, in its own session, and reaped when it ends.
Elsewhere ``QDesktopServices.openUrl``'s answer is the verdict.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)
GRACE_MS = 3000
POLL_MS = 100
REAP_MS = 5000  # how often a browser left running in the foreground is checked on
XDG_OPEN_CODES = {1: "syntax error", 2: "the file does not exist",
                  3: "no program to open it with (no web browser installed?)",
                  4: "the program that should open it failed"}


def tr(text: str) -> str:
    return QCoreApplication.translate("LinkOpener", text)


def no_browser_text() -> str:
    return tr("No web browser could open the link; it is shown in the inbox.")


@dataclass
class _Run:
    url: str
    process: subprocess.Popen[bytes]
    waited_ms: int
    opened: Callable[[], None]
    failed: Callable[[str], None]
    decided: bool = False


class LinkOpener(QObject):
    """``open(url, opened, failed)``: ``opened()`` once a browser took the link, else
    ``failed(message)`` with a sentence for the person. Never blocks the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, xdg_open: str | None = None) -> None:
        super().__init__(parent)
        if xdg_open is None and sys.platform.startswith(("linux", "freebsd", "openbsd")):
            xdg_open = shutil.which("xdg-open")
        self.xdg_open = xdg_open
        self._runs: list[_Run] = []
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)

    def open(self, url: str, opened: Callable[[], None],
             failed: Callable[[str], None]) -> None:
        if self.xdg_open is None:
            if QDesktopServices.openUrl(QUrl(url)):
                opened()
            else:
                log.warning("the desktop could not open a link to %s", _host(url))
                failed(no_browser_text())
            return
        try:
            # its own session: a browser it runs in the foreground survives Notify's quit;
            # no pipes: a browser writing much to them would block on a full one
            process = subprocess.Popen(
                [self.xdg_open, url], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as err:
            log.error("could not run %s to open a link to %s: %s", self.xdg_open, _host(url), err)
            failed(no_browser_text())
            return
        self._runs.append(_Run(url, process, 0, opened, failed))
        if not self._timer.isActive():
            self._timer.start(POLL_MS)

    @property
    def running(self) -> int:
        return len(self._runs)

    def _check(self) -> None:
        for run in list(self._runs):
            run.waited_ms += self._timer.interval()
            code = run.process.poll()
            if code is None:
                if not run.decided and run.waited_ms >= GRACE_MS:
                    run.decided = True  # a browser in the foreground: it opened the link
                    run.opened()
                continue
            self._runs.remove(run)
            if run.decided:
                continue
            if code == 0:
                run.opened()
            else:
                log.warning("xdg-open could not open a link to %s: exit code %d (%s)",
                            _host(run.url), code, XDG_OPEN_CODES.get(code, "failed"))
                run.failed(no_browser_text())
        if not self._runs:
            self._timer.stop()
        elif all(run.decided for run in self._runs):
            self._timer.setInterval(REAP_MS)
        else:
            self._timer.setInterval(POLL_MS)


def _host(url: str) -> str:
    """What the log says of a link: its host only (the address says what the person reads)."""
    return urlsplit(url).hostname or "an address without a host"
