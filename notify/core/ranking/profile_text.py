"""Where things are in a profile file's text, for the importer's messages (``profile_file``):
the line each field and entry starts on, and what a JSON syntax error most likely is, said as a
person editing the file by hand would need it (the line quoted, the usual slips named: a comma
after the last entry, a missing one, single quotes, an empty file, a file that is not JSON).
"""

from __future__ import annotations

import bisect
import json
import re

Path = tuple[str | int, ...]  # ("pins", 0, "mode"), ("weights", "w:rust")

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity")
_SPACE = re.compile(r"\s*")
_FRESH = ("Fix it in a text editor, or export a fresh one (notify profile export, or Export "
          "in Settings → Profile).")


class _Scan:
    """Records the line of every object member and list entry of valid JSON text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.lines: dict[Path, int] = {}

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def skip(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, path: Path) -> int:
        """Scan the value at ``pos`` (after blanks); returns where it ends."""
        pos = self.skip(pos)
        char = self.text[pos:pos + 1]
        if char == "{":
            pos = self.skip(pos + 1)
            while self.text[pos:pos + 1] != "}":
                key = _STRING.match(self.text, pos)
                if key is None:
                    raise ValueError(pos)
                member = (*path, json.loads(key.group()))
                self.lines[member] = self.line(pos)
                pos = self.skip(key.end())
                pos = self.value(pos + 1, member)  # past the colon
                pos = self.skip(pos)
                if self.text[pos:pos + 1] == ",":
                    pos = self.skip(pos + 1)
            return pos + 1
        if char == "[":
            pos = self.skip(pos + 1)
            index = 0
            while self.text[pos:pos + 1] != "]":
                self.lines[(*path, index)] = self.line(pos)
                pos = self.skip(self.value(pos, (*path, index)))
                if self.text[pos:pos + 1] == ",":
                    pos = self.skip(pos + 1)
                index += 1
            return pos + 1
        match = _STRING.match(self.text, pos) or _SCALAR.match(self.text, pos)
        if match is None:
            raise ValueError(pos)
        return match.end()


def lines_of(text: str) -> dict[Path, int]:
    """The line (from 1) each member and entry of ``text``, valid JSON, starts on. A member
    given twice has the line of the last (the one JSON keeps). Empty when it cannot tell."""
    scan = _Scan(text)
    try:
        scan.value(0, ())
    except (ValueError, RecursionError, json.JSONDecodeError):
        return {}
    return scan.lines


def line_at(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of the nearest enclosing member or entry that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _quoted(text: str, lineno: int) -> str:
    lines = text.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    shown = lines[lineno - 1].strip()
    if len(shown) > 80:
        shown = shown[:77] + "…"
    return f" Line {lineno} reads “{shown}”." if shown else ""


def syntax_problem(text: str, err: json.JSONDecodeError, name: str) -> str:
    """What is wrong with ``text`` that is not JSON, in words: where, the line as it reads,
    the likely slip, and what to do."""
    if not text.strip():
        return (f"{name} is empty: it holds no profile. Choose the file you exported (notify "
                "profile export, or Export in Settings → Profile, write one).")
    first = text.lstrip()[:1]
    if first != "{" and err.pos <= len(text) - len(text.lstrip()):
        return (f"{name} is not a Notify profile: a profile file is JSON that starts with "
                f"“{{”, as notify profile export writes it (this one starts with "
                f"“{text.lstrip()[:20].splitlines()[0]}”). Choose the file you exported.")
    before = text[:err.pos].rstrip()
    after = text[err.pos:err.pos + 1]
    hint = ""
    if before.endswith(",") and after in ("}", "]"):
        comma_line = text.count("\n", 0, len(before) - 1) + 1
        hint = (f" There is a comma after the last entry on line {comma_line}: remove it.")
        lineno = comma_line
    else:
        lineno = err.lineno
        if after == "'":
            hint = " Text and names are written in double quotes (\"…\"), not single ones."
        elif err.msg.startswith("Expecting ',' delimiter"):
            prev = text.count("\n", 0, len(before)) + 1
            hint = (f" A comma is likely missing at the end of line {prev}."
                    if prev < err.lineno else " A comma is likely missing there.")
            lineno = prev
    return (f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})."
            f"{hint}{_quoted(text, lineno)} {_FRESH}")
