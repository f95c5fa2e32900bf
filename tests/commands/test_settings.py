"""``notify settings show|set|reset``: the settings the app's Notifications and Polling pages
change, from the command line, and what a round then does with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.models import Decision
from notify.core.ranking.profile import parse_term
from notify.core.ranking.service import RankingService
from notify.core.settings import OPTIONS
from notify.core.store import db
from notify.core.store import items as items_store
from tests.core.ranking.conftest import T0, Feed


def run(tmp_path: Path, *argv: str) -> int:
    return main(["--data-dir", str(tmp_path), *argv])


def test_show_lists_every_setting_and_says_which_were_changed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "settings", "set", "notify.daily_budget", "4") == 0
    assert capsys.readouterr().out == (
        "Notifications per day at most (notify.daily_budget): 10 → 4.\n")
    assert run(tmp_path, "settings", "show") == 0
    out = capsys.readouterr().out
    for option in OPTIONS:
        assert option.key in out
    budget = next(line for line in out.splitlines() if line.startswith("notify.daily_budget"))
    assert " 4 " in budget and budget.endswith("(default: 10)")
    assert run(tmp_path, "settings", "show", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1
    assert {s["key"]: s["value"] for s in doc["settings"]}["notify.daily_budget"] == 4


def test_quiet_hours_set_from_the_command_line_hold_the_round(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for key, value in (("quiet_enabled", "yes"), ("quiet_start", "00:00"),
                       ("quiet_end", "23:59")):  # the part after the dot is enough
        assert run(tmp_path, "settings", "set", key, value) == 0
    assert "Quiet hours (notify.quiet_enabled): no → yes." in capsys.readouterr().out
    conn = db.connect(tmp_path / "notify.sqlite3")
    try:
        s = RankingService(conn, explore=False)
        s.pin(parse_term("keyword:rust"), "always")
        item = Feed(conn, "tech").add("Rust 2.0 released")
        assert s.process_new([item], T0) == []
        assert items_store.get(conn, item).decision == Decision.DIGEST
    finally:
        conn.close()
    assert run(tmp_path, "settings", "reset", "notify.quiet_enabled") == 0
    assert capsys.readouterr().out == "Quiet hours (notify.quiet_enabled): yes → no.\n"
    assert run(tmp_path, "settings", "reset", "quiet_enabled") == 0
    assert "already no: nothing changed" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "said"), [
    (("set", "notify.daily_budget", "-1"), "must be from 0 to 100, not -1."),
    (("set", "volume", "3"), "There is no setting 'volume'"),
    (("set", "paused_until", "0"), "notify pause"),
    # the end is 07:00 by default: quiet hours that start when they end would be none at all
    (("set", "quiet_start", "07:00"), "Quiet hours cannot start and end at the same time"),
    (("set", "quiet_end", "22:00"), "(22:00): that would be no quiet hours at all"),
    (("reset", "nope"), "There is no setting 'nope'"),
    # a start alone that meets the end: how to move both at once
    (("set", "quiet_start", "07:00"), "give them together: 'notify settings set quiet_start"),
    # not a number: the setting, what it takes and its range (it said only "Notifications per
    # day at most: 'many' is not a whole number.")
    (("set", "daily_budget", "many"),
     "Notifications per day at most (notify.daily_budget) takes a whole number from 0 to 100, "
     "not 'many'."),
    (("set", "daily_budget", "2.5"), "takes a whole number from 0 to 100, not '2.5'."),
    (("set", "sensitivity", "high"),
     "Sensitivity (notify.sensitivity) takes a number from 0 to 1, not 'high'."),
    # a part of a name: the settings that have it (it listed all twelve)
    (("set", "budget", "5"), "There is no setting 'budget'; did you mean 'daily_budget'?"),
    (("reset", "quiet"), "did you mean one of 'quiet_start', 'quiet_end', 'quiet_enabled'?"),
    # out of range: the range and the value given (it said "…: at most 100.")
    (("set", "daily_budget", "500"),
     "Notifications per day at most (notify.daily_budget) must be from 0 to 100, not 500."),
    (("set", "sensitivity", "2", "daily_budget", "4"),
     "Sensitivity (notify.sensitivity) must be from 0 to 1, not 2."),
    # a typo: the setting meant, not the list of all
    (("set", "daily_bugdet", "5"), "There is no setting 'daily_bugdet'; did you mean "
     "'daily_budget'? 'notify settings show' lists them all."),
    (("reset", "notify.quiet_strat"), "did you mean 'notify.quiet_start'?"),
    (("set", "daily_budget", "4", "quiet_start"), "'quiet_start' has no value"),
    # a switch or a time: the setting, what it takes and the value given (it said "Quiet
    # hours: 'maybe' is not yes or no." and "Quiet hours start: use HH:MM, for example 07:30.")
    (("set", "quiet_enabled", "maybe"),
     "Quiet hours (notify.quiet_enabled) takes yes or no, not 'maybe'."),
    (("set", "quiet_start", "25:00"), "Quiet hours start (notify.quiet_start) takes a time of "
     "day as HH:MM, for example 07:30, not '25:00'."),
    (("set", "daily_budget", "4", "quiet_end", "7pm"), "Quiet hours end (notify.quiet_end) "
     "takes a time of day as HH:MM, for example 07:30, not '7pm'."),
    # several together: one refused, none changed
    (("set", "daily_budget", "4", "quiet_end", "22:00"), "start and end at the same time"),
])
def test_a_wrong_setting_or_value_is_one_line_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
        said: str) -> None:
    assert run(tmp_path, "settings", *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("notify: ") and said in err and err.count("\n") == 1
    assert run(tmp_path, "settings", "show", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert all(s["value"] == s["default"] for s in doc["settings"])


def test_quiet_hours_move_in_one_command_with_both_times(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """22:00–07:00 to 07:00–22:00: one at a time, each would meet the other (refused); given
    together they are saved together, as the app's Save does, and each change is reported."""
    assert run(tmp_path, "settings", "set", "quiet_start", "07:00", "quiet_end", "22:00") == 0
    assert capsys.readouterr().out == ("Quiet hours start (notify.quiet_start): 22:00 → 07:00.\n"
                                       "Quiet hours end (notify.quiet_end): 07:00 → 22:00.\n")
    assert run(tmp_path, "settings", "reset", "quiet_start", "notify.quiet_end") == 0
    assert capsys.readouterr().out == ("Quiet hours start (notify.quiet_start): 07:00 → 22:00.\n"
                                       "Quiet hours end (notify.quiet_end): 22:00 → 07:00.\n")
