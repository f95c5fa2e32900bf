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
