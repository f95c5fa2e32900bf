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
