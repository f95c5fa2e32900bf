"""``notify pause [WHEN]`` and ``notify resume``: the app's "Pause notifications" from the
command line; while paused a round notifies nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.models import Decision
from notify.core.ranking.profile import parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import items as items_store
from notify.core.store import settings as settings_store
from tests.core.ranking.conftest import Feed


def run(tmp_path: Path, *argv: str) -> int:
    return main(["--data-dir", str(tmp_path), *argv])


def paused_until(tmp_path: Path) -> float:
    conn = db.connect(tmp_path / "notify.sqlite3", readonly=True)
    try:
        return float(settings_store.read(conn, "notify.paused_until"))
    finally:
        conn.close()


def test_pause_silences_the_rounds_until_resumed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = time.time()
    assert run(tmp_path, "pause", "2h") == 0
    out = capsys.readouterr().out
    assert out.startswith("Notifications paused until ") and "'notify resume'" in out
    assert before + 7200 <= paused_until(tmp_path) <= time.time() + 7200
    conn = db.connect(tmp_path / "notify.sqlite3")
    try:
        s = RankingService(conn, explore=False)
        s.pin(parse_term("keyword:rust"), "always")
        feed = Feed(conn, "tech")
        held = feed.add("Rust 2.0 released")
        assert s.process_new([held], time.time()) == []
        assert items_store.get(conn, held).decision_reason == "notifications paused"
        assert run(tmp_path, "resume") == 0
        assert capsys.readouterr().out == "Notifications resumed.\n"
        fresh = feed.add("Rust 2.1 released")
        assert [p.item_ids for p in s.process_new([fresh], time.time())] == [(fresh,)]
        assert items_store.get(conn, fresh).decision == Decision.NOTIFY
    finally:
        conn.close()
    assert run(tmp_path, "resume") == 0
    assert capsys.readouterr().out == "Notifications were not paused: nothing changed.\n"


def test_pause_until_resumed_and_a_wrong_duration(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "pause", "until-resumed") == 0
    assert capsys.readouterr().out.startswith("Notifications paused until you resume;")
    assert paused_until(tmp_path) == -1
    assert run(tmp_path, "pause", "soon") == 2
    assert "give a duration such as 30m, 2h or 1d" in capsys.readouterr().err
    assert paused_until(tmp_path) == -1  # unchanged


def test_resume_says_what_is_held_for_the_digest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from notify.core.store import notifications as n_store

    assert run(tmp_path, "pause", "1h") == 0
    conn = db.connect(tmp_path / "notify.sqlite3")
    try:  # an item held during quiet hours, before the pause
        held = Feed(conn, "tech").add("Rust 2.0 released")
        n_store.record_decisions(conn, [n_store.Decided(held, 0.9, "digest", "quiet hours",
                                                        None)])
    finally:
        conn.close()
    capsys.readouterr()
    assert run(tmp_path, "resume") == 0
    assert capsys.readouterr().out == (
        "Notifications resumed. 1 story held for the digest, delivered at the next poll.\n")


def test_resume_help_says_what_it_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["resume", "--help"])
    assert done.value.code == 0
    assert "End a pause of notifications ('notify pause')" in " ".join(
        capsys.readouterr().out.split())
