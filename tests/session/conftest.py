"""Session tests: a real X server, session bus, dunst, gnome-keyring and trayer.

Started by tests/session/run.sh (see its header); outside it these tests are skipped with that
reason. Helpers here talk to dunst through ``dunstctl``, as a person's tools would.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

SESSION_DIR = os.environ.get("NOTIFY_SESSION_DIR")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.session)
            if not SESSION_DIR:
                item.add_marker(pytest.mark.skip(
                    reason="needs the desktop session started by tests/session/run.sh"))


def dunstctl(*args: str) -> str:
    out = subprocess.run(["dunstctl", *args], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, f"dunstctl {' '.join(args)} failed: {out.stderr}"
    return out.stdout.strip()


def displayed() -> int:
    return int(dunstctl("count", "displayed") or 0)


def history() -> list[dict[str, object]]:
    data = json.loads(dunstctl("history"))
    return list(data.get("data", [[]])[0])


def close_all() -> None:
    dunstctl("close-all")


def pick_action(text: str) -> Path:
    """Tell the dmenu script which action line to choose next."""
    pick = Path(os.environ["NOTIFY_DMENU_PICK"])
    pick.write_text(text)
    return pick


@pytest.fixture(autouse=True)
def _clean_dunst() -> None:
    if SESSION_DIR:
        close_all()


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NOTIFY_TEST_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
