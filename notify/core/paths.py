"""Where Notify keeps its files: platformdirs (XDG on Linux), overridable per run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from notify.core.errors import StoreError

ENV_DATA_DIR = "NOTIFY_DATA_DIR"
DB_NAME = "notify.sqlite3"
PRIVATE = 0o700
"""A folder Notify makes is its user's alone: the database holds the sources (some with a login
in their address), the reactions and the learned profile."""


@dataclass(frozen=True)
class Paths:
    """All the files of one Notify profile. ``data_dir`` holds everything but logs' rotation."""

    data_dir: Path

    @property
    def db(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def window_state(self) -> Path:
        """Where the app's windows were (size, position, splitters): a Qt INI file."""
        return self.data_dir / "window-state.ini"

    @property
    def lock(self) -> Path:
        return self.data_dir / "notify.lock"

    def ensure(self) -> Paths:
        """Create ``data_dir`` (and its parents) if needed, readable by its user alone
        (``PRIVATE``); the platform's own Notify folder is made private too when an older
        Notify left it open to others. A folder the user chose with ``--data-dir`` keeps the
        permissions they gave it. Raises ``StoreError`` saying why it cannot be used (a file in
        the way, no permission, a read-only file system…)."""
        try:
            self.data_dir.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
            if self.data_dir == default_data_dir():
                _keep_private(self.data_dir)
        except OSError as err:
            raise StoreError(_unusable(self.data_dir, err)) from err
        return self

    def check(self) -> Paths:
        """Raise ``StoreError`` when ``data_dir`` cannot be a folder (a file in the way), as
        ``ensure`` would, but create nothing: for commands that only read."""
        for path in (self.data_dir, *self.data_dir.parents):
            try:
                there = path.exists()
            except OSError as err:  # a name too long, a folder above it that denies access
                raise StoreError(_unreadable(self.data_dir, err)) from err
            if there:
                if not path.is_dir():
                    raise StoreError(_unusable(self.data_dir, NotADirectoryError(str(path))))
                break
        return self

    def has_db(self) -> bool:
        """Whether the database file exists. Raises ``StoreError`` when the data folder cannot
        be looked into (no permission): the question has no answer, and "no database yet"
        would be a wrong one."""
        try:
            return self.db.exists()
        except OSError as err:
            raise StoreError(_unreadable(self.data_dir, err)) from err


def _keep_private(folder: Path) -> None:
    mode = folder.stat().st_mode & 0o777
    if mode & ~PRIVATE:
        folder.chmod(mode & PRIVATE)


def _unreadable(data_dir: Path, err: OSError) -> str:
    reason = (err.strerror or str(err)).rstrip(".").lower()
    access = (f"Give yourself access to it (chmod u+rwx {data_dir}), or choose"
              if isinstance(err, PermissionError) else "Choose")
    return (f"Notify cannot read its data folder {data_dir} ({reason}). {access} another "
            f"folder with --data-dir or {ENV_DATA_DIR}.")


def _unusable(data_dir: Path, err: OSError) -> str:
    where = f"Notify cannot use {data_dir} as its data folder"
    advice = f"Choose another folder with --data-dir or {ENV_DATA_DIR}."
    if isinstance(err, (FileExistsError, NotADirectoryError)):
        blocker = next((p for p in (data_dir, *data_dir.parents) if p.exists() and not p.is_dir()),
                       data_dir)
        return f"{where}: {blocker} is a file, not a folder. {advice}"
    reason = (err.strerror or str(err)).rstrip(".").lower()
    return f"{where}: it cannot be created ({reason}). {advice}"


def default_data_dir() -> Path:
    """The platform's user data folder for Notify: the data folder without ``--data-dir`` or
    ``NOTIFY_DATA_DIR``."""
    return Path(platformdirs.user_data_dir("notify", appauthor=False))


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """``--data-dir`` wins, then ``NOTIFY_DATA_DIR``, then the platform's user data folder."""
    if data_dir:
        return Paths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Paths(Path(env).expanduser().resolve())
    return Paths(default_data_dir())
