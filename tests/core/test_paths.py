"""``Paths.ensure``: a data folder that cannot be made is one clear ``StoreError``."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.errors import StoreError
from notify.core.paths import Paths, default_data_dir


def test_ensure_makes_the_folder_and_its_parents(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "a" / "b").ensure()
    assert paths.data_dir.is_dir()
    assert paths.ensure() == paths  # already there: fine


def test_a_file_in_the_way_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    for data_dir in (blocker, blocker / "notify" / "data"):  # FileExists, NotADirectory
        with pytest.raises(StoreError) as caught:
            Paths(data_dir).ensure()
        assert str(caught.value) == (
            f"Notify cannot use {data_dir} as its data folder: {blocker} is a file, not a "
            "folder. Choose another folder with --data-dir or NOTIFY_DATA_DIR.")


def test_a_folder_that_cannot_be_created_says_why() -> None:
    with pytest.raises(StoreError, match=r"^Notify cannot use /proc/nope as its data folder: it "
                       r"cannot be created \(no such file or directory\)\. Choose another"):
        Paths(Path("/proc/nope")).ensure()  # procfs refuses new folders, even to root


def test_a_folder_notify_makes_is_its_users_alone(tmp_path: Path) -> None:
    # The database holds sources (a login in an address), reactions and the learned profile.
    paths = Paths(tmp_path / "a" / "notify").ensure()
    assert paths.data_dir.stat().st_mode & 0o777 == 0o700


def test_the_platform_folder_an_older_notify_left_open_is_made_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = default_data_dir()
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    Paths(folder).ensure()
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_folder_the_user_chose_keeps_its_permissions(tmp_path: Path) -> None:
    chosen = tmp_path / "shared"
    chosen.mkdir()
    chosen.chmod(0o750)
    Paths(chosen).ensure()
    assert chosen.stat().st_mode & 0o777 == 0o750
