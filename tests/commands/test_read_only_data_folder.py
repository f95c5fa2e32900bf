"""A data folder (or database file) the system keeps read-only: the commands that only read
still show the data (``db._reader``: ``mode=ro``, else ``immutable=1``), and those that write
are refused in one line saying what to do. Regression: every command, ``status`` included,
said "Cannot write the database … (attempt to write a readonly database)": the reader opened
``mode=rw``, and a WAL database needs a ``-shm`` file SQLite could not make there.

Each command runs in a process of its own whose permissions are checked: as root (CI, this
project's sandbox) with its capabilities dropped (``setpriv``), so that ``chmod`` binds it as
it binds anyone else."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DROP_CAPABILITIES = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]
READERS = [("status",), ("items",), ("sources", "list"), ("sources", "show", "1"),
           ("sources", "export"), ("settings", "show"), ("notified",), ("profile", "show"),
           ("profile", "export", "{out}/profile.json")]
WRITERS = [("sources", "add", "--no-check", "http://127.0.0.1:9/b"), ("pause", "2h"),
           ("profile", "pin", "rust"), ("settings", "set", "daily_budget", "5"),
           ("sources", "disable", "1")]


def notify(data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``notify ARGV`` in a process the folder's permissions bind."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root passes any permission, and setpriv (util-linux) is not here to "
                        "drop the capabilities that let it")
        prefix = DROP_CAPABILITIES
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([*prefix, sys.executable, "-m", "notify", "--data-dir", str(data),
                           *argv], capture_output=True, text=True, timeout=120, env=env,
                          cwd=REPO)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A data folder with one source named "Science", then made read-only."""
    folder = tmp_path / "data"
    run = notify(folder, "sources", "add", "--no-check", "--title", "Science",
                 "http://127.0.0.1:9/a")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notify.sqlite3"]
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_reading_commands_show_the_data_of_a_read_only_folder(
    data: Path, tmp_path: Path
) -> None:
    before = digest(data)
    for argv in READERS:
        run = notify(data, *(a.format(out=tmp_path) for a in argv))
        assert run.returncode == 0 and run.stderr == "", (argv, run.stderr)
    assert "Science" in notify(data, "sources", "list").stdout
    assert "Sources:   1 (1 enabled" in notify(data, "status").stdout
    assert digest(data) == before  # nothing written, no -wal/-shm left
    assert '"format": "notify-profile"' in (tmp_path / "profile.json").read_text()


def test_writing_commands_in_a_read_only_folder_say_what_to_do_in_one_line(data: Path) -> None:
    before = digest(data)
    for argv in WRITERS:
        run = notify(data, *argv)
        assert run.returncode == 2 and run.stdout == "", (argv, run.stdout)
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
        assert lines[0].startswith(f"notify: Cannot change the database {data}"), lines[0]
        assert f"chmod u+w {data}" in lines[0] and "--data-dir" in lines[0]
        assert "commands that only read (notify status, items, sources list) still work" \
            in lines[0]
    assert digest(data) == before


def test_a_read_only_database_file_is_read_too(data: Path) -> None:
    (data / "notify.sqlite3").chmod(0o444)
    try:
        run = notify(data, "sources", "list")
        assert run.returncode == 0 and "Science" in run.stdout, run.stderr
        data.chmod(0o755)  # a writable folder: SQLite makes the -shm file there
        run = notify(data, "status")
        assert run.returncode == 0 and run.stderr == "", run.stderr
        refused = notify(data, "pause", "2h")
        assert refused.returncode == 2 and "Cannot change the database" in refused.stderr
    finally:
        (data / "notify.sqlite3").chmod(0o644)


def _with_a_log(data: Path, tmp_path: Path) -> None:
    """``data`` (writable for the while) holding a change only its ``-wal`` file has: a
    copy of a database and its log taken while a program still had them open."""
    source = tmp_path / "open"
    shutil.copytree(data, source)
    conn = sqlite3.connect(source / "notify.sqlite3")
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE sources SET title = 'Renamed'")
        conn.commit()
        for name in ("notify.sqlite3", "notify.sqlite3-wal"):
            shutil.copy(source / name, data / name)
    finally:
        conn.close()


def test_a_read_only_folder_whose_log_holds_changes_is_refused_saying_what_to_do(
    data: Path, tmp_path: Path
) -> None:
    """Read ``immutable=1`` (no ``-shm`` needed), the database would show "Science", the
    title the ``-wal`` file has since changed: a wrong answer, so none is given."""
    data.chmod(0o755)
    _with_a_log(data, tmp_path)
    data.chmod(0o555)
    run = notify(data, "sources", "list")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == (
        f"notify: Cannot read the database {data / 'notify.sqlite3'}: its folder is read-only "
        "and notify.sqlite3-wal beside it holds changes not yet written into the database, "
        "which SQLite reads only where it may write. Make the folder writable (chmod u+w "
        f"{data}) and run Notify once, or copy the folder elsewhere and use --data-dir.\n")
    data.chmod(0o755)
    run = notify(data, "sources", "list")  # as it says: the change is there
    assert run.returncode == 0 and "Renamed" in run.stdout, run.stderr
    assert sorted(p.name for p in data.iterdir()) == ["notify.sqlite3"]


def test_a_read_only_folder_with_its_log_and_shm_reads_the_log(
    data: Path, tmp_path: Path
) -> None:
    """With the ``-shm`` file there too (a folder made read-only while Notify ran), SQLite
    reads the log ``mode=ro``: the change it holds is shown."""
    data.chmod(0o755)
    _with_a_log(data, tmp_path)
    conn = sqlite3.connect(data / "notify.sqlite3")  # makes the -shm from the log, keeps both
    try:
        assert conn.execute("SELECT title FROM sources").fetchone()[0] == "Renamed"
        data.chmod(0o555)
        run = notify(data, "sources", "list")
    finally:
        conn.close()
    assert run.returncode == 0 and "Renamed" in run.stdout, run.stderr
