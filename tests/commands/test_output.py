"""``notify.commands.output``: the questions the command line asks (``confirm``, ``ask``)."""

from __future__ import annotations

import io
import sys

import pytest

from notify.commands.output import ask, confirm, interactive
from notify.core.errors import UserInputError


class Terminal(io.StringIO):
    """Standard input or output that is a terminal."""

    def isatty(self) -> bool:
        return True


def at_terminal(monkeypatch: pytest.MonkeyPatch, typed: str) -> Terminal:
    """A terminal where the person types ``typed`` (then the input ends: Ctrl-D)."""
    out = Terminal()
    monkeypatch.setattr(sys, "stdin", Terminal(typed))
    monkeypatch.setattr(sys, "stdout", out)
    return out


@pytest.mark.parametrize("typed, answer", [
    ("y\n", True), ("YES\n", True), (" yes \n", True), ("n\n", False), ("\n", False),
    ("sure\n", False), ("", False),  # "" is Ctrl-D at once: a no, not an EOFError
])
def test_confirm_is_yes_only_for_y_or_yes(
    monkeypatch: pytest.MonkeyPatch, typed: str, answer: bool
) -> None:
    out = at_terminal(monkeypatch, typed)
    assert confirm("Remove it?", unattended="add --yes") is answer
    assert out.getvalue().startswith("Remove it? [y/N] ")


def test_ask_returns_the_line_or_none_at_the_end_of_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = at_terminal(monkeypatch, " 2 \n")
    assert ask("Which one? ", unattended="use --pick") == "2"
    assert ask("Which one? ", unattended="use --pick") is None  # Ctrl-D
    assert out.getvalue().endswith("Which one? \n")  # the shell's prompt starts a new line


@pytest.mark.parametrize("stdin_tty, stdout_tty", [(False, False), (False, True), (True, False)])
def test_without_a_terminal_nothing_is_asked_nor_read(
    monkeypatch: pytest.MonkeyPatch, stdin_tty: bool, stdout_tty: bool,
) -> None:
    stdin = Terminal("y\n") if stdin_tty else io.StringIO("y\n")
    stdout = Terminal() if stdout_tty else io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert not interactive()
    with pytest.raises(UserInputError, match=r"^Removing X deletes its items; add --yes"):
        confirm("Remove X?", unattended="Removing X deletes its items; add --yes to confirm.")
    with pytest.raises(UserInputError, match="--pick N"):
        ask("Which one? ", unattended="run again with --pick N.")
    assert stdout.getvalue() == "" and stdin.tell() == 0  # no prompt, nothing read
