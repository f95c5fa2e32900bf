"""bench/ranking_calibration.py: each day's items by the model's p (docs/ranking.md, eighteenth
round)."""

from __future__ import annotations

import pytest

from tests.bench.benchmods import load

calibration = load("bench_ranking_calibration", "ranking_calibration.py")


def test_a_p_falls_in_the_band_that_holds_it() -> None:
    assert calibration.band(0.0) == 0
    assert calibration.band(0.12) == calibration.BANDS.index(0.1)
    assert calibration.band(1 / 3) == calibration.BANDS.index(1 / 3)  # at the bar: above it
    assert calibration.band(1.0) == len(calibration.BANDS) - 2


def test_the_report_adds_up_the_users_and_says_what_was_missed(
        capsys: pytest.CaptureFixture[str]) -> None:
    low = calibration.band(0.08)
    rows = [{"kind": "topics", "cells": {f"8-30 {low}": [100, 2, 1, 0]}},
            {"kind": "keywords", "cells": {f"8-30 {low}": [300, 2, 0, 0]}}]
    calibration.report(rows)
    out = capsys.readouterr().out
    assert "[0.060, 0.100)      400       4 (0.010)      1      0      4" in out
