"""Desktop integration: the entry and metainfo validate; `notify desktop install` works."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from notify.app import desktop_entry
from notify.cli import main

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/system-deps.sh installs it)")
    return found


def test_desktop_entry_validates_and_matches_the_template() -> None:
    path = PACKAGING / "io.github.notify.Notify.desktop"
    out = subprocess.run([_tool("desktop-file-validate"), str(path)], capture_output=True,
                         text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr
    assert path.read_text() == desktop_entry.entry_text("notify")


def test_metainfo_validates() -> None:
    path = PACKAGING / "io.github.notify.Notify.metainfo.xml"
    out = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_desktop_install_and_uninstall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["desktop", "install"]) == 0
    entry = tmp_path / "share/applications/io.github.notify.Notify.desktop"
    icon = tmp_path / "share/icons/hicolor/scalable/apps/io.github.notify.Notify.svg"
    assert entry.exists() and icon.exists()
    assert "Exec=" in entry.read_text() and icon.read_text().startswith("<svg")
    if shutil.which("desktop-file-validate"):
        out = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                             text=True)
        assert out.returncode == 0, out.stdout
    assert main(["desktop", "uninstall"]) == 0
    assert not entry.exists() and not icon.exists()
    assert "removed" in capsys.readouterr().out
