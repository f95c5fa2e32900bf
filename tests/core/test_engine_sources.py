# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""The engine's source management, OPML, ranking hand-off and feedback, on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.engine import Engine
from notify.core.errors import SourceConfigError, UnknownSourceError, UserInputError
from notify.core.events import Event, ItemsChanged, NotificationPlanned, ProfileChanged
from notify.core.models import SourceState
from notify.core.store import state as state_repo
from tests.core.test_engine import make_engine, run
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="News"><outline type="rss" text="A" xmlUrl="https://a.example.org/feed"/></outline>
<outline type="rss" text="B" xmlUrl="https://b.example.org/rss"/>
<outline type="rss" text="B twice" xmlUrl="https://www.b.example.org/rss/"/>
</body></opml>"""


def test_add_validates_through_the_kind(tmp_path: Path, test_kind: str) -> None:
    engine = make_engine(tmp_path)
    with pytest.raises(SourceConfigError, match="not usable"):
        engine.add_source(test_kind, "https://x.org/invalid")
    with pytest.raises(UserInputError, match="at least 5 minutes"):
        engine.add_source(test_kind, "https://x.org/f", interval_s=60)
    source = engine.add_source(test_kind, "x.org/f", " Title ", " G ", interval_s=600)
    assert (source.url, source.title, source.group, source.interval_s) == (
        "https://x.org/f", "Title", "G", 600)
    with pytest.raises(UnknownSourceError):
        engine.update_source(99, title="x")
    engine.close()


def test_changing_the_url_forgets_validators_and_moves_notice(
    tmp_path: Path, test_kind: str
) -> None:
    engine = make_engine(tmp_path)
    sid = engine.add_source(test_kind, "https://x.org/f").id
    state_repo.save(engine.conn, SourceState(sid, etag='"e"', last_modified="Mon",
                                             moved_to="https://y", moved_count=2,
                                             next_attempt=1e12))
    engine.update_source(sid, url="https://x.org/g")
    state = engine.source_state(sid)
    assert (state.etag, state.last_modified, state.moved_count, state.next_attempt) == (
        None, None, 0, None)
    engine.close()


def test_opml_import_then_export(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    report = engine.import_opml(OPML)
    assert [s.title for s in report.added] == ["A", "B"]
    assert [s.group for s in report.added] == ["News", ""]
    assert len(report.duplicates) == 1
    assert report.summary() == "2 added, 0 already there, 1 duplicate merged."
    again = engine.import_opml(OPML)
    assert (len(again.added), len(again.existing)) == (0, 2)
    text = engine.export_opml()
    assert 'xmlUrl="https://a.example.org/feed"' in text and 'text="News"' in text
    engine.close()


def test_remove_deletes_items(tmp_path: Path, server: Server, test_kind: str) -> None:
    engine = make_engine(tmp_path)
    server.feed("/f", entries(1, 2))
    sid = engine.add_source(test_kind, server.url("/f")).id
    run(engine, lambda: engine.poll())
    engine.remove_source(sid)
    assert engine.items() == [] and engine.sources() == []
    engine.close()


def test_new_items_after_the_backlog_are_ranked_and_feedback_is_recorded(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    route = server.feed("/f", entries(1))
    sid = engine.add_source(test_kind, server.url("/f")).id

    async def scenario() -> None:
        await engine.poll()
        route.responses = [(200, {}, route.responses[0][2].replace(b"e1", b"e9"))]
        await engine.poll([sid])

    run(engine, scenario)
    new = [i for i in engine.items() if not i.backlog]
    assert len(new) == 1
    assert new[0].decision is not None and new[0].score is not None  # the ranking service ran
    planned = [e for e in events if isinstance(e, NotificationPlanned)]
    assert all(new[0].id in e.item_ids for e in planned)
    backlog = [i for i in engine.items() if i.backlog]
    assert backlog and backlog[0].decision is None  # the backlog is never ranked for notifying

    events.clear()
    engine.feedback(new[0].id, "like")
    assert engine.item(new[0].id).reaction == "like"
    assert {type(e) for e in events} == {ItemsChanged, ProfileChanged}
    assert engine.undo_feedback() is not None
    assert engine.item(new[0].id).reaction is None
    with pytest.raises(UserInputError, match="'adore' is not a reaction; use like, dismiss"):
        engine.feedback(new[0].id, "adore")
    engine.close()


def test_settings_go_through_the_schema(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    assert engine.setting("poll.default_interval_min") == 30
    assert engine.set_setting("poll.default_interval_min", "45") == 45
    with pytest.raises(UserInputError, match="at least 5"):
        engine.set_setting("poll.default_interval_min", 1)
    engine.close()


def test_engine_opens_a_fresh_data_dir_and_reports_status(tmp_path: Path) -> None:
    from notify.core.paths import Paths

    with Engine(Paths(tmp_path / "new" / "dir")) as engine:
        status = engine.status()
    assert (status.sources, status.items, status.next_poll) == (0, 0, None)


def test_a_story_dismiss_reports_every_copy_changed(tmp_path: Path) -> None:
    """The inbox re-reads the rows an ``ItemsChanged`` names: a story's Dismiss marks its copies
    from other sources too, so they are named (they kept showing no reaction)."""
    from notify.core.ranking.profile import parse_term
    from notify.core.ranking.service import RankingService
    from tests.core.ranking.conftest import T0, Feed

    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    conn = engine.conn
    a = Feed(conn, "tech").add("Apple unveils new iPhone with satellite messaging")
    b = Feed(conn, "sport").add("Apple unveils new iPhone with satellite messaging feature")
    service = RankingService(conn, explore=False)
    service.pin(parse_term("keyword:iphone"), "always")
    service.process_new([a, b], T0)
    conn.commit()
    events.clear()
    engine.feedback(a, "dismiss")
    changed = [e for e in events if isinstance(e, ItemsChanged)]
    assert [set(e.item_ids) for e in changed] == [{a, b}]
    events.clear()
    engine.undo_feedback()  # and taking it back unmarks them all: named again
    changed = [e for e in events if isinstance(e, ItemsChanged)]
    assert [set(e.item_ids) for e in changed] == [{a, b}]
    engine.close()
