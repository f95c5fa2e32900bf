"""The profile's counts of what recurs (``Profile.count_seen``): stored as the same JSON text
as ever, but never serialized in one call (a call holds the GIL: the GUI thread stalls)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from notify.core.ranking import profile as profile_module
from notify.core.ranking.profile import Profile
from notify.core.store import feedback as store
from tests.core.ranking.conftest import T0


def stored(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT value FROM profile WHERE key = 'seen'").fetchone()[0])


def rounds(n: int, size: int, start: int = 0) -> list[list[dict[str, float]]]:
    """``n`` rounds of ``size`` items, each item with a word of its own and shared ones."""
    return [[{f"w:word{start + r * size + i}": 1.0, "src:Tech": 1.0, f"w:é{i % 7}": 1.0,
              "bias": 1.0} for i in range(size)] for r in range(n)]


def test_seen_is_stored_as_the_same_json_text(conn: sqlite3.Connection) -> None:
    profile = Profile(conn)
    for xs in rounds(3, 40):
        profile.count_seen(xs, T0)
        assert stored(conn) == json.dumps(profile.seen, ensure_ascii=False, sort_keys=True)
    assert profile.seen["src:Tech"] == 120 and profile.seen["w:é0"] == 18
    assert "bias" not in profile.seen
    again = Profile(conn)  # read back, then counted on
    assert again.seen == profile.seen
    again.count_seen(rounds(1, 5, start=1000)[0], T0)
    assert again.seen["src:Tech"] == 125 and again.seen["w:word1004"] == 1
    assert stored(conn) == json.dumps(again.seen, ensure_ascii=False, sort_keys=True)


def test_seen_is_serialized_a_slice_at_a_time(conn: sqlite3.Connection,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    dumps = json.dumps

    def counted(value: Any, **kwargs: Any) -> str:
        calls.append(len(value))
        return dumps(value, **kwargs)

    profile = Profile(conn)
    monkeypatch.setattr(store.json, "dumps", counted)
    for xs in rounds(6, 1_000):
        profile.count_seen(xs, T0)
    assert len(profile.seen) == 6_000 + 8
    assert calls and max(calls) <= store.JSON_SLICE
    monkeypatch.setattr(store.json, "dumps", dumps)
    assert stored(conn) == json.dumps(profile.seen, ensure_ascii=False, sort_keys=True)


def test_seen_keeps_the_most_frequent_in_the_same_text(conn: sqlite3.Connection,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profile_module, "MAX_SEEN", 200)
    profile = Profile(conn)
    for xs in rounds(3, 100):
        profile.count_seen(xs, T0)
    assert len(profile.seen) <= 200 and profile.seen["src:Tech"] == 300
    assert stored(conn) == json.dumps(profile.seen, ensure_ascii=False, sort_keys=True)
    profile.count_seen(rounds(1, 10, start=5000)[0], T0)  # counted on after the cut
    assert stored(conn) == json.dumps(profile.seen, ensure_ascii=False, sort_keys=True)
    assert Profile(conn).seen == profile.seen
