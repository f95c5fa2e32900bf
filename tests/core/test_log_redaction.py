"""Secrets in a source's address never reach the log: through an OPML import, a check before
adding and the adding, polls that fail in every way a feed can (a server error, a page with no
feed, a body that is no well-formed feed, JSON that does not parse) and an export. Through the
engine, on a real database, with a real local server; every record at DEBUG is captured.

Notify's own records must be clean as they are made (their arguments redacted where they are
logged); the libraries' records (httpx names every URL it requests) are redacted by the
formatter every handler of Notify's uses (``notify.core.logs.RedactingFormatter``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from notify.core.logs import RedactingFormatter
from tests.core.test_engine import make_engine, run
from tests.support.replay_server import ReplayServer, replay
from tests.test_cli import HTML_TYPE, RSS_TYPE, rss

__all__ = ["replay"]

SECRETS = ("SeCrEtApI1", "SeCrEtToK2", "SeCrEtPw3", "SeCrEtAuTh4", "SeCrEtAcCeSs5")
BROKEN_XML = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>'
NOT_JSON = b'{"version": "https://jsonfeed.org/version/1.1", "items": [oops'


def _leaks(records: list[logging.LogRecord]) -> list[str]:
    """Each captured record, as a handler of Notify's writes it, that holds a secret; Notify's
    own records also as they were made (before any formatter)."""
    shown = RedactingFormatter("%(levelname)s %(name)s: %(message)s")
    plain = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    leaks = []
    for record in records:
        texts = [shown.format(record)]
        if record.name == "notify" or record.name.startswith("notify."):
            record.exc_text = None  # formatted again, without the redaction
            texts.append(plain.format(record))
        leaks += [text for text in texts if any(secret in text for secret in SECRETS)]
    return leaks


def test_no_secret_of_an_address_is_ever_logged(
    tmp_path: Path, replay: ReplayServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    replay.route("/error", status=500, body=b"oops")
    replay.route("/page", headers=HTML_TYPE, body=b"<html><title>No feed</title></html>")
    replay.route("/broken", headers=RSS_TYPE, body=BROKEN_XML)
    replay.route("/json", headers={"Content-Type": "application/feed+json"}, body=NOT_JSON)
    replay.route("/ok", headers=RSS_TYPE, body=rss("Fine", 1))
    host = replay.base.removeprefix("http://")
    imported = replay.url("/broken?api_key=SeCrEtApI1")
    added = {
        replay.url("/error?token=SeCrEtToK2"): "Errors",
        f"http://ada:SeCrEtPw3@{host}/page": "A page",
        replay.url("/json?auth_token=SeCrEtAuTh4"): "JSON",
        replay.url("/ok?access_token=SeCrEtAcCeSs5"): "Fine",
    }
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        f'<outline text="Imported" type="rss" xmlUrl="{imported}"/>'
        f'<outline text="Again" type="rss" xmlUrl="{imported}"/>'  # a duplicate in the file
        '<outline text="Not an address" type="rss" xmlUrl="gopher://x?token=SeCrEtToK2"/>'
        "</body></opml>"
    ).encode()
    engine = make_engine(tmp_path)
    report = engine.import_opml(opml)
    assert len(report.added) == 1
    for url, title in added.items():
        engine.add_source("feed", url, title=title)

    async def check_and_poll() -> object:
        for url in (imported, *added):
            await engine.probe(url)
        return await engine.poll()

    summary = run(engine, check_and_poll)
    statuses = {r.title: r.status for r in summary.reports}  # type: ignore[attr-defined]
    assert statuses == {"Imported": "updated", "Errors": "failed", "A page": "failed",
                        "JSON": "failed", "Fine": "updated"}  # (the first read leniently)
    exported = engine.export_opml()
    engine.close()
    assert not [secret for secret in SECRETS if secret in exported]
    assert not [text for text in map(str, (*report.warnings, *report.skipped))
                if any(secret in text for secret in SECRETS)]
    assert any("did not parse" in r.getMessage() for r in caplog.records)  # the failures logged
    assert len(caplog.records) > 20
    assert _leaks(caplog.records) == []
