"""A data folder an older Notify left, opened by this one through a command that only reads:
the database is upgraded first (backed up, as any migration), then read. Regression: after an
upgrade, ``notify status``, ``items``, ``sources list`` and ``profile show`` each said "The
database … cannot be used (no such column: title_given). Run 'notify repair' …" until a command
that writes happened to migrate it (and ``notify repair`` then said it was fine)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from notify.core.errors import StoreError
from notify.core.store import db
from tests.support.older_db import backup_holds
from tests.support.older_db import older_database as older

REPO = Path(__file__).resolve().parents[3]
OLD_VERSION = 3  # the schema of the older Notify in the walkthrough (0001-0003 unchanged since)


def older_database(path: Path, version: int = OLD_VERSION) -> None:
    """A database as Notify with schema ``version`` left it: a source, two items (the second
    saved), a setting."""
    older(path, version, source_title="Example Wire",
          items=[("Story 0", False, False), ("Story 1", True, False)],
          settings={"notify.daily_budget": "7"})


def test_a_reader_of_an_older_database_upgrades_it_first(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    older_database(path)
    conn = db.connect(path, readonly=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.schema_version()
        assert conn.execute("PRAGMA query_only").fetchone()[0] == 1
        assert conn.execute("SELECT title, title_given FROM sources").fetchone()[0] == (
            "Example Wire")
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 2
    finally:
        conn.close()
    (backup,) = (tmp_path / "backups").glob(f"notify.v{OLD_VERSION}.*.sqlite3")
    assert backup_holds(backup, OLD_VERSION, items=2)


def test_a_reader_of_a_current_database_backs_nothing_up(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    db.connect(path).close()
    db.connect(path, readonly=True).close()
    assert not (tmp_path / "backups").exists()


def test_migrate_false_reads_an_older_database_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    older_database(path)
    conn = db.connect(path, readonly=True, migrate=False)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == OLD_VERSION
    finally:
        conn.close()
    assert not (tmp_path / "backups").exists()


def notify(data: Path, *argv: str, drop_root: bool = False) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if drop_root and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root passes any permission, and setpriv (util-linux) is not here to "
                        "drop the capabilities that let it")
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([*prefix, sys.executable, "-m", "notify", "--data-dir", str(data),
                           *argv], capture_output=True, text=True, timeout=120, env=env,
                          cwd=REPO)


def test_commands_that_only_read_work_on_an_older_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    older_database(data / "notify.sqlite3")
    status = notify(data, "status")
    assert status.returncode == 0, status.stderr
    assert "Items:     2" in status.stdout
    listed = notify(data, "sources", "list")
    assert listed.returncode == 0 and "Example Wire" in listed.stdout, listed.stderr
    saved = notify(data, "items", "--saved")
    assert saved.returncode == 0 and "Story 1" in saved.stdout, saved.stderr
    budget = notify(data, "settings", "show")
    assert budget.returncode == 0, budget.stderr
    assert any(line.split()[:2] == ["notify.daily_budget", "7"]
               for line in budget.stdout.splitlines())
    assert len(list((data / "backups").iterdir())) == 1


def test_an_older_database_in_a_read_only_folder_says_what_to_do(tmp_path: Path) -> None:
    data = tmp_path / "data"
    older_database(data / "notify.sqlite3")
    data.chmod(0o555)
    try:
        run = notify(data, "status", drop_root=True)
    finally:
        data.chmod(0o755)
    assert run.returncode != 0
    message = " ".join(run.stderr.split())
    assert "written by an older version of Notify (schema 3; this version reads schema" in (
        message)
    assert f"chmod u+w {data}" in message and "notify repair" not in message
    assert sorted(p.name for p in data.iterdir()) == ["notify.sqlite3"]


def test_the_read_only_message_comes_from_the_store(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """In process, without a read-only folder: the writer that would upgrade is refused as a
    read-only folder refuses it."""
    path = tmp_path / "notify.sqlite3"
    older_database(path)
    real_connect = db.connect

    def refusing(p: Path, *, readonly: bool = False, migrate: bool = True) -> sqlite3.Connection:
        if not readonly:
            try:
                raise sqlite3.OperationalError("attempt to write a readonly database")
            except sqlite3.Error as err:
                raise db.as_store_error(err, p) from err
        return real_connect(p, readonly=readonly, migrate=migrate)

    monkeypatch.setattr(db, "connect", refusing)
    with pytest.raises(StoreError, match=r"older version of Notify \(schema 3"):
        real_connect(path, readonly=True)


def test_the_upgrade_is_said_once_where_the_old_database_is_kept(tmp_path: Path) -> None:
    """Regression: the backup and the migration were said only in the log (or with -v), so a
    person did not learn that their data folder had changed, nor where the old one was."""
    data = tmp_path / "data"
    older_database(data / "notify.sqlite3")
    status = notify(data, "status")
    assert status.returncode == 0, status.stderr
    (backup,) = (data / "backups").iterdir()
    said = " ".join(status.stderr.split())
    assert said == (
        f"notify: upgraded the database {data / 'notify.sqlite3'} for this version of Notify "
        f"(schema {OLD_VERSION} to {db.schema_version()}); the one an older Notify left is "
        f"kept as {backup}"), status.stderr
    assert "Items:     2" in status.stdout
    again = notify(data, "status")
    assert again.returncode == 0 and again.stderr == ""  # said once: nothing to upgrade now
    older_database(tmp_path / "other" / "notify.sqlite3")
    verbose = notify(tmp_path / "other", "status", "-v")  # the root's handler says it not again
    assert verbose.returncode == 0 and verbose.stderr.count("upgraded the database") == 1, (
        verbose.stderr)
