# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""``source_renames``: what the profile learnt of a source follows it when the engine renames it
(``Engine.update_source``, or a poll that follows the feed's new title), announced so that
Settings → Profile and the Why panel read it again; a name another source still has keeps its
rows."""

from __future__ import annotations

from pathlib import Path

from notify.core.events import Event, ProfileChanged, SourcesChanged
from notify.core.ranking.profile import Term
from notify.core.store import feedback as store
from notify.core.store.sources import transaction
from tests.core.test_engine import make_engine
from tests.core.test_engine_kind import Server, server  # noqa: F401

ROW = [2.0, 3.0, 1000.0]


def test_a_rename_moves_the_rows_and_says_the_profile_changed(tmp_path: Path) -> None:
    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    sport = engine.add_source("feed", "https://example.org/sport", "Sport")
    other = engine.add_source("feed", "https://example.org/other", "Other")
    with transaction(engine.conn):
        store.save_weights(engine.conn, {"src:Sport": ROW, "sw:Sport|rugby": ROW})
    engine.change_profile(lambda r: r.pin(Term("source", "Sport"), "never"))
    events.clear()
    engine.update_source(sport.id, title="BBC Sport")
    assert events == [SourcesChanged((sport.id,)), ProfileChanged()]
    assert store.load_weights(engine.conn) == {"src:BBC Sport": ROW, "sw:BBC Sport|rugby": ROW}
    assert store.get_value(engine.conn, "pins") == [["source", "BBC Sport", "never"]]
    events.clear()
    engine.update_source(other.id, title="Another")  # nothing learnt of it: nothing to say
    assert events == [SourcesChanged((other.id,))]
    engine.close()


def test_a_name_another_source_still_has_keeps_its_rows(tmp_path: Path) -> None:
    """Two sources called "News" shared ``src:News``: the one renamed takes a copy, the other
    keeps it (each item ranks as before)."""
    engine = make_engine(tmp_path)
    first = engine.add_source("feed", "https://a.example/feed", "News")
    engine.add_source("feed", "https://b.example/feed", "News")
    with transaction(engine.conn):
        store.save_weights(engine.conn, {"src:News": ROW})
    engine.update_source(first.id, title="A News")
    assert store.load_weights(engine.conn) == {"src:News": ROW, "src:A News": ROW}
    engine.close()


def test_a_feed_that_renames_itself_in_a_poll_says_the_profile_changed(
        tmp_path: Path, server: Server) -> None:
    """Regression: a source named by its feed followed the feed's new title in a poll, and what
    the profile learnt of it followed, but nobody was told: Settings → Profile and the Why
    panel kept the old name until something else changed the profile."""
    import time

    from tests.core.test_engine import run
    from tests.test_cli import RSS_TYPE, rss

    server.route("/feed.xml", (200, RSS_TYPE, rss("World News", 1)),
                 (200, RSS_TYPE, rss("World Report", 1, 2)),
                 (200, RSS_TYPE, rss("World Report", 1, 2, 3)))
    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    source = engine.add_source("feed", server.url("/feed.xml"))
    run(engine, lambda: engine.poll([source.id]))
    assert engine.source(source.id).title == "World News"
    row = [2.0, 3.0, time.time()]  # learnt now: the poll's ranking round keeps it
    with transaction(engine.conn):
        store.save_weights(engine.conn, {"src:World News": row})
    events.clear()
    run(engine, lambda: engine.poll([source.id]))
    assert engine.source(source.id).title == "World Report"
    assert set(store.load_weights(engine.conn)) == {"src:World Report"}
    assert events.count(ProfileChanged()) == 1
    events.clear()
    run(engine, lambda: engine.poll([source.id]))  # the same name: nothing to say
    assert ProfileChanged() not in events
    engine.close()
