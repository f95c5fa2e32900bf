"""When the data folder misbehaves (a full disk, a read-only folder, a database another process
holds locked, a damaged database file) the CLI exits non-zero with one clear line saying what
failed and what to do: never a traceback, and never by losing or replacing the user's data.

A full disk and a read-only folder are real mounts (a 400 KiB tmpfs; a read-only bind mount):
that needs root and permission to mount, which CI containers and this project's sandbox have;
elsewhere those tests are skipped with that reason.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hostile_server import HostileServer

REPO = Path(__file__).resolve().parents[2]


def notify(data: Path, *argv: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({"NO_PROXY": "*", "PYTHONPATH": str(REPO)})
    return subprocess.run([sys.executable, "-m", "notify", *argv, "--data-dir", str(data)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def one_clear_line(run: subprocess.CompletedProcess[str], *words: str) -> str:
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert "Traceback" not in run.stderr, run.stderr
    assert len(lines) == 1 and lines[0].startswith("notify: "), run.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


def _can_mount() -> str:
    if os.geteuid() != 0:
        return "needs root to mount a tiny tmpfs / read-only bind mount"
    return ""


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    mounted: list[Path] = []
    yield mounted
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


def tmpfs(path: Path, size: str, mounts: list[Path]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        pytest.skip(f"cannot mount a tmpfs here ({err}); a full disk needs one")
    mounts.append(path)
    return path


def read_only(path: Path, mounts: list[Path]) -> None:
    try:
        _mount("--bind", str(path), str(path))
        mounts.append(path)
        _mount("-o", "remount,bind,ro", str(path))
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        pytest.skip(f"cannot make a read-only bind mount here ({err})")


def big_opml(path: Path, count: int = 800) -> Path:
    outlines = "".join(
        f'<outline type="rss" text="{"t" * 200}{i}" xmlUrl="http://127.0.0.1:9/{"p" * 300}/{i}"/>'
        for i in range(count))
    path.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    return path


def sources_in(data: Path) -> list[str]:
    conn = sqlite3.connect(data / "notify.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute("SELECT url FROM sources ORDER BY id")]
    finally:
        conn.close()


# -- a damaged database file ----------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "notify.sqlite3"
    db.write_bytes(os.urandom(64 * 1024))
    before = digest(db)
    for argv in (("status",), ("sources", "list"), ("poll", "--all"),
                 ("sources", "add", "--no-check", "http://127.0.0.1:9/feed")):
        one_clear_line(notify(data, *argv), "damaged", "backup", "start fresh")
    assert digest(db) == before, "the damaged file must be kept as it was"


def test_a_damaged_page_inside_the_database_gives_one_clear_line(tmp_path: Path) -> None:
    """Regression: a malformed page met after opening gave a sqlite3 traceback."""
    data = tmp_path / "data"
    assert notify(data, "sources", "add", "--no-check", "http://127.0.0.1:9/feed").returncode == 0
    db = data / "notify.sqlite3"
    conn = sqlite3.connect(db)  # (a fixed page number broke when the schema gained a table)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'source_state'"
                        ).fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[page * (root - 1): page * root] = bytes(page)  # zero one table page
    db.write_bytes(bytes(raw))
    before = digest(db)
    for argv in (("sources", "list"), ("status",)):
        one_clear_line(notify(data, *argv), "damaged", "backup")
    assert digest(db) == before


# -- a database locked by another process ---------------------------------------------------


def test_a_database_held_by_another_process_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert notify(data, "sources", "add", "--no-check", "http://127.0.0.1:9/a").returncode == 0
    holder = sqlite3.connect(data / "notify.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        run = notify(data, "sources", "add", "--no-check", "http://127.0.0.1:9/b")
        one_clear_line(run, "locked by another program", "try again")
        listed = notify(data, "sources", "list")  # reading still works meanwhile (WAL)
        assert listed.returncode == 0 and "127.0.0.1" in listed.stdout
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert notify(data, "sources", "add", "--no-check", "http://127.0.0.1:9/b").returncode == 0
    assert sources_in(data) == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]


# -- a read-only data folder ----------------------------------------------------------------


@pytest.mark.skipif(bool(_can_mount()), reason=_can_mount() or "-")
def test_a_read_only_data_folder_gives_a_way_out(tmp_path: Path, mounts: list[Path]) -> None:
    data = tmp_path / "data"
    assert notify(data, "sources", "add", "--no-check", "http://127.0.0.1:9/a").returncode == 0
    before = digest(data / "notify.sqlite3")
    read_only(data, mounts)
    for argv in (("sources", "add", "--no-check", "http://127.0.0.1:9/b"), ("poll", "--all")):
        one_clear_line(notify(data, *argv), "writable", "--data-dir")
    # ``status`` was refused here too ("Cannot write the database"), and this test said so; a
    # person must still be able to look at their data, and a reader now reads a read-only
    # folder (``db._reader``: SQLite's ``immutable=1``, as no -wal file is left): deliberately
    # changed, with the database still unchanged below
    looked = notify(data, "status")
    assert looked.returncode == 0 and looked.stderr == "", looked.stderr
    assert "Sources:   1 (1 enabled" in looked.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    read_only(empty, mounts)
    one_clear_line(notify(empty, "sources", "add", "--no-check", "http://127.0.0.1:9/a"),
                   "writable", "--data-dir")
    looked = notify(empty, "status")  # only reads: there is nothing yet, and nothing to create
    assert looked.returncode == 0 and looked.stderr == "", looked.stderr
    assert "Database:  none yet" in looked.stdout
    assert digest(data / "notify.sqlite3") == before


# -- a full disk ----------------------------------------------------------------------------


@pytest.mark.skipif(bool(_can_mount()), reason=_can_mount() or "-")
def test_a_full_disk_during_an_import_keeps_what_was_there(
    tmp_path: Path, mounts: list[Path]
) -> None:
    """Regression: the failed import's ROLLBACK raised "no transaction is active" (SQLite had
    already rolled back), so a traceback hid the disk-full message."""
    data = tmp_path / "small"
    tmpfs(data, "320k", mounts)  # room for a new database (its log ~150 KB) with some to spare
    assert notify(data, "sources", "add", "--no-check", "http://127.0.0.1:9/a").returncode == 0
    run = notify(data, "sources", "import", str(big_opml(tmp_path / "big.opml")))
    one_clear_line(run, "full", "Free some space")
    assert sources_in(data) == ["http://127.0.0.1:9/a"]  # all or nothing: the import rolled back
    listed = notify(data, "sources", "list")
    assert listed.returncode == 0 and "127.0.0.1" in listed.stdout


def _big_feed(count: int = 3000) -> bytes:
    items = "".join(
        f"<item><title>T{i}</title><link>http://e.invalid/{i}</link><guid>g{i}</guid>"
        f"<description>{'word ' * 100}</description></item>" for i in range(count))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}'
            "</channel></rss>").encode()


@pytest.mark.skipif(bool(_can_mount()), reason=_can_mount() or "-")
def test_a_full_disk_during_a_poll_loses_nothing(tmp_path: Path, mounts: list[Path]) -> None:
    data = tmp_path / "small"
    tmpfs(data, "400k", mounts)
    with HostileServer() as server:
        server.route("/big.xml", _big_feed())
        assert notify(data, "sources", "add", "--no-check", server.url("/feed")).returncode == 0
        assert notify(data, "poll", "--all").returncode == 0
        assert notify(data, "sources", "add", "--no-check", server.url("/big.xml")).returncode == 0
        run = notify(data, "poll", "--all", "--json")
    assert "full" in run.stdout  # the big source's own report says the disk is full
    conn = sqlite3.connect(data / "notify.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = conn.execute("SELECT COUNT(*) FROM items WHERE source_id = 1").fetchone()[0]
        stored_big = conn.execute("SELECT COUNT(*) FROM items WHERE source_id = 2").fetchone()[0]
    finally:
        conn.close()
    assert kept == 2, "the items stored before the disk filled are all there"
    assert stored_big in (0, 3000), "a source's items are stored all or nothing"
    assert notify(data, "status").returncode == 0


@pytest.mark.skipif(bool(_can_mount()), reason=_can_mount() or "-")
def test_a_full_disk_during_a_poll_says_free_some_space_without_a_traceback(
    tmp_path: Path, mounts: list[Path]
) -> None:
    data = tmp_path / "small"
    tmpfs(data, "400k", mounts)
    with HostileServer() as server:
        server.route("/big.xml", _big_feed())
        assert notify(data, "sources", "add", "--no-check", server.url("/big.xml")).returncode == 0
        run = notify(data, "poll", "--all")
    assert "Traceback" not in run.stderr, run.stderr
    assert "Free some space" in run.stdout + run.stderr  # fixed in 0fdfb3f (engine)


@pytest.mark.skipif(bool(_can_mount()), reason=_can_mount() or "-")
def test_a_disk_already_full_when_a_poll_starts_says_so_and_can_still_be_read(
    tmp_path: Path, mounts: list[Path]
) -> None:
    """s16 walkthrough: on a disk already full, ``notify poll`` ended in a traceback (writing
    its pid into the poll lock: ENOSPC); past that, opening the database (closed cleanly: no
    ``-shm`` beside it, which SQLite could not make) said "cannot be used (disk I/O error).
    Run 'notify repair'…", a damaged database that was not; and ``status`` refused to read."""
    data = tmp_path / "small"
    tmpfs(data, "400k", mounts)
    for n in range(4):
        assert notify(data, "sources", "add", "--no-check",
                      f"http://127.0.0.1:9/feed{n}").returncode == 0
    (data / "poll.lock").unlink(missing_ok=True)
    fd = os.open(data / "filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill what is left
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    line = one_clear_line(notify(data, "poll", "--all"), "is full", "Free some space")
    assert "repair" not in line
    looked = notify(data, "status")  # only reads: still answers
    assert looked.returncode == 0, looked.stderr
    assert "Sources:   4 (4 enabled" in looked.stdout
    (data / "filler").unlink()
    assert notify(data, "poll", "--all").returncode == 0  # room again: it polls
