"""The inbox names a source by the app's one rule (``source_names.source_name``), as Settings →
Sources, the tray and the command line do: its title, but one still named after its host by
host and path, so that two sources on one host can be told apart; an address's secrets never
shown. In the list's Source column, the item pane, the Why panel's Mute button, the Show menu
and the footer's words about the source shown."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.inbox.row_cells import COL_SOURCE
from notify.app.inbox.window import InboxWindow
from notify.app.untrusted_text import FSI, PDI
from notify.core.paths import Paths
from notify.core.ranking.explain import build
from notify.core.store.db import connect
from tests.app.conftest import BASE_TIME

# (url, stored title): two on one host still named after it, one without a title whose
# address holds a token, one with a title of its own
SOURCES = (("http://127.0.0.2/news/world.xml", "127.0.0.2"),
           ("http://127.0.0.2/news/sport.xml", "127.0.0.2"),
           ("https://api.example.org/feed.json?token=s3cret", ""),
           ("http://127.0.0.2/lwn.xml", "LWN"))
NAMES = {1: "127.0.0.2/news/world.xml", 2: "127.0.0.2/news/sport.xml", 4: "LWN"}


def _fill(db: Path) -> None:
    conn = connect(db)
    try:
        with conn:
            for sid, (url, title) in enumerate(SOURCES, start=1):
                conn.execute("INSERT INTO sources (id, kind, url, title, created_at) "
                             "VALUES (?, 'feed', ?, ?, ?)", (sid, url, title, BASE_TIME))
                conn.execute("INSERT INTO items (id, source_id, key, title, summary_text, "
                             "first_seen) VALUES (?, ?, ?, ?, 'text', ?)",
                             (sid, sid, f"k{sid}", f"Story {sid}", BASE_TIME + sid))
    finally:
        conn.close()


@pytest.fixture
def db(paths: Paths) -> Path:
    _fill(paths.db)
    return paths.db


@pytest.fixture
def window(qtbot: QtBot, db: Path) -> Iterator[InboxWindow]:
    reader = Reader(db)
    w = InboxWindow(None, reader)
    qtbot.addWidget(w)
    w.resize(1100, 600)
    w.show()
    qtbot.waitUntil(lambda: w.model.rowCount() == len(SOURCES))
    qtbot.waitUntil(lambda: w.pane.item is not None)
    yield w
    reader.close()


def _listed(window: InboxWindow) -> dict[int, str]:
    model = window.model
    names = {}
    for r in range(model.rowCount()):
        row = model.row_at(model.index(r, 0))
        assert row is not None
        names[row.source_id] = str(model.index(r, COL_SOURCE).data())
    return names


def test_two_sources_on_one_host_are_told_apart_everywhere_in_the_inbox(
        qtbot: QtBot, window: InboxWindow) -> None:
    """Regression: the inbox named a source by its stored title (else its whole address):
    both sources on 127.0.0.2 were "127.0.0.2" in the list, the pane, Mute and the Show menu,
    and one without a title showed its address with its token."""
    listed = _listed(window)
    for sid, name in NAMES.items():
        assert listed[sid] == name
    assert "api.example.org/feed.json" in listed[3] and "s3cret" not in listed[3]

    # the Show menu, sorted by those names
    menu = [window.filter_box.itemText(i) for i in range(window.filter_box.count())]
    sources = [t for t in menu if t.startswith("Source: ")]
    assert f"Source: {FSI}127.0.0.2/news/world.xml{PDI}" in sources
    assert f"Source: {FSI}127.0.0.2/news/sport.xml{PDI}" in sources
    assert not any("s3cret" in t for t in menu)
    assert sources == sorted(sources, key=str.casefold)

    # the pane's source line and the Why panel's Mute button, for the item of source 2
    at = next(r for r in range(window.model.rowCount())
              if window.model.row_at(window.model.index(r, 0)).source_id == 2)  # type: ignore[union-attr]
    window.view.setCurrentIndex(window.model.index(at, 0))
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.source_id == 2)
    assert "127.0.0.2/news/sport.xml" in window.pane.meta.full_text
    window.pane.show_explanation(build([("w:ball", 0.5)], 0.5), item_id=2)
    mute = [b for b in window.pane.why.findChildren(QPushButton)
            if b.objectName() == "why-mute"]
    assert len(mute) == 1
    assert "127.0.0.2/news/sport.xml" in mute[0].toolTip()

    # the source chosen in the Show menu, named in the footer's and the menus' words
    window.filter_box.setCurrentIndex(
        window.filter_box.findText(f"Source: {FSI}127.0.0.2/news/world.xml{PDI}"))
    qtbot.waitUntil(lambda: window.model.filter.source_id == 1)
    assert "127.0.0.2/news/world.xml" in window.filters.shown_name()


def test_a_source_renamed_is_named_by_the_rule(qtbot: QtBot, window: InboxWindow,
                                               db: Path) -> None:
    """A source given back its host as title (or its own title) is named anew by the rule in
    the list (``query.stored``, read when sources change)."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sources SET title = '127.0.0.2' WHERE id = 4")
        conn.execute("UPDATE sources SET title = 'World news' WHERE id = 1")
    conn.close()
    window.deleted.sources_changed((1, 4))
    qtbot.waitUntil(lambda: _listed(window)[4] == "127.0.0.2/lwn.xml")
    assert _listed(window)[1] == "World news"


def test_the_query_names_sources_by_the_rule(db: Path) -> None:
    conn = connect(db, readonly=True)
    try:
        rows = query.page(conn, query.InboxFilter())
        detail = query.detail(conn, 1)
        stored = query.stored(conn, [1, 2, 4], None)
        choices, _ = query.source_choices(conn)
    finally:
        conn.close()
    assert {r.source_id: r.source_name for r in rows if r.source_id != 3} == NAMES
    assert detail is not None and detail.source_name == NAMES[1]
    assert stored.source_names == NAMES
    assert [name for sid, name in choices if sid != 3] == sorted(NAMES.values(),
                                                                 key=str.casefold)
