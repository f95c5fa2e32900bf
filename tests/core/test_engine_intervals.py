"""Each kind's declared poll interval and minimum are what the schedule uses, and what adding or
changing a source accepts (docs/sources.md's table, ``notify sources kinds``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.errors import UserInputError
from tests.core.test_engine import make_engine

MIN = 60


def test_a_kind_polls_at_its_own_default_not_the_global_one(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    hn = engine.add_source("hackernews", "")
    reddit = engine.add_source("reddit", "python")
    mastodon = engine.add_source("mastodon", "https://mastodon.social",
                                 settings={"timeline": "public"})
    feed = engine.add_source("feed", "https://example.org/feed.xml")
    assert engine.interval_of(hn) == 15 * MIN
    assert engine.interval_of(reddit) == 15 * MIN
    assert engine.interval_of(mastodon) == 10 * MIN
    assert engine.interval_of(feed) == 30 * MIN
    assert engine.default_interval(hn) == 15 * MIN  # what the settings window shows
    # the user's default moves the sources whose kind has none of its own (feeds)
    engine.set_setting("poll.default_interval_min", 120)
    assert engine.interval_of(feed) == 120 * MIN
    assert engine.interval_of(hn) == 15 * MIN
    engine.close()


def test_an_interval_down_to_the_kinds_minimum_is_accepted(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    hn = engine.add_source("hackernews", "", interval_s=2 * MIN)
    assert hn.interval_s == 2 * MIN and engine.interval_of(hn) == 2 * MIN
    with pytest.raises(UserInputError,
                       match=r"at least 2 minutes \(the shortest a hackernews source allows; "
                             r"got 1\)"):
        engine.add_source("hackernews", "", settings={"list": "new"}, interval_s=1 * MIN)
    with pytest.raises(UserInputError, match=r"at least 5 minutes .*feed.*got 2"):
        engine.add_source("feed", "https://example.org/feed.xml", interval_s=2 * MIN)
    with pytest.raises(UserInputError, match="at least 2 minutes"):
        engine.update_source(hn.id, interval_s=90)
    assert engine.update_source(hn.id, interval_s=3 * MIN).interval_s == 3 * MIN
    engine.close()


def test_the_users_minimum_applies_on_top_of_the_kinds(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    hn = engine.add_source("hackernews", "", interval_s=2 * MIN)
    engine.set_setting("poll.min_interval_min", 10)
    assert engine.interval_of(hn) == 10 * MIN  # stored 2, polled every 10
    with pytest.raises(UserInputError,
                       match=r"at least 10 minutes \(your shortest poll interval, setting "
                             r"poll.min_interval_min; got 5\)"):
        engine.update_source(hn.id, interval_s=5 * MIN)
    engine.close()
