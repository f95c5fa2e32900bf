"""The store's repositories over a fresh SQLite file per test."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from notify.core.errors import UnknownItemError, UnknownSourceError, UserInputError
from notify.core.models import Enclosure, ItemDraft, SourceState
from notify.core.store import db
from notify.core.store import items as items_repo
from notify.core.store import settings as settings_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.items import ItemQuery
from notify.core.store.sources import transaction


def _source(conn: sqlite3.Connection, url: str = "https://example.org/feed", **kw: object) -> int:
    return sources_repo.add(conn, kind="feed", url=url, now=1000.0, **kw).id  # type: ignore[arg-type]


def test_add_get_list_update_remove(conn: sqlite3.Connection) -> None:
    sid = _source(conn, title="Example", group="News", settings={"a": 1}, interval_s=600)
    got = sources_repo.get(conn, sid)
    assert (got.title, got.group, dict(got.settings), got.interval_s, got.enabled) == (
        "Example", "News", {"a": 1}, 600, True)
    changed = sources_repo.update(conn, sid, title="Other", enabled=False, group="")
    assert (changed.title, changed.enabled, changed.group) == ("Other", False, "")
    assert [s.id for s in sources_repo.list_all(conn)] == [sid]
    assert sources_repo.list_all(conn, enabled_only=True) == []
    sources_repo.remove(conn, sid)
    with pytest.raises(UnknownSourceError, match="No source with id"):
        sources_repo.get(conn, sid)


def test_get_many_reads_sources_in_the_order_asked_and_refuses_an_unknown_id(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [_source(conn, f"https://example.org/{n}") for n in range(7)]
    monkeypatch.setattr(sources_repo, "_IN_CHUNK", 3)  # several statements, as for 1,000 ids
    asked = [ids[5], ids[0], ids[6], ids[2], ids[3]]
    got = sources_repo.get_many(conn, asked)
    assert [s.id for s in got] == asked
    assert got == [sources_repo.get(conn, i) for i in asked]
    assert sources_repo.get_many(conn, []) == []
    with pytest.raises(UnknownSourceError, match=f"No source with id {ids[-1] + 1}"):
        sources_repo.get_many(conn, [ids[1], ids[-1] + 1, ids[4]])


def test_a_removed_source_id_is_never_given_again(tmp_path: Path) -> None:
    # scripts name sources by id: after 'sources remove 2' the next source was "source 2"
    conn = db.connect(tmp_path / "notify.sqlite3")
    first = _source(conn, "https://a.example.org/feed")
    second = _source(conn, "https://b.example.org/feed")
    sources_repo.remove(conn, second)
    third = _source(conn, "https://c.example.org/feed")
    assert third not in (first, second) and third > second
    conn.close()
    conn = db.connect(tmp_path / "notify.sqlite3")  # the counter is stored, not in memory
    sources_repo.remove(conn, third)
    assert _source(conn, "https://d.example.org/feed") > third
    conn.close()


def test_duplicate_spellings_are_refused(conn: sqlite3.Connection) -> None:
    sid = _source(conn, "https://www.example.org/feed/")
    with pytest.raises(UserInputError, match=f"already subscribed as source {sid}"):
        _source(conn, "http://example.org/feed")
    # another kind may use the same URL
    sources_repo.add(conn, kind="other", url="https://example.org/feed", now=1.0)


def test_update_refuses_unknown_fields(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    with pytest.raises(TypeError, match=r"cannot update source fields \['colour'\]"):
        sources_repo.update(conn, sid, colour="red")


def test_state_round_trip_and_default(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    assert state_repo.get(conn, sid) == SourceState(source_id=sid)
    st = SourceState(sid, etag='"x"', last_modified="Mon", last_success=5.0, next_attempt=9.0,
                     consecutive_failures=2, cursor={"since": "a"}, item_rate_per_day=1.5,
                     moved_to="https://n", moved_count=2, ttl_s=3600)
    state_repo.save(conn, st)
    assert state_repo.get(conn, sid) == st
    state_repo.save(conn, replace(st, etag=None))
    assert state_repo.get(conn, sid).etag is None
    assert state_repo.earliest_next_attempt(conn) == 9.0
    assert state_repo.failing_count(conn) == 1


def test_earliest_next_attempt_counts_never_polled_as_due(conn: sqlite3.Connection) -> None:
    assert state_repo.earliest_next_attempt(conn) is None
    _source(conn)
    assert state_repo.earliest_next_attempt(conn) == 0.0


def _draft(key: str, title: str = "T", **kw: object) -> ItemDraft:
    return ItemDraft(key=key, title=title, **kw)  # type: ignore[arg-type]


def _dated(key: str, published: float) -> ItemDraft:
    return ItemDraft(key=key, title=key, published=published)


def test_upsert_new_seen_again_and_changed(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    first = items_repo.upsert(conn, sid, [_draft("a"), _draft("b"), _draft("a")], now=10.0)
    assert len(first.new_ids) == 2  # the repeated key is stored once
    again = items_repo.upsert(conn, sid, [_draft("a"), _draft("b", "B changed")], now=20.0)
    assert again.new_ids == ()
    assert again.unchanged == 1
    assert again.changed_ids == (first.new_ids[1],)
    item = items_repo.get(conn, first.new_ids[1])
    assert (item.title, item.first_seen) == ("B changed", 10.0)


def test_item_fields_round_trip(conn: sqlite3.Connection) -> None:
    sid = _source(conn, title="Src")
    draft = ItemDraft(key="k", title="Hello", link="https://x/1", summary_html="<p>s</p>",
                      summary_text="s", authors=("Ann",), tags=("t1", "t2"), published=3.0,
                      updated=4.0, enclosure=Enclosure("https://x/a.mp3", "audio/mpeg", 10))
    (iid,) = items_repo.upsert(conn, sid, [draft], now=5.0, backlog=True).new_ids
    item = items_repo.get(conn, iid)
    assert item.authors == ("Ann",) and item.tags == ("t1", "t2")
    assert item.enclosure == draft.enclosure
    assert (item.source_title, item.backlog, item.first_seen) == ("Src", True, 5.0)
    with pytest.raises(UnknownItemError):
        items_repo.get(conn, iid + 100)


def test_query_filters_and_order(conn: sqlite3.Connection) -> None:
    a, b = _source(conn, "https://a.org/f"), _source(conn, "https://b.org/f")
    old = items_repo.upsert(conn, a, [_draft("1")], now=1.0).new_ids
    items_repo.upsert(conn, b, [_draft("2")], now=2.0)
    items_repo.upsert(conn, a, [_draft("3")], now=3.0, backlog=True)
    assert [i.key for i in items_repo.query(conn, ItemQuery())] == ["3", "2", "1"]
    assert [i.key for i in items_repo.query(conn, ItemQuery(source_ids=(a,)))] == ["3", "1"]
    assert [i.key for i in items_repo.query(conn, ItemQuery(include_backlog=False))] == ["2", "1"]
    assert [i.key for i in items_repo.query(conn, ItemQuery(limit=1, offset=1))] == ["2"]
    items_repo.mark_read(conn, old)
    assert [i.key for i in items_repo.query(conn, ItemQuery(unread_only=True))] == ["3", "2"]
    assert items_repo.count(conn) == 3 and items_repo.count(conn, unread_only=True) == 2


def test_unread_ids_page_through_unread_items_of_some_sources(conn: sqlite3.Connection) -> None:
    a, b = _source(conn, "https://a.org/f"), _source(conn, "https://b.org/f")
    ids_a = items_repo.upsert(conn, a, [_draft(k) for k in "abcde"], now=1.0).new_ids
    ids_b = items_repo.upsert(conn, b, [_draft(k) for k in "fg"], now=2.0).new_ids
    items_repo.mark_read(conn, ids_a[:1])
    conn.execute("UPDATE items SET reaction = 'like' WHERE id = ?", (ids_a[1],))
    first = items_repo.unread_ids(conn, limit=2, source_ids=(a,))
    assert first == list(ids_a[2:4])
    assert items_repo.unread_ids(conn, after=first[-1], limit=2, source_ids=(a,)) == [ids_a[4]]
    assert items_repo.unread_ids(conn) == [*ids_a[2:], *ids_b]
    plan = " ".join(str(r[-1]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM items WHERE id > 0 AND read = 0 AND reaction IS NULL "
        "ORDER BY id LIMIT 500"))
    assert "USING INTEGER PRIMARY KEY" in plan or "USING ROWID" in plan.upper(), plan


def test_prune_keeps_liked_saved_and_still_listed(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    ids = items_repo.upsert(conn, sid, [_draft(k) for k in "abcd"], now=100.0).new_ids
    conn.execute("UPDATE items SET reaction = 'like' WHERE id = ?", (ids[0],))
    conn.execute("UPDATE items SET saved = 1 WHERE id = ?", (ids[1],))
    items_repo.upsert(conn, sid, [_draft("c")], now=500.0)  # still listed by the feed
    with transaction(conn):
        assert items_repo.prune(conn, cutoff=400.0) == 1
    assert sorted(i.key for i in items_repo.query(conn, ItemQuery())) == ["a", "b", "c"]


def test_touch_listed_moves_last_seen_for_a_304(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    items_repo.upsert(conn, sid, [_draft("a")], now=100.0)
    items_repo.touch_listed(conn, sid, 100.0, 900.0)
    assert items_repo.prune(conn, cutoff=800.0) == 0


def test_rate_per_day_excludes_backlog(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    items_repo.upsert(conn, sid, [_draft(str(i)) for i in range(50)], now=0.0, backlog=True)
    items_repo.upsert(conn, sid, [_draft(f"n{i}") for i in range(6)], now=86400.0)
    assert items_repo.rate_per_day(conn, sid, now=3 * 86400.0, since=0.0) == pytest.approx(2.0)


def test_settings_defaults_write_and_validation(conn: sqlite3.Connection) -> None:
    assert settings_repo.read(conn, "store.retention_days") == 30
    assert settings_repo.write(conn, "store.retention_days", "7") == 7
    assert settings_repo.read(conn, "store.retention_days") == 7
    assert settings_repo.write(conn, "notify.quiet_enabled", "yes") is True
    with pytest.raises(UserInputError, match="at least 1"):
        settings_repo.write(conn, "store.retention_days", 0)
    with pytest.raises(UserInputError, match="Unknown setting"):
        settings_repo.read(conn, "nope")
    settings_repo.reset(conn, "store.retention_days")
    assert settings_repo.read_all(conn)["store.retention_days"] == 30


def test_stale_invalid_setting_reads_as_default_and_says_so_once(
    conn: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES ('store.retention_days', '\"x\"')")
    conn.execute("INSERT INTO settings (key, value) VALUES ('notify.quiet_start', '{broken')")
    with caplog.at_level(logging.WARNING, logger="notify.core.store.settings"):
        assert settings_repo.read(conn, "store.retention_days") == 30
        assert settings_repo.read_all(conn)["store.retention_days"] == 30  # said once
        assert settings_repo.read(conn, "notify.quiet_start") == "22:00"  # not even JSON
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2, said
    assert said[0].startswith("setting store.retention_days: the stored value '\"x\"' is not "
                              "valid") and "using the default 30" in said[0]
    assert "notify settings set store.retention_days" in said[0]
    assert said[1].startswith("setting notify.quiet_start: the stored value '{broken'")


def test_transaction_rolls_back_on_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(RuntimeError), transaction(conn):
        _source(conn)
        raise RuntimeError("boom")
    assert sources_repo.count(conn) == 0


def test_removing_a_source_deletes_its_items_and_state(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    items_repo.upsert(conn, sid, [_draft("a")], now=1.0)
    state_repo.save(conn, SourceState(sid, etag="x"))
    sources_repo.remove(conn, sid)
    assert items_repo.count(conn) == 0
    assert state_repo.all_states(conn) == {}
    assert conn.execute("SELECT COUNT(*) FROM items_fts").fetchone()[0] == 0


def test_authors_tags_and_enclosure_json_is_exactly_what_json_dumps_writes() -> None:
    """Written without json.dumps (faster), the columns' JSON is the same text, escapes and all,
    and reads back to the same values."""
    import json

    from notify.core.models import Enclosure, ItemDraft
    from notify.core.store.items import _enclosure_json, _json_list

    texts = ["", "Jeff Gerstmann", 'a "quoted" \\ back', "tab\tnew\nline\x00\x1f\x7f",
             "Ünïcødé — 日本語 😀", "lone \ud800 surrogate", "</script>&amp;"]
    for n in range(len(texts) + 1):
        values = tuple(texts[:n])
        assert _json_list(values) == json.dumps(list(values))
        assert json.loads(_json_list(values)) == list(values)
    for url in texts:
        for kind in ("audio/mpeg", texts[3]):
            for length in (None, 0, 12345678901234):
                draft = ItemDraft(key="k", title="t", enclosure=Enclosure(url, kind, length))
                expected = json.dumps({"url": url, "type": kind, "length": length})
                assert _enclosure_json(draft) == expected
    assert _enclosure_json(ItemDraft(key="k", title="t")) is None


def test_newest_first_is_by_the_items_own_dates(conn: sqlite3.Connection) -> None:
    """The user's report: within a poll batch (one first_seen) items came out reversed (feed
    order, then id descending), and an added source's 2016 items sat above older sources' 2018
    ones. Now: the item's date (published, else updated), a date in the future clamped to when
    it was first seen, undated items by first_seen, equal times in the feed's order."""
    heise, guardian, local = (_source(conn, f"https://{n}.example/f") for n in "hgl")
    y2016, y2018, now = 1_460_000_000.0, 1_520_000_000.0, 1_700_000_000.0
    items_repo.upsert(conn, guardian, [_dated("g-new", y2018 + 60), _dated("g-old", y2018)],
                      now=now - 7200)
    items_repo.upsert(conn, heise, [_dated("h-new", y2016 + 60), _dated("h-old", y2016)],
                      now=now - 60, backlog=True)  # added later: seen later, dated earlier
    # a local feed, one batch, newest first; one story claims a date years ahead
    stories = [_dated(f"story-{n}", now - 60 * n) for n in (2, 5, 29)]
    items_repo.upsert(conn, local, [_dated("future", now + 10**8), *stories,
                                    _draft("undated-a"), _draft("undated-b"),
                                    ItemDraft(key="updated-only", title="u", updated=now - 60 * 3)],
                      now=now)
    order = [i.key for i in items_repo.query(conn, ItemQuery(limit=100))]
    assert order == ["future", "undated-a", "undated-b", "story-2", "updated-only", "story-5",
                     "story-29", "g-new", "g-old", "h-new", "h-old"]
    by_key = {i.key: i for i in items_repo.query(conn, ItemQuery(limit=100))}
    assert items_repo.sort_time(by_key["future"]) == now  # shown as when it arrived
    assert items_repo.sort_time(by_key["story-29"]) == now - 60 * 29
    assert items_repo.sort_time(by_key["updated-only"]) == now - 60 * 3
    assert items_repo.sort_time(by_key["undated-a"]) == now


def test_sort_time_in_python_is_the_indexed_expression(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    drafts = [ItemDraft(key=f"k{n}", title="t", published=p, updated=u)
              for n, (p, u) in enumerate([(None, None), (5.0, None), (None, 7.0), (50.0, 7.0),
                                          (8.0, 50.0), (30.0, None), (None, 30.0)])]
    items_repo.upsert(conn, sid, drafts, now=20.0)
    listed = items_repo.query(conn, ItemQuery())
    sql = dict(conn.execute(f"SELECT i.id, {items_repo.SORT_TIME} FROM items i").fetchall())
    assert {i.id: items_repo.sort_time(i) for i in listed} == sql
    assert sorted(sql.values()) == [5.0, 7.0, 8.0, 20.0, 20.0, 20.0, 20.0]


def test_newest_first_reads_its_index(conn: sqlite3.Connection) -> None:
    """1,000 sources x 30 days is hundreds of thousands of items: a page must come from the
    ``items_sort_time`` index, not from sorting the table."""
    plan = " ".join(r[3] for r in conn.execute(
        f"EXPLAIN QUERY PLAN SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
        f"ORDER BY {items_repo.NEWEST_FIRST} LIMIT 50"))
    assert "items_sort_time" in plan and "TEMP B-TREE" not in plan, plan


def test_set_saved_keeps_an_item_past_retention_and_unsaving_lets_it_go(
        conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    kept, other = items_repo.upsert(conn, sid, [_draft("a"), _draft("b")], now=100.0).new_ids
    assert items_repo.set_saved(conn, kept) is True
    assert items_repo.set_saved(conn, kept) is False  # already saved: nothing changed
    assert items_repo.get(conn, kept).saved and not items_repo.get(conn, other).saved
    assert [i.id for i in items_repo.query(conn, ItemQuery(saved_only=True))] == [kept]
    with transaction(conn):
        assert items_repo.prune(conn, cutoff=400.0) == 1  # the unsaved one, older than 400
    assert [i.id for i in items_repo.query(conn, ItemQuery())] == [kept]
    assert items_repo.set_saved(conn, kept, False) is True
    assert items_repo.query(conn, ItemQuery(saved_only=True)) == []
    with transaction(conn):
        assert items_repo.prune(conn, cutoff=400.0) == 1
    with pytest.raises(UnknownItemError, match="No item with id 999"):
        items_repo.set_saved(conn, 999)


def test_what_would_be_notified_includes_what_the_budget_left_out(
        conn: sqlite3.Connection) -> None:
    """Regression: ``notify notified --would`` left out the items the policy would have
    notified but for the day's budget (decided silent, "over today's budget of 10")."""
    from notify.core.models import OVER_BUDGET
    from notify.core.store import notifications as n_store

    sid = _source(conn)
    ids = items_repo.upsert(conn, sid, [_draft(k) for k in "abcd"], now=10.0).new_ids
    n_store.record_decisions(conn, [
        n_store.Decided(ids[0], 0.9, "notify", "likely", None),
        n_store.Decided(ids[1], 0.8, "silent", f"{OVER_BUDGET} of 10", None),
        n_store.Decided(ids[2], 0.7, "digest", "quiet hours", None),
        n_store.Decided(ids[3], 0.1, "silent", "unlikely", None),
    ])
    would = n_store.listing(conn, notified_only=False, limit=10)
    assert [r.item_id for r in would] == list(ids[:3])
