"""``notify pause [WHEN]`` and ``notify resume``: the app's "Pause notifications" from the
command line; while paused a round notifies nothing."""

from __future__ import annotations

import datetime as dt
import json
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


def test_a_pause_longer_than_a_year_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``pause 99999999999d`` was stored, then ``pause``, ``status`` and
    ``settings show`` each ended in a traceback ("year 273792727 is out of range")."""
    for when in ("366d", "99999999999d", "9000h"):
        assert run(tmp_path, "pause", when) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == (
            f"notify: Cannot pause for '{when}': a pause lasts at most 365 days; for longer, "
            "'until-resumed' pauses until you resume.\n")
    assert not (tmp_path / "notify.sqlite3").exists()  # nothing stored


def test_a_pause_ending_further_than_two_weeks_says_its_year(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``pause 300d`` said "until Sat 26 Sep 13:19": the year is not this one."""
    assert run(tmp_path, "pause", "300d") == 0
    end = dt.datetime.fromtimestamp(paused_until(tmp_path)).astimezone()
    assert capsys.readouterr().out.startswith(
        f"Notifications paused until {end:%Y-%m-%d %H:%M}; items still reach the inbox.")
    assert run(tmp_path, "pause", "3d") == 0
    end = dt.datetime.fromtimestamp(paused_until(tmp_path)).astimezone()
    assert capsys.readouterr().out.startswith(f"Notifications paused until {end:%a %d %b %H:%M};")


def test_a_pause_stored_past_the_calendar_reads_as_until_resumed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An end after the year 9999 (stored by a version that took any duration) made
    ``status``, ``status --json`` and ``settings show`` end in a traceback."""
    assert run(tmp_path, "pause", "1h") == 0
    conn = db.connect(tmp_path / "notify.sqlite3")
    try:
        settings_store.write(conn, "notify.paused_until", time.time() + 99999999999 * 86400)
    finally:
        conn.close()
    capsys.readouterr()
    assert run(tmp_path, "status") == 0
    assert "Notifying: paused until you resume" in capsys.readouterr().out
    assert run(tmp_path, "settings", "show") == 0
    assert "until you resume" in capsys.readouterr().out
    assert run(tmp_path, "status", "--json") == 0
    assert json.loads(capsys.readouterr().out)["notifications"]["paused"] is True


@pytest.mark.parametrize("when", ["-5m", "-2h", "-1d", "-0.5h"])
def test_a_negative_duration_is_refused_as_a_duration(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], when: str) -> None:
    """Regression: argparse read ``-5m`` as an unknown option ("unrecognized arguments:
    -5m"), which says nothing of what a pause takes."""
    assert run(tmp_path, "pause", when) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"notify: Cannot pause for '{when}': give a duration such as 30m, 2h")
    assert "unrecognized" not in err and "tomorrow" in err
    assert not (tmp_path / "notify.sqlite3").exists()  # nothing was paused


def test_an_unknown_option_of_pause_is_still_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["pause", "-x"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: -x" in capsys.readouterr().err
