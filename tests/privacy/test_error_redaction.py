"""Regression: the "already subscribed" error printed the subscription URL with its query
secrets (found by test_secrets_cli). The store redacts it, and the CLI redacts every error line."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.cli import main
from notify.core.errors import UserInputError
from notify.core.store import db
from notify.core.store import sources as store_sources

URL = "http://127.0.0.1:9/feed?key=canaryDupKey123&sig=canaryDupSig456"


def test_duplicate_source_error_is_redacted(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "notify.sqlite3")
    try:
        store_sources.add(conn, kind="feed", url=URL, now=0.0)
        with pytest.raises(UserInputError) as caught:
            store_sources.add(conn, kind="feed", url=URL, now=0.0)
    finally:
        conn.close()
    message = str(caught.value)
    assert "already subscribed" in message
    assert "canaryDup" not in message


def test_cli_redacts_every_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    assert main(["sources", "add", "--no-check", URL, "--data-dir", data]) == 0
    capsys.readouterr()
    assert main(["sources", "add", "--no-check", URL, "--data-dir", data]) == 2
    err = capsys.readouterr().err
    assert err.startswith("notify: ") and "already subscribed" in err
    assert "canaryDup" not in err
