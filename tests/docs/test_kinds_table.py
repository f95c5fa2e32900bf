"""docs/sources.md's table of kinds is the registry: every kind, in its order, with its default
and minimum interval and its per-host limit."""

from __future__ import annotations

import re

from notify.core.settings import BY_KEY
from notify.core.sources import registry
from tests.docs.pages import REPO, section

SOURCES_PAGE = REPO / "docs" / "sources.md"


def rows() -> list[list[str]]:
    """The first table under "The kinds" (the kinds' own sections have tables of settings)."""
    text = section(SOURCES_PAGE, "The kinds")
    table = re.search(r"^\|.*?(?=\n\n)", text, re.S | re.M)
    assert table
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in table.group(0).splitlines() if line.startswith("| `")]


def test_the_kinds_table_is_the_registry() -> None:
    table = rows()
    assert [r[0].strip("`") for r in table] == registry.kind_ids()
    fetcher_default = BY_KEY["fetch.per_host_limit"].default
    for kind_cell, _what, intervals, per_host in table:
        kind = registry.get(kind_cell.strip("`"))
        default, minimum = (float(n) for n in re.findall(r"(\d+)", intervals)[:2])
        assert (default * 60, minimum * 60) == (kind.default_interval_s, kind.min_interval_s), \
            kind.id
        if kind.host_limit is None:
            assert per_host.startswith("fetcher default"), kind.id
            assert re.findall(r"\d+", per_host) in ([], [str(fetcher_default)]), kind.id
        else:
            assert re.match(rf"{kind.host_limit}\b", per_host), kind.id
