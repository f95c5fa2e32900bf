"""bench/ranking_bound.py: the bounds of docs/ranking.md (stated interests; what a liked
first-run sample points at; and every whole section, found)."""

from __future__ import annotations

import sys

import pytest

from tests.bench.benchmods import SHARED, load

bound = load("bench_ranking_bound", "ranking_bound.py")


def test_report_prints_one_share_per_kind_and_their_mean() -> None:
    shares = {"stated": {"topics": [1.0, 0.5], "keywords": [0.0]},
              "leads": {"topics": [1.0, 1.0], "keywords": [0.5]},
              "thumbs": {"topics": [0.0, 0.5], "keywords": [0.0]},
              "sections": {"topics": [1.0, 1.0], "keywords": [0.5]}}
    later = {"stated": 0.4, "leads": 0.7, "thumbs": 0.2, "sections": 0.9}
    lines = bound.report({"dataset": "d", "users": 3, "topical_keywords": 7, "unstated": 2,
                          "touched": 1, "shares": shares, "later": later})
    rows = {line.split(" | ")[0]: line for line in lines if line.startswith("| ")}
    assert "0.00 (n=1) | 0.75 (n=2) | 0.500 |" in rows["| stated interests alone"]
    assert "0.50 (n=1) | 1.00 (n=2) | 0.833 |" in rows[
        "| stated interests and what a liked first-run sample satisfies (full onboarding)"]
    assert "0.00 (n=1) | 0.25 (n=2) | 0.167 |" in rows[
        "| what a liked first-run sample satisfies (thumbs onboarding)"]
    assert "0.50 (n=1) | 1.00 (n=2) | 0.833 |" in rows[
        "| the above (full onboarding) and every whole section of either taste, as if searching "
        "sections always found them"]
    assert any(line.startswith("recall on days 8-30") and "leads 0.700, thumbs 0.200, "
               "sections 0.900" in line for line in lines)
    assert any("2, of which a liked first-run sample item contains 1" in line for line in lines)


# The harness' corpus loader (../shared, read-only) leaves its files for the GC to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_analyse_reads_the_harness_users(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SHARED / "eval" / "notifyeval").is_dir():
        pytest.skip(f"the evaluation harness is absent ({SHARED / 'eval'})")
    monkeypatch.syspath_prepend(str(SHARED / "eval"))
    result = bound.analyse("mind", 6)
    for bound_shares in result["shares"].values():
        shares = [x for values in bound_shares.values() for x in values]
        assert len(shares) == 6 and all(0.0 <= x <= 1.0 for x in shares)
    stated, leads = (sum(x for v in result["shares"][b].values() for x in v)
                     for b in ("stated", "leads"))
    sections = sum(x for v in result["shares"]["sections"].values() for x in v)
    assert sections >= leads >= stated  # knowing more clauses reaches at least as much
    assert set(result["later"]) == set(result["shares"])
    assert result["topical_keywords"] > 0 and result["touched"] <= result["unstated"]
    assert "notifyeval" in sys.modules
