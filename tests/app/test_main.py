"""`notify` starts the app; a second launch for the same data folder hands over and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_REPORT_STARTUP="1", **extra)
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent-notify-test-bus"
    return env


def test_second_launch_activates_the_first(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    first = subprocess.Popen([sys.executable, "-m", "notify", "--data-dir", data],
                             cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        assert first.stderr is not None
        started = time.monotonic()
        for line in first.stderr:
            if line.startswith("notify: ready after"):
                break
            assert time.monotonic() - started < 30, "the app did not start"
        else:
            raise AssertionError(f"the app exited with {first.wait()}")
        second = subprocess.run([sys.executable, "-m", "notify", "--data-dir", data],
                                cwd=REPO, env=_env(), capture_output=True, text=True,
                                timeout=30)
        assert second.returncode == 0
        assert "already running" in second.stderr
        assert first.poll() is None, "the first instance must keep running"
    finally:
        first.terminate()
        first.wait(10)
        if first.stderr is not None:
            first.stderr.close()


def _start(data: str) -> subprocess.Popen[str]:
    app = subprocess.Popen([sys.executable, "-m", "notify", "--data-dir", data],
                           cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    assert app.stderr is not None
    started = time.monotonic()
    for line in app.stderr:
        if line.startswith("notify: ready after"):
            return app
        assert time.monotonic() - started < 30, "the app did not start"
    raise AssertionError(f"the app exited with {app.wait()}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_at_logout_quits_cleanly(tmp_path: Path, signum: int) -> None:
    """Regression: SIGTERM (logout) killed the app (exit status 143) with the engine running;
    it now quits as Quit does: engine stopped, database closed, exit status 0. The log of the
    run is in the data folder's logs/."""
    data = tmp_path / "data"
    app = _start(str(data))
    try:
        # the engine started (its thread, the database) and idles: its log says so
        log = data / "logs" / "notify.log"
        started = time.monotonic()
        while not (log.is_file() and "engine running on" in log.read_text()):
            assert app.poll() is None, f"the app exited with {app.returncode}"
            assert time.monotonic() - started < 30, "the engine did not start"
            time.sleep(0.05)
        app.send_signal(signum)
        assert app.wait(20) == 0
        assert app.stderr is not None
        rest = app.stderr.read()
        assert "QThread" not in rest and "Traceback" not in rest
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
        if app.stderr is not None:
            app.stderr.close()
    assert not (data / "notify.sqlite3-wal").exists()  # the engine closed the database
    log = (data / "logs" / "notify.log").read_text()
    assert f"got {signal.Signals(signum).name}: quitting" in log
    assert "Notify stopped" in log


def test_without_a_display_it_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(tmp_path)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2
    assert "no graphical session" in out.stderr.lower() and "notify --help" in out.stderr


@pytest.mark.parametrize("argv", [(), ("app",)], ids=["notify", "notify app"])
def test_without_a_display_the_error_reads_like_the_others(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    """Regression: it said "notify: no graphical session (…", in lower case, printed in words
    of its own, where every other error is "notify: " and a sentence (``cli._say_error``)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "notify", *argv, "--data-dir", str(tmp_path)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("notify: No graphical session: DISPLAY is not set"), out.stderr
    assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr


def test_a_display_that_cannot_be_reached_is_one_clear_line(tmp_path: Path) -> None:
    """Regression: with DISPLAY set to a server that is gone (a stale ``ssh -X`` session), Qt
    aborted the app (SIGABRT) advising to install libxcb-cursor0 or reinstall Notify."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XAUTHORITY")}
    env["DISPLAY"] = ":987"  # no X server has this number here
    out = subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(tmp_path)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and out.stdout == "", out.stderr
    assert out.stderr == (
        "notify: Notify cannot open a window: the X display :987 cannot be used (it cannot be "
        "reached, or it refused this user). Start Notify from your desktop session, or check "
        "DISPLAY and XAUTHORITY; the command line needs no display (notify --help).\n")


@pytest.mark.parametrize(("environ", "x11"), [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, False),
])
def test_the_display_is_checked_only_when_qt_would_use_x11(
        environ: dict[str, str], x11: bool) -> None:
    from notify.app.display_check import uses_x11

    assert uses_x11(environ) is x11
