"""Schema v7 (0007_source_feature_names.py): what an older Notify learnt about a feed without a
title, under the bare host its items were named by (``src:127.0.0.1``), follows the name its
items carry now (``127.0.0.1:8731/a.xml?api_key=•••``): the weights (in the table and in its
log), the interest and its scale, the pin, the counts, the reactions' records (undo restores the
renamed rows). Sources that shared the old name each get a copy, so every item ranks as before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import feedback as store
from tests.support.older_db import older_database

OLD = "127.0.0.1"
A = "http://bob:hunter2@127.0.0.1:8731/a.xml?api_key=KEY999"
A_NAME = "127.0.0.1:8731/a.xml?api_key=•••"
B = "http://127.0.0.1:8731/b.xml"
B_NAME = "127.0.0.1:8731/b.xml"
ROW = [2.5, 3.0, 1000.0]  # mean, precision, at
AT = 1000.0


def _older(path: Path, *, second: str | None = None) -> None:
    """Schema 6 as it was left: source 1 (``A``, no title of its own: named ``127.0.0.1``) with
    item 1 "Rust story", a source "LWN" with item 2, and (``second``) another source named
    ``127.0.0.1`` at that address with item 3; a profile learnt under the old names."""
    older_database(path, 6, source_title=OLD, url=A, items=[("Rust story", False, False)])
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        sources = [("https://lwn.net/feed", "LWN")] + ([(second, OLD)] if second else [])
        for n, (url, title) in enumerate(sources, start=2):
            raw.execute("INSERT INTO sources (kind, url, title, created_at) VALUES"
                        " ('feed', ?, ?, 1.0)", (url, title))
            raw.execute("INSERT INTO items (source_id, key, title, first_seen) VALUES"
                        " (?, ?, 'Rust story', 100.0)", (n, f"k{n}"))
        raw.executemany("INSERT INTO profile_weights VALUES (?, ?, ?, ?)", [
            (f"src:{OLD}", *ROW), ("src:LWN", 1.0, 1.0, AT), ("w:rust", 0.5, 2.0, AT)])
        store.save_weights(raw, {f"sw:{OLD}|rust": ROW, "sw:LWN|rust": [0.7, 1.0, AT]})  # log
        store.set_value(raw, "interests", [["source", OLD], ["keyword", "rust"]])
        store.set_value(raw, "pins", [["source", OLD, "always"], ["source", "LWN", "never"]])
        store.set_value(raw, "meta", {"interest_scale": {f"int:source:{OLD}": 0.2}})
        store.set_value(raw, "seen", {f"src:{OLD}": 3, "src:LWN": 1})
        # the Like of item 1 (and, with a second source, of its item 3): what it changed
        for item_id in (1, 3) if second else (1,):
            store.add_feedback(raw, item_id, "like", AT, [
                [f"src:{OLD}", None, None, None], [f"sw:{OLD}|rust", None, None, None],
                ["w:rust", None, None, None]], source=f"src:{OLD}", words=["rust"])
    finally:
        raw.close()


def _weights(conn: sqlite3.Connection) -> dict[str, list[float]]:
    return store.load_weights(conn)


def _records(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    return [(str(source), [e[0] for e in json.loads(features)]) for source, features in
            conn.execute("SELECT source, features FROM feedback ORDER BY id")]


def test_a_source_alone_with_its_old_name_takes_all_it_learnt_to_its_new_name(
        tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    _older(path)
    conn = db.connect(path)
    try:
        weights = _weights(conn)
        assert weights[f"src:{A_NAME}"] == ROW and weights[f"sw:{A_NAME}|rust"] == ROW
        assert not [n for n in weights if OLD in n and A_NAME not in n], weights
        assert weights["src:LWN"] == [1.0, 1.0, AT] and "sw:LWN|rust" in weights  # untouched
        assert store.get_value(conn, "interests") == [["source", A_NAME], ["keyword", "rust"]]
        assert store.get_value(conn, "pins") == [["source", A_NAME, "always"],
                                                 ["source", "LWN", "never"]]
        assert store.get_value(conn, "meta") == {"interest_scale": {f"int:source:{A_NAME}": 0.2}}
        assert store.get_value(conn, "seen") == {f"src:{A_NAME}": 3, "src:LWN": 1}
        assert _records(conn) == [(f"src:{A_NAME}", [
            f"src:{A_NAME}", f"sw:{A_NAME}|rust", "w:rust"])]
        text = "".join(str(r) for r in conn.execute("SELECT * FROM profile")) + str(weights)
        assert "hunter2" not in text and "KEY999" not in text and "bob" not in text

        service = RankingService(conn)
        reasons = {r.feature for r in service.explain(1, now=AT).reasons}
        assert f"src:{A_NAME}" in reasons and f"sw:{A_NAME}|rust" in reasons
        assert service.explain(1, now=AT).pin.startswith("always")  # the pin still matches
        service.undo_last()  # the Like taken back: its renamed rows go, none comes back as OLD
        assert not [n for n in _weights(conn) if n.startswith((f"src:{OLD}", f"sw:{OLD}|"))
                    or n in (f"src:{A_NAME}", f"sw:{A_NAME}|rust")]
    finally:
        conn.close()


def test_sources_that_shared_an_old_name_each_get_a_copy(tmp_path: Path) -> None:
    """Two feeds without a title on one host were one source to the learner: what it learnt
    cannot be split, so each keeps it (each item ranks as before); each reaction whose item is
    still stored goes to its own source."""
    path = tmp_path / "notify.sqlite3"
    _older(path, second=B)
    conn = db.connect(path)
    try:
        weights = _weights(conn)
        for name in (A_NAME, B_NAME):
            assert weights[f"src:{name}"] == ROW and weights[f"sw:{name}|rust"] == ROW
        assert f"src:{OLD}" not in weights and f"sw:{OLD}|rust" not in weights
        assert store.get_value(conn, "pins") == [
            ["source", A_NAME, "always"], ["source", B_NAME, "always"], ["source", "LWN", "never"]]
        assert _records(conn) == [
            (f"src:{A_NAME}", [f"src:{A_NAME}", f"sw:{A_NAME}|rust", "w:rust"]),
            (f"src:{B_NAME}", [f"src:{B_NAME}", f"sw:{B_NAME}|rust", "w:rust"])]
    finally:
        conn.close()


def test_an_old_name_a_source_still_has_keeps_its_rows(tmp_path: Path) -> None:
    """A source the person named "127.0.0.1" (on another host) shared the rows too: it keeps
    them, and the feed without a title gets a copy."""
    path = tmp_path / "notify.sqlite3"
    _older(path, second="https://elsewhere.example/feed")
    conn = db.connect(path)
    try:
        weights = _weights(conn)
        for name in (A_NAME, OLD):
            assert weights[f"src:{name}"] == ROW and weights[f"sw:{name}|rust"] == ROW
        assert _records(conn) == [
            (f"src:{A_NAME}", [f"src:{A_NAME}", f"sw:{A_NAME}|rust", "w:rust"]),
            (f"src:{OLD}", [f"src:{OLD}", f"sw:{OLD}|rust", "w:rust"])]
    finally:
        conn.close()


def test_a_json_api_named_with_the_login_of_its_address_is_named_again_without_it(
        tmp_path: Path) -> None:
    """An older Notify named a JSON API added as ``http://bob:hunter2@host/api.json`` by its
    address, login included; the upgrade names it without it, and what was learnt follows. A
    name the person gave is kept."""
    path = tmp_path / "notify.sqlite3"
    older_database(path, 6, source_title="Example Wire", items=[])
    old = "bob:hunter2@127.0.0.1:8731/api.json"
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.executemany("INSERT INTO sources (kind, url, title, created_at, title_given) VALUES"
                        " ('json', ?, ?, 1.0, ?)", [
                            (f"http://{old}?api_key=KEY999", old, 0),
                            ("http://bob:hunter2@127.0.0.1:8731/mine.json", "bob:hunter2@mine",
                             1)])
        raw.execute("INSERT INTO profile_weights VALUES (?, ?, ?, ?)", (f"src:{old}", *ROW))
    finally:
        raw.close()
    conn = db.connect(path)
    try:
        titles = [r[0] for r in conn.execute("SELECT title FROM sources ORDER BY id")]
        assert titles == ["Example Wire", "127.0.0.1:8731/api.json", "bob:hunter2@mine"]
        assert _weights(conn) == {"src:127.0.0.1:8731/api.json": ROW}
    finally:
        conn.close()
