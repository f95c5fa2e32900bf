"""bench/ranking_bound.py: the stated-interests bound of docs/ranking.md."""

from __future__ import annotations

import sys

import pytest

from tests.bench.benchmods import SHARED, load

bound = load("bench_ranking_bound", "ranking_bound.py")


def test_report_prints_one_share_per_kind_and_their_mean() -> None:
    lines = bound.report({"dataset": "d", "users": 3, "topical_keywords": 7, "unstated": 2,
                          "touched": 1, "shares": {"topics": [1.0, 0.5], "keywords": [0.0]}})
    row = next(line for line in lines if line.startswith("| stated"))
    assert "0.00 (n=1) | 0.75 (n=2) | 0.50 |" in row  # keywords, topics, all users
    assert any("2, of which a liked first-run sample item contains 1" in line for line in lines)


# The harness' corpus loader (../shared, read-only) leaves its files for the GC to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_analyse_reads_the_harness_users(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SHARED / "eval" / "notifyeval").is_dir():
        pytest.skip(f"the evaluation harness is absent ({SHARED / 'eval'})")
    monkeypatch.syspath_prepend(str(SHARED / "eval"))
    result = bound.analyse("mind", 6)
    shares = [x for values in result["shares"].values() for x in values]
    assert len(shares) == 6 and all(0.0 <= x <= 1.0 for x in shares)
    assert result["topical_keywords"] > 0 and result["touched"] <= result["unstated"]
    assert "notifyeval" in sys.modules
