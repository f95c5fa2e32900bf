"""The desktop app on a damaged database (offscreen): it keeps running, says what is wrong and
what to do, prints no traceback, and leaves the file exactly as it was.

Not tested because it does not exist yet: the issue's dialog offering to restore the
pre-migration backup or to start fresh (keeping the old file). Today the app logs the store's
sentence ("… is damaged … Restore a backup from …/backups or move the file away to start
fresh.") and shows it as a notice.
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
                "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)})
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
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
