"""The poll benchmark's own parts: the baseline client, child measurement and target checks."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from tests.bench.benchmods import REPO, load, skip_without_corpus

skip_without_corpus()
bp = load("bench_poll", "poll.py")
ff = sys.modules["feedfarm"]


@pytest.mark.parametrize("mode", ["floor", "simple"])
def test_baseline_client_fetches_then_gets_304s(mode: str) -> None:
    small = {"addresses": ff.farm_addresses(2), "latency_s": 0.0, "real_share": 0.0}
    with ff.running_farm(**small) as farm:  # the small feedparser cases: a fast test
        urls = [farm.url_for(f"http://h{i % 3}.test/feed{i}") for i in range(12)]
        state: dict[str, dict[str, str]] = {}
        first = asyncio.run(bp.client_round(mode, urls, state, 4, 2))
        second = asyncio.run(bp.client_round(mode, urls, state, 4, 2))
    assert first["ok"] == 12 and "not_modified" not in first
    assert second["not_modified"] == 12 and "ok" not in second
    assert first["lag_samples"] >= 0 and "lag_p99_ms" in first
    if mode == "simple":
        assert first["entries"] > 0
    else:
        assert "entries" not in first


def test_run_child_measures_that_child_alone(tmp_path: Path) -> None:
    busy = "import time\nt=time.process_time()\nwhile time.process_time()-t<0.2: pass\n"
    child = bp.run_child([sys.executable, "-c", busy], bp.child_env(), tmp_path / "log", tmp_path)
    assert child.exit_code == 0
    assert child.cpu_s >= 0.2
    assert child.wall_s >= child.cpu_s * 0.5
    assert 1 < child.rss_mb < 100  # an interpreter's, not the test process' (~500 MB in a full run)


def test_a_child_started_from_a_large_process_is_measured_at_its_own_size(tmp_path: Path) -> None:
    """Regression: ``wait4``'s max RSS of a child counts the size of the process that started
    it (a bench child spawned from a 500 MB pytest run reported 503 MB)."""
    ballast = bytearray(300 * 1024 * 1024)  # this process grows by 300 MB, touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    busy = "import time\nt=time.process_time()\nwhile time.process_time()-t<0.2: pass\n"
    child = bp.run_child([sys.executable, "-c", busy], bp.child_env(), tmp_path / "log", tmp_path)
    del ballast
    assert 1 < child.rss_mb < 100


def _m(client: str, rnd: int, wall: float, cpu: float, nm: int = 0, rss: float = 60) -> object:
    return bp.Measure(client, rnd, wall, cpu, rss, 670, nm, 1.0, None, 0)


def test_checks_report_pass_and_fail_against_the_targets() -> None:
    rows = {(m.client, m.round): m for m in [
        _m("floor", 1, 8.0, 1.0), _m("newsboat", 1, 17.0, 8.0), _m("simple", 1, 30.0, 20.0),
        _m("notify", 1, 10.0, 6.0), _m("notify", 2, 8.0, 0.5, nm=670, rss=200),
    ]}
    lines = bp.checks(rows, 670, "670")
    text = "\n".join(lines)
    assert "PASS: notify first round 10.00 s = 1.25× the floor" in text
    assert "PASS: notify first round 10.00 s vs Newsboat" in text
    assert "PASS: notify first-round CPU 6.00 s = 0.30×" in text
    assert "PASS: notify second round: 670/670 = 100% answered 304" in text
    assert "PASS: notify second-round CPU 0.50 s = 8% of the first" in text
    assert "FAIL: notify memory at 670 feeds: largest process 200 MB" in text


def test_compared_puts_the_two_checkouts_side_by_side_and_says_status_cpu() -> None:
    rows = {(m.client, m.round): m for m in [
        _m("notify", 1, 1.0, 0.80), _m("notify", 2, 1.0, 0.20, nm=76),
        _m("against", 1, 1.2, 1.00), _m("against", 2, 1.1, 0.25, nm=76),
    ]}
    lines = bp.compared(rows, {"notify": [0.12, 0.10, 0.11], "against": [0.15]})
    assert lines[:2] == ["- `notify status` CPU (notify): 0.110 s (median of 3)",
                         "- `notify status` CPU (against): 0.150 s (median of 1)"]
    assert lines[2].startswith("- round 1 CPU: notify 0.800 s, against 1.000 s (-20%)")
    assert lines[3].startswith("- round 2 CPU: notify 0.200 s, against 0.250 s (-20%)")
    assert lines[4] == "- (against: second-round CPU 0.25 s = 25% of its first)"
    assert bp.compared({k: v for k, v in rows.items() if k[0] == "notify"}, {}) == []


def test_the_script_prints_its_table_and_writes_the_docs(tmp_path: Path) -> None:
    import subprocess

    docs = tmp_path / "benchmarks.md"
    docs.write_text("old figures\n\n## Findings\nkept by hand\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "poll.py"), "--quick", "--clients", "floor",
         "--latency", "0", "--addresses", "2", "--write-docs", str(docs)],
        capture_output=True, text=True, timeout=120, env=bp.child_env(), check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "| floor | 1 |" in done.stdout and "| floor | 2 |" in done.stdout
    assert "| 76 | 76 | " in done.stdout  # second round: 76 requests, 76 answered 304
    text = docs.read_text(encoding="utf-8")
    assert "### 76 feeds" in text and "old figures" not in text
    assert text.rstrip().endswith("## Findings\nkept by hand")
