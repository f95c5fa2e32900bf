"""The order and the selection arithmetic of Settings → Sources' list: a name's sort key
(case-insensitive, numbers by value), and what a selection holds, counted from its ranges and
the rows' marks kept in order (hidden rows, disabled ones), not row by row: 500 rows selected
cost what one does."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Selection:
    """What is selected among the rows shown: how many, how many of them disabled, and the
    source when it is one."""

    count: int = 0
    disabled: int = 0
    one: int | None = None


def sort_key(text: str) -> tuple[str | int, ...]:
    """Case-insensitive, numbers by value: "Podcast 2" before "Podcast 10"."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def within(marks: Sequence[int], top: int, bottom: int) -> int:
    """How many of ``marks`` (rows, ascending) are from ``top`` to ``bottom``."""
    return bisect_right(marks, bottom) - bisect_left(marks, top)


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Row spans (top, bottom) sorted and merged where they touch: each row counted once."""
    rows: list[tuple[int, int]] = []
    for top, bottom in sorted(spans):
        if rows and top <= rows[-1][1] + 1:
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom))
        else:
            rows.append((top, bottom))
    return rows


def counted(spans: Iterable[tuple[int, int]], hidden: Sequence[int], disabled: Sequence[int],
            shown: Callable[[int], bool], source_of: Callable[[int], int]) -> Selection:
    """The selection of ``spans`` (rows), given the places of the hidden rows and of the shown
    disabled ones (ascending); ``shown`` and ``source_of`` ask about one row, and are called
    only to find the source of a selection of one."""
    rows = merged(spans)
    count = sum(b - t + 1 - within(hidden, t, b) for t, b in rows)
    one = None
    if count == 1:
        one = next(source_of(r) for t, b in rows for r in range(t, b + 1) if shown(r))
    return Selection(count, sum(within(disabled, t, b) for t, b in rows), one)
