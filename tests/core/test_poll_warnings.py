# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""A feed read in spite of trouble (not well-formed, nothing found in it) keeps a warning in
its state (``SourceState.last_warning``, counted by ``Status.warned``) until a clean read."""

from __future__ import annotations

from pathlib import Path

from tests.core.feedparse.test_parse import BILLION_LAUGHS
from tests.core.test_engine import Clock, make_engine, run
from tests.core.test_engine_kind import Server, server  # noqa: F401

BROKEN = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>One & two</title><link>https://e.example/1</link></item
</channel></rss>"""
NOTHING = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Half <b>a feed</title"
CLEAN = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Clean</title>
<item><title>One</title><guid>1</guid><link>https://e.example/1</link></item>
</channel></rss>"""


def test_a_broken_feed_keeps_its_warning_until_a_clean_read(
    tmp_path: Path, server: Server
) -> None:
    route = server.route("/f.xml", (200, {"Content-Type": "application/rss+xml"}, NOTHING))
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    source = engine.add_source("feed", server.url("/f.xml"))
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    state = engine.source_state(source.id)
    assert report.status == "updated" and report.new_items == 0
    assert state.last_error is None
    assert state.last_warning is not None
    assert state.last_warning.startswith(
        "The feed is not well-formed and Notify found no items in it (")
    assert report.message == state.last_warning
    assert engine.status().warned == 1

    # unchanged (304): the warning stays, though this poll said nothing
    route.etag = '"v1"'
    route.responses = [(200, {"Content-Type": "application/rss+xml"}, BROKEN)]
    clock.now += 3600
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    assert report.new_items == 1
    state = engine.source_state(source.id)
    assert state.last_warning is not None
    assert state.last_warning.startswith("The feed is not well-formed; Notify read it leniently")
    clock.now += 3600
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    assert report.status == "not_modified" and report.message is None
    assert engine.source_state(source.id).last_warning == state.last_warning

    # a clean read clears it
    route.etag = None
    route.responses = [(200, {"Content-Type": "application/rss+xml"}, CLEAN)]
    clock.now += 3600
    run(engine, lambda: engine.poll([source.id]))
    assert engine.source_state(source.id).last_warning is None
    assert engine.status().warned == 0
    engine.close()


def test_a_billion_laughs_feed_is_not_named_after_its_entity(
    tmp_path: Path, server: Server
) -> None:
    server.route("/lol.xml", (200, {"Content-Type": "application/rss+xml"}, BILLION_LAUGHS))
    engine = make_engine(tmp_path)
    source = engine.add_source("feed", server.url("/lol.xml"))
    assert source.title == "127.0.0.1"  # the host, until the feed names itself
    run(engine, lambda: engine.poll([source.id]))
    assert engine.source(source.id).title == "127.0.0.1"
    assert all("&lol" not in item.title for item in engine.items())
    assert engine.source_state(source.id).last_warning is not None
    engine.close()
