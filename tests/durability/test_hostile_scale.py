"""Hostile sources at a CI-affordable scale (100 sources, 10 hostile, one of each kind): the
round finishes, every hostile source reports its own clear error, every other source succeeds,
and the round's max RSS stays within 50 MB of a clean round's. The 1,000-source run is
``bench/hostile.py``; its figures are in docs/reliability.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.durability.hostile_round import HOSTILE, compare


@pytest.mark.slow
def test_a_round_with_a_tenth_hostile_sources(tmp_path: Path) -> None:
    result = compare(tmp_path, sources=100, hosts=5)
    print("\n".join(result.lines()))
    clean, hostile = result.clean, result.hostile
    assert clean.exit_code == 0 and clean.problems() == []
    assert hostile.exit_code in (0, 1), hostile.report
    assert sorted(hostile.kinds.values()) == sorted(HOSTILE), "one source of each hostile kind"
    assert hostile.problems() == []
    assert hostile.report["failed"] >= 7  # drip, huge, bomb, loop, 429, 500, reset
    assert result.rss_delta_mb <= 50, result.lines()
    assert hostile.wall_s < 120, "the slow-drip source is cut off by the fetch deadline (30 s)"
