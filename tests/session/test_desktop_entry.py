"""Started from its desktop entry, Notify's windows carry the class the entry names, so a
taskbar can match them to their launcher (the window said "__main__.py", the entry
io.github.notify.Notify)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path


def entry_value(entry: Path, key: str) -> str:
    return next(line.split("=", 1)[1] for line in entry.read_text().splitlines()
                if line.startswith(key + "="))


def window_classes(pid: int) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--pid", str(pid)], capture_output=True,
                           text=True, timeout=10).stdout.split()
    classes = []
    for window in found:
        out = subprocess.run(["xprop", "-id", window, "WM_CLASS"], capture_output=True,
                             text=True, timeout=10).stdout
        if "=" in out:
            classes.append(out.split("=", 1)[1].strip())
    return classes


def test_the_window_class_is_the_entrys_startup_wm_class(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "share"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), NOTIFY_REPORT_STARTUP="1")
    data = tmp_path / "profile"
    subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(data), "desktop",
                    "install"], env=env, check=True, capture_output=True, timeout=60)
    entry = tmp_path / "share/applications/io.github.notify.Notify.desktop"
    argv = shlex.split(entry_value(entry, "Exec").replace("\\\\", "\\"))
    assert argv[-5:] == ["--data-dir", str(data), "app", "--show", "inbox"]
    assert Path(argv[0]).name == "notify", "Exec starts the notify script"
    wanted = entry_value(entry, "StartupWMClass")
    app = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    try:
        assert app.stderr is not None
        for line in app.stderr:
            if "ready after" in line:
                break
        else:
            raise AssertionError(f"Notify exited with {app.wait()}")
        deadline = time.monotonic() + 15
        classes: list[str] = []
        while time.monotonic() < deadline and not classes:  # the welcome window (no sources)
            classes = window_classes(app.pid)
            time.sleep(0.2)
        assert classes, "Notify showed no window"
        for wm_class in classes:
            instance, klass = (part.strip().strip('"') for part in wm_class.split(","))
            assert wanted in (instance, klass), wm_class
            assert instance == wanted and klass == "Notify"
    finally:
        app.terminate()
        app.wait(10)
        if app.stderr is not None:
            app.stderr.close()
