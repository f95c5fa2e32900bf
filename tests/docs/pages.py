"""The documentation as the tests in this folder read it: README.md and docs/*.md, their code
blocks, their inline code, and one section of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGES = (REPO / "README.md", *sorted((REPO / "docs").glob("*.md")))
CLI_PAGE = REPO / "docs" / "cli.md"


@dataclass(frozen=True)
class Code:
    """A piece of code in a page: a line of a code block (its ``\\`` continuations joined) or
    an inline code span (its line breaks made spaces)."""

    page: Path
    line: int
    text: str
    block: bool

    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def code_blocks(page: Path) -> list[Code]:
    """Every line of every fenced code block of ``page``."""
    text = page.read_text(encoding="utf-8")
    out = []
    for block in re.finditer(r"^```[\w-]*\n(.*?)^```", text, re.S | re.M):
        first = _line_of(text, block.start(1))
        joined = re.sub(r"\\\n\s*", " ", block.group(1))
        lines = block.group(1).split("\n")
        n = 0
        for piece in joined.split("\n"):
            out.append(Code(page, first + n, piece, True))
            n += 1
            while n < len(lines) and lines[n - 1].endswith("\\"):
                n += 1
    return out


def inline_code(page: Path) -> list[Code]:
    """Every inline code span of ``page`` outside its code blocks."""
    text = page.read_text(encoding="utf-8")
    blanked = re.sub(r"^```.*?^```", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text,
                     flags=re.S | re.M)
    return [Code(page, _line_of(text, m.start()), " ".join(m.group(1).split()), False)
            for m in re.finditer(r"(?<!`)`([^`]+)`(?!`)", blanked)]


def section(page: Path, heading: str) -> str:
    """The text under the heading ``heading`` (exact, without its ``#``) down to the next
    heading of the same or a higher level."""
    text = page.read_text(encoding="utf-8")
    found = re.search(rf"^(#+) {re.escape(heading)}\n", text, re.M)
    assert found, f"{page.name} has no heading {heading!r}"
    level = len(found.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, found.end())
    return text[found.end():end.start() if end else len(text)]
