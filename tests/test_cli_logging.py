"""The CLI's log handler follows the current stderr (regression: it kept a closed stream)."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from notify import cli


def test_log_records_go_to_the_current_stderr(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", first)
    assert cli.main(["status", "--data-dir", str(tmp_path)]) == 0
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    logging.getLogger("notify.test").warning("after the first stream closed")
    assert second.getvalue() == "WARNING notify.test: after the first stream closed\n"
