"""Desktop integration: the entry and metainfo validate; `notify desktop install` works."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

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
    assert path.read_text() == desktop_entry.entry_text("notify app --show inbox")


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
    installed = tmp_path / entry.name  # validated last: without the tool, only that is skipped
    installed.write_bytes(entry.read_bytes())
    assert main(["desktop", "uninstall"]) == 0
    assert not entry.exists() and not icon.exists()
    assert "removed" in capsys.readouterr().out
    out = subprocess.run([_tool("desktop-file-validate"), str(installed)], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout


def exec_of(entry: Path) -> str:
    return next(line.removeprefix("Exec=") for line in entry.read_text().splitlines()
                if line.startswith("Exec="))


def test_exec_starts_the_notify_script_installed_with_this_python(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exec was "/path/.venv/bin/python -m notify" when the venv's bin was not on PATH: the
    window's WM_CLASS then said "__main__.py"."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text("")
    script = bin_dir / "notify"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr("sys.executable", str(bin_dir / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert desktop_entry.exec_command() == str(script)
    script.chmod(0o644)  # not a program: fall back to the interpreter
    assert desktop_entry.exec_command() == f"{bin_dir / 'python'} -m notify"


def test_exec_names_the_data_folder_unless_it_is_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notify.core.paths import default_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    program = desktop_entry.exec_command()
    assert desktop_entry.exec_command(default_data_dir()) == program
    custom = tmp_path / "My feeds 100% \"mine\""
    line = desktop_entry.exec_command(custom)
    assert line.startswith(program + " --data-dir ")
    # quoted as the Desktop Entry Specification says: % doubled, " escaped, \ doubled again
    assert line.endswith(' --data-dir "' + str(tmp_path) + '/My feeds 100%% \\\\"mine\\\\""')


def test_an_entry_with_an_unusual_data_folder_validates(tmp_path: Path) -> None:
    validate = _tool("desktop-file-validate")
    entry = tmp_path / "io.github.notify.Notify.desktop"
    odd = tmp_path / "a b$c`d\\e'f;g&h%i"
    entry.write_text(desktop_entry.entry_text(desktop_entry.exec_command(odd)))
    out = subprocess.run([validate, str(entry)], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr
    assert desktop_entry.exec_quote("plain") == "plain"
    assert desktop_entry.exec_quote("50%") == "50%%"
    assert desktop_entry.exec_quote("a b") == '"a b"'
    assert desktop_entry.exec_quote("$x") == '"\\\\$x"'
    assert desktop_entry.exec_quote("a\\b") == '"a\\\\\\\\b"'


def test_install_with_a_data_folder_starts_notify_on_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    data = tmp_path / "other-profile"
    assert main(["--data-dir", str(data), "desktop", "install"]) == 0
    entry = tmp_path / "share/applications/io.github.notify.Notify.desktop"
    assert exec_of(entry).endswith(f" --data-dir {data} app --show inbox")
    assert main(["desktop", "install"]) == 0  # the default folder: no --data-dir
    assert "--data-dir" not in exec_of(entry)


def test_the_menu_opens_the_inbox_and_login_starts_in_the_tray(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a tray, the menu's launcher started Notify as its tray icon only: a person who
    clicked it saw nothing happen. The menu's entry now opens the inbox (a running Notify shows
    its inbox too); the autostart entry still starts quietly in the tray."""
    from notify.cli import build_parser

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["desktop", "install"]) == 0
    menu = exec_of(tmp_path / "share/applications/io.github.notify.Notify.desktop")
    assert menu.endswith(" app --show inbox")
    args = build_parser().parse_args(menu.split()[1:])
    assert args.func.__name__ == "cmd_app" and args.show == "inbox"
    login = exec_of(desktop_entry.set_autostart(True))
    assert "app" not in login.split()[1:] and "--show" not in login


def test_start_at_login_keeps_the_data_folder(qtbot: QtBot, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings → General → "Start Notify when I log in" wrote no --data-dir: a person on
    another data folder got an empty profile at login."""
    from notify.app.settings.general_page import GeneralPage
    from notify.core.paths import Paths

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    data = tmp_path / "work-profile"
    page = GeneralPage(Paths(data))
    qtbot.addWidget(page)
    page.autostart.setChecked(True)
    autostart = tmp_path / "config/autostart/io.github.notify.Notify.desktop"
    assert exec_of(autostart).endswith(f" --data-dir {data}")
    assert "X-GNOME-Autostart-enabled=true" in autostart.read_text()
    written = tmp_path / autostart.name  # validated last: without the tool, only that is skipped
    written.write_bytes(autostart.read_bytes())
    page.autostart.setChecked(False)
    assert not autostart.exists()
    out = subprocess.run([_tool("desktop-file-validate"), str(written)], capture_output=True,
                         text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout


def test_qt_is_told_the_window_class_the_entry_names() -> None:
    argv = desktop_entry.qt_argv("/usr/bin/notify")
    assert argv == ["/usr/bin/notify", "-name", desktop_entry.APP_ID]
    assert f"StartupWMClass={argv[2]}" in desktop_entry.entry_text()
