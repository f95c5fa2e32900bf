"""``notify rank --jsonl`` on a data folder it cannot use: one line at the start, status 2, as
every other command says it (the harness sees the process fail, not a session of errors)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from notify.cli import main


def test_a_data_folder_that_is_a_file_is_refused_at_the_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: each request got an error reply, with a traceback on stderr, and the
    session ended with status 0."""
    (tmp_path / "data").write_text("not a folder")
    monkeypatch.setattr("sys.stdin", io.StringIO('{"op": "hello"}\n{"op": "close"}\n'))
    assert main(["--data-dir", str(tmp_path / "data"), "rank", "--jsonl"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("notify: Notify cannot use ") and "is a file, not a folder" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
