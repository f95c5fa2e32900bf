"""``notify.cli.COMMANDS``: a command line that names a command builds its parser from that
command's modules only (the others cost ~8 ms at every start). The table must say what the
modules add, and the parser of one command must read its command lines as the full one does."""

from __future__ import annotations

import argparse
import importlib

import pytest

from notify import cli


def _actions(parser: argparse.ArgumentParser) -> set[str]:
    sub = parser._subparsers
    return set(sub._group_actions[0].choices) if sub is not None else set()


def test_the_table_says_which_module_adds_which_command() -> None:
    added: dict[str, set[str]] = {}
    for name in cli.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        if name in ("notify.commands.kinds", "notify.commands.source_mute"):
            # they add actions to the sources group
            importlib.import_module("notify.commands.sources").register(sub)
            before = _actions(sub.choices["sources"])
            importlib.import_module(name).register(sub)
            assert set(sub.choices) == {"sources"}
            assert _actions(sub.choices["sources"]) > before
            added[name] = {"sources"}
            continue
        importlib.import_module(name).register(sub)
        added[name] = set(sub.choices)
    table: dict[str, set[str]] = {}
    for command, modules in cli.COMMANDS.items():
        for module in modules:
            table.setdefault(module, set()).add(command)
    assert table == added
    assert set(cli.COMMANDS) == _actions(cli.build_parser())
    sources = cli.build_parser("sources")._subparsers
    assert sources is not None
    assert _actions(sources._group_actions[0].choices["sources"]) >= {"add", "list", "kinds"}


@pytest.mark.parametrize("argv", [
    ["--data-dir", "/d", "poll", "--all"],
    ["--data-dir=/d", "-vv", "poll", "--source", "3", "--json"],
    ["-v", "--verbose", "status"],
    ["sources", "list"],
    ["sources", "kinds"],
    ["feedback", "7", "like"],
    ["explain", "7"],
    ["profile", "show"],
    ["items", "--new", "--limit", "5"],
])
def test_one_commands_parser_reads_its_command_lines_as_the_full_parser(
    argv: list[str],
) -> None:
    command = cli.command_of(argv)
    assert command is not None and command in cli.COMMANDS
    alone = vars(cli.build_parser(command).parse_args(argv))
    full = vars(cli.build_parser().parse_args(argv))
    assert alone == full


@pytest.mark.parametrize("argv, command", [
    ([], None), (["--help"], None), (["--version"], None), (["--data", "/d", "poll"], None),
    (["-x", "poll"], None), (["polll"], "polll"), (["--data-dir", "poll", "status"], "status"),
])
def test_anything_but_a_plain_command_gets_the_full_parser(
    argv: list[str], command: str | None,
) -> None:
    assert cli.command_of(argv) == command
    assert cli.COMMANDS.get(command or "") is None or command == "status"


def test_a_group_without_its_subcommand_shows_its_help_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (it exited 0 through argparse's SystemExit, and the process's own command line got the
    # full help instead of the group's)
    assert cli.main(["sources"]) == cli.EXIT_USER_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: notify sources" in err and "kinds" in err  # the kinds module's action too
    monkeypatch.setattr("sys.argv", ["notify", "-v", "profile"])  # the process's command line
    assert cli.main() == cli.EXIT_USER_ERROR
    out, err = capsys.readouterr()
    assert out == "" and "usage: notify profile" in err and "interests" in err
    with pytest.raises(SystemExit) as asked:  # asking for help is no error
        cli.main(["sources", "--help"])
    assert asked.value.code == 0 and "usage: notify sources" in capsys.readouterr().out
    import gc

    gc.unfreeze()  # main() without argv froze the collector, as at a process's end
