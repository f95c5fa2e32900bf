# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""Who named a source (``Source.title_given``): a name the person gave is kept whatever the feed
calls itself later, even when it is the very name the feed gave itself; a name Notify gave
follows the feed's own title; clearing the name gives it back to the feed. Through the engine,
polling real feeds served on 127.0.0.1, as the command line and the settings window do."""

from __future__ import annotations

from pathlib import Path

from notify.core.engine import Engine
from tests.core.test_engine import make_engine, run
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import RSS_TYPE, rss


def _poll(engine: Engine, source_id: int) -> str:
    run(engine, lambda: engine.poll([source_id]))
    return engine.source(source_id).title


def test_a_name_the_person_gave_equal_to_the_feeds_own_is_kept_when_the_feed_renames_itself(
    tmp_path: Path, server: Server
) -> None:
    """Regression: named "World News", as the feed calls itself, the source was renamed when
    the feed's <title> changed (its name could not be told from one Notify gave)."""
    server.route("/feed.xml", (200, RSS_TYPE, rss("World News", 1)),
                 (200, RSS_TYPE, rss("World News (beta)", 1, 2)))
    engine = make_engine(tmp_path)
    source = engine.add_source("feed", server.url("/feed.xml"), "World News")
    assert _poll(engine, source.id) == "World News"
    assert _poll(engine, source.id) == "World News"  # the feed's new title: not followed
    assert engine.source(source.id).title_given is True


def test_a_name_notify_gave_follows_the_feed_and_naming_it_the_same_makes_it_the_persons(
    tmp_path: Path, server: Server
) -> None:
    server.route("/feed.xml", (200, RSS_TYPE, rss("World News", 1)),
                 (200, RSS_TYPE, rss("World News (beta)", 1, 2)),
                 (200, RSS_TYPE, rss("World News (final)", 1, 2)))
    engine = make_engine(tmp_path)
    source = engine.add_source("feed", server.url("/feed.xml"))  # no name: its host
    assert source.title_given is False
    assert _poll(engine, source.id) == "World News"
    # the editor sends the name it shows with every save: no naming
    engine.update_source(source.id, title="World News", group="News")
    assert _poll(engine, source.id) == "World News (beta)"
    # the person types the feed's own name: theirs from now on
    engine.update_source(source.id, title="World News (beta)", title_given=True)
    assert _poll(engine, source.id) == "World News (beta)"
    assert engine.source(source.id).title_given is True


def test_clearing_the_name_follows_the_feed_again_at_once(tmp_path: Path,
                                                          server: Server) -> None:
    server.route("/feed.xml", (200, RSS_TYPE, rss("World News", 1)),
                 (200, RSS_TYPE, rss("World Report", 1)))
    engine = make_engine(tmp_path)
    source = engine.add_source("feed", server.url("/feed.xml"), "Mine")
    assert _poll(engine, source.id) == "Mine"
    cleared = engine.update_source(source.id, title="")
    assert (cleared.title, cleared.title_given) == ("World News", False)  # its own, as read
    assert _poll(engine, source.id) == "World Report"


def test_an_opml_title_is_the_persons_when_it_differs_from_the_feeds_own(
    tmp_path: Path, server: Server
) -> None:
    for path in ("/a.xml", "/b.xml", "/c.xml"):
        server.route(path, (200, RSS_TYPE, rss("Own title", 1)),
                     (200, RSS_TYPE, rss("Own title, renamed", 1)))
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        f'<outline type="rss" text="My reading" xmlUrl="{server.url("/a.xml")}"/>'
        f'<outline type="rss" text="Own title" xmlUrl="{server.url("/b.xml")}"/>'
        f'<outline type="rss" text="{server.url("/c.xml")}" xmlUrl="{server.url("/c.xml")}"/>'
        "</body></opml>"
    ).encode()
    engine = make_engine(tmp_path)
    mine, same, bare = engine.import_opml(opml).added
    assert [s.title_given for s in (mine, same, bare)] == [None, None, False]  # not known yet
    assert [_poll(engine, s.id) for s in (mine, same, bare)] == [
        "My reading", "Own title", "Own title"]
    assert [engine.source(s.id).title_given for s in (mine, same, bare)] == [True, False, False]
    assert [_poll(engine, s.id) for s in (mine, same, bare)] == [
        "My reading", "Own title, renamed", "Own title, renamed"]


def test_a_name_not_known_to_be_either_is_decided_by_the_default_and_the_feeds_own_title() -> None:
    """A name from before who named it was recorded, or from an OPML file, until the source's
    own title is read: its kind's default name is Notify's; another is the person's unless it
    is the source's own title."""
    from notify.core.models import Source
    from notify.core.source_names import title_is_given

    def given(title: str, own: str | None, recorded: bool | None = None) -> bool:
        source = Source(1, "feed", "https://example.org/f", title, title_given=recorded)
        return title_is_given(source, own, "example.org")

    assert not given("", None) and not given("example.org", None)
    assert not given("example.org", "World News")
    assert given("Mine", None) and given("Mine", "World News")
    assert not given("World News", " World News ")
    assert given("World News", "World News", recorded=True)
    assert not given("Mine", None, recorded=False)
