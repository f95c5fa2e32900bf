"""Every connection of the desktop app itself, in a real session (Xvfb, session bus, dunst,
gnome-keyring, trayer: tests/session/run.sh): the app starts with its inbox open, polls a due
source whose items' HTML is full of trackers, stores and shows them, and is closed. Its system
calls are traced with strace (Qt's own sockets included) and its Python sockets audited.

Passes only if its network connections went to the source's host alone, its Unix sockets were
the X display, the session bus and Notify's own single-instance socket, and the tracker server
saw zero requests.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.privacy.harness import Home
from tests.privacy.test_every_connection import tracking_feed
from tests.support.hostile_server import HostileServer

pytestmark = [
    pytest.mark.session,
    pytest.mark.skipif(not os.environ.get("NOTIFY_SESSION_DIR"),
                       reason="needs the desktop session started by tests/session/run.sh"),
    pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (.ci/system-deps.sh)"),
]


def _items(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=10)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def test_the_app_connects_only_to_its_source_the_display_and_the_bus(tmp_path: Path) -> None:
    home = Home(tmp_path / "app", strace=True)
    with HostileServer(host="127.0.0.9") as tracker, HostileServer() as source:
        url = source.route("/tracked.xml", tracking_feed(tracker.base_url))
        assert home.cli("sources", "add", "--no-check", url).code == 0
        argv = home.wrap([sys.executable, "-m", "notify", "app", "--show", "inbox",
                          "--data-dir", str(home.data)])
        log = home.root / "app.log"
        with open(log, "w") as out:
            # its own process group: strace and the app end together
            app = subprocess.Popen(argv, env=home.env(), cwd=home.root, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
            try:
                deadline = time.monotonic() + 60
                while _items(home.data / "notify.sqlite3") == 0 and time.monotonic() < deadline:
                    assert app.poll() is None, log.read_text()[-2000:]
                    time.sleep(0.2)
                assert _items(home.data / "notify.sqlite3") > 0, "the app polled its source"
                time.sleep(3)  # the inbox shows the newest item (with its blocked images)
            finally:
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(app.pid, sig)
                    try:
                        app.wait(timeout=15)
                        break
                    except subprocess.TimeoutExpired:
                        continue
        requests = tracker.requests
    assert requests == [], [r.path for r in requests]
    calls = home.syscall_connections()
    inet = {addr for fam, addr in calls if fam == "inet"}
    assert inet == {"127.0.0.1"}, calls
    display = os.environ.get("DISPLAY", ":0").lstrip(":").split(".")[0]
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    unexpected = []
    for fam, addr in calls:
        if fam != "unix":
            continue
        if addr.endswith(f".X11-unix/X{display}") or (addr and addr in bus):
            continue
        if "notify" in addr.lower():  # Notify's own single-instance socket
            continue
        unexpected.append(addr)
    assert unexpected == [], unexpected
    assert not [fam for fam, _ in calls if fam == "other"], calls
    print(f"app: {len(calls)} connect() calls: inet {sorted(inet)}, unix "
          f"{sorted({a for f, a in calls if f == 'unix'})}")
