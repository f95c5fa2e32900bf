"""One reaction per item (``RankingService.feedback``): the same one again changes nothing, a
different one replaces it, taking the earlier one back exactly (``_withdraw``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from notify.core.policy import PolicySettings
from notify.core.ranking.profile import parse_term
from notify.core.ranking.reading import LABELS
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import items as items_store
from notify.core.store import sources as sources_store
from tests.core.ranking.conftest import T0, Feed


def svc(conn: sqlite3.Connection) -> RankingService:
    return RankingService(conn, settings=PolicySettings(utc_offset_s=0), explore=False)


def state(s: RankingService) -> tuple[dict[str, list[float]], Any, Any]:
    """The learned rows, the reading of the person's reactions and the change watch."""
    meta = s.profile.meta
    return ({n: list(r) for n, r in s.profile.weights.table.items()}, meta.get("reading"),
            meta.get("change"))


def same(a: tuple[dict[str, list[float]], Any, Any],
         b: tuple[dict[str, list[float]], Any, Any]) -> None:
    assert a[0].keys() == b[0].keys()
    for name in a[0]:
        assert a[0][name] == pytest.approx(b[0][name], abs=1e-6), name
    for side in ("wanted", "unwanted"):
        for label in LABELS:
            counted = [(r or {}).get(side, {}).get(label, 0.0) for r in (a[1], b[1])]
            assert counted[0] == pytest.approx(counted[1], abs=2e-4), (side, label)
    assert (a[2] or 0.0) == pytest.approx(b[2] or 0.0, abs=1e-9)


def two_databases(tmp_path: Path, *, notified: bool = True) -> list[RankingService]:
    """Two profiles with the same items (same ids: 1 "Rust compiler release" from tech, 2
    "Golf open final" from sport), past their first round; ``notified``: the items were
    notified, and reactions to them teach the reading of the person's reactions."""
    out = []
    for name in ("a", "b"):
        conn = db.connect(tmp_path / f"{name}.sqlite3")
        ids = [Feed(conn, "tech").add("Rust compiler release"),
               Feed(conn, "sport").add("Golf open final")]
        s = svc(conn)
        if notified:
            for source in ("tech", "sport"):
                s.pin(parse_term(f"source:{source}"), "always")
        s.process_new(ids, T0)
        assert all(bool(items_store.get(conn, i).notified_at) == notified for i in ids)
        out.append(s)
    return out


def test_the_same_reaction_to_an_item_again_changes_nothing(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, _ = feeds
    s = svc(conn)
    a = tech.add("Rust compiler release")
    first = s.feedback(a, "like", T0)
    before = state(s)
    again = s.feedback(a, "like", T0 + 60)
    assert first.learned and not again.learned
    assert again.summary() == f"Item {a} is already liked: nothing changed."
    assert state(s) == before and s.show().reactions == 1
    # silence after an answer (an expired bubble), or opening an item already liked, is no
    # new answer either
    assert s.feedback(a, "ignore", T0 + 120).summary() == (
        f"Item {a} is already liked: letting it pass (ignore) changes nothing.")
    assert s.feedback(a, "open", T0 + 180).summary() == (
        f"Item {a} is already liked: opening it changes nothing.")
    assert state(s) == before and s.show().reactions == 1
    assert items_store.get(conn, a).reaction == "like"
    assert RankingService(conn).profile.weights.table == before[0]  # and so in SQLite


def test_a_different_reaction_replaces_the_earlier_one_exactly(tmp_path: Path) -> None:
    s, other = two_databases(tmp_path)
    item = 1
    start = state(s)
    s.feedback(item, "like", T0 + 10)
    assert state(s) != start
    reacted = s.feedback(item, "dismiss", T0 + 20)
    assert reacted.learned and reacted.earlier == "like"
    assert reacted.summary() == f"Noted: dismiss on item {item}, instead of your earlier like."
    other.feedback(item, "dismiss", T0 + 20)  # as if the Like had never been given
    same(state(s), state(other))
    same(state(RankingService(s.conn)), state(other))  # and so in SQLite
    assert s.show().reactions == 1
    assert items_store.get(s.conn, item).reaction == "dismiss"
    # undo goes back to the answer before the change of mind: the Like, learnt again
    undone = s.undo_last(T0 + 30)
    assert undone is not None and undone.item_ids == (item,)
    assert undone.what == f"your dismiss of item {item} (it is liked again)"
    assert items_store.get(s.conn, item).reaction == "like"
    (tmp_path / "c").mkdir()
    liked, _ = two_databases(tmp_path / "c")
    liked.feedback(item, "like", T0 + 30)
    same(state(s), state(liked))
    assert s.show().reactions == 1
    undone = s.undo_last(T0 + 40)  # and then no reaction
    assert undone is not None and undone.what == f"your like of item {item}"
    same(state(s), start)
    assert items_store.get(s.conn, item).reaction is None
    assert s.undo_last(T0 + 50) is None


def test_replacing_a_reaction_that_is_not_the_last_one(tmp_path: Path) -> None:
    # not notified: the Like of golf is learnt the same with or without the Like of rust
    # before it (nothing in common, and no reading of the person's reactions taught)
    s, other = two_databases(tmp_path, notified=False)
    rust, golf = 1, 2
    s.feedback(rust, "like", T0 + 10)
    s.feedback(golf, "like", T0 + 20)  # nothing in common with the first item
    s.feedback(rust, "dismiss", T0 + 30)
    other.feedback(golf, "like", T0 + 20)
    other.feedback(rust, "dismiss", T0 + 30)
    same(state(s), state(other))
    assert s.show().reactions == 2


@pytest.mark.parametrize("days", [1.0, 0.0])  # 0: the later reaction came the same second
def test_replacing_takes_out_only_the_faded_effect_from_a_row_a_later_reaction_changed(
    tmp_path: Path, days: float
) -> None:
    s, _ = two_databases(tmp_path, notified=False)
    rust = 1
    later = Feed(s.conn, "towns").add("Rust belt towns")  # shares the word 'rust'
    gap = days * 86400.0
    s.feedback(rust, "like", T0)
    mine = list(s.profile.weights.table["w:rust"])  # the Like's row (none before it)
    s.feedback(later, "like", T0 + gap)
    now = list(s.profile.weights.table["w:rust"])
    s.feedback(rust, "dismiss", T0 + gap + 60)
    assert s.undo_last(T0 + gap + 120) is not None  # the Dismiss: the Like is given back
    assert s.undo_last(T0 + gap + 180) is not None  # and that: back to just before the
    # Dismiss, with the first Like taken out
    fade = 0.5 ** (days / s.profile.config.half_life_days)  # from the Like to the later one
    assert s.profile.weights.table["w:rust"] == pytest.approx(
        [now[0] - fade * mine[0], now[1] - fade * mine[1], T0 + gap])
    assert "w:compiler" not in s.profile.weights.table  # only the Like had it: gone


def test_a_source_whose_name_json_escapes_is_found_in_later_records(tmp_path: Path) -> None:
    s, _ = two_databases(tmp_path, notified=False)
    blog = Feed(s.conn, "blog")
    # nothing in common but the source
    a = blog.add("Alpha beta", link="https://a.example/1")
    b = blog.add("Gamma delta", link="https://b.example/2")
    s.conn.execute("UPDATE sources SET title = ? WHERE id = ?", ('Joe\'s "Blog" \\ news',
                                                                  blog.source.id))
    source = 'src:Joe\'s "Blog" \\ news'
    s.feedback(a, "like", T0)
    mine = list(s.profile.weights.table[source])
    s.feedback(b, "like", T0 + 86400)
    now = list(s.profile.weights.table[source])
    s.feedback(a, "dismiss", T0 + 2 * 86400)
    assert s.undo_last(T0 + 2 * 86400 + 60) is not None  # the Dismiss (the Like given back)
    assert s.undo_last(T0 + 2 * 86400 + 120) is not None  # the Like given back
    fade = 0.5 ** (1 / s.profile.config.half_life_days)
    assert s.profile.weights.table[source] == pytest.approx(
        [now[0] - fade * mine[0], now[1] - fade * mine[1], T0 + 86400])


def test_new_items_of_a_source_removed_before_ranking_are_left_out(tmp_path: Path) -> None:
    """A source removed during a poll round takes its new items with it; the round's other
    new items are still ranked and notified (ranking them all failed: UnknownItemError)."""
    s, _ = two_databases(tmp_path, notified=False)
    kept = Feed(s.conn, "kept").add("Rust release notes")
    gone = Feed(s.conn, "gone")
    lost = gone.add("Golf results")
    s.pin(parse_term("keyword:rust"), "always")
    sources_store.remove(s.conn, gone.source.id)  # stored, then removed before the ranking
    planned = s.process_new([lost, kept], T0 + 100)
    assert [p.item_ids for p in planned] == [(kept,)]
