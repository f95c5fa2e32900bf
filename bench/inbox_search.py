"""The inbox's search at 100,000 items: a page of results for a word in 40 %, 5 % and 0.1 % of
the items and in one, timed as ``query.page`` reads it (a common word walks the sort index, a
rare one sorts its matches: ``query.common_match``) and both fixed ways, on the reader's
read-only connection. A script to compare, not a timed test.

    python bench/inbox_search.py [--items 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from notify.app.inbox import query
from notify.core.paths import Paths
from notify.core.store.db import connect
from notify.core.store.items import NEWEST_FIRST

WORDS = (("common", 0.4), ("middling", 0.05), ("rarity", 0.001))


def build(paths: Paths, items: int) -> None:
    conn = connect(paths.db)
    rng = random.Random(1)
    try:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO sources (id, kind, url, title, created_at) "
                         "VALUES (?, 'feed', ?, ?, 0)",
                         [(s, f"http://127.0.0.1:9/{s}", f"Source {s}") for s in range(1, 101)])
        rows = []
        for i in range(1, items + 1):
            words = ["story", f"n{i}"] + [w for w, share in WORDS if rng.random() < share]
            words += ["unique"] if i == items // 2 else []
            text = " ".join(words)
            rows.append((i, i % 100 + 1, f"k{i}", text, text, text,
                         1_700_000_000 + i * 30 + rng.randrange(3600)))
        conn.executemany("INSERT INTO items (id, source_id, key, title, summary_html, "
                         "summary_text, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


def fixed(conn: sqlite3.Connection, word: str, walk: bool) -> list[int]:
    clauses, params = query._where(query.InboxFilter(search=word), walk=walk)
    sql = (f"SELECT {query._COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
           f"WHERE {' AND '.join(clauses)} ORDER BY {NEWEST_FIRST} LIMIT ?")
    return [r[0] for r in conn.execute(sql, [*params, query.PAGE_SIZE])]


def timed(run: Callable[[], object], runs: int) -> str:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        took.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(took):6.1f} ms ({min(took):.1f}–{max(took):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = Paths(Path(folder)).ensure()
        build(paths, args.items)
        conn = connect(paths.db, readonly=True)
        try:
            print(f"{args.items:,} items; a page of {query.PAGE_SIZE}; median (range) of "
                  f"{args.runs} runs")
            print(f"{'word':9} {'matches':>7}  {'page()':24} {'sorted':24} {'walked':24}")
            for word in ("common", "middling", "rarity", "unique", "comm"):
                match = query.fts_query(word)
                hits = conn.execute("SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH ?",
                                    (match,)).fetchone()[0]
                page = [r.id for r in query.page(conn, query.InboxFilter(search=word))]
                assert page == fixed(conn, word, False) == fixed(conn, word, True)
                print(f"{word:9} {hits:7}  "
                      f"{timed(lambda w=word: query.page(conn, query.InboxFilter(search=w)), args.runs):24} "  # noqa: E501
                      f"{timed(lambda w=word: fixed(conn, w, False), args.runs):24} "
                      f"{timed(lambda w=word: fixed(conn, w, True), args.runs):24}")
        finally:
            conn.close()


if __name__ == "__main__":
    main()
