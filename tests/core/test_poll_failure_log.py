# ruff: noqa: F811  (the shared fixtures "replay", "ring", "server", "test_kind" are imported by name)
"""A failed poll is logged once, in the words the person is shown (the source kind's, not the
fetcher's generic advice), with the source's id, name and redacted URL, at WARNING when the
person must act and at INFO when it passes by itself (``notify.core.fetch.failure_log``)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from notify.core import secrets
from tests.core.test_engine import Clock, make_engine, run
from tests.core.test_engine_kind import Server, server, test_kind  # noqa: F401
from tests.support.memory_keyring import MemoryKeyring, ring  # noqa: F401
from tests.support.replay_server import ReplayServer, replay  # noqa: F401

TOKEN = "ghp_CANARYtoken0123456789"
GENERIC = "Check the token or credentials for this source"


def told(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the log says at INFO and above (the app's log file)."""
    return [r for r in caplog.records if r.levelno >= logging.INFO]


def test_a_refused_github_token_is_logged_once_in_githubs_words(
    tmp_path: Path, replay: ReplayServer, ring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    replay.route("/notifications", status=401, headers={"Content-Type": "application/json"},
                 body='{"message":"Bad credentials"}')
    engine = make_engine(tmp_path)
    source = engine.add_source("github-notifications", replay.url("/notifications"),
                               settings={"token_ref": secrets.store_secret(TOKEN)})
    caplog.set_level(logging.INFO)
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    assert report.status == "failed"
    assert report.message is not None and "GitHub refused the token" in report.message
    (line,) = told(caplog)  # one line, not the fetcher's generic one first
    assert line.levelno == logging.WARNING
    assert line.getMessage() == (
        f"source {source.id} (GitHub notifications, "
        f"{replay.url('/notifications')}?per_page=50) failed (auth): {report.message}")
    assert GENERIC not in caplog.text
    assert TOKEN not in caplog.text
    engine.close()


def test_a_403_that_is_githubs_rate_limit_is_logged_as_one_at_info(
    tmp_path: Path, replay: ReplayServer, ring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    """The fetcher saw a refusal (a warning, "check the token"); the kind knows better: the
    limit is spent until its reset, which passes by itself."""
    reset = int(time.time()) + 900
    replay.route("/notifications", status=403, headers={
        "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset)}, body='{"message":"API rate limit exceeded"}')
    engine = make_engine(tmp_path, clock=Clock(time.time()))
    source = engine.add_source("github-notifications", replay.url("/notifications"),
                               settings={"token_ref": secrets.store_secret(TOKEN)})
    caplog.set_level(logging.INFO)
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    (line,) = told(caplog)
    assert line.levelno == logging.INFO
    assert "failed (rate_limited)" in line.getMessage()
    assert line.getMessage().endswith(f": {report.message}")
    assert "rate limit is used up" in line.getMessage()
    assert GENERIC not in caplog.text
    engine.close()


@pytest.mark.parametrize(("status", "level", "words"), [
    (410, logging.WARNING, "is gone: the server says it was removed for good"),
    (503, logging.INFO, "is temporarily unavailable (HTTP 503 Service Unavailable)"),
])
def test_any_failed_poll_is_one_line_with_the_source_and_what_it_was_told(
    tmp_path: Path, server: Server, test_kind: str, caplog: pytest.LogCaptureFixture,
    status: int, level: int, words: str,
) -> None:
    server.route("/f?key=SECRET123", (status, {}, b"no"))
    engine = make_engine(tmp_path)
    source = engine.add_source(test_kind, server.url("/f?key=SECRET123"), title="Feed F")
    caplog.set_level(logging.INFO)
    (report,) = run(engine, lambda: engine.poll([source.id])).reports
    (line,) = told(caplog)
    assert line.levelno == level
    text = line.getMessage()
    assert text.startswith(f"source {source.id} (Feed F, {server.url('/f?key=')}")
    assert words in text and text.endswith(f": {report.message}")
    assert "SECRET123" not in caplog.text
    engine.close()
