"""The policy's state now (``notify.core.policy_state``): when quiet hours and a pause end, when
a held digest can be delivered, and what ``notify status`` reads."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from notify.core import pause, policy, policy_state
from notify.core.policy import PolicySettings
from notify.core.store import db
from notify.core.store import notifications as n_store
from notify.core.store import settings as settings_store
from tests.core.ranking.conftest import Feed


def local(day: int, hh: int, mm: int = 0) -> float:
    return dt.datetime(2026, 3, day, hh, mm).timestamp()


NIGHT = PolicySettings(quiet_enabled=True, quiet_start="22:00", quiet_end="07:00")


def test_quiet_hours_end_at_their_end_time_the_next_morning() -> None:
    assert policy_state.quiet_ends_at(local(2, 23, 15), NIGHT) == local(3, 7)
    assert policy_state.quiet_ends_at(local(3, 6, 59), NIGHT) == local(3, 7)
    assert policy_state.quiet_ends_at(local(3, 7), NIGHT) is None  # over at 07:00 sharp
    assert policy_state.quiet_ends_at(local(3, 12), NIGHT) is None
    day = PolicySettings(quiet_enabled=True, quiet_start="12:00", quiet_end="14:30")
    assert policy_state.quiet_ends_at(local(3, 13, 10), day) == local(3, 14, 30)


def test_the_quiet_hours_now_and_when_that_changes_next() -> None:
    """What the app's tray and inbox say, and when they look again (``QuietWatch``)."""
    q = policy_state.quiet_hours(local(2, 23, 15), NIGHT)
    assert (q.on, q.ends_at, q.next_change) == (True, local(3, 7), local(3, 7))
    q = policy_state.quiet_hours(local(3, 12), NIGHT)  # the day: next change at 22:00
    assert (q.on, q.ends_at, q.next_change) == (False, None, local(3, 22))
    q = policy_state.quiet_hours(local(3, 22), NIGHT)  # they start at 22:00 sharp
    assert q.on and q.ends_at == local(4, 7)
    q = policy_state.quiet_hours(local(3, 21, 59), NIGHT)
    assert not q.on and q.next_change == local(3, 22)
    off = PolicySettings(quiet_enabled=False)
    assert policy_state.quiet_hours(local(3, 23), off) == policy_state.QuietHours()


def test_a_digest_is_delivered_after_the_quiet_hours_and_after_a_pause() -> None:
    assert policy_state.next_delivery(local(3, 9), NIGHT) == local(3, 9)  # now
    assert policy_state.next_delivery(local(2, 23), NIGHT) == local(3, 7)
    # a pause that ends inside the quiet hours: their end; one that ends after: its end
    paused = PolicySettings(quiet_enabled=True, paused_until=local(3, 2))
    assert policy_state.next_delivery(local(2, 21), paused) == local(3, 7)
    paused = PolicySettings(quiet_enabled=True, paused_until=local(3, 9, 30))
    assert policy_state.next_delivery(local(2, 23), paused) == local(3, 9, 30)
    resumed_by_hand = PolicySettings(quiet_enabled=True, paused_until=pause.UNTIL_RESUMED)
    assert policy_state.next_delivery(local(2, 23), resumed_by_hand) is None


def test_the_state_status_reads(tmp_path: Path) -> None:
    conn: sqlite3.Connection = db.connect(tmp_path / "notify.sqlite3")
    try:
        settings_store.write(conn, "notify.quiet_enabled", True)
        state = policy_state.read(conn, local(2, 23))
        assert state.quiet_until == local(3, 7) and not state.paused
        assert state.held == state.held_stories == 0 and state.digest_at is None
        assert policy_state.digest_due_at(conn, local(2, 23)) is None  # nothing held
        feed = Feed(conn, "tech")
        held = [feed.add("One"), feed.add("Two")]
        n_store.record_decisions(conn, [n_store.Decided(i, 0.9, "digest", "quiet hours: x", None)
                                        for i in held])
        settings_store.write(conn, "notify.paused_until", local(3, 8))
        state = policy_state.read(conn, local(2, 23))
        assert state.paused and state.held == 2 and state.digest_at == local(3, 8)
        assert policy_state.digest_due_at(conn, local(2, 23)) == local(3, 8)
    finally:
        conn.close()


def test_the_pause_reason_is_the_one_the_policy_gives() -> None:
    """``notify poll`` counts the items a pause silenced by ``policy.PAUSED``."""
    cand = policy.Candidate(1, "Rust", p=0.99, pin="always", pin_term="rust")
    [choice] = policy.decide([cand], PolicySettings(paused_until=pause.UNTIL_RESUMED),
                             now=local(3, 12))
    assert choice.reason == policy.PAUSED
