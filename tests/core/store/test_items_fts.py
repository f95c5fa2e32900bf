"""Full-text index of items: ``items.upsert`` indexes its new rows in one batch (the insert
trigger stands aside meanwhile); any other INSERT is indexed by the trigger. Either way the
index matches the table (FTS5 ``integrity-check``) through inserts, edits and deletes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notify.core.models import ItemDraft
from notify.core.store import db
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo


def _source(conn: sqlite3.Connection, url: str = "https://example.org/feed") -> int:
    return sources_repo.add(conn, kind="feed", url=url, now=1000.0).id


def _search(conn: sqlite3.Connection, words: str) -> set[int]:
    rows = conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (words,))
    return {int(r[0]) for r in rows}


def _check(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
    assert conn.execute("SELECT COUNT(*) FROM items_fts_defer").fetchone()[0] == 0


def test_upserted_items_are_searchable_and_edits_and_deletes_follow(
    conn: sqlite3.Connection,
) -> None:
    sid = _source(conn)
    with sources_repo.transaction(conn):
        first = items_repo.upsert(conn, sid, [
            ItemDraft(key="a", title="Zebras in Kenya", summary_text="striped horses"),
            ItemDraft(key="b", title="Café news", summary_text="espresso prices rise"),
        ], now=1.0)
    a, b = first.new_ids
    _check(conn)
    assert _search(conn, "zebras") == {a}
    assert _search(conn, "cafe") == {b}  # diacritics removed
    assert _search(conn, '"espresso" AND "pri"*') == {b}
    changed = items_repo.upsert(conn, sid, [
        ItemDraft(key="a", title="Giraffes in Kenya", summary_text="tall"),
    ], now=2.0)
    assert changed.changed_ids == (a,)
    _check(conn)
    assert _search(conn, "zebras") == set()
    assert _search(conn, "giraffes") == {a}
    assert items_repo.prune(conn, cutoff=1.5) == 1  # b: first and last seen at 1.0
    _check(conn)
    assert _search(conn, "espresso") == set()
    assert _search(conn, "kenya") == {a}


def test_rows_inserted_by_other_code_are_still_indexed(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    conn.execute("INSERT INTO items (source_id, key, title, summary_text, first_seen)"
                 " VALUES (?, 'k', 'Walruses', 'tusks', 1.0)", (sid,))
    item_id = int(conn.execute("SELECT id FROM items WHERE key = 'k'").fetchone()[0])
    _check(conn)
    assert _search(conn, "walruses") == {item_id}


def test_an_error_midway_leaves_the_index_consistent(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    bad = ItemDraft(key="bad", title="x", authors=(object(),))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        items_repo.upsert(conn, sid, [ItemDraft(key="ok", title="Otters"), bad], now=1.0)
    _check(conn)  # "ok" was stored (the caller did not roll back) and is indexed
    assert len(_search(conn, "otters")) == 1
    items_repo.upsert(conn, sid, [ItemDraft(key="later", title="Beavers")], now=2.0)
    _check(conn)
    assert len(_search(conn, "beavers")) == 1


def test_the_write_connection_keeps_statement_journals_in_memory(tmp_path: Path) -> None:
    """Each INSERT into items keeps a statement journal (trigger and foreign key), inside the
    writer's savepoint per source: the write connection keeps them in memory (a temp file took
    23,000 pwrite calls in a 76-feed first round); storing in savepoints still rolls back."""
    from notify.core.store.sources import transaction

    conn = db.connect(tmp_path / "notify.sqlite3")
    reader = db.connect(tmp_path / "notify.sqlite3", readonly=True)
    try:
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
        assert reader.execute("PRAGMA temp_store").fetchone()[0] == 0  # readers: the default
        source = sources_repo.add(conn, kind="feed", url="https://a.test/feed", now=1.0)
        drafts = [ItemDraft(key=f"k{n}", title=f"t{n}", summary_html="<p>x</p>" * 2000,
                            summary_text="x " * 2000) for n in range(50)]
        with transaction(conn):
            conn.execute("SAVEPOINT one")
            items_repo.upsert(conn, source.id, drafts[:25], now=2.0)
            conn.execute("RELEASE one")
            conn.execute("SAVEPOINT two")
            items_repo.upsert(conn, source.id, drafts[25:], now=2.0)
            conn.execute("ROLLBACK TO two")
            conn.execute("RELEASE two")
        assert items_repo.count(conn) == 25
        assert conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'x'"
                            ).fetchone()[0] == 25
    finally:
        reader.close()
        conn.close()


def test_a_transaction_sqlite_rolled_back_mid_upsert_leaves_no_index_of_lost_items(
    conn: sqlite3.Connection,
) -> None:
    """Regression: when SQLite itself ended the transaction while ``upsert`` stored a source's
    items (a full disk; here a trigger's ``RAISE(ROLLBACK)``), ``upsert`` still indexed the
    items it had inserted, outside any transaction: the index kept rows for items that were
    never stored (and would match whatever item later got their ids)."""
    sid = _source(conn)
    items_repo.upsert(conn, sid, [ItemDraft(key="kept", title="Kept zebra")], now=1.0)
    conn.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON items WHEN new.title = 'boom' "
                 "BEGIN SELECT RAISE(ROLLBACK, 'the disk is full'); END")
    with (pytest.raises(sqlite3.IntegrityError, match="the disk is full"),  # the real error
          sources_repo.transaction(conn)):
        items_repo.upsert(conn, sid, [
            ItemDraft(key="lost1", title="Lost zebra"),
            ItemDraft(key="lost2", title="Lost zebra too"),
            ItemDraft(key="boom", title="boom"),
        ], now=2.0)
    assert not conn.in_transaction
    assert [i.title for i in items_repo.query(conn, items_repo.ItemQuery())] == ["Kept zebra"]
    (kept,) = _search(conn, "kept")
    assert _search(conn, "zebra") == {kept}  # no index rows of the lost items
    _check(conn)


def _trace(conn: sqlite3.Connection) -> list[str]:
    """The statements run on ``conn`` from now on: "index" for a row given to the full-text
    index, the others as they are."""
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: seen.append(
        "index" if sql.startswith("INSERT INTO items_fts (rowid") else sql))
    return seen


def test_index_later_indexes_a_block_of_sources_in_one_statement_at_its_end(
    conn: sqlite3.Connection,
) -> None:
    """The writer's batch stores each source in a savepoint, and FTS5 wrote a segment at each
    one: inside ``index_later`` the sources' new rows are indexed together when it ends."""
    one, two = _source(conn), _source(conn, "https://example.org/two")
    seen = _trace(conn)
    with sources_repo.transaction(conn), items_repo.index_later(conn):
        for n, sid in enumerate((one, two)):
            conn.execute(f"SAVEPOINT s{n}")
            items_repo.upsert(conn, sid, [ItemDraft(key=f"k{n}", title=f"Okapi {n}")], now=1.0)
            conn.execute(f"RELEASE s{n}")
        assert "index" not in seen  # nothing indexed yet
        assert _search(conn, "okapi") == set()
    conn.set_trace_callback(None)
    # both rows after the last savepoint (each was indexed inside its own: a segment each), in
    # the transaction
    tail = seen[seen.index("RELEASE s1"):]
    assert tail.count("index") == 2
    assert tail.index("COMMIT") > max(n for n, sql in enumerate(tail) if sql == "index")
    assert len(_search(conn, "okapi")) == 2
    _check(conn)


def test_index_later_forgets_the_rows_of_a_rolled_back_savepoint(
    conn: sqlite3.Connection,
) -> None:
    sid = _source(conn)
    with sources_repo.transaction(conn), items_repo.index_later(conn) as later:
        items_repo.upsert(conn, sid, [ItemDraft(key="a", title="Kept lynx")], now=1.0)
        conn.execute("SAVEPOINT gone")
        mark = later.mark()
        items_repo.upsert(conn, _source(conn, "https://b.test/"),
                          [ItemDraft(key="b", title="Lost lynx")], now=1.0)
        conn.execute("ROLLBACK TO gone")
        conn.execute("RELEASE gone")
        later.undo_to(mark)
    assert [i.title for i in items_repo.query(conn, items_repo.ItemQuery())] == ["Kept lynx"]
    assert len(_search(conn, "lynx")) == 1
    _check(conn)


def test_index_later_indexes_a_source_stored_twice_before_its_items_change(
    conn: sqlite3.Connection,
) -> None:
    """An item stored and then edited in the same block: the edit's trigger removes the old
    words from the index, so they must be there first (else FTS5's index breaks)."""
    sid = _source(conn)
    with sources_repo.transaction(conn), items_repo.index_later(conn):
        items_repo.upsert(conn, sid, [ItemDraft(key="a", title="Tapir")], now=1.0)
        changed = items_repo.upsert(conn, sid, [ItemDraft(key="a", title="Capybara")], now=2.0)
    assert len(changed.changed_ids) == 1
    _check(conn)
    assert _search(conn, "tapir") == set()
    assert _search(conn, "capybara") == set(changed.changed_ids)


def test_index_later_drops_its_rows_when_the_block_fails(conn: sqlite3.Connection) -> None:
    sid = _source(conn)
    with pytest.raises(RuntimeError, match="stop"), sources_repo.transaction(conn), \
            items_repo.index_later(conn):
        items_repo.upsert(conn, sid, [ItemDraft(key="a", title="Quokka")], now=1.0)
        raise RuntimeError("stop")
    assert items_repo.count(conn) == 0
    assert _search(conn, "quokka") == set()
    _check(conn)
    # the block is closed: upsert indexes at once again
    items_repo.upsert(conn, sid, [ItemDraft(key="b", title="Wombat")], now=2.0)
    assert len(_search(conn, "wombat")) == 1
