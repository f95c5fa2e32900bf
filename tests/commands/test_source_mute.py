"""``notify sources mute ID`` / ``unmute ID``: the app's "Never notify" for a source, from the
command line; a muted source's items reach the inbox, never a notification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.ranking.profile import parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import items as items_store
from tests.core.ranking.conftest import T0, Feed


def run(tmp_path: Path, *argv: str) -> int:
    return main(["--data-dir", str(tmp_path), *argv])


def test_a_muted_source_is_never_notified_and_unmute_undoes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = db.connect(tmp_path / "notify.sqlite3")
    try:
        feed = Feed(conn, "tech")
        sid = feed.source.id
        assert run(tmp_path, "sources", "mute", str(sid)) == 0
        assert capsys.readouterr().out == (
            f"Muted source {sid}: tech. Its items still reach the inbox but are never "
            f"notified; 'notify sources unmute {sid}' undoes it.\n")
        assert run(tmp_path, "sources", "mute", str(sid)) == 0
        assert "already muted: nothing changed" in capsys.readouterr().out
        assert run(tmp_path, "sources", "show", str(sid)) == 0
        assert "notifications: muted" in capsys.readouterr().out
        assert run(tmp_path, "sources", "list") == 0  # the list says it too, as the app's does
        assert "  tech  (rss, muted, last ok never)" in capsys.readouterr().out
        assert run(tmp_path, "sources", "show", str(sid), "--json") == 0
        assert json.loads(capsys.readouterr().out)["source"]["muted"] is True
        s = RankingService(conn, explore=False)
        s.pin(parse_term("keyword:rust"), "always")
        item = feed.add("Rust 2.0 released")
        assert s.process_new([item], T0) == []
        assert items_store.get(conn, item).decision_reason == "its source, tech, is muted"
        assert run(tmp_path, "sources", "unmute", str(sid)) == 0
        assert capsys.readouterr().out.startswith(f"Unmuted source {sid}: tech.")
        assert run(tmp_path, "sources", "list") == 0
        assert "  tech  (rss, last ok never)" in capsys.readouterr().out
        again = feed.add("Rust 2.1 released")
        assert [p.item_ids for p in s.process_new([again], T0 + 60)] == [(again,)]
    finally:
        conn.close()
    assert run(tmp_path, "sources", "mute", "99") == 2


@pytest.mark.parametrize(("argv", "said"), [
    (("sources", "mute", "--help"), "'notify sources unmute ID' undoes it"),
    (("sources", "unmute", "--help"), "the source's id (see 'notify sources list')"),
    (("sources", "--help"), "mute          never notify a source's items"),
    (("--help",), "sources       add, list, change, mute and remove sources"),
])
def test_help_says_what_mute_does_and_what_id_is(
        capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], said: str) -> None:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 0
    assert " ".join(said.split()) in " ".join(capsys.readouterr().out.split())
