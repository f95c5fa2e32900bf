"""The source kinds are loaded by the engine as the app starts, in a worker thread: opening
Settings for the first time, before any poll, does not import them on the GUI thread (~0.12 s
with the window frozen). In a fresh interpreter, where no test loaded them before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys, threading, time

KINDS = set(json.loads(sys.argv[2]))
importers = {}  # kind module -> the thread that imported it


class Recorder:
    def find_spec(self, name, path=None, target=None):
        if name in KINDS:
            importers.setdefault(name, threading.current_thread().name)
        return None  # the usual finders import it


sys.meta_path.insert(0, Recorder())

from PySide6.QtWidgets import QApplication

from notify.app.bridge import EngineBridge, default_factory
from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths

app = QApplication([])
bridge = EngineBridge(default_factory(sys.argv[1]))
started = []
bridge.started.connect(lambda: started.append(True))
bridge.start()
deadline = time.monotonic() + 10
while time.monotonic() < deadline and not (started and KINDS <= set(sys.modules)):
    app.processEvents()
    time.sleep(0.01)
loaded_by_engine = sorted(KINDS & set(sys.modules))
window = SettingsWindow(bridge, Paths(sys.argv[1]))
window.show()
app.processEvents()
bridge.stop()
print(json.dumps({"started": bool(started), "before_settings": loaded_by_engine,
                  "importers": importers, "gui": threading.main_thread().name}))
"""


def test_opening_settings_first_imports_no_source_kind_on_the_gui_thread(tmp_path: Path) -> None:
    from notify.core.sources import registry

    kinds = sorted(registry._MODULES.values())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data"), json.dumps(kinds)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["started"]
    assert seen["before_settings"] == kinds  # loaded while the app started, before Settings
    on_gui = sorted(m for m, thread in seen["importers"].items() if thread == seen["gui"])
    assert on_gui == []
    assert sorted(seen["importers"]) == kinds
