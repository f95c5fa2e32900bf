"""Every command's ``--help`` says what it does and shows it used
(``notify.commands.help_examples``), and every example is a command line Notify takes."""

from __future__ import annotations

import argparse
import shlex

import pytest

from notify.cli import build_parser, main
from notify.commands.help_examples import EXAMPLES, commands


def leaves(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    out = []
    for name, child, _help in commands(parser):
        out.extend(leaves(child) if child._subparsers is not None else [(name, child)])
    return out


LEAVES = leaves(build_parser())


def test_every_command_is_there() -> None:
    assert len(LEAVES) > 30
    assert set(EXAMPLES) <= {name for name, _p in LEAVES}  # no example of a command gone


@pytest.mark.parametrize("name", [name for name, _p in LEAVES])
def test_every_command_says_what_it_does_with_examples(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``notify status --help`` (and 25 other commands' help) had no sentence
    saying what it does, and no command but ``sources add`` showed an example."""
    with pytest.raises(SystemExit) as done:
        main([*name.split(), "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    _usage, _, rest = out.partition("\n\n")
    description = rest.split("\n\n")[0]
    assert description[0].isupper() and description.rstrip().endswith("."), out
    assert "\nexamples:\n  notify " in out, out


def example_lines() -> list[str]:
    lines = [line for rows in EXAMPLES.values() for line, _what in rows]
    for _name, parser in LEAVES:  # the examples a command writes itself (sources add)
        if parser.epilog and parser.epilog.startswith("examples:"):
            lines += [row.split("   ")[0].strip() for row in parser.epilog.splitlines()[1:]
                      if row.startswith("  notify ")]
    return lines


@pytest.mark.parametrize("line", example_lines())
def test_every_example_is_a_command_line_notify_takes(line: str) -> None:
    words = shlex.split(line)
    for redirect in ("<", ">"):  # the shell's, not Notify's
        if redirect in words:
            words = words[:words.index(redirect)]
    assert words[0] == "notify"
    args = build_parser().parse_args(words[1:])
    assert getattr(args, "func", None) is not None, line


@pytest.mark.parametrize(("option", "short", "help_text"), [
    ("--limit", "-n", None), ("--source", "-s", None),
    ("--json", None, "machine-readable (docs/cli.md)"),
])
def test_an_option_is_spelled_and_said_alike_in_every_command(
    option: str, short: str | None, help_text: str | None
) -> None:
    """Regression: ``sources preview --limit`` had no ``-n`` (``items``, ``notified`` and
    ``profile show`` have it), and ``explain``'s and ``notified``'s ``--json`` did not say
    where the format is documented."""
    having = [(name, action) for name, parser in LEAVES for action in parser._actions
              if option in action.option_strings]
    assert len(having) >= 2
    for name, action in having:
        if short is not None:
            assert short in action.option_strings, name
        if help_text is not None:
            assert action.help == help_text, name


@pytest.mark.parametrize("group", ["sources", "profile", "settings", "desktop"])
def test_a_group_says_what_it_is_for(group: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``notify sources --help`` (and ``notify sources`` alone) went from its usage
    straight to the list of actions."""
    assert main([group]) == 2  # a group without its action: its help, on stderr
    err = capsys.readouterr().err
    description = err.split("\n\n")[1]
    assert description[0].isupper() and description.rstrip().endswith("."), err


@pytest.mark.parametrize("name", ["", *(name for name, _p in LEAVES)])
def test_every_help_fits_an_80_column_terminal(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """s16 walkthrough: four commands' examples ran past 80 columns (``poll --help``'s to 89):
    the comment after a long example line now goes under it."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main([*name.split(), "--help"])
    wide = [line for line in capsys.readouterr().out.splitlines() if len(line) > 80]
    assert wide == []
