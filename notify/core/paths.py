"""Where Notify keeps its files: platformdirs (XDG on Linux), overridable per run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "NOTIFY_DATA_DIR"
DB_NAME = "notify.sqlite3"


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
    def lock(self) -> Path:
        return self.data_dir / "notify.lock"

    def ensure(self) -> Paths:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """``--data-dir`` wins, then ``NOTIFY_DATA_DIR``, then the platform's user data folder."""
    if data_dir:
        return Paths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Paths(Path(env).expanduser().resolve())
    return Paths(Path(platformdirs.user_data_dir("notify", appauthor=False)))
