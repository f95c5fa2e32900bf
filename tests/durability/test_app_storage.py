"""The desktop app on a damaged database (offscreen): it keeps running, says what is wrong and
what to do, prints no traceback, and leaves the file exactly as it was while it waits.

It waits in the recovery dialog (``notify/app/recovery.py``), which offers to restore the newest
pre-migration backup or to start fresh (the damaged file moved aside, never deleted); the log
names what it offers. Clicking those buttons, and what each does to the files, is tested in
process: ``tests/app/test_recovery.py`` and ``tests/core/store/test_recovery.py``.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_app_survives_a_damaged_database_and_keeps_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "notify.sqlite3"
    db.write_bytes(os.urandom(64 * 1024))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith("DBUS_")}
    env.update({"NO_PROXY": "*", "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
                "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path),
                "NOTIFY_REPORT_STARTUP": "1"})
    log = tmp_path / "app.log"
    with open(log, "w") as out:
        app = subprocess.Popen([sys.executable, "-m", "notify", "app", "--show", "inbox",
                                "--data-dir", str(data)], stdout=out, stderr=subprocess.STDOUT,
                               env=env, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while "damaged" not in log.read_text() and time.monotonic() < deadline:
                assert app.poll() is None, log.read_text()[-3000:]
                time.sleep(0.2)
            time.sleep(1.0)
            assert app.poll() is None, "the app keeps running: " + log.read_text()[-3000:]
        finally:
            os.killpg(app.pid, signal.SIGTERM)
            try:
                app.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(app.pid, signal.SIGKILL)
                app.wait(15)
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert "is damaged" in text and "start fresh" in text, text[-3000:]
    assert "Offering: Start fresh, Quit." in text, text[-3000:]  # no backup: no restore offer
    assert "ready after" not in text, "the app waits for the user's choice before it starts"
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
