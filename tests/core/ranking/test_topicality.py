"""Where lead words occur (``topicality.Places``): a word whose items concentrate in one place
says what an item is about; exploring spends its tests on such words of a liked item, not on
its common ones (docs/ranking.md, nineteenth round)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notify.core.ranking import topicality
from notify.core.ranking.features import ItemText
from notify.core.ranking.profile import Profile
from notify.core.ranking.service import RankingService
from notify.core.ranking.topicality import Places
from notify.core.store import feedback as store
from notify.core.store.sources import transaction
from tests.core.ranking.conftest import T0
from tests.core.ranking.test_service import UTC
from tests.core.test_engine import make_engine


def ALL(word: str) -> bool:
    return True


def item(source: str, *words: str, group: str | None = None) -> dict[str, float]:
    x = {"src:" + source: 1.0, "bias": 1.0, **{"w:" + w: 1.0 for w in words}}
    if group is not None:
        x["grp:" + group] = 1.0
    return x


def stream(n: int = 10) -> list[dict[str, float]]:
    """``n`` rounds of items in five sources of equal size: "rugby" only in Sport, "said"
    in every source, "budget" in Politics and, as often, elsewhere."""
    xs: list[dict[str, float]] = []
    for r in range(n):
        for source in ("Sport", "Politics", "Tech", "Arts", "Travel"):
            words = ["said", f"only{r}{source}"]
            if source == "Sport":
                words.append("rugby")
            if source in ("Politics", "Tech") or (source == "Arts" and r % 2):
                words.append("budget")
            xs.append(item(source, *words))
    return xs


def test_a_word_concentrated_in_one_place_is_topical_a_spread_one_is_not() -> None:
    places = Places()
    places.count(stream(2), ALL)
    assert not places.topical("rugby")  # seen twice: not judged yet
    places.count(stream(8), ALL)
    assert places.topical("rugby")  # all of its items in a fifth of the stream
    assert not places.topical("said")  # everywhere
    assert not places.topical("budget")  # Politics holds only two fifths of it
    assert not places.topical("unknown")


def test_a_word_of_a_large_place_needs_most_of_its_items_there() -> None:
    """In a place holding half of everything a lift of 3 is out of reach: the word is topical
    when at least 80 % of its items are there."""
    places = Places()
    xs = [item("Politics", "senate", "vote") for _ in range(8)]
    xs += [item("Politics", "vote") for _ in range(2)]
    xs += [item("Sport", "senate") for _ in range(2)] + [item("Sport", "vote") for _ in range(8)]
    places.count(xs, ALL)
    assert places.topical("senate")  # 8 of 10 in Politics
    assert not places.topical("vote")  # 10 of 18


def test_with_a_single_source_every_recurring_word_is_topical() -> None:
    """One feed only: nothing tells its words apart, and exploring tests them as before."""
    places = Places()
    places.count([item("Blog", "rust", "said") for _ in range(5)], ALL)
    assert places.topical("rust") and places.topical("said")


def test_a_group_is_the_place_of_its_feeds_items() -> None:
    """A subject followed in several feeds filed in one folder: its words concentrate in the
    folder, not in any one feed."""
    places = Places()
    xs = [item(f"Tech blog {i % 4}", "rust", group="Programming") for i in range(12)]
    xs += [item(s, "said") for s in ("News", "Sport", "Arts") for _ in range(12)]
    places.count(xs, ALL)
    assert places.topical("rust")
    assert "grp:Programming" in places.places and "src:Tech blog 0" not in places.places


def test_a_word_keeps_its_commonest_places_and_its_true_count(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a word's commonest places are kept: one spread over many places never looks
    concentrated because the others were dropped."""
    monkeypatch.setattr(topicality, "MAX_PLACES_A_WORD", 2)
    places = Places()
    places.count([item(f"Feed {i}", "said") for i in range(30)] + [item("Feed 0", "said")], ALL)
    counts = places.words["said"]
    assert counts[0] == 31 and len(counts) == 5 and counts[1:3] == [0, 2]
    assert not places.topical("said")


def test_only_the_words_a_reaction_made_likelier_are_followed() -> None:
    places = Places()
    followed = {"rugby", "said"}
    places.count(stream(10), lambda w: w in followed)
    assert set(places.words) == {"rugby", "said"} and places.words["rugby"][0] == 10
    assert sum(items for _, items in places.places.values()) == 50  # every item, in its place
    followed.discard("said")
    assert places.keep(lambda w: w in followed) and set(places.words) == {"rugby"}
    assert places.names == ["rugby"]
    assert not places.keep(lambda w: w in followed)


def liked(profile: Profile, *words: str, evidence: float = 1.5) -> None:
    rows = {"w:" + w: [evidence, 1.0, T0] for w in words}
    profile.weights.table.update(rows)
    store.save_weights(profile.conn, rows)


def test_places_are_stored_with_the_profile_kept_to_the_most_frequent_words_and_reset(
        conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topicality, "MAX_WORDS", 8)
    profile = Profile(conn)
    liked(profile, "rugby", "said", "budget", *(f"only{r}Sport" for r in range(10)))
    liked(profile, "disliked", evidence=-2.0)
    profile.count_seen(stream(10) + [item("Arts", "disliked")] * 5, T0)
    assert "disliked" not in profile.places.words
    assert len(profile.places.words) <= 8 and "rugby" in profile.places.words
    again = Profile(conn)  # read back
    assert again.places.words == profile.places.words
    assert again.places.topical("rugby") and not again.places.topical("said")
    assert again.places.names == sorted(again.places.words)
    liked(again, "said", evidence=0.01)  # next to nothing left: dropped
    again.prune(T0)
    assert "said" not in Profile(conn).places.words and "rugby" in Profile(conn).places.words
    again.reset()
    assert not again.places.words and not Profile(conn).places.words


def test_a_renamed_source_keeps_its_place(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    sport = engine.add_source("feed", "https://example.org/sport", "Sport")
    profile = Profile(engine.conn)
    liked(profile, "rugby")
    with transaction(engine.conn):
        profile.count_seen(stream(10), T0)
        store.save_weights(engine.conn, {"src:Sport": [2.0, 3.0, T0]})  # something learnt
    engine.update_source(sport.id, title="BBC Sport")
    places = Profile(engine.conn).places
    assert "src:BBC Sport" in places.places and "src:Sport" not in places.places
    assert places.topical("rugby")
    engine.close()


def test_exploring_tests_a_liked_items_topical_word_not_its_common_one(
        conn: sqlite3.Connection) -> None:
    """A first-run thumb on "Rugby: the squad is set …": "rugby" is worth a test, "set"
    (in every source's items) is not, though it recurs more."""
    s = RankingService(conn, settings=UTC)
    lead = "Rugby squad set " + " ".join(f"filler{n}" for n in range(17))
    s.learn_text(ItemText(lead, source="Wales"), "like", T0)
    day = [ItemText(f"Rugby fixture {i} news", source="Sport") for i in range(6)]
    day += [ItemText(f"Plan {i} set {topic}", source=source) for i in range(4)
            for source, topic in (("Politics", "budget"), ("Tech", "chips"),
                                  ("Arts", "opera"), ("Travel", "trains"))]
    day += [ItemText(f"Item {i} about {source.lower()}", source=source) for i in range(6)
            for source in ("Sport", "Politics", "Tech", "Arts", "Travel")]
    ranked = s.rank_texts(day, T0)
    tested = [(day[i].title, r.choice.reason) for i, r in enumerate(ranked)
              if r.choice.reason.startswith("exploring")]
    assert tested and all(t.startswith("Rugby") for t, _ in tested)
    assert all(why.startswith("exploring whether you care about the word “rugby”: ")
               for _, why in tested)  # the test says what it tests
    assert s.profile.places.topical("rugby") and not s.profile.places.topical("set")
