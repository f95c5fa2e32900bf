"""SIGKILL during polls (of the CLI's ``notify poll --all`` and of the desktop app, offscreen):
the database stays intact, nothing is stored twice, and every user
action acknowledged before a kill survives it (see tests/durability/crash.py).

The CI default is small (``NOTIFY_CRASH_KILLS``, default 8 kills over ``NOTIFY_CRASH_FEEDS``,
default 30 feeds); the scaled run (670 feeds, 100 kills) is
``.venv/bin/python -m tests.durability.crash [--target app]``; its figures are in
docs/reliability.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.durability.crash import check_db, rss, run_trials


@pytest.mark.slow
@pytest.mark.parametrize("target", ["cli", "app"])
def test_sigkill_during_polls_loses_and_duplicates_nothing(tmp_path: Path, target: str) -> None:
    kills = int(os.environ.get("NOTIFY_CRASH_KILLS", "8"))
    feeds = int(os.environ.get("NOTIFY_CRASH_FEEDS", "30"))
    report = run_trials(tmp_path, feeds=feeds, kills=kills, target=target,
                        seed=int(os.environ.get("NOTIFY_CRASH_SEED", "7")))
    print(report.summary())
    assert report.kills == kills
    assert report.killed_while_running >= kills // 2, "the kills must land while it runs"
    assert report.polled_before_kill >= kills // 3, "most kills land inside a round"
    assert report.acknowledged >= kills
    assert report.integrity_failures == []
    assert report.duplicates == 0
    assert report.lost_actions == []
    assert report.errors == []
    assert report.final_round_code == 0
    assert report.items_after > feeds * 5


def test_the_checks_see_a_damaged_database(tmp_path: Path) -> None:
    """The check is not blind: a database with its items' pages overwritten fails it."""
    import sqlite3

    db = tmp_path / "x.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, source_id INT, key TEXT, b TEXT)")
    conn.execute("CREATE INDEX ix ON items (source_id, key)")
    conn.executemany("INSERT INTO items (source_id, key, b) VALUES (1, ?, ?)",
                     [(str(i), "x" * 200) for i in range(2000)])
    conn.commit()
    conn.close()
    assert check_db(db) == ("ok", 0, 2000)
    raw = bytearray(db.read_bytes())
    page = 4096
    raw[page * 20: page * 22] = os.urandom(page * 2)  # garble two pages in the middle
    db.write_bytes(bytes(raw))
    try:
        integrity, _, _ = check_db(db)
    except sqlite3.DatabaseError:
        integrity = "unreadable"
    assert integrity != "ok"


def test_feeds_gain_new_items_each_generation() -> None:
    assert b"urn:crash:3:9" in rss(3, 1) and b"urn:crash:3:9" not in rss(3, 0)
