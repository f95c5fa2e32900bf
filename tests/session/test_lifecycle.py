"""How the real app ends, as a person ends it: ``python -m notify`` on an X server of its own
(a private Xvfb, so that this test decides whether a tray is there: trayer started and killed
here), the session's bus and dunst. Every way out stops the engine and exits 0: closing the
inbox without a tray, SIGTERM at logout; a tray that goes away while Notify runs makes closing
the inbox quit; one that appears later keeps Notify running in it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import end

REPO = Path(__file__).resolve().parents[2]
SCREEN = (1024, 768)
TRAY_HEIGHT = 32  # trayer's panel, top right (Tray below)


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server: ":<n>"."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
         "-nolisten", "tcp"],
        pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        end(server)


def xdotool(display: str, *args: str) -> str:
    out = subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display),
                         capture_output=True, text=True, timeout=10)
    return out.stdout.strip()


def wait_for_window(display: str, name: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = xdotool(display, "search", "--onlyvisible", "--name", name)
        if found:
            return found.split()[0]
        time.sleep(0.1)
    raise AssertionError(f"no window named {name!r} appeared within {timeout:.0f} s")


def tray_icon_shown(display: str) -> bool:
    """Whether one of Notify's X windows (class "Notify") is a small one inside the tray."""
    for window in xdotool(display, "search", "--onlyvisible", "--class", "^Notify$").split():
        shape = dict(line.split("=", 1) for line in xdotool(
            display, "getwindowgeometry", "--shell", window).splitlines() if "=" in line)
        if int(shape.get("Y", SCREEN[1])) < TRAY_HEIGHT and \
                int(shape.get("HEIGHT", SCREEN[1])) <= TRAY_HEIGHT:
            return True
    return False


def wait_for_tray_icon(display: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not tray_icon_shown(display):
        assert time.monotonic() < deadline, "Notify's icon did not appear in the tray"
        time.sleep(0.1)


def close_window(display: str, window: str) -> None:
    """Ctrl+W, the inbox's Close window, typed into it."""
    xdotool(display, "windowfocus", "--sync", window)
    xdotool(display, "key", "ctrl+w")


class Tray:
    """trayer on ``display``: a real XEmbed tray, started and stopped by the test."""

    def __init__(self, display: str) -> None:
        self.process = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel",
             "--width", "200", "--height", str(TRAY_HEIGHT)],
            env=dict(os.environ, DISPLAY=display), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        end(self.process)


class App:
    """``python -m notify --data-dir`` on ``display``; its stderr collected."""

    def __init__(self, display: str, data: Path) -> None:
        self.data = data
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                   NOTIFY_REPORT_STARTUP="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO),
                                                            os.environ.get("PYTHONPATH")])))
        self.env = env
        # one source, so that the welcome dialog does not open (nothing listens on port 9)
        subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(data), "sources",
                        "add", "http://127.0.0.1:9/feed.xml", "--no-check"],
                       env=env, cwd=REPO, check=True, capture_output=True, timeout=60)
        self.process = subprocess.Popen([sys.executable, "-m", "notify", "--data-dir", str(data)],
                                        env=env, cwd=REPO, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert self._ready.wait(30), f"the app did not start: {self.stderr()}"

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if line.startswith("notify: ready after"):
                self._ready.set()
        self._ready.set()

    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_engine(self, timeout: float = 20.0) -> None:
        """Until the engine runs (its thread, the database): the app's log says so."""
        log = self.data / "logs" / "notify.log"
        deadline = time.monotonic() + timeout
        while not (log.is_file() and "engine running on" in log.read_text()):
            assert self.process.poll() is None, f"Notify exited: {self.stderr()}"
            assert time.monotonic() < deadline, "Notify's engine did not start"
            time.sleep(0.05)

    def show_inbox(self) -> None:
        """A second launch: the running app brings its inbox forward."""
        subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(self.data)],
                       env=self.env, cwd=REPO, check=True, capture_output=True, timeout=60)

    def wait_exit(self, timeout: float = 20.0) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"Notify still runs {timeout:.0f} s later") from None

    def assert_stopped_cleanly(self) -> None:
        self._reader.join(10)  # its last lines read
        assert "QThread" not in self.stderr() and "Traceback" not in self.stderr(), \
            self.stderr()
        assert not (self.data / "notify.sqlite3-wal").exists()  # the database was closed
        assert "Notify stopped" in (self.data / "logs" / "notify.log").read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._reader.join(10)
        if self.process.stderr is not None:
            self.process.stderr.close()


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[App | Tray]]:
    """Everything a test starts, stopped at its end whatever happened."""
    made: list[App | Tray] = []
    yield made
    for thing in reversed(made):
        thing.stop()


def test_without_a_tray_closing_the_inbox_quits_cleanly(
        display: str, tmp_path: Path, started: list[App | Tray]) -> None:
    """Regression: exit status 134, "QThread: Destroyed while thread 'notify-engine' is still
    running" (Qt quit by itself on the last window closed, the engine was never stopped)."""
    app = App(display, tmp_path / "data")
    started.append(app)
    inbox = wait_for_window(display, "Notify: inbox")  # the home window
    app.wait_engine()
    close_window(display, inbox)
    assert app.wait_exit() == 0, app.stderr()
    app.assert_stopped_cleanly()


def test_sigterm_at_logout_quits_cleanly(display: str, tmp_path: Path,
                                         started: list[App | Tray]) -> None:
    """Regression: SIGTERM ended the app with status 143, the engine not stopped first."""
    app = App(display, tmp_path / "data")
    started.append(app)
    wait_for_window(display, "Notify: inbox")
    app.wait_engine()
    app.process.send_signal(signal.SIGTERM)
    assert app.wait_exit() == 0, app.stderr()
    app.assert_stopped_cleanly()


def test_a_tray_gone_while_running_makes_closing_the_inbox_quit(
        display: str, tmp_path: Path, started: list[App | Tray]) -> None:
    """Regression: closing the inbox after the tray went away left an invisible process (no
    window, no icon): the tray was only asked about at start."""
    tray = Tray(display)
    started.append(tray)
    time.sleep(1.0)  # trayer claims the tray
    app = App(display, tmp_path / "data")
    started.append(app)
    wait_for_tray_icon(display)  # the icon is in the tray: no window at start
    assert not xdotool(display, "search", "--onlyvisible", "--name", "Notify: inbox")
    app.show_inbox()
    inbox = wait_for_window(display, "Notify: inbox")
    tray.stop()  # the panel crashed, or the person removed it
    time.sleep(1.0)
    close_window(display, inbox)
    assert app.wait_exit() == 0, app.stderr()
    app.assert_stopped_cleanly()


def test_a_tray_that_appears_later_keeps_notify_running_in_it(
        display: str, tmp_path: Path, started: list[App | Tray]) -> None:
    """At login the panel may start after Notify: the inbox is home at first; once the tray is
    there, Notify's icon shows in it and closing the inbox no longer quits."""
    app = App(display, tmp_path / "data")
    started.append(app)
    inbox = wait_for_window(display, "Notify: inbox")
    assert not tray_icon_shown(display)
    started.append(Tray(display))
    wait_for_tray_icon(display)
    close_window(display, inbox)
    time.sleep(2.0)
    assert app.process.poll() is None, "Notify quit although its icon is in the tray"
    assert not xdotool(display, "search", "--onlyvisible", "--name", "Notify: inbox")
    app.process.send_signal(signal.SIGTERM)
    assert app.wait_exit() == 0, app.stderr()
    app.assert_stopped_cleanly()
