"""bench/ranking.py: where the harness' results go and are read from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bench.benchmods import REPO, load


def test_results_are_written_and_read_in_one_folder_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NOTIFY_EVAL_OUT", raising=False)
    monkeypatch.chdir(tmp_path)  # not the repository root
    sys.modules.pop("bench_ranking_elsewhere", None)
    ranking = load("bench_ranking_elsewhere", "ranking.py")
    try:
        assert ranking.OUT == REPO / "eval-results"  # read from here …
        seen: dict[str, Any] = {}
        monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: seen.update(kw))
        ranking.run("newsblur", "mind", "full", 3)
        assert seen["env"]["NOTIFY_EVAL_OUT"] == str(ranking.OUT)  # … and written there
    finally:
        sys.modules.pop("bench_ranking_elsewhere", None)


def test_the_cost_line_says_the_wall_clock_without_waiting_for_a_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--cost`` on a shared machine: the time waited for a core (Linux's run delay) is taken
    out of a second wall-clock figure, never more than was waited."""
    import re

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    sys.modules.pop("bench_ranking_cost", None)
    ranking = load("bench_ranking_cost", "ranking.py")
    try:
        if ranking._waited_ns() is None:
            pytest.skip("this system does not say how long a thread waited for a core")
        line = ranking.measure_cost(days=2, per_day=20, reactions=3)
    finally:
        sys.modules.pop("bench_ranking_cost", None)
    walls = [float(v) for v in re.findall(r"feedback (\d+\.\d+) ms", line)]
    assert len(walls) == 2, line  # with the waiting, then without it
    assert 0 < walls[1] <= walls[0], line
    assert "wall without waiting for a core" in line
