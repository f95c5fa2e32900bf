"""The command lines the docs show are ones ``notify`` takes: every example parses with the real
argument parser, every option docs/cli.md's synopses name belongs to its command, and every
command and option of the parser is in those synopses."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex

import pytest

from notify.cli import build_parser
from tests.docs.pages import CLI_PAGE, PAGES, Code, code_blocks, inline_code

PARSER = build_parser()
COMMON = {"-h", "--help", "--data-dir", "-v", "--verbose", "--version"}
# what the examples write for a value the reader gives
PLACEHOLDERS = {"ID": "1", "ITEM": "1", "URL": "https://example.org/", "K": "feed"}
# the docs' deliberate mistakes: what a mistyped option is answered with
MISTAKES = ("--jsn",)


def children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_of(words: list[str]) -> tuple[list[str], argparse.ArgumentParser, list[str]]:
    """The command the words name (``sources add``), its parser, and the words after it."""
    parser, path = PARSER, []
    while words and words[0] in children(parser):
        path.append(words[0])
        parser = children(parser)[words.pop(0)]
    return path, parser, words


def options_of(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings}


def without_comment(text: str) -> str:
    return re.split(r"\s\s+#|^#", text)[0].strip()


def is_synopsis(text: str) -> bool:
    return bool(re.search(r"(^|\s)\[|\w\|\w| \| |…", text))


def examples() -> list[Code]:
    return [code for page in PAGES for code in code_blocks(page)
            if re.match(r"notify( |$)", code.text.strip())
            and not is_synopsis(without_comment(code.text))]


@pytest.mark.parametrize("code", examples(), ids=Code.where)
def test_every_example_command_line_parses(code: Code) -> None:
    words = shlex.split(without_comment(code.text))[1:]
    if "<" in words:  # a shell's redirection
        words = words[:words.index("<")]
    words = [PLACEHOLDERS.get(w, w) for w in words]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            PARSER.parse_args(words)
        except SystemExit as exit:
            assert exit.code == 0, f"{code.where()}: {code.text}\n{err.getvalue()}"


def synopses() -> list[Code]:
    """docs/cli.md's synopses, one a command (``… | notify sources disable ID`` apart), a
    line that goes on indented joined to its command's."""
    lines: list[Code] = []
    for code in code_blocks(CLI_PAGE):
        if code.text.startswith((" ", "\t")) and lines:
            last = lines.pop()
            lines.append(Code(last.page, last.line, f"{last.text} {code.text.strip()}", True))
        elif code.text.startswith("notify"):
            lines.append(code)
    return [Code(c.page, c.line, part.strip(), True) for c in lines
            for part in without_comment(c.text).split(" | notify ")]


def named_options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", text))


def test_the_synopses_name_only_options_of_their_command() -> None:
    wrong = []
    for code in synopses():
        path, parser, rest = command_of(code.text.removeprefix("notify").split())
        unknown = named_options(" ".join(rest)) - options_of(parser)
        if not path or unknown:
            wrong.append((code.where(), " ".join(path), sorted(unknown)))
    assert wrong == []


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
           ) -> list[tuple[str, argparse.ArgumentParser]]:
    below = children(parser)
    if not below:
        return [(" ".join(path), parser)]
    return [leaf for name, child in below.items() for leaf in leaves(child, (*path, name))]


def test_every_command_and_option_is_in_the_synopses() -> None:
    documented: dict[str, set[str]] = {}
    for code in synopses():
        path, _parser, rest = command_of(code.text.removeprefix("notify").split())
        documented.setdefault(" ".join(path), set()).update(named_options(" ".join(rest)))
    missing = []
    for command, parser in leaves(PARSER):
        if command not in documented:
            missing.append(command)
            continue
        for action in parser._actions:
            strings = set(action.option_strings)
            if strings and not strings & (documented[command] | COMMON):
                missing.append(f"{command} {'/'.join(action.option_strings)}")
    assert missing == []


def test_the_commands_the_docs_mention_exist_with_their_options() -> None:
    """``notify sources mute`` in a sentence is a real command, ``--url`` one of its options."""
    wrong = []
    mentions = [code for page in PAGES for code in inline_code(page)
                if re.match(r"notify( |$)", code.text) and not any(
                    m in code.text for m in MISTAKES)]
    assert len(mentions) > 100
    for code in mentions:
        words = code.text.split()[1:]
        _path, parser, rest = command_of(words)
        if rest and children(parser) and re.fullmatch(r"[a-z][\w/-]*", rest[0]):
            wrong.append((code.where(), code.text))  # no such command
        elif named_options(" ".join(rest)) - options_of(parser) - COMMON:
            wrong.append((code.where(), code.text))
    assert wrong == []
