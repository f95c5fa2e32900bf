"""A data folder Notify cannot use: every command says so in one line (status 2), never a
traceback, and never as if the folder were merely empty. A folder that cannot be looked into
is made here by a name too long for the file system (``ENAMETOOLONG``): a permission refusal
(``EACCES``) takes the same way, but root, who runs these tests in CI, passes any permission."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import Cli

COMMANDS = [("status",), ("status", "--json"), ("items",), ("sources", "list"),
            ("settings", "show"), ("notified",), ("profile", "show"), ("explain", "1"),
            ("save", "1"), ("feedback", "1", "like"), ("repair",),
            ("sources", "add", "--no-check", "http://127.0.0.1:9/feed.xml")]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_data_folder_that_cannot_be_looked_into_is_said_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    """Regression: the reading commands (and ``sources add``'s duplicate check) asked
    ``Path.exists`` whether the database was there, which raised: a traceback."""
    cli = Cli(tmp_path / ("x" * 300), capsys)
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.startswith("notify: Notify cannot ") and "Traceback" not in err
    assert "--data-dir" in err
    assert "chmod" not in err  # no permission was refused: the advice is another folder


def test_repair_on_a_data_folder_that_is_a_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``repair`` said "No database at FILE/notify.sqlite3 yet; nothing to
    repair." with status 0, as if the folder were only empty."""
    (tmp_path / "data").write_text("not a folder")
    code, out, err = Cli(tmp_path / "data", capsys)("repair")
    assert code == 2 and out == ""
    assert err.startswith("notify: Notify cannot use ") and "is a file, not a folder" in err
