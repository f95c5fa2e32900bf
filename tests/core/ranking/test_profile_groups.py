"""``Profile.top`` lists each learned row in the group that says what it does to items, as
``Learner.contributions`` measures it: More of pushes items up; Less of (a word the person
cannot stand) pushes every item with it down, by its ``push``; Not a reason on its own (a
liked-side feature, or a stated interest, with evidence against it) pushes no item down.
Through the real service on a real SQLite profile."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from notify.core.policy import PolicySettings
from notify.core.ranking.explain import SAID
from notify.core.ranking.features import ItemText
from notify.core.ranking.learner import logit, sigmoid
from notify.core.ranking.profile import parse_term
from notify.core.ranking.profile_groups import (
    LESS_OF,
    MORE_OF,
    NOT_A_REASON,
    FeatureView,
    veto_push,
)
from notify.core.ranking.service import RankingService
from tests.core.ranking.conftest import T0, Feed

UTC = PolicySettings(utc_offset_s=0)
SPORTS = ["Dodgers win game three behind late homer", "Serena Williams wins opening match",
          "Steelers rally past Browns in overtime", "Warriors beat Celtics for the title",
          "Messi scores twice as Argentina advance", "Record crowd watches women's final"]
POLITICS = ["Senate passes budget bill after long night", "Governor signs voting law",
            "House panel subpoenas former aide", "President vetoes spending measure",
            "Campaign ads flood swing states"]


def huffpost(title: str, source: str, n: int) -> ItemText:
    return ItemText(title, title, source=source, link=f"https://www.huffpost.com/entry/{n}",
                    source_url=f"https://{source.lower().replace(' ', '')}.example/feed")


def walkthrough(conn: sqlite3.Connection) -> RankingService:
    """6 Likes of HuffPost Sports items, 5 Dismisses of Politics items, all on huffpost.com."""
    s = RankingService(conn, settings=UTC)
    for n, title in enumerate(SPORTS):
        s.learn_text(huffpost(title, "HuffPost Sports", n), "like", T0)
    for n, title in enumerate(POLITICS):
        s.learn_text(huffpost(title, "HuffPost Politics", 10 + n), "dismiss", T0)
    return s


def by_name(views: list[FeatureView]) -> dict[str, FeatureView]:
    return {v.name: v for v in views}


def test_a_site_ruled_out_by_dismisses_is_not_a_reason_and_pushes_no_item_down(
        conn: sqlite3.Connection) -> None:
    """User walkthrough (issue 4): the site was listed as "Less of (pushes items down)". It is
    not a reason on its own, with its weight (the row's evidence); on an item of the liked
    source, and on a new one of the dismissed source, it takes away less than explain says."""
    s = walkthrough(conn)
    learned = s.profile.top(100, T0)
    assert learned.less_of == []  # no word is one they cannot stand
    ruled_out = by_name(learned.not_a_reason)
    site = ruled_out["site:huffpost.com"]
    assert site.group == NOT_A_REASON and site.push is None and site.shown == site.weight
    assert site.weight == pytest.approx(s.profile.weights.get("site:huffpost.com", T0)[0])
    assert site.weight < -5  # firmly ruled out as a reason, yet:
    assert "src:HuffPost Politics" in ruled_out
    assert all(v.group == MORE_OF and v.weight > 0 for v in learned.more_of)
    assert all(v.weight < 0 for v in learned.not_a_reason)
    for item in (huffpost("Dodgers clinch the division", "HuffPost Sports", 50),
                 huffpost("Senate passes another bill", "HuffPost Politics", 51)):
        pushes = dict(s.explain_text(item, T0).features)
        assert abs(pushes.get("site:huffpost.com", 0.0)) < SAID, pushes


def test_every_row_not_a_reason_lowers_no_item_below_what_the_rest_of_it_makes_it(
        conn: sqlite3.Connection) -> None:
    """What "pushes no item down" means, checked for every row of the group: an item with
    the feature is at least as likely as the same item without it; what the feature gave up
    is its own prior, the chance an unknown one of its kind starts with (a source's 1.5 %),
    whatever its weight."""
    s = walkthrough(conn)
    learner = s.profile.learner
    rows = s.profile.top(100, T0).not_a_reason
    assert len(rows) > 10
    items = [huffpost(t, src, 60 + n) for n, (t, src) in enumerate((
        ("Dodgers clinch the division", "HuffPost Sports"),
        ("President signs the budget bill", "HuffPost Politics"),
        ("Governor vetoes voting measure", "HuffPost Sports")))]
    checked = 0
    for item in items:
        x, _words = s.featurize(item)
        for v in rows:  # (a word taken out would take its veto row out with it)
            if v.name in x and not v.name.startswith("w:"):
                without = {n: w for n, w in x.items() if n != v.name}
                assert learner.prob(x, T0) >= learner.prob(without, T0), (v.name, item)
                checked += 1
    assert checked >= 4
    for v in rows:
        [atom], _veto = learner.atoms({v.name: 1.0})
        given_up = sigmoid(atom.prior) - learner.prob({v.name: 1.0}, T0)
        assert 0.0 <= given_up <= sigmoid(atom.prior) < 0.02, v.name


def test_a_word_they_cannot_stand_is_less_of_with_its_push_on_every_item(
        conn: sqlite3.Connection) -> None:
    """A vetoed word once believed (``FIRM_VETO``) is Less of; the number shown is how far it
    lowers the chance of every item with it (its evidence, −8 and more, is no push: a word
    believed at 50 % halves the chance, log 0.5 = −0.69), as ``contributions`` measures it on
    an item unlikely anyway."""
    tech = Feed(conn, "tech")
    s = RankingService(conn, settings=UTC)
    for n in range(6):
        s.feedback(tech.add(f"alpha{n} beta{n}"), "like", T0)  # nothing shared but the source
    s.rank_texts([], T0)  # past the first round: the Dismissals are read against the Likes
    for title in ("Tories plan", "Tories again", "Tories once more", "Tories yet again"):
        s.feedback(tech.add(title), "dismiss", T0)
    learned = s.profile.top(100, T0)
    [tories] = [v for v in learned.less_of if v.name == "not:w:tories"]
    evidence = s.profile.weights.get("not:w:tories", T0)[0]
    prior = logit(s.profile.config.p_veto)
    r = sigmoid(prior + evidence)
    assert tories.group == LESS_OF and tories.weight == pytest.approx(-evidence)
    assert tories.push == pytest.approx(math.log((1 - r) / (1 - sigmoid(prior))))
    assert tories.shown == tories.push and tories.push == veto_push(prior, evidence)
    assert -evidence < tories.push < 0
    unlikely = ItemText("Tories gardening", source="elsewhere")
    pushed = dict(s.explain_text(unlikely, T0).features)["not:w:tories"]
    assert pushed == pytest.approx(tories.push, abs=0.05)
    likely = ItemText("Tories plan alpha1 beta1", source="tech",
                      source_url="https://tech.example/feed")
    assert dict(s.explain_text(likely, T0).features)["not:w:tories"] < tories.push


def test_a_stated_interest_the_reactions_outweigh_is_not_a_reason_not_less_of(
        conn: sqlite3.Connection) -> None:
    """An interest stated, then its items dismissed again and again: its row (the interest's
    push with what the reactions taught) turns negative. The learner then treats it as any
    word not liked: it is no longer a reason to notify, and pushes no item down."""
    s = RankingService(conn, settings=UTC)
    s.interests(add=[parse_term("keyword:climate")])
    for n in range(12):
        s.learn_text(ItemText(f"Climate story {n}", f"climate item{n}", source="Science"),
                     "dismiss", T0)
    learned = s.profile.top(100, T0)
    name = "int:keyword:climate"
    assert name not in by_name(learned.more_of) and name not in by_name(learned.less_of)
    row = by_name(learned.not_a_reason)[name]
    assert row.weight < 0 and row.push is None
    item = ItemText("Climate talks", source="World")
    x, _words = s.featurize(item)
    without = {n: w for n, w in x.items() if n != name}
    learner = s.profile.learner
    assert learner.prob(x, T0) >= learner.prob(without, T0)


def test_more_of_shows_the_evidence_that_counts_not_more_than_makes_a_belief_sure(
        conn: sqlite3.Connection) -> None:
    """Regression: a source liked fifty times showed +254.8 under More of ("+2.3 makes an item
    ten times likelier"), though the belief stops at ``MAX_BELIEF`` and past about +11 nothing
    changes; two sources exactly as strong were listed as if one were far stronger."""
    from notify.core.ranking.learner import MAX_BELIEF

    def unique(n: int) -> str:  # words no other item has: each Like credits the source
        word = "".join(chr(97 + n // 26 ** k % 26) for k in range(3))
        return f"{word}zor {word}quel"

    s = RankingService(conn, settings=UTC)
    for n in range(50):
        s.learn_text(huffpost(unique(n), "HuffPost Sports", n), "like", T0)
    for n in range(12):
        s.learn_text(huffpost(unique(100 + n), "HuffPost Arts", 100 + n), "like", T0)
    raw = s.profile.weights.get("src:HuffPost Sports", T0)[0]
    prior = s.profile.learner.prior("src:HuffPost Sports")
    most = logit(MAX_BELIEF) - prior
    assert raw > most + 5  # far past what counts
    more = by_name(s.profile.top(50, T0).more_of)
    sports, arts = more["src:HuffPost Sports"], more["src:HuffPost Arts"]
    assert sports.weight == pytest.approx(most)
    assert arts.weight <= most
    # the shown weight is what the learner believes: the belief at the cap
    assert sigmoid(prior + sports.weight) == pytest.approx(MAX_BELIEF)
    # a weight under the cap is shown as learned
    assert all(v.weight == pytest.approx(s.profile.weights.get(v.name, T0)[0])
               for v in more.values()
               if s.profile.weights.get(v.name, T0)[0] < 5 and not v.name.startswith("int:"))


def test_sources_as_sure_as_each_other_are_listed_more_reactions_first(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    """Past the weight that makes a belief sure every source shows the same number: the one
    more reactions stand behind comes first."""
    path = tmp_path / "sure.json"
    path.write_text(json.dumps({"format": "notify-profile", "version": 3, "weights": {
        "src:Few": {"weight": 40.0, "certainty": 3.0},
        "src:Many": {"weight": 30.0, "certainty": 40.0},
        "src:Less sure": {"weight": 4.0, "certainty": 90.0}}}))
    s = RankingService(conn, settings=UTC)
    s.import_(path)
    more = s.profile.top(10).more_of
    assert [v.name for v in more] == ["src:Many", "src:Few", "src:Less sure"]
    assert more[0].weight == more[1].weight == pytest.approx(
        logit(0.999) - s.profile.learner.prior("src:Many"))


def test_an_imported_word_pair_is_listed_as_learned(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    """Regression: a file may hold a word pair (``ww:``, a family the learner does not use);
    capping More of read every row's prior, and a pair has none: ``show`` raised ValueError."""
    path = tmp_path / "pair.json"
    path.write_text(json.dumps({"format": "notify-profile", "version": 3, "weights": {
        "ww:rust compiler": {"weight": 2.0, "certainty": 2.0},
        "src:LWN": {"weight": 3.0, "certainty": 3.0}}}))
    s = RankingService(conn, settings=UTC)
    s.import_(path)
    more = by_name(s.profile.top(10).more_of)
    assert more["ww:rust compiler"].weight == pytest.approx(2.0, abs=0.01)
    assert more["src:LWN"].weight == pytest.approx(3.0, abs=0.01)
