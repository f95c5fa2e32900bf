"""``notify save ITEM`` / ``notify unsave ITEM`` and ``notify items --saved``, through
``notify.cli.main`` on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.models import ItemDraft
from notify.core.paths import Paths
from notify.core.store import db
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store.sources import transaction
from tests.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def stored(cli: Cli, *titles: str) -> list[int]:
    conn = db.connect(Paths(cli.data).ensure().db)
    try:
        with transaction(conn):
            sid = sources_repo.add(conn, kind="feed", url="https://example.org/feed",
                                   title="Example", now=1000.0).id
            return list(items_repo.upsert(conn, sid, [ItemDraft(key=t, title=t) for t in titles],
                                          now=1000.0).new_ids)
    finally:
        conn.close()


def test_save_lists_it_under_items_saved_and_unsave_takes_it_back(cli: Cli) -> None:
    first, second = stored(cli, "Read this later", "Never mind")
    code, out, err = cli("save", str(first))
    assert code == 0, err
    said = " ".join(out.split())
    assert said.startswith(f"Saved item {first} “Read this later” for later")
    assert f"'notify unsave {first}' takes it back" in said
    assert [i["id"] for i in cli.json("items", "--saved")["items"]] == [first]  # type: ignore
    by_id = {i["id"]: i["saved"] for i in cli.json("items")["items"]}  # type: ignore
    assert by_id == {first: True, second: False}
    code, out, _ = cli("items", "--saved")
    assert code == 0
    assert out.splitlines()[0] == f"{first:>6} * s Read this later"
    code, out, _ = cli("save", str(first))
    assert (code, " ".join(out.split())) == (
        0, f"Item {first} “Read this later” is already saved: nothing changed.")
    code, out, _ = cli("unsave", str(first))
    assert code == 0 and f"Item {first} “Read this later” is no longer saved" in out
    assert cli.json("items", "--saved")["items"] == []
    code, out, _ = cli("unsave", str(first))  # it said "is already not saved"
    assert (code, " ".join(out.split())) == (
        0, f"Item {first} “Read this later” is not saved: nothing changed.")
    code, out, _ = cli("items", "--saved")
    assert "No saved items: 'notify save ITEM' keeps one for later." in " ".join(out.split())


def test_saving_is_no_reaction(cli: Cli) -> None:
    (item,) = stored(cli, "Kept, not liked")
    assert cli("save", str(item))[0] == 0
    conn = db.connect(Paths(cli.data).db, readonly=True)
    try:
        assert conn.execute("SELECT reaction FROM items").fetchone()[0] is None
        assert conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0
    finally:
        conn.close()


@pytest.mark.parametrize("command", ["save", "unsave"])
def test_an_unknown_item_is_one_clear_line(cli: Cli, command: str) -> None:
    stored(cli, "Something")
    code, out, err = cli(command, "999")
    assert (code, out) == (2, "")
    assert err.strip() == "notify: No item with id 999. Run 'notify items' to see the ids."
    with pytest.raises(SystemExit) as refused:
        cli(command, "abc")
    assert refused.value.code == 2
    assert "'abc' is not an item's id" in cli.capsys.readouterr().err
