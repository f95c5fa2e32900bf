"""Commands that only read (``status``, ``items``, ``sources list``/``show``/``export``,
``settings show``, ``notified``, ``profile show``, ``explain``) create no database in a data
folder that has none, and leave no ``-wal``/``-shm`` file beside a database they read once
they are done (a reader opened ``mode=ro`` could not checkpoint the write-ahead log nor
remove it: every ``notify status`` left both behind)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from notify.core.store import db
from tests.test_cli import Cli

READERS = [("status",), ("status", "--json"), ("items",), ("items", "--new", "--json"),
           ("items", "--saved"),
           ("sources", "list"), ("settings", "show"), ("notified",), ("profile", "show"),
           ("sources", "export")]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("argv", READERS, ids=" ".join)
def test_a_reading_command_on_a_fresh_data_folder_creates_nothing(
    cli: Cli, argv: tuple[str, ...]
) -> None:
    code, out, err = cli(*argv)
    assert code == 0, err
    assert err == "" and out
    assert files(cli.data) == []


def test_an_unknown_id_on_a_fresh_data_folder_is_said_and_creates_nothing(cli: Cli) -> None:
    for argv, said in ((("explain", "1"), "No item with id 1"),
                       (("feedback", "1", "like"), "No item with id 1"),  # made the database
                       (("save", "1"), "No item with id 1"),
                       (("unsave", "1"), "No item with id 1"),
                       (("sources", "show", "1"), "No source with id 1")):
        code, _out, err = cli(*argv)
        assert code == 2 and said in err
    assert files(cli.data) == []


def test_status_on_a_fresh_data_folder_says_there_is_nothing_yet(cli: Cli) -> None:
    code, out, _ = cli("status")
    assert code == 0
    assert out.splitlines()[0] == "Sources:   0 (0 enabled, 0 failing)"
    assert f"Database:  none yet in {cli.data}" in out
    assert "notify sources add" in out
    doc = json.loads(cli("status", "--json")[1])
    assert (doc["sources"], doc["items"], doc["db_bytes"]) == (0, 0, 0)
    # not "Run 'notify poll' to fetch some": polling would fetch nothing; and each says what to
    # do in the same words (items said "a subscription list with 'notify sources import FILE'",
    # sources list "or 'notify sources import FILE.opml'")
    advice = ("Add one with 'notify sources add URL' (a feed or a web page), or import a list "
              "with 'notify sources import FILE.opml'.")
    assert " ".join(cli("sources", "list")[1].split()) == f"No sources yet. {advice}"
    assert " ".join(cli("items")[1].split()) == f"No items: no source yet. {advice}"
    assert " ".join(cli("poll")[1].split()) == f"Nothing to poll: you have no source yet. {advice}"


@pytest.mark.parametrize("argv", READERS, ids=" ".join)
def test_a_reading_command_leaves_no_write_ahead_log_behind(
    cli: Cli, argv: tuple[str, ...]
) -> None:
    assert cli("sources", "add", "--no-check", "http://127.0.0.1:9/feed.xml")[0] == 0
    assert files(cli.data) == ["notify.sqlite3"]  # the writer removed its own on closing
    code, _, err = cli(*argv)
    assert code == 0, err
    assert files(cli.data) == ["notify.sqlite3"]


def test_a_reader_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    db.connect(path).close()
    conn = db.connect(path, readonly=True)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    finally:
        conn.close()
    empty = db.connect_empty()  # a fresh data folder's stand-in
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            empty.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    finally:
        empty.close()


def test_while_another_connection_is_open_its_write_ahead_log_stays(tmp_path: Path) -> None:
    """The app running (its engine's connection open): a reader closing is not the last one,
    the log is the app's and stays; the app's engine removes it when it closes."""
    path = tmp_path / "notify.sqlite3"
    writer = db.connect(path)
    writer.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    reader = db.connect(path, readonly=True)
    assert reader.execute("SELECT value FROM settings WHERE key = 'x'").fetchone()[0] == "1"
    reader.close()
    assert files(tmp_path) == ["notify.sqlite3", "notify.sqlite3-shm", "notify.sqlite3-wal"]
    writer.close()
    assert files(tmp_path) == ["notify.sqlite3"]
