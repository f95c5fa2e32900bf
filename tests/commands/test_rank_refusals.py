"""``notify rank --jsonl`` refusing what it cannot do: a data folder it cannot use (one line at
the start, status 2, as every other command says it: the harness sees the process fail, not a
session of errors), and a request that is not what the contract takes (an error reply in
words, the session going on, no traceback in the log)."""

from __future__ import annotations

import io
import json
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


def test_a_malformed_request_is_answered_in_words_and_the_session_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the replies were "KeyError: 'item'", "JSONDecodeError: Expecting value: line
    1 column 1 (char 0)" and "AttributeError: 'str' object has no attribute 'get'", each with
    a traceback on stderr."""
    lines = ['{"op": "hello"}', 'not json', '[1, 2]', '{"op": "feedback", "id": "b"}',
             '{"op": "explain", "item": "b"}', '{"op": "nope"}', '{"op": "profile"}',
             '{"op": "close"}']
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["--data-dir", str(tmp_path / "data"), "rank", "--jsonl"]) == 0
    out, err = capsys.readouterr()
    replies = [json.loads(line) for line in out.splitlines()]
    assert len(replies) == len(lines)
    assert replies[0]["ok"] is True and replies[-1] == {"ok": True}
    assert "bytes" in replies[6]  # the session went on
    errors = [r["error"] for r in replies[1:6]]
    assert errors == [
        'not JSON (Expecting value at column 1): each line is one request, a JSON object such '
        'as {"op": "hello"}',
        'each line is one request, a JSON object with its "op": one of hello, onboard, rank, '
        "feedback, explain, profile, close",
        "'feedback' needs 'item' (docs/ranking.md, the outside protocol)",
        'an item is a JSON object (title, summary, source, group, authors, tags, link), not "b"',
        "unknown op 'nope'",
    ]
    assert "Traceback" not in err
    # one log line per refusal: the request was logged with its end of line, which cut each in
    # two ("request refused: not json" then ": not JSON (…)" on a line of its own)
    logged = err.splitlines()
    assert len(logged) == 4, err
    assert all(" request refused: " in line for line in logged), err
    assert logged[0].endswith("request refused: not json: not JSON (Expecting value at column "
                              '1): each line is one request, a JSON object such as {"op": '
                              '"hello"}'), err
