"""bench/drift_breakdown.py: where days 16–30 go for drifting users (docs/ranking.md,
seventeenth round)."""

from __future__ import annotations

import sys
from types import SimpleNamespace
from typing import Any

import pytest

from tests.bench.benchmods import SHARED, load

drift = load("bench_drift_breakdown", "drift_breakdown.py")


def pref(likes: tuple[tuple[tuple[str, str], ...], ...],
         avoid: tuple[tuple[str, str], ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(likes=likes, avoid=avoid)


def test_a_preference_s_kind_is_read_from_its_atoms() -> None:
    assert drift.kind_of(pref(((("source", "huffpost/sports"),), (("source", "x"),)))) == "topics"
    assert drift.kind_of(pref(((("tag", "newspolitics"),), (("tag", "weightloss"),)))) == "topics"
    assert drift.kind_of(pref(((("author", "Lee Moran"),),))) == "authors"
    assert drift.kind_of(pref(((("source", "s"), ("keyword", "rugby")),))) == "focused"
    assert drift.kind_of(pref(((("source", "s"),), (("keyword", "nuclear"),)),
                              (("keyword", "tories"),))) == "mixed"
    # MIND's keyword users: a keyword and named entities (tags)
    assert drift.kind_of(pref(((("keyword", "goal"),), (("tag", "Ohio"),)))) == "keywords"


def sent(day: int, why: str, wanted: bool, label: str, *, old: bool = False) -> dict[str, Any]:
    return {"day": day, "why": why, "p": 0.5, "wanted": wanted, "old": old, "new": wanted,
            "source": "s", "label": label}


def test_the_report_splits_the_loss_and_follows_the_first_like_after_the_alarm(
        capsys: pytest.CaptureFixture[str]) -> None:
    oracle = [2] * 30
    row = {"uid": 7, "kinds": ["topics", "focused"], "prefs": ["a", "b"], "alarms": [16],
           "oracle": oracle, "wanted": oracle, "p_like": 0.8, "p_dismiss": 0.4,
           "sent": [sent(10, "sure", False, "like", old=True),  # first taste: not counted
                    sent(15, "sure", False, "dismiss", old=True),  # day 16, before the alarm
                    sent(16, "sure", False, "ignore", old=True),  # day 17, the alarm's day
                    sent(17, "change", False, "dismiss"),
                    sent(18, "change", True, "like"),  # the first Like after the alarm
                    sent(19, "sure", True, "like"), sent(20, "sure", False, "ignore")]}
    drift.report([row])
    out = capsys.readouterr().out
    assert "old-taste notifications from day 16 up to the alarm (or day 30): 2" in out
    assert "search items after an alarm: 2, wanted 1, liked 1" in out
    # after day 19's Like: days 20-30 hold 22 of the oracle, 2 notified, 1 wanted
    assert "first Like after an alarm wanted: 1 users; after it 2 notified, 1 wanted, " \
        "the oracle's count 22" in out
    # oracle 30 over days 16-30; days 16-18 (6) missed before the first wanted notification,
    # 24 - 2 after it; 2 old-taste items sent as sure and 1 unwanted search item, half each
    assert "as a share of the oracle's 30: wanted missed before the first wanted notification " \
        "0.20, after it 0.73; old-taste items sent as sure 0.03; unwanted search items 0.02" in out
    assert "focused     1   1    2" in out


# The harness' corpus loader (../shared, read-only) leaves its files for the GC to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_one_drifting_user_is_run_through_the_product(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SHARED / "eval" / "notifyeval").is_dir():
        pytest.skip(f"the evaluation harness is absent ({SHARED / 'eval'})")
    monkeypatch.syspath_prepend(str(SHARED / "eval"))
    from notifyeval import corpora, runner, users

    corpus = corpora.load("mind")
    users.atom_index(corpus)
    user = next(u for u in runner.population(corpus, 10, 0) if u.archetype == "drift")
    row = drift.run_user(corpus, user, "full")
    assert len(row["oracle"]) == 30 and len(row["kinds"]) == 2
    assert row["sent"] and all(x["label"] in ("like", "dismiss", "ignore") for x in row["sent"])
    late = [x for x in row["sent"] if x["day"] >= drift.DRIFT]
    assert all(x["wanted"] == x["new"] for x in late)  # from day 16 the new taste decides
    assert "notifyeval" in sys.modules
