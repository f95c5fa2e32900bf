# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""The check before a feed is added (``Engine.probe``): the name it reads is the new source's
name, through the engine as the settings window adds a source (probe, then ``add_source``
without a title), and a failure reads true for an address that was not added."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.errors import UserInputError
from notify.core.fetch import failures
from notify.core.fetch.outcomes import Failed, FailureKind
from notify.core.subscriptions import reason_not_saved
from tests.core.test_engine import make_engine, run
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import HTML_TYPE, RSS_TYPE, page, rss


def test_the_engine_names_a_probed_feed_after_its_own_title(
    tmp_path: Path, server: Server
) -> None:
    server.route("/guardian.rss", (200, RSS_TYPE, rss("  The Guardian  ", 1)))
    engine = make_engine(tmp_path)
    found = run(engine, lambda: engine.probe(server.url("/guardian.rss")))
    assert (found.is_feed, found.title) == (True, "The Guardian")
    source = engine.add_source("feed", server.url("/guardian.rss"))  # as the GUI does
    assert source.title == "The Guardian"  # was "127.0.0.1" until the first poll
    other = engine.add_source("feed", server.url("/never-probed.rss"))
    assert other.title == "127.0.0.1"
    engine.close()


def test_a_link_title_names_the_feed_until_the_feed_says_its_own(
    tmp_path: Path, server: Server
) -> None:
    server.route("/", (200, HTML_TYPE, page(("Heise", "/heise.atom"), ("Blog", "/blog.rss"))))
    server.route("/heise.atom", (200, RSS_TYPE, rss("heise online News", 1)))
    engine = make_engine(tmp_path)
    found = run(engine, lambda: engine.probe(server.url("/")))
    assert [c.title for c in found.candidates] == ["Heise", "Blog"]
    run(engine, lambda: engine.probe(server.url("/heise.atom")))  # the GUI probes the pick
    assert engine.add_source("feed", server.url("/heise.atom")).title == "heise online News"
    assert engine.add_source("feed", server.url("/blog.rss")).title == "Blog"  # link title
    engine.close()


def test_a_title_given_wins_over_the_probed_one(tmp_path: Path, server: Server) -> None:
    server.route("/f", (200, RSS_TYPE, rss("Feed's own", 1)))
    engine = make_engine(tmp_path)
    run(engine, lambda: engine.probe(server.url("/f")))
    assert engine.add_source("feed", server.url("/f"), "Mine").title == "Mine"
    engine.close()


def test_a_name_notify_gave_follows_a_new_address_and_the_persons_is_kept(
    tmp_path: Path, server: Server
) -> None:
    """What the app's editor and ``sources edit --url`` both rely on: the core, not each
    front end, decides whether a source's name follows its new address."""
    server.route("/old.rss", (200, RSS_TYPE, rss("Old feed", 1)))
    server.route("/new.rss", (200, RSS_TYPE, rss("New feed", 1)))
    engine = make_engine(tmp_path)
    run(engine, lambda: engine.probe(server.url("/old.rss")))
    named_by_feed = engine.add_source("feed", server.url("/old.rss"))
    named_by_host = engine.add_source("feed", server.url("/old2.rss"))  # never probed
    mine = engine.add_source("feed", server.url("/old3.rss"), "My name")
    run(engine, lambda: engine.probe(server.url("/new.rss")))
    # the form sends the name it shows, unchanged: the name follows
    moved = engine.update_source(named_by_feed.id, url=server.url("/new.rss"),
                                 title=named_by_feed.title)
    assert moved.title == "New feed"
    assert engine.source_state(moved.id).own_title == "New feed"
    assert engine.update_source(named_by_host.id, url=server.url("/new2.rss")).title \
        == "127.0.0.1"  # the kind's default name, until its first poll reads the feed's own
    assert engine.update_source(mine.id, url=server.url("/new3.rss")).title == "My name"
    renamed = engine.update_source(named_by_feed.id, url=server.url("/old.rss"), title="Given")
    assert renamed.title == "Given"  # a name given with the new address wins
    engine.close()


URL = "https://feeds.example.org/rss"


@pytest.mark.parametrize("outcome, expected", [
    (failures.failed(FailureKind.CONNECT, "Could not connect to h (refused). Notify will try "
                     "again later.", URL), "Could not connect to h (refused)."),
    (failures.failed(FailureKind.DNS, "Could not find the server h (name lookup failed). Check "
                     "the address and your internet connection; Notify will try again later.",
                     URL),
     "Could not find the server h (name lookup failed). Check the address and your internet "
     "connection."),
    (failures.failed(FailureKind.RATE_LIMITED, "h asked Notify to slow down (HTTP 429). Notify "
                     "will try again after 12:30.", URL),
     "h asked Notify to slow down (HTTP 429)."),
    (failures.failed(FailureKind.PROTOCOL, "Fetching from h failed unexpectedly (X: y). Notify "
                     "will try again later; if this repeats, please report it.", URL),
     "Fetching from h failed unexpectedly (X: y)."),
    (failures.failed(FailureKind.NOT_FOUND, "h has nothing at this address (HTTP 404 Not Found). "
                     "Check the address; the feed may have moved.", URL),
     "h has nothing at this address (HTTP 404 Not Found). Check the address; the feed may have "
     "moved."),
    (failures.from_status(410, URL, {}, 0.0),
     "feeds.example.org says this feed was removed (HTTP 410 Gone). Look on the site for the "
     "address of its current feed."),
])
def test_a_failure_is_told_without_promises_for_a_source_that_does_not_exist(
    outcome: Failed, expected: str
) -> None:
    assert reason_not_saved(outcome) == expected


def test_an_address_typed_without_a_scheme_is_probed_as_add_stores_it(
    tmp_path: Path, server: Server
) -> None:
    """Regression: the GUI's check before adding (first run, Settings → Sources) probed
    "example.org" as typed and said it was no web address, while ``add_source`` stores it as
    https://example.org. The local server speaks plain http: the https:// fetch fails."""
    server.route("/f.rss", (200, RSS_TYPE, rss("Local", 1)))
    engine = make_engine(tmp_path)
    typed = server.url("/f.rss").removeprefix("http://")
    found = run(engine, lambda: engine.probe(typed))
    assert found.url == f"https://{typed}"
    assert found.error is not None and "secure connection" in found.error
    with pytest.raises(UserInputError, match="not a valid web address"):
        run(engine, lambda: engine.probe("my favourite blog"))
    engine.close()
