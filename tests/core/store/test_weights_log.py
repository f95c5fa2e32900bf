"""The learned weights' log (``store.feedback.save_weights``, docs/store.md): a reaction
appends the rows it changed; a ranking round folds them into ``profile_weights``. Whatever the
moment, what is loaded is what was learnt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notify.core.policy import PolicySettings
from notify.core.ranking.features import ItemText
from notify.core.ranking.profile import Profile, parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import feedback as store
from notify.core.store.sources import transaction
from tests.core.ranking.conftest import T0


def logged(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM profile_weights_log").fetchone()[0])


def table(conn: sqlite3.Connection) -> dict[str, list[float]]:
    return {r[0]: [r[1], r[2], r[3]] for r in conn.execute(
        "SELECT feature, mean, precision, at FROM profile_weights")}


def item(n: int) -> ItemText:
    return ItemText(title=f"rugby match report {n} scrum", summary=f"tries {n} and a late kick",
                    source="sport", authors=("A. Writer",), link=None)


def test_reactions_between_rounds_are_all_there_after_a_restart(tmp_path: Path) -> None:
    """A reaction commits its rows in the log; a process killed before the next round (no
    fold) loses none of them, and the newest row of a feature is the one loaded."""
    path = tmp_path / "notify.sqlite3"
    conn = db.connect(path)
    s = RankingService(conn, settings=PolicySettings(utc_offset_s=0), explore=False)
    with transaction(conn):
        s.rank_texts([item(0)], T0)
    for n, label in enumerate(["like", "like", "dismiss", "open"]):
        with transaction(conn):
            s.learn_text(item(n), label, T0 + 60 * (n + 1))
    learnt = {k: list(v) for k, v in s.profile.weights.table.items()}
    assert logged(conn) == 4  # one write a reaction
    assert table(conn) != learnt  # the table itself is behind until the next round
    conn.close()  # no fold: as if killed

    again = db.connect(path)
    assert Profile(again).weights.table == learnt
    s = RankingService(again, settings=PolicySettings(utc_offset_s=0), explore=False)
    with transaction(again):
        s.rank_texts([item(9)], T0 + 3600)  # the next round folds the log
    assert logged(again) == 0
    assert table(again) == learnt
    again.close()


def test_a_log_past_its_bound_is_folded_by_the_write_that_crosses_it(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "LOG_FOLD_WRITES", 2)
    with transaction(conn):
        store.save_weights(conn, {f"w:a{i}": [1.0, 1.0, T0] for i in range(4)})
        store.save_weights(conn, {"w:a0": [2.0, 2.0, T0 + 1], "w:b": [3.0, 1.0, T0 + 1]})
        assert logged(conn) == 2 and table(conn) == {}
        assert store.load_weights(conn)["w:a0"] == [2.0, 2.0, T0 + 1]  # the newest wins
        store.save_weights(conn, {"w:c": [0.1, 1.0, T0 + 2]})
    assert logged(conn) == 0
    assert table(conn) == {"w:a0": [2.0, 2.0, T0 + 1], "w:a1": [1.0, 1.0, T0],
                           "w:a2": [1.0, 1.0, T0], "w:a3": [1.0, 1.0, T0],
                           "w:b": [3.0, 1.0, T0 + 1], "w:c": [0.1, 1.0, T0 + 2]}


def test_the_log_keeps_every_float_and_name_exactly(conn: sqlite3.Connection) -> None:
    rows = {"w:café": [0.1 + 0.2, 1e-300, T0 + 1 / 3], 'src:a "quoted"\nname': [-0.0, 5e-324,
                                                                               1.7976931348623157e308]}
    with transaction(conn):
        store.save_weights(conn, rows)
    assert store.load_weights(conn) == rows
    with transaction(conn):
        store.fold_weights(conn)
    assert table(conn) == rows


def test_a_feature_forgotten_while_its_newest_row_is_in_the_log_stays_forgotten(
    conn: sqlite3.Connection,
) -> None:
    with transaction(conn):
        store.save_weights(conn, {"w:rust": [1.0, 1.0, T0], "w:go": [0.5, 1.0, T0]})
        store.fold_weights(conn)
        store.save_weights(conn, {"w:rust": [2.0, 2.0, T0 + 1]})  # in the log only
        Profile(conn).forget(parse_term("keyword:rust"))
    assert "w:rust" not in Profile(conn).weights.table
    assert Profile(conn).weights.table == {"w:go": [0.5, 1.0, T0]}


def test_the_size_counts_a_feature_in_the_table_and_the_log_once(
    conn: sqlite3.Connection,
) -> None:
    with transaction(conn):
        store.save_weights(conn, {"w:rust": [1.0, 1.0, T0]})
        folded = store.weights_bytes(conn)
        store.fold_weights(conn)
        store.save_weights(conn, {"w:rust": [2.0, 2.0, T0 + 1]})
        assert store.weights_bytes(conn) == folded == len("w:rust") + 24
        store.clear_weights(conn)
    assert store.weights_bytes(conn) == 0 and logged(conn) == 0


def test_the_size_of_a_large_log_is_the_size_once_folded(conn: sqlite3.Connection) -> None:
    with transaction(conn):
        store.save_weights(conn, {f"w:old{i}": [1.0, 1.0, T0] for i in range(700)})
        store.fold_weights(conn)
        store.save_weights(conn, {f"w:{kind}{i}": [2.0, 1.0, T0 + 1]
                                  for kind in ("old", "new") for i in range(600)})
        logged_size = store.weights_bytes(conn)
        store.fold_weights(conn)
        assert logged_size == store.weights_bytes(conn)
