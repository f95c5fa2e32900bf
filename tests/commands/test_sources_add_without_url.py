"""A kind that needs no address (Hacker News) can be added without a URL; a feed cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify import cli


def test_hackernews_needs_no_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sources", "add", "--data-dir", str(tmp_path), "--kind", "hackernews",
            "--option", "list=best", "--no-check"]
    assert cli.main(args) == 0
    assert "Hacker News: best" in capsys.readouterr().out


def test_a_feed_without_url_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["sources", "add", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("notify: The URL is empty") and "Traceback" not in err
