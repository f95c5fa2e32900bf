"""`notify` starts the app; a second launch for the same data folder hands over and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

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


def test_without_a_display_it_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(tmp_path)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2
    assert "no graphical session" in out.stderr and "notify --help" in out.stderr
