# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""A source whose token the system keyring cannot give fails as this computer's trouble
(``FailureKind.KEYRING``): nothing is sent, no exponential backoff, the message names the
keyring."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.core.test_engine import Clock, make_engine, run
from tests.core.test_engine_kind import Server, server  # noqa: F401

MIN = 60.0
REF = "notify-" + "a" * 32


def test_a_missing_keyring_retries_at_the_normal_interval(
    tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    route = server.route("/api", (200, {"Content-Type": "application/json"}, b"[]"))
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    source = engine.add_source("json", server.url("/api"), settings={"token_ref": REF})
    waits, kinds = [], set()
    for _ in range(5):  # five rounds in a row without a keyring
        summary = run(engine, lambda: engine.poll([source.id]))
        (report,) = summary.reports
        state = engine.source_state(source.id)
        assert report.status == "failed"
        assert "No system keyring is available" in (report.message or "")
        assert state.next_attempt is not None
        waits.append(state.next_attempt - clock.now)
        kinds.add(state.last_error_kind)
        clock.now = state.next_attempt
    assert route.hits == []  # no request without its token
    # the source's healthy interval (30 min ± 10 %) every time, not hours of backoff
    assert all(27 * MIN <= w <= 33 * MIN for w in waits), waits
    assert kinds == {"keyring"}
    assert report.message is not None and report.message.startswith(
        "The token of 127.0.0.1:"), report.message
    assert "could not be read from the system keyring" in report.message
    engine.close()
