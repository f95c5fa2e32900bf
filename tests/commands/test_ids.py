"""A source's or an item's id on the command line (``notify.commands.output.source_id``,
``item_id``): anything but a number is refused saying where the ids are."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.mark.parametrize("argv, said", [
    (("explain", "abc"), "argument ITEM: 'abc' is not an item's id: give the number "
     "'notify items' shows"),
    (("feedback", "first", "like"), "'first' is not an item's id"),
    (("sources", "show", "x"), "argument ID: 'x' is not a source's id: give the number "
     "'notify sources list' shows"),
    (("sources", "remove", "guardian"), "'guardian' is not a source's id"),
    (("items", "--source", "two"), "argument --source/-s: 'two' is not a source's id"),
    (("poll", "-s", "heise"), "'heise' is not a source's id"),
])
def test_an_id_that_is_no_number_says_where_the_ids_are(
    cli: Cli, argv: tuple[str, ...], said: str
) -> None:
    """It said "argument ID: invalid int value: 'x'"."""
    with pytest.raises(SystemExit) as refused:
        cli(*argv)
    assert refused.value.code == 2
    assert said in " ".join(cli.capsys.readouterr().err.split())
