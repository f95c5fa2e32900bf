"""The ranking commands through ``notify.cli.main``, on a real database in a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.store import db
from tests.core.ranking.conftest import Feed


def _setup(tmp_path: Path) -> list[int]:
    conn = db.connect(tmp_path / "notify.sqlite3")
    tech = Feed(conn, "tech")
    ids = [tech.add("Rust compiler release"), tech.add("Rust async book")]
    conn.close()
    return ids


def run(tmp_path: Path, *argv: str) -> int:
    return main(["--data-dir", str(tmp_path), *argv])


def test_feedback_explain_undo_and_profile(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert run(tmp_path, "explain", str(b)) == 0
    out = capsys.readouterr().out
    assert "likely to interest you" in out and "source “tech”  [source:tech]" in out
    assert run(tmp_path, "profile", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["reactions"] == 1 and any(f["feature"] == "src:tech" for f in shown["positive"])
    assert run(tmp_path, "profile", "undo") == 0
    assert "Undone: your like" in capsys.readouterr().out
    assert run(tmp_path, "profile", "pin", "keyword:rust") == 0
    assert run(tmp_path, "profile", "pin", "--never", "author:Pundit") == 0
    assert run(tmp_path, "profile", "interests", "--add", "source:tech") == 0
    assert run(tmp_path, "profile", "export", str(tmp_path / "p.json")) == 0
    doc = json.loads((tmp_path / "p.json").read_text())
    assert len(doc["pins"]) == 2 and doc["interests"] == [{"kind": "source", "value": "tech"}]
    assert run(tmp_path, "profile", "reset", "--yes") == 0
    assert run(tmp_path, "profile", "import", str(tmp_path / "p.json")) == 0
    capsys.readouterr()
    assert run(tmp_path, "profile", "show") == 0
    assert "Alerts:    the word “rust” (always notified)" in capsys.readouterr().out


def test_user_errors_are_one_clear_line(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _setup(tmp_path)
    assert run(tmp_path, "feedback", "999", "like") == 2
    assert "No item with id 999" in capsys.readouterr().err
    assert run(tmp_path, "profile", "pin", "mood:happy") == 2
    assert "KIND:VALUE" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{}")
    assert run(tmp_path, "profile", "import", str(tmp_path / "bad.json")) == 2
    assert 'format: missing; add "format"' in capsys.readouterr().err


def test_notified_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from notify.core.ranking.profile import parse_term
    from notify.core.ranking.service import RankingService

    a, _ = _setup(tmp_path)
    conn = db.connect(tmp_path / "notify.sqlite3")
    s = RankingService(conn)
    s.pin(parse_term("keyword:compiler"), "always")
    s.process_new([a], 1_700_000_100.0)
    conn.close()
    assert run(tmp_path, "items", "--notified", "--json") == 0
    rows = json.loads(capsys.readouterr().out)["items"]
    assert [r["id"] for r in rows] == [a] and "alert" in rows[0]["reason"]
    assert run(tmp_path, "notified") == 0
    assert "Rust compiler release" in capsys.readouterr().out


def test_profile_show_tells_when_interests_changed(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from notify.core.ranking.service import RankingService

    _setup(tmp_path)
    conn = db.connect(tmp_path / "notify.sqlite3")
    s = RankingService(conn)
    s.profile.meta["changed_at"] = time.time() - 86400  # the change watch's alarm, yesterday
    s.profile.save_meta()
    conn.commit()
    conn.close()
    assert run(tmp_path, "profile", "show") == 0
    out = capsys.readouterr().out
    assert "said your interests changed" in out and "until you like one" in out
    assert run(tmp_path, "profile", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["taste_changed_at"] and shown["exploring_until"]
    assert run(tmp_path, "feedback", "1", "like") == 0  # found something: the search is over
    capsys.readouterr()
    assert run(tmp_path, "profile", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["taste_changed_at"] and shown["exploring_until"] is None
