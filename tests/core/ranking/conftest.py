from __future__ import annotations

import sqlite3

import pytest

from notify.core.models import ItemDraft
from notify.core.store import items as items_store
from notify.core.store import sources as sources_store

T0 = 1_700_000_000.0


class Feed:
    """A source in a fresh database and a way to add items to it."""

    def __init__(self, conn: sqlite3.Connection, title: str) -> None:
        self.conn = conn
        self.source = sources_store.add(conn, kind="rss", url=f"https://{title}.example/feed",
                                        now=T0, title=title)
        self.n = 0

    def add(self, title: str, summary: str = "", link: str | None = None) -> int:
        self.n += 1
        draft = ItemDraft(key=f"{self.source.id}-{self.n}", title=title, summary_text=summary,
                          link=link or f"https://{self.source.title}.example/{self.n}")
        res = items_store.upsert(self.conn, self.source.id, [draft], now=T0 + self.n)
        return res.new_ids[0]


@pytest.fixture
def feeds(conn: sqlite3.Connection) -> tuple[Feed, Feed]:
    return Feed(conn, "tech"), Feed(conn, "sport")
