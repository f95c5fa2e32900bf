"""Schema v3 (0003_view_indexes.sql): an older database is migrated (backed up first, its data
kept), and every list the inbox and ``notify items`` show reads through an index of its own
instead of walking the whole date index (EXPLAIN QUERY PLAN of the very SQL they run)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from notify.app.inbox import query as inbox_query
from notify.core.store import db
from notify.core.store import items as items_repo
from notify.core.store.items import ItemQuery
from tests.support.older_db import backup_holds, older_database


def _old_database(path: Path, version: int) -> None:
    """A database as Notify with schema ``version`` left it, with a source and three items
    (the second saved, the third read)."""
    older_database(path, version, source_title="Example",
                   items=[(f"Item {n}", n == 1, n == 2) for n in range(3)])


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_database_is_backed_up_migrated_and_keeps_its_items(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "notify.sqlite3"
    _old_database(path, version)
    conn = db.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.schema_version() >= 3
        assert [i.title for i in items_repo.query(conn, ItemQuery())] == [
            "Item 2", "Item 1", "Item 0"]
        assert [i.title for i in items_repo.query(conn, ItemQuery(saved_only=True))] == ["Item 1"]
        assert [i.title for i in items_repo.query(conn, ItemQuery(unread_only=True))] == [
            "Item 1", "Item 0"]
        assert items_repo.count(conn, unread_only=True) == 2
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"items_saved_sort", "items_unread_sort", "items_source_sort"} <= names
    finally:
        conn.close()
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup_holds(backup, version, items=3)


def _plan(conn: sqlite3.Connection, run: Callable[[], object]) -> str:
    """The query plan of the (last) SELECT on items that ``run`` executes, parameters bound."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        conn.set_trace_callback(None)
    sql = [s for s in seen if s.lstrip().upper().startswith("SELECT") and "items" in s][-1]
    return " ; ".join(str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


@pytest.fixture
def migrated(tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "notify.sqlite3"
    _old_database(path, 1)
    conn = db.connect(path)
    yield conn
    conn.close()


def _filter(**kw: object) -> inbox_query.InboxFilter:
    return inbox_query.InboxFilter(**kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("what", "index"), [
    ("inbox saved", "items_saved_sort"),
    ("inbox notified", "items_notified_sort"),
    ("inbox source", "items_source_sort"),
    ("inbox over budget", "items_silent"),
    ("items --saved", "items_saved_sort"),
    ("items --new", "items_unread_sort"),
    ("items --source", "items_source_sort"),
    ("status unread count", "items_unread_sort"),
])
def test_each_list_reads_its_own_index(
    migrated: sqlite3.Connection, what: str, index: str
) -> None:
    runs: dict[str, Callable[[], object]] = {
        "inbox saved": lambda: inbox_query.page(
            migrated, _filter(view=inbox_query.VIEW_SAVED)),
        "inbox notified": lambda: inbox_query.page(
            migrated, _filter(view=inbox_query.VIEW_NOTIFIED)),
        "inbox source": lambda: inbox_query.page(migrated, _filter(source_id=1)),
        "inbox over budget": lambda: inbox_query.page(
            migrated, _filter(view=inbox_query.VIEW_OVER_BUDGET)),
        "items --saved": lambda: items_repo.query(migrated, ItemQuery(saved_only=True)),
        "items --new": lambda: items_repo.query(migrated, ItemQuery(unread_only=True)),
        "items --source": lambda: items_repo.query(migrated, ItemQuery(source_ids=(1,))),
        "status unread count": lambda: items_repo.count(migrated, unread_only=True),
    }
    plan = _plan(migrated, runs[what])
    assert f"INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan or what == "inbox over budget", plan
