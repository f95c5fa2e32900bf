"""What importing or resetting the profile leaves (``RankingService.import_``, ``reset``):
through the real service on a real SQLite profile."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from notify.core.policy import PolicySettings
from notify.core.ranking.exploration import EXPLORING_AT_START
from notify.core.ranking.features import ItemText
from notify.core.ranking.service import RankingService

UTC = PolicySettings(utc_offset_s=0)


def _profile_file(tmp_path: Path, weights: dict[str, float]) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({
        "format": "notify-profile", "version": 3, "interests": [], "pins": [],
        "weights": {name: {"weight": w, "certainty": 4.0} for name, w in weights.items()},
    }), "utf-8")
    return path


def _day() -> list[ItemText]:
    return [ItemText(f"{src} story {i}", f"about {src.lower()} {i}", source=src)
            for src in ("Politics", "Science", "Travel", "Food") for i in range(5)]


def test_an_imported_profile_with_likes_but_no_interests_does_not_search_for_the_taste(
    conn: sqlite3.Connection, tmp_path: Path,
) -> None:
    """Regression: learned weights without a stated interest counted as knowing nothing of the
    person, so Notify notified items "exploring (finding out what you like)" for a week."""
    s = RankingService(conn, settings=UTC)
    s.import_(_profile_file(tmp_path, {"src:Science": 2.5, "w:science": 1.2,
                                       "src:Travel": -1.0}))
    now = time.time() + 60  # the import's time is the profile's start
    assert s.searching(now) == ""
    ranked = s.rank_texts(_day(), now)
    assert not [r for r in ranked if r.choice.reason.startswith(EXPLORING_AT_START)]
    assert s.show().exploring_until is None
    again = RankingService(conn, settings=UTC)  # and so it stays when read back
    assert again.searching(now) == ""


def test_an_imported_profile_of_dislikes_only_still_searches_for_the_taste(
    conn: sqlite3.Connection, tmp_path: Path,
) -> None:
    s = RankingService(conn, settings=UTC)
    s.import_(_profile_file(tmp_path, {"src:Travel": -1.0, "not:w:football": 3.0,
                                       "bias": 0.5}))
    now = time.time() + 60
    assert s.searching(now) == EXPLORING_AT_START
    s.reset()  # a reset forgets what the import brought: the first round starts the search
    s.import_(_profile_file(tmp_path, {"src:Science": 2.5}))
    assert s.searching(now) == ""
    s.reset()
    s.rank_texts([], now)
    assert s.searching(now + 60) == EXPLORING_AT_START


def _liked_then_reset(conn: sqlite3.Connection, tmp_path: Path,
                      how: str) -> tuple[RankingService, int, int]:
    """A Like and a Dismiss, then the profile reset (``how``: "reset") or replaced by an
    import ("import"): (the service, the liked item, the dismissed item)."""
    from tests.core.ranking.conftest import T0, Feed

    feed = Feed(conn, "tech")
    liked, dismissed = feed.add("rust compiler release"), feed.add("celebrity gossip")
    s = RankingService(conn, settings=UTC)
    s.rank_texts([], T0)  # a ranking round has run: the reactions teach the reading too
    s.feedback(liked, "like", T0 + 10)
    s.feedback(dismissed, "dismiss", T0 + 20)
    assert s.profile.weights.table and s.profile.meta.get("reading")
    if how == "reset":
        s.reset()
    else:
        s.import_(_profile_file(tmp_path, {}))
    return s, liked, dismissed


def _marks(conn: sqlite3.Connection, *ids: int) -> list[str | None]:
    from notify.core.store import items as items_store

    return [items_store.get(conn, i).reaction for i in ids]


def test_after_a_reset_reactions_stay_facts_and_undo_says_it_can_no_longer_take_them_back(
    conn: sqlite3.Connection, tmp_path: Path,
) -> None:
    """Regression: undo after a reset said "No reaction to undo." though the items showed the
    reactions; a Like of an item liked before the reset taught the new profile nothing
    ("already liked"); undoing a reaction given since took the item's earlier mark away."""
    from tests.core.ranking.conftest import T0

    s, liked, dismissed = _liked_then_reset(conn, tmp_path, "reset")
    assert _marks(conn, liked, dismissed) == ["like", "dismiss"]  # what the person did
    assert not s.profile.weights.table and "reading" not in s.profile.meta
    assert s.show().reactions == 0 and s.last_reaction() is None
    assert s.undo_last() is None and not s.profile.weights.table  # nothing re-applied
    why = s.cannot_undo()
    assert why.startswith(f"Your dismiss of item {dismissed} “celebrity gossip” was given "
                          "before everything learned was reset")
    assert "can no longer be undone" in why and "react to it again" in why
    # the same reaction again teaches the new profile; undoing it leaves the fact
    assert s.feedback(liked, "like", T0 + 30).learned
    assert s.profile.weights.get("w:rust", T0 + 30)[0] > 0
    assert s.cannot_undo() == ""
    assert s.undo_last() is not None
    assert not s.profile.weights.table and _marks(conn, liked) == ["like"]
    # another reaction replaces the mark; undone, the mark before the reset is back, unlearnt
    assert s.feedback(liked, "dismiss", T0 + 40).learned
    assert _marks(conn, liked) == ["dismiss"]
    assert s.undo_last() is not None
    assert _marks(conn, liked) == ["like"] and not s.profile.weights.table
    # an Open says less than the Like the item shows: nothing learnt, the mark stays
    assert not s.feedback(liked, "open", T0 + 50).learned and _marks(conn, liked) == ["like"]
    assert s.undo_last() is None and "before everything learned was reset" in s.cannot_undo()


def test_after_an_import_undo_names_the_file_that_replaced_the_profile(
    conn: sqlite3.Connection, tmp_path: Path,
) -> None:
    s, liked, dismissed = _liked_then_reset(conn, tmp_path, "import")
    assert _marks(conn, liked, dismissed) == ["like", "dismiss"]
    assert s.undo_last() is None and not s.profile.weights.table
    assert ("was given before the profile was replaced by the import of profile.json: "
            "what it taught is gone already, so it can no longer be undone") in s.cannot_undo()


def test_a_weight_is_said_only_as_firmly_as_the_evidence_behind_it() -> None:
    """One rule for the command line and the app (``strength_word``): a strong weight on
    fewer than ``FIRM_REACTIONS`` reactions' worth is "tentative"; a weak one stays weak."""
    from notify.core.ranking.profile import FIRM_REACTIONS, strength_word

    assert strength_word(7.4) == "strong"  # the weight alone
    assert strength_word(7.4, 2.0) == "tentative"
    assert strength_word(-12.0, FIRM_REACTIONS - 0.1) == "tentative"
    assert strength_word(7.4, FIRM_REACTIONS) == "strong"
    assert strength_word(11.0, 30.0) == "very strong"
    assert strength_word(1.0, 0.5) == "weak"


def test_a_dismissed_item_of_a_stated_interest_does_not_list_the_interest_as_less_of(
        conn: sqlite3.Connection) -> None:
    """New-user finding (2026-11-30): interests "climate", one climate item dismissed, and
    Settings → Profile (and `notify profile show`) listed "Less of: your interest “climate”
    −2.8 (tentative)" (the reactions' correction alone) while `notify explain` said "+5.2 your
    interest 'climate'". The interest's row is shown on the side explain says it: its weight
    with what the reactions taught (explain gives its push on this item, which the item's other
    features share)."""
    from notify.core.ranking.profile import parse_term

    s = RankingService(conn, settings=UTC)
    now = time.time()
    s.interests(add=[parse_term("keyword:climate")])
    item = ItemText("Climate report warns of record heat", "scientists say heat records fall",
                    source="Science")
    s.learn_text(item, "dismiss", now)
    shown = s.show()
    name = "int:keyword:climate"
    assert name not in {v.name for v in shown.negative}
    [row] = [v for v in shown.positive if v.name == name]
    pushed = dict(s.explain_text(item, now).features)[name]
    assert 0 < pushed <= row.weight
    assert 0 < row.weight < s.profile.learner.interest_push(name)  # corrected down, still liked
