"""The first-run answers are learnt as a set (``ranking.first_run``): whatever order they come in,
the profile is the one learnt from the Dismissals first, then the Likes."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from notify.core.policy import PolicySettings
from notify.core.ranking import exploration, first_run
from notify.core.ranking.features import ItemText
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import items as items_store
from tests.core.ranking.conftest import T0, Feed
from tests.core.ranking.test_service_reactions import same, state, svc

# MIND user 25 of the twelfth round, in short: a liked sample and a dismissed one of the same
# source and tags, and a liked one elsewhere
STEELERS = ItemText("Predicting the winner of Pittsburgh Steelers vs. Miami Dolphins",
                    "Who wins on Monday night", "Sports",
                    tags=("football_nfl", "pittsburgh steelers", "miami dolphins"))
DOLPHINS = ItemText("Dolphins column: the teams that tank", "Why losing pays in the league",
                    "Sports", tags=("football_nfl", "miami dolphins"))
RECIPE = ItemText("A weeknight pasta with lemon", "Ten minutes, one pan", "Food",
                  tags=("recipes",))


def learnt(tmp_path: Path, name: str, answers: list[tuple[ItemText, str]],
           at: float = T0) -> RankingService:
    """A fresh profile that was given ``answers`` as first-run thumbs (``notify rank
    --jsonl``'s onboarding: items that are not stored), all at ``at``."""
    s = svc(db.connect(tmp_path / f"{name}.sqlite3"))
    for it, label in answers:
        s.learn_text(it, label, at)
    return s


def test_the_same_first_run_answers_in_any_order_give_the_same_profile(tmp_path: Path) -> None:
    """Regression: the Dismissal given after the Like of the same source was read against it
    and blamed on the item's words (``not:w:dolphins``), not on the source."""
    orders = {
        "likes first": [(STEELERS, "like"), (RECIPE, "like"), (DOLPHINS, "dismiss")],
        "mixed": [(STEELERS, "like"), (DOLPHINS, "dismiss"), (RECIPE, "like")],
        "as learnt": [(DOLPHINS, "dismiss"), (STEELERS, "like"), (RECIPE, "like")],
    }
    profiles = {name: learnt(tmp_path, name.replace(" ", "-"), answers)
                for name, answers in orders.items()}
    want = profiles["as learnt"]
    for name in ("likes first", "mixed"):
        assert profiles[name].profile.weights.table == want.profile.weights.table, name
        assert profiles[name].profile.meta == want.profile.meta, name
        assert profiles[name].show().reactions == 3
    # what it means: the Dismissal ruled the shared source and tag out before the Like chose
    # what it credits, so neither is as liked as after a Like alone, and the Dismissal blamed
    # no word of its item as one the person cannot stand
    alone = learnt(tmp_path, "alone", [(STEELERS, "like")])
    table = want.profile.weights.table
    assert table["src:Sports"][0] < alone.profile.weights.table["src:Sports"][0]
    assert table["tag:miami dolphins"][0] < alone.profile.weights.table["tag:miami dolphins"][0]
    assert "not:w:dolphins" not in table


def test_after_the_first_ranking_round_reactions_are_learnt_in_the_order_given(
    tmp_path: Path,
) -> None:
    s = learnt(tmp_path, "a", [(STEELERS, "like")])
    s.rank_texts([RECIPE], T0 + 3600)
    assert first_run.load(s.conn) == []  # nothing is reordered any more
    s.learn_text(DOLPHINS, "dismiss", T0 + 7200)
    assert "not:w:dolphins" in s.profile.weights.table  # read against the Like before it


def profile_after(tmp_path: Path, name: str, answers: list[tuple[str, str]]) -> tuple[
        RankingService, dict[str, int]]:
    """A fresh profile with three stored items ("steelers" and "dolphins" from Sports,
    "recipe" from Food) and the reactions ``answers`` to them, one a minute."""
    conn = db.connect(tmp_path / f"{name}.sqlite3")
    sports, food = Feed(conn, "Sports"), Feed(conn, "Food")
    ids = {"steelers": sports.add(STEELERS.title, STEELERS.summary),
           "dolphins": sports.add(DOLPHINS.title, DOLPHINS.summary),
           "recipe": food.add(RECIPE.title, RECIPE.summary)}
    s = svc(conn)
    for n, (item, label) in enumerate(answers):
        s.feedback(ids[item], label, T0 + 60 * n)
    return s, ids


def marks(s: RankingService, ids: dict[str, int]) -> dict[str, Any]:
    return {name: items_store.get(s.conn, i).reaction for name, i in ids.items()}


def test_undo_takes_back_the_first_run_answer_given_last_and_relearns_the_rest(
    tmp_path: Path,
) -> None:
    s, ids = profile_after(tmp_path, "s", [("steelers", "like"), ("recipe", "like"),
                                           ("dolphins", "dismiss")])
    # learnt as dismiss, like, like; given last: the Dismissal
    assert s.last_reaction() == (ids["dolphins"], "dismiss")
    undone = s.undo_last(T0 + 600)
    assert undone is not None and undone.item_ids == (ids["dolphins"],)
    assert marks(s, ids) == {"steelers": "like", "dolphins": None, "recipe": "like"}
    likes, _ = profile_after(tmp_path, "likes", [("steelers", "like"), ("recipe", "like")])
    same(state(s), state(likes))  # as if the Dismissal had never been given
    assert s.show().reactions == 2
    assert s.last_reaction() == (ids["recipe"], "like")
    assert s.undo_last(T0 + 660) is not None
    assert s.undo_last(T0 + 720) is not None
    assert s.profile.weights.table == {} and s.show().reactions == 0
    assert marks(s, ids) == {"steelers": None, "dolphins": None, "recipe": None}


def test_a_first_run_answer_changed_is_learnt_where_the_set_order_puts_it(
    tmp_path: Path,
) -> None:
    s, ids = profile_after(tmp_path, "s", [("steelers", "like"), ("dolphins", "like"),
                                           ("recipe", "like")])
    changed = s.feedback(ids["steelers"], "dismiss", T0 + 600)
    assert changed.learned and changed.earlier == "like"
    want, _ = profile_after(tmp_path, "want", [("steelers", "dismiss"), ("dolphins", "like"),
                                               ("recipe", "like")])
    assert state(s)[0].keys() == state(want)[0].keys()
    for name, row in state(want)[0].items():  # the same evidence, but for the fading
        assert state(s)[0][name][:2] == pytest.approx(row[:2], rel=1e-3), name
    assert marks(s, ids) == {"steelers": "dismiss", "dolphins": "like", "recipe": "like"}
    # undo of the change gives the Like back
    undone = s.undo_last(T0 + 660)
    assert undone is not None and "it is liked again" in undone.what
    assert marks(s, ids) == {"steelers": "like", "dolphins": "like", "recipe": "like"}
    assert s.show().reactions == 3
    assert not [n for n in s.profile.weights.table if n.startswith("not:")]


def test_export_and_import_after_reordered_first_run_answers(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    now = time.time()  # the export fades the evidence to now
    s = learnt(tmp_path, "a", [(STEELERS, "like"), (DOLPHINS, "dismiss")], now)
    s.export(tmp_path / "profile.json")
    other = svc(conn)
    other.import_(tmp_path / "profile.json")
    assert first_run.load(other.conn) == []
    assert {v.name for v in other.profile.top(50, now).more_of} == {
        v.name for v in s.profile.top(50, now).more_of}
    # after an import the first-run answers given before it are forgotten, not reordered
    s.import_(tmp_path / "profile.json")
    assert first_run.load(s.conn) == [] and s.last_reaction() is None
    s.learn_text(RECIPE, "like", now + 60)
    s.learn_text(DOLPHINS, "dismiss", now + 120)
    assert s.last_reaction() == (None, "dismiss") and s.undo_last(now + 180) is not None
    assert s.last_reaction() == (None, "like") and s.show().reactions == 1


def test_a_round_of_only_a_new_sources_backlog_does_not_end_the_first_run(
    tmp_path: Path,
) -> None:
    """Regression: the welcome's first poll ranks only the backlog of the sources just added
    (never notified), and that round ended the first run: the first-run page's answers that
    follow it were learnt as plain reactions, in the order given, counted once."""
    conn = db.connect(tmp_path / "a.sqlite3")
    sports, food = Feed(conn, "Sports"), Feed(conn, "Food")
    backlog = [sports.add(STEELERS.title, STEELERS.summary),
               sports.add(DOLPHINS.title, DOLPHINS.summary),
               food.add(RECIPE.title, RECIPE.summary)]
    s = svc(conn)
    assert s.process_new(backlog, T0, backlog_source_ids={sports.source.id,
                                                          food.source.id}) == []
    meta = s.profile.meta
    assert "rounds" not in meta and "created_at" not in meta
    s.feedback(backlog[0], "like", T0 + 60)
    s.feedback(backlog[1], "dismiss", T0 + 120)
    assert [a.label for a in first_run.load(conn)] == ["like", "dismiss"]
    # learnt as a set (the Dismissal first), as the same answers before any round
    want, _ = profile_after(tmp_path, "want", [("steelers", "like"), ("dolphins", "dismiss")])
    assert s.profile.weights.table.keys() == want.profile.weights.table.keys()
    for name, row in want.profile.weights.table.items():
        assert s.profile.weights.table[name][:2] == pytest.approx(row[:2], rel=1e-3), name
    assert "not:w:dolphins" not in s.profile.weights.table


def test_the_first_round_that_could_notify_ends_the_first_run_and_starts_the_clock(
    tmp_path: Path,
) -> None:
    conn = db.connect(tmp_path / "a.sqlite3")
    sports = Feed(conn, "Sports")
    old = sports.add(STEELERS.title, STEELERS.summary)
    s = RankingService(conn, settings=PolicySettings(utc_offset_s=0), explore=True)
    s.process_new([old], T0, backlog_source_ids={sports.source.id})
    assert s.searching(T0 + 60) == ""  # no round that could notify yet: nothing to search in
    s.feedback(old, "dismiss", T0 + 60)
    assert len(first_run.load(conn)) == 1
    fresh = sports.add(DOLPHINS.title, DOLPHINS.summary)
    day = 86_400.0
    s.process_new([fresh], T0 + day)  # a new item of the source: it could be notified
    meta = s.profile.meta
    assert meta["rounds"] == 1 and meta["created_at"] == T0 + day
    assert first_run.load(conn) == []  # the answers stand as learnt
    # the search at the start runs from that round (7 days), not from the backlog's round
    assert s.searching(T0 + day + 6.5 * day) == exploration.EXPLORING_AT_START
    assert s.searching(T0 + day + 7 * day) == ""
    s.feedback(fresh, "dismiss", T0 + day + 60)
    assert len(first_run.load(conn)) == 0  # a plain reaction now


def test_a_backlog_round_after_the_first_run_changes_no_count(tmp_path: Path) -> None:
    """A source added later: its first items are backlog too; ``rounds`` counts only rounds
    that could notify (``notify rank --jsonl``'s clock reads it: its items are never backlog)."""
    conn = db.connect(tmp_path / "a.sqlite3")
    sports, food = Feed(conn, "Sports"), Feed(conn, "Food")
    s = svc(conn)
    s.process_new([sports.add(STEELERS.title)], T0)
    s.process_new([food.add(RECIPE.title)], T0 + 60, backlog_source_ids={food.source.id})
    assert s.profile.meta["rounds"] == 1 and s.profile.meta["created_at"] == T0


def test_a_first_run_answer_taken_back_that_was_not_the_last_given(tmp_path: Path) -> None:
    """The first-run page's second click on Like takes that answer back, not the last one
    given (``take_back``): the rest are learnt as if it had never been given."""
    s, ids = profile_after(tmp_path, "s", [("steelers", "like"), ("recipe", "like"),
                                           ("dolphins", "dismiss")])
    taken = s.take_back(ids["steelers"])
    assert taken is not None and taken.item_ids == (ids["steelers"],)
    assert marks(s, ids) == {"steelers": None, "dolphins": "dismiss", "recipe": "like"}
    want, _ = profile_after(tmp_path, "want", [("recipe", "like"), ("dolphins", "dismiss")])
    assert state(s)[0].keys() == state(want)[0].keys()
    for name, row in state(want)[0].items():  # the same evidence, each given a minute later
        assert state(s)[0][name][:2] == pytest.approx(row[:2], rel=1e-3), name
    assert [a.label for a in first_run.load(s.conn)] == ["like", "dismiss"]
    assert s.take_back(ids["steelers"]) is None  # nothing left to take back
    assert s.last_reaction() == (ids["dolphins"], "dismiss")


def test_a_reaction_taken_back_after_the_first_run(tmp_path: Path) -> None:
    s, ids = profile_after(tmp_path, "s", [])
    s.rank_texts([RECIPE], T0)  # the first run is over
    s.feedback(ids["steelers"], "like", T0 + 60)
    s.feedback(ids["recipe"], "like", T0 + 120)
    assert s.take_back(ids["steelers"]) is not None
    assert marks(s, ids) == {"steelers": None, "dolphins": None, "recipe": "like"}
    assert s.show().reactions == 1 and s.last_reaction() == (ids["recipe"], "like")
