# ruff: noqa: F811  (the shared fixtures "ring", "server", "test_kind" are imported by name)
"""``Engine.update_source`` (``Subscriptions.update``), which ``notify sources edit`` and the
app's Settings → Sources form call: an address another source has is refused in words, new
settings (a token given again) make a backing-off source due now, and a replaced token leaves
the keyring."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from notify.core import secrets
from notify.core.errors import UserInputError
from notify.core.models import SourceState
from notify.core.store import state as state_repo
from tests.core.test_engine import make_engine, run
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401
from tests.support.memory_keyring import MemoryKeyring, ring  # noqa: F401


def test_an_address_another_source_has_is_refused(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    first = engine.add_source("feed", "https://example.org/feed", "First")
    second = engine.add_source("feed", "https://example.org/other")
    with pytest.raises(UserInputError, match=r"is already subscribed as source 1 \(First\)"):
        engine.update_source(second.id, url="http://www.example.org/feed/")  # another spelling
    assert engine.source(second.id).url == "https://example.org/other"
    moved = engine.update_source(first.id, url="https://www.example.org/feed")  # its own
    assert moved.url == "https://www.example.org/feed"
    engine.close()


def test_new_settings_make_a_backing_off_source_due_now(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    sid = engine.add_source("hackernews", "", settings={"list": "best"}).id
    state_repo.save(engine.conn, SourceState(sid, etag='"e"', consecutive_failures=3,
                                             next_attempt=1e12))
    engine.update_source(sid, title="Renamed")  # not a new setting: the backoff stays
    assert engine.source_state(sid).next_attempt == 1e12
    engine.update_source(sid, settings={"list": "best", "min_score": 50})
    state = engine.source_state(sid)
    assert (state.next_attempt, state.etag, state.consecutive_failures) == (None, '"e"', 3)
    engine.close()


def test_a_replaced_token_is_deleted_and_a_kept_one_is_not(
    tmp_path: Path, ring: MemoryKeyring
) -> None:
    engine = make_engine(tmp_path)
    old = secrets.store_secret("ghp_old_token_123")
    source = engine.add_source("github-repo", "https://github.com/o/r", settings={
        "token_ref": old})
    engine.update_source(source.id, settings={**source.settings})  # the same reference
    assert secrets.lookup(old) == "ghp_old_token_123"
    new = secrets.store_secret("ghp_new_token_456")
    engine.update_source(source.id, settings={**source.settings, "token_ref": new})
    assert list(ring.passwords.values()) == ["ghp_new_token_456"]
    engine.close()


def test_a_new_address_brings_its_backlog_to_the_inbox_without_notifications(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """Another feed at the source's address is like a newly added source: the items it already
    has go to the inbox silently (they were all notified, up to the daily budget)."""
    from notify.core.ranking.profile import parse_term

    engine = make_engine(tmp_path)
    server.feed("/a", entries(1))
    server.feed("/b", [{"id": f"b{i}", "title": f"Rust news {i}",
                        "link": f"https://example.org/b{i}"} for i in range(3)])
    sid = engine.add_source(test_kind, server.url("/a")).id
    engine.ranking().pin(parse_term("keyword:rust"), "always")
    run(engine, engine.poll)
    engine.update_source(sid, url=server.url("/b"))
    assert engine.source_state(sid).last_success is None
    run(engine, lambda: engine.poll([sid]))
    moved = [i for i in engine.items() if i.title.startswith("Rust")]
    assert len(moved) == 3
    assert all(i.backlog and i.notified_at is None for i in moved)
    run(engine, lambda: engine.poll([sid]))
    spelling = server.url("/b") + "/"
    assert engine.update_source(sid, url=spelling).url == spelling
    assert engine.source_state(sid).last_success is not None  # the same feed: not a new one
    engine.close()


def test_removing_a_source_of_an_unknown_kind_says_its_token_may_stay(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A source of a kind this version does not know (a newer Notify added it) is removed; which
    of its settings name keyring secrets is unknown, and the log says so (it said nothing)."""
    engine = make_engine(tmp_path)
    sid = engine.add_source("feed", "https://example.org/feed").id
    engine.conn.execute("UPDATE sources SET kind = 'from-the-future', settings = ? WHERE id = ?",
                        ('{"token_ref": "notify-source-9"}', sid))
    with caplog.at_level(logging.WARNING, logger="notify.core.subscriptions"):
        engine.remove_source(sid)
    assert engine.sources() == []
    (said,) = [r.getMessage() for r in caplog.records]
    assert said.startswith(f"source {sid}: which of its settings are keyring secrets is unknown")
    assert "from-the-future" in said and "stays in the keyring" in said
    engine.close()
