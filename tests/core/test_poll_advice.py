"""A poll's failure is stored with what to do as data, next to its text: the text is the
command line's words (``notify sources show`` prints it as it was), the advice each front end
says its own way (docs/store.md). Through the engine, on a real database, with a real local
server; a row from before the advice was stored reads as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from notify.core.errors import (
    Advice,
    Advised,
    Placed,
    Remedy,
    SourceConfigError,
    command_line_words,
)
from notify.core.models import Source, SourceState
from notify.core.poll import poll_one
from notify.core.sources import registry
from notify.core.sources.feed import FeedKind
from notify.core.store import db
from notify.core.store import state as state_repo
from tests.core.test_engine import make_engine, run
from tests.support.replay_server import ReplayServer, replay

__all__ = ["replay"]


def _elsewhere(advice: Advice) -> str:
    return f"<{advice.remedy.value}>"


def test_a_refused_token_is_stored_with_where_to_give_it_and_a_success_clears_it(
        tmp_path: Path, replay: ReplayServer) -> None:
    replay.route("/api", status=401, body='{"error": "who are you"}')
    engine = make_engine(tmp_path)
    source = engine.add_source("json", replay.url("/api"), title="API")
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    state = engine.source_state(source.id)
    advice = Advice(Remedy.GIVE_TOKEN, source_id=source.id)
    words = command_line_words(advice)
    assert state.last_error == report.message == (  # the command line's words, as before
        "JSON API: 127.0.0.1 refused access (HTTP 401 Unauthorized). The API may need a token "
        "(sent as “Authorization: •••”; the token header and prefix settings change that): add "
        f"it: {words}.")
    (placed,) = state.last_error_advice
    assert placed.advice == advice
    assert state.last_error[placed.start:placed.end] == words
    assert report.advice == state.last_error_advice  # the round's report carries it too
    assert state.error is not None and state.error.said(_elsewhere).endswith(
        "add it: <give-token>.")

    replay.route("/api", headers={"Content-Type": "application/json"}, body="[]")
    run(engine, lambda: engine.poll([source.id]))
    state = engine.source_state(source.id)
    assert (state.last_error, state.last_error_advice, state.error) == (None, (), None)
    engine.close()


def test_a_web_page_and_json_where_a_feed_was_are_stored_with_their_advice(
        tmp_path: Path, replay: ReplayServer) -> None:
    replay.route("/page", headers={"Content-Type": "text/html"},
                 body="<html><head><link rel='alternate' type='application/rss+xml' "
                      "href='/rss'></head></html>")
    replay.route("/api.json?key=SeCrEt-9", headers={"Content-Type": "application/json"},
                 body='{"results": []}')
    engine = make_engine(tmp_path)
    page = engine.add_source("feed", replay.url("/page"), title="Page")
    api = engine.add_source("feed", replay.url("/api.json?key=SeCrEt-9"), title="API")
    run(engine, lambda: engine.poll([page.id, api.id]))
    on_page, on_api = engine.source_state(page.id), engine.source_state(api.id)
    feed = replay.url("/rss")  # the feed the page announces: the address to give (s16)
    assert [p.advice for p in on_page.last_error_advice] == [
        Advice(Remedy.EDIT_ADDRESS, address=feed, source_id=page.id)]
    assert f"to follow it instead: notify sources edit 1 --url {feed}, or in Settings → " \
        "Sources." in (on_page.last_error or "")
    (json_api,) = on_api.last_error_advice
    assert json_api.advice.remedy is Remedy.FOLLOW_AS_JSON_API
    assert json_api.advice.address == replay.url("/api.json?key=•••")  # stored redacted
    assert "notify sources add --kind json URL (URL: the address you gave" in (
        on_api.last_error or "")
    assert on_api.error is not None and on_api.error.said(_elsewhere).endswith(
        "check that the address is a feed. <follow-as-json-api>")
    stored = engine.conn.execute("SELECT last_error_advice FROM source_state").fetchall()
    assert not any("SeCrEt-9" in (row[0] or "") for row in stored)
    engine.close()


class _SettingsRefusedAtPoll(FeedKind):
    """A kind whose settings turn out unusable when it polls (a kind checks some only then):
    the real Mastodon kind's refusal of a tag timeline without a hashtag."""

    async def poll(self, ctx: Any, source: Source, state: SourceState) -> Any:
        registry.get("mastodon").normalise("https://mastodon.social", {"timeline": "tag"})
        raise AssertionError("refused above")


def test_a_settings_error_raised_while_polling_keeps_its_advice() -> None:
    """Regression: an error with a setting to give (``--option tag=python``) was stored as its
    text only, which the app showed as it was."""
    import asyncio

    source = Source(id=5, kind="mastodon", url="https://mastodon.social", title="Tags")
    result = asyncio.run(poll_one(None, _SettingsRefusedAtPoll(), source,  # type: ignore[arg-type]
                                  SourceState(5)))
    failed = result.outcome
    with pytest.raises(SourceConfigError) as caught:
        registry.get("mastodon").normalise("https://mastodon.social", {"timeline": "tag"})
    assert failed.message == str(caught.value)  # the command line's words, as before
    assert [p.advice for p in failed.advice] == [
        Advice(Remedy.SET_OPTION, kind="mastodon", setting="tag", value="python")]
    assert failed.said.said(_elsewhere) == caught.value.said(_elsewhere)


def test_a_row_stored_before_version_5_reads_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 5 adds the advice columns, NULL for the rows there are: their text is shown as
    it is (the command line's words), and a round that fails again stores both."""
    path = tmp_path / "notify.sqlite3"
    shipped = db.migrations()
    with monkeypatch.context() as patch:
        patch.setattr(db, "migrations", lambda: shipped[:4])
        old = db.connect(path)
    text = ("Feed 'x': its address gives a web page that announces no feed. Look for an RSS or "
            "Atom link on the site and change the source's address to it (notify sources edit 1 "
            "--url ADDRESS, or in Settings → Sources).")
    old.execute("INSERT INTO sources (id, kind, url, title, created_at) "
                "VALUES (1, 'feed', 'https://x.example/', 'x', 0)")
    old.execute("INSERT INTO source_state (source_id, last_error, consecutive_failures) "
                "VALUES (1, ?, 1)", (text,))
    old.close()
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.schema_version() >= 5
    row = conn.execute("SELECT last_error_advice, disabled_reason_advice FROM source_state"
                       ).fetchone()
    assert tuple(row) == (None, None)
    state = state_repo.get(conn, 1)
    assert (state.last_error, state.last_error_advice) == (text, ())
    assert state.error == Advised(text) and state.error.said(_elsewhere) == text

    advised = Advised.of("Moved: ", Advice(Remedy.EDIT_ADDRESS, source_id=1), ".")
    state_repo.save(conn, SourceState(1, last_error=advised.text,
                                      last_error_advice=advised.placed))
    again = state_repo.get(conn, 1)
    assert again.last_error_advice == advised.placed == (
        Placed(Advice(Remedy.EDIT_ADDRESS, source_id=1), 7, 7 + len(
            command_line_words(Advice(Remedy.EDIT_ADDRESS, source_id=1)))),)
    conn.close()
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT last_error_advice FROM source_state").fetchone()[0] == (
        '[{"remedy":"edit-address","source_id":1,"at":[7,68]}]')
    raw.close()

