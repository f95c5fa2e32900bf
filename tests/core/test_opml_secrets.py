"""Notify's own export re-imported: a feed key the export replaced by ``•••`` is recognised.

Into the library it came from, such a feed is the subscription that still has its key (merged and
said so, never a duplicate); into another library it is added disabled, saying that its secret
must be added, and never fetched with ``•••`` as its key. Editing its address to the real one
enables it. Through the engine, on a real database, and a real local server for the polls."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.errors import Advice, Remedy, SourceConfigError
from notify.core.fetch.outcomes import Failed, FailureKind
from notify.core.logs import redact
from notify.core.opml import import_opml, plan_import
from notify.core.redacted import MARKER, has_redacted_secret, redacted_key
from notify.core.sources.feed import KIND as FEED
from tests.core.test_engine import make_engine, run
from tests.support.replay_server import ReplayServer, poll_kind, replay
from tests.test_cli import RSS_TYPE, rss

__all__ = ["replay"]

PRIVATE = "https://private.example/feed?user=7&key=SeCrEt-KeY-123"
PASSWORD = "https://ada:pa55word@members.example/rss"
TOKEN_USER = "https://gh-T0k3n-abcdef@hub.example/feed.atom"  # a token as the user name
PUBLIC = "https://public.example/atom.xml"


def test_the_marker_is_what_redact_writes() -> None:
    assert redact(PRIVATE) == f"https://private.example/feed?user=7&key={MARKER}"
    assert has_redacted_secret(redact(PRIVATE)) and has_redacted_secret(redact(PASSWORD))
    assert has_redacted_secret("https://private.example/feed?user=7&key=%E2%80%A2%E2%80%A2%E2%80%A2")
    assert redact(TOKEN_USER) == f"https://{MARKER}@hub.example/feed.atom"
    assert has_redacted_secret(redact(TOKEN_USER)) and not has_redacted_secret(TOKEN_USER)
    assert not has_redacted_secret(PRIVATE) and not has_redacted_secret(PUBLIC)
    assert not has_redacted_secret("https://x.example/?q=a•••b")  # not a whole value
    assert redacted_key(PRIVATE) == redacted_key(redact(PRIVATE))


def _library(tmp_path: Path, name: str) -> object:
    engine = make_engine(tmp_path / name)
    for url, title in ((PRIVATE, "Private"), (PASSWORD, "Members"), (TOKEN_USER, "Hub"),
                       (PUBLIC, "Public")):
        engine.add_source("feed", url, title=title)
    return engine


def test_reimported_into_the_same_library_it_is_the_same_source(tmp_path: Path) -> None:
    engine = _library(tmp_path, "a")
    exported = engine.export_opml()  # type: ignore[attr-defined]
    assert "SeCrEt-KeY-123" not in exported and "pa55word" not in exported
    assert "gh-T0k3n" not in exported
    report = engine.import_opml(exported.encode())  # type: ignore[attr-defined]
    assert report.summary() == "0 added, 4 already there."  # was "2 added, 1 already there."
    (warning,) = report.warnings
    assert warning.text == (
        "'Private', 'Members', 'Hub': the file holds them without the secret the export "
        "removed (•••); you already follow them with the secret, which is kept.")
    urls = sorted(s.url for s in engine.sources())  # type: ignore[attr-defined]
    assert urls == sorted([PRIVATE, PASSWORD, TOKEN_USER, PUBLIC])
    engine.close()  # type: ignore[attr-defined]


def test_into_another_library_it_is_added_disabled_until_its_secret_is_given(
    tmp_path: Path, replay: ReplayServer
) -> None:
    exported = _library(tmp_path, "a").export_opml()  # type: ignore[attr-defined]
    engine = make_engine(tmp_path / "b")
    report = engine.import_opml(exported.encode())
    assert report.summary() == (
        "4 added (3 disabled until you add the secret the export removed), 0 already there.")
    private = next(s for s in report.needs_secret if s.title == "Private")
    assert not private.enabled
    assert private.url == redact(PRIVATE)  # disabled: never taken for a real address
    reason = engine.source_state(private.id).disabled_reason
    assert reason == (
        f"'Private': its secret ({MARKER} in its address) was removed when the list was exported, "
        f"so Notify cannot read it. Edit the source's address to add it: notify sources edit "
        f"{private.id} --url ADDRESS, or in Settings → Sources.")
    assert reason in [w.text for w in report.warnings]
    # what to do, as data, with the warning and the stored reason (each front end says it)
    edit = [Advice(Remedy.EDIT_ADDRESS, source_id=private.id)]
    warning = next(w for w in report.warnings if w.text == reason)
    assert [p.advice for p in warning.placed] == edit
    assert [p.advice for p in engine.source_state(private.id).disabled_reason_advice] == edit
    public = next(s for s in report.added if s.title == "Public")
    assert public.enabled and public not in report.needs_secret

    # enabled by hand without its key, it is still never fetched with the marker as the key
    replay.route("/feed", headers=RSS_TYPE, body=rss("Private feed", 1, 2))
    marked = f"{replay.url('/feed')}?user=7&key={MARKER}"
    engine.conn.execute("UPDATE sources SET url = ? WHERE id = ?", (marked, private.id))
    engine.update_source(private.id, enabled=True)
    summary = run(engine, lambda: engine.poll([private.id]))
    (polled,) = summary.reports
    assert polled.status == "failed"
    assert "was removed when the list was exported" in (polled.message or "")
    assert replay.requests == []

    # the person edits the address to add the key: the source is enabled and read
    engine.update_source(private.id, enabled=False)
    real = f"{replay.url('/feed')}?user=7&key=SeCrEt-KeY-123"
    edited = engine.update_source(private.id, url=real)
    assert edited.enabled and engine.source_state(private.id).disabled_reason is None
    assert engine.source_state(private.id).disabled_reason_advice == ()
    summary = run(engine, lambda: engine.poll([private.id]))
    assert summary.reports[0].status == "updated"
    assert [r.query for r in replay.requests] == ["user=7&key=SeCrEt-KeY-123"]
    engine.close()


def test_a_file_imported_twice_adds_the_disabled_feed_once(tmp_path: Path) -> None:
    exported = _library(tmp_path, "a").export_opml()  # type: ignore[attr-defined]
    engine = make_engine(tmp_path / "b")
    engine.import_opml(exported.encode())
    again = engine.import_opml(exported.encode())
    assert again.summary() == "0 added, 4 already there."
    assert len(engine.sources()) == 4
    engine.close()


def test_the_plan_tells_merged_and_new_apart() -> None:
    doc = (
        '<opml version="2.0"><body>'
        f'<outline text="Private" xmlUrl="{redact(PRIVATE).replace("&", "&amp;")}"/>'
        '<outline text="Other" xmlUrl="https://other.example/f?token=•••"/>'
        f'<outline text="Public" xmlUrl="{PUBLIC}"/>'
        "</body></opml>"
    ).encode()
    plan = plan_import([PRIVATE], import_opml(doc))
    assert [e.title for e in plan.existing] == ["Private"]
    assert [e.title for e in plan.secret_kept] == ["Private"]
    assert [e.title for e in plan.needs_secret] == ["Other"]
    assert [e.title for e in plan.new] == ["Public"]
    assert plan.summary() == (
        "2 added (1 disabled until you add the secret the export removed), 1 already there.")


def test_an_address_with_the_marker_is_refused_and_never_fetched(replay: ReplayServer) -> None:
    marked = f"{replay.url('/feed')}?key={MARKER}"
    with pytest.raises(SourceConfigError, match="where an export removed a secret"):
        FEED.normalise(marked, {})
    replay.route("/feed", headers=RSS_TYPE, body=rss("x", 1))
    result, _ = poll_kind(FEED, marked, {}, normalise=False)
    assert isinstance(result.outcome, Failed) and result.outcome.kind == FailureKind.CONFIG
    assert "Edit the source's address to add it" in result.outcome.message
    assert replay.requests == []
