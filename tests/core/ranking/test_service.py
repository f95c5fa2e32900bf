from __future__ import annotations

import sqlite3
import time

import pytest

from notify.core import policy
from notify.core.errors import UnknownItemError, UserInputError
from notify.core.models import Decision
from notify.core.policy import PolicySettings
from notify.core.ranking.profile import parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import items as items_store
from notify.core.store import sources as sources_store
from tests.core.ranking.conftest import T0, Feed

DAY = 86400.0
UTC = PolicySettings(utc_offset_s=0)


def svc(conn: sqlite3.Connection, **kw: object) -> RankingService:
    return RankingService(conn, settings=PolicySettings(utc_offset_s=0, **kw),  # type: ignore[arg-type]
                          explore=False)


def test_likes_teach_it_to_notify_that_topic_and_records_why(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, sport = feeds
    s = svc(conn)
    for i in range(6):
        liked = tech.add(f"Rust compiler release {i}", "borrow checker improvements")
        s.feedback(liked, "like", T0)
        dismissed = sport.add(f"Golf open round {i}", "birdie on the ninth")
        s.feedback(dismissed, "dismiss", T0)
    new_tech = tech.add("Rust borrow checker gets faster", "compiler news")
    new_sport = sport.add("Golf masters preview", "tee times")
    planned = s.process_new([new_tech, new_sport], T0 + DAY)
    assert [p.item_ids for p in planned] == [(new_tech,)]
    a, b = items_store.get(conn, new_tech), items_store.get(conn, new_sport)
    assert a.decision == Decision.NOTIFY and a.notified_at == T0 + DAY and a.score is not None
    assert b.decision == Decision.SILENT and "not likely" in (b.decision_reason or "")
    # never twice
    assert s.process_new([new_tech], T0 + DAY + 60) == []


def test_backlog_of_a_new_source_is_never_notified(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, _ = feeds
    s = svc(conn)
    s.pin(parse_term("keyword:rust"), "always")
    item = tech.add("Rust everywhere")
    assert s.process_new([item], T0, backlog_source_ids=[tech.source.id]) == []
    assert "newly added" in (items_store.get(conn, item).decision_reason or "")


def test_pins_alert_and_block(conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    tech, sport = feeds
    s = svc(conn)
    s.pin(parse_term("keyword:rust"), "always")
    s.pin(parse_term("source:sport"), "never")
    a, b = tech.add("Rust 2.0"), sport.add("Rust on old golf clubs")
    planned = s.process_new([a, b], T0)
    assert [p.item_ids for p in planned] == [(a,)]
    # said as the Profile page lists the pins (Always notify: “rust”), not 'keyword 'rust''
    assert items_store.get(conn, a).decision_reason == "your alert for “rust”"
    assert items_store.get(conn, b).decision_reason == "you blocked source “sport”"


def test_undo_restores_the_profile_exactly(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, _ = feeds
    s = svc(conn)
    first = tech.add("Rust compiler")
    s.feedback(first, "like", T0)
    before = dict(s.profile.weights.table)
    second = tech.add("Rust async runtime")
    s.feedback(second, "dismiss", T0 + 5)
    assert s.profile.weights.table != before
    assert s.undo_last() is not None
    assert s.profile.weights.table == before
    assert RankingService(conn).profile.weights.table == before  # and in SQLite
    assert items_store.get(conn, second).reaction is None


def test_a_dismiss_applies_to_the_whole_story(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, sport = feeds
    s = svc(conn)
    s.pin(parse_term("keyword:iphone"), "always")
    a = tech.add("Apple unveils new iPhone with satellite messaging")
    b = sport.add("Apple unveils new iPhone with satellite messaging feature")
    planned = s.process_new([a, b], T0)
    assert len(planned) == 1 and set(planned[0].item_ids) == {a, b}
    lead, other = (items_store.get(conn, i) for i in planned[0].item_ids)  # the best leads
    assert planned[0].body == f"{lead.source_title} — also in: {other.source_title}"
    s.feedback(a, "dismiss", T0 + 60)
    assert items_store.get(conn, b).reaction == "dismiss"


def test_taking_back_a_story_dismiss_takes_it_back_on_every_copy(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    """Undoing (or replacing) the Dismiss of a story leaves none of its copies dismissed, and
    a copy the person reacted to on its own keeps that reaction."""
    tech, sport = feeds
    s = svc(conn)
    s.pin(parse_term("keyword:iphone"), "always")
    a = tech.add("Apple unveils new iPhone with satellite messaging")
    b = sport.add("Apple unveils new iPhone with satellite messaging feature")
    s.process_new([a, b], T0)
    said = s.feedback(a, "dismiss", T0 + 60).summary()
    assert said == f"Noted: dismiss on item {a} and on the same story's 1 other copy."
    assert items_store.get(conn, b).reaction == "dismiss"
    assert s.feedback(b, "dismiss", T0 + 65).summary() == (
        f"Item {b} is already dismissed: nothing changed.")  # the story counts once
    undone = s.undo_last()  # says it took the story's copy back too, as the Dismiss said
    assert undone is not None and undone.what == (
        f"your dismiss of item {a} and of the same story's 1 other copy")
    assert [items_store.get(conn, i).reaction for i in (a, b)] == [None, None]
    s.feedback(a, "dismiss", T0 + 70)
    s.feedback(a, "like", T0 + 80)  # replaces the Dismiss: the story is no longer dismissed
    assert [items_store.get(conn, i).reaction for i in (a, b)] == ["like", None]
    s.feedback(b, "open", T0 + 90)  # a reaction of the copy's own
    s.feedback(a, "dismiss", T0 + 100)
    assert items_store.get(conn, b).reaction == "open"  # the person's own answer stays
    undone = s.undo_last(T0 + 110)  # the Dismiss, which had replaced the Like: liked again
    assert undone is not None and undone.what == f"your dismiss of item {a} (it is liked again)"
    assert [items_store.get(conn, i).reaction for i in (a, b)] == ["like", "open"]


def test_daily_budget_counts_earlier_rounds(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, _ = feeds
    s = svc(conn, daily_budget=2, grouping=False)
    s.interests(add=[parse_term("keyword:rust")])  # likely enough (not an alert: past budgets)
    first = [tech.add(f"Rust {w} story") for w in ("alpha", "beta")]
    assert len(s.process_new(first, T0)) == 2
    later = tech.add("Rust gamma story")
    assert s.process_new([later], T0 + 3600) == []
    assert "budget" in (items_store.get(conn, later).decision_reason or "")
    assert len(s.process_new([tech.add("Rust delta story")], T0 + DAY)) == 1


def test_quiet_hours_then_one_digest(conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    tech, _ = feeds
    night = T0 - (T0 % DAY) + 23 * 3600
    s = svc(conn, quiet_enabled=True, quiet_start="22:00", quiet_end="07:00")
    s.pin(parse_term("keyword:rust"), "always")
    held = [tech.add(f"Rust {w} news") for w in ("one", "two")]
    assert s.process_new(held, night) == []
    morning = s.process_new([], night + 9 * 3600)
    assert len(morning) == 1 and morning[0].kind == "digest"
    assert set(morning[0].item_ids) == set(held)
    assert s.process_new([], night + 10 * 3600) == []


def test_a_digest_past_its_size_says_how_many_more_are_in_the_inbox(
        conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    """The digest shows the likeliest ``DIGEST_MAX`` held stories; the others were left out
    without a word (and ``notify status`` had counted them as coming in it)."""
    from notify.core import policy_state

    tech, _ = feeds
    night = T0 - (T0 % DAY) + 23 * 3600
    s = svc(conn, quiet_enabled=True, quiet_start="22:00", quiet_end="07:00", grouping=False)
    s.pin(parse_term("keyword:rust"), "always")
    held = [tech.add(f"Rust topic{n} item{n * 7} news") for n in range(policy.DIGEST_MAX + 5)]
    assert s.process_new(held, night) == []
    state = policy_state.read(conn, night)
    assert "(it shows the likeliest 20 stories; the others stay in the inbox)" in \
        policy_state.held_words(state, night)
    morning = s.process_new([], night + 9 * 3600)
    assert len(morning) == 1 and len(morning[0].item_ids) == policy.DIGEST_MAX
    assert morning[0].title == f"While you were away: {policy.DIGEST_MAX + 5} stories from tech"
    assert morning[0].body.splitlines()[-1] == "…and 5 more stories in the inbox"


def test_explain_in_words(conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    tech, _ = feeds
    s = svc(conn)
    for i in range(3):
        s.feedback(tech.add(f"Rust news {i}"), "dismiss", T0)
    item = tech.add("Rust again")
    s.process_new([item], T0 + 10)
    exp = s.explain(item, T0 + 10)
    assert exp.reasons[0].contribution < 0
    text = exp.summary()
    assert "source tech" in text and "you dismissed 3 from this source" in text
    assert exp.decision == "silent"


def test_feedback_errors_are_clear(conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    tech, _ = feeds
    s = svc(conn)
    with pytest.raises(UserInputError, match="like, dismiss"):
        s.feedback(tech.add("x y z"), "love", T0)
    with pytest.raises(UnknownItemError):
        s.feedback(999, "like", T0)


def test_show_forget_reset(conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    tech, sport = feeds
    s = svc(conn)
    now = time.time()  # show() reads what is believed now: evidence fades
    s.feedback(tech.add("Rust compiler"), "like", now)
    s.feedback(sport.add("Golf club"), "dismiss", now)
    shown = s.show(5)
    # a Dismiss of an item nothing recommended rules its source and words out as reasons:
    # it pushes nothing down (no word is yet one they cannot stand)
    assert shown.positive and shown.not_a_reason and shown.reactions == 2
    assert shown.negative == []
    assert any(v.name == "src:tech" for v in shown.positive)
    assert s.forget(parse_term("keyword:rust")) >= 2  # w:rust and sw:tech|rust
    assert "w:rust" not in s.profile.weights.table
    s.reset()
    assert s.show().positive == [] and RankingService(conn).profile.weights.table == {}


def test_cost_per_item_and_per_feedback_with_sqlite(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, _ = feeds
    s = svc(conn)
    words = ["kernel", "compiler", "release", "borrow", "async", "runtime", "memory",
             "safety", "tokio", "cargo"]
    ids = [tech.add(" ".join(words[i % 10:] + words[:i % 10]), " ".join(words) * 3)
           for i in range(200)]
    t = time.perf_counter()
    s.process_new(ids, T0)
    per_item = (time.perf_counter() - t) / len(ids)
    t = time.perf_counter()
    for i in ids[:50]:
        s.feedback(i, "dismiss", T0)
    per_feedback = (time.perf_counter() - t) / 50
    # the target is 1 ms (measured by bench/ranking.py); this catches a blow-up (a scan of
    # the whole profile per call) on a shared, loaded CI machine
    assert per_item < 0.01 and per_feedback < 0.03


def test_prune_keeps_the_profile_small(conn: sqlite3.Connection, feeds: tuple[Feed, Feed]) -> None:
    tech, _ = feeds
    s = svc(conn)
    for i in range(30):
        s.feedback(tech.add(f"alpha{i} beta{i} gamma{i} delta{i}"), "dismiss", T0)
    n = len(s.profile.weights.table)
    assert s.profile.prune(T0, max_rows=10) > 0
    assert len(s.profile.weights.table) <= 12  # + bias, + nothing else kept
    assert len(RankingService(conn).profile.weights.table) == len(s.profile.weights.table) < n
    # a weight back at its prior (no evidence left) is dropped whatever the cap
    s.profile.weights.table["w:faded"] = [0.001, 2.0, T0]
    s.profile.prune(T0, max_rows=1000)
    assert "w:faded" not in s.profile.weights.table


def test_first_run_thumbs_count_more_than_later_reactions(conn: sqlite3.Connection) -> None:
    from notify.core.ranking.features import ItemText
    from notify.core.ranking.learning import ONBOARD_WEIGHT

    assert ONBOARD_WEIGHT > 1
    s = RankingService(conn, settings=UTC, explore=False)
    it = ItemText("Rugby final in Cardiff", "a late try", source="Sport")
    s.learn_text(it, "like", T0)  # before any ranking round: a first-run thumb
    onboarded = s.profile.weights.table["src:Sport"][0]
    s.reset()
    s.rank_texts([ItemText("Budget vote", source="Politics")], T0)
    s.learn_text(it, "like", T0 + 1)  # after a round: an ordinary reaction
    later = s.profile.weights.table["src:Sport"][0]
    assert onboarded > later > 0


def test_exploring_tests_a_recurring_uncertain_feature_at_most_twice_a_day(
    conn: sqlite3.Connection,
) -> None:
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, settings=UTC)
    # a first-run thumb: one of its words, or its source, is what the person cares about
    lead = "Cardiff harbour swim " + " ".join(f"filler{n}" for n in range(17))
    s.learn_text(ItemText(lead, source="Wales"), "like", T0)
    topics = ["budget", "rail", "schools", "housing", "water"]
    day = [ItemText(f"{w} {topics[i]} plan", source="Politics") for i in range(5)
           for w in ("Cardiff", "Harbour", "Swim")]
    day += [ItemText(f"Item {i} about nothing", source="Politics") for i in range(30)]
    ranked = s.rank_texts(day, T0)
    exploring = [day[i].title.split()[0] for i, r in enumerate(ranked)
                 if r.choice.reason.startswith("exploring")]
    assert len(exploring) == 2 and len(set(exploring)) == 2  # two different words tested
    assert all(w in ("Cardiff", "Harbour", "Swim") for w in exploring)
    again = s.rank_texts(day, T0 + 60)
    assert not [r for r in again if r.choice.reason.startswith("exploring")]  # twice a day


def test_less_of_halves_what_a_feature_alone_makes_an_item_and_persists(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    """Regression: "less of" lowered the evidence by a fixed step, which did next to nothing to
    a well-learned feature (a source at 98 % stayed at 95 %) while the confirmation said
    "weight +9.00". Each click now halves the belief, and says so."""
    tech, _ = feeds
    s = svc(conn)
    for title in ("Rust compiler", "Rust borrow checker", "Rust editions"):
        s.feedback(tech.add(title), "like", T0)
    term = parse_term("keyword:rust")
    [atom], _ = s.profile.learner.atoms({"w:rust": 1.0})
    start = s.profile.learner.belief(atom, T0)
    assert start > 0.5
    first = s.less_of(term, T0)
    assert first.was_reason
    assert (first.before, first.after) == pytest.approx((start, start / 2))
    second = s.less_of(term, T0)
    assert second.after == pytest.approx(start / 4)
    assert second.after < policy.threshold(PolicySettings().sensitivity)  # no longer alone
    reloaded = RankingService(conn).profile
    assert reloaded.learner.belief(atom, T0) == pytest.approx(start / 4)
    assert reloaded.weights.get("w:rust", T0)[1] == pytest.approx(
        s.profile.weights.get("w:rust", T0)[1])  # each click counts as one reaction
    assert s.show().pins == {}


def test_less_of_what_is_no_reason_changes_nothing(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    """Lowering a feature no likelier than an unknown one would change nothing a person sees,
    yet leave a row ("not a reason on its own") for a name typed wrong."""
    s = svc(conn)
    lowered = s.less_of(parse_term("author:Nobody"), T0)
    assert not lowered.was_reason
    assert lowered.before == lowered.after == pytest.approx(lowered.unknown)
    assert "auth:Nobody" not in s.profile.weights.table
    assert "auth:Nobody" not in RankingService(conn).profile.weights.table


def test_show_lists_hated_words_as_less_of_and_hides_what_says_nothing(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    tech, _ = feeds
    s = svc(conn)
    for n in range(6):
        s.feedback(tech.add(f"alpha{n} beta{n}"), "like", T0)  # nothing shared but the source
    s.rank_texts([], T0)  # past the first round: the Dismissals are read against the Likes
    s.feedback(tech.add("Tories plan"), "dismiss", T0)
    s.feedback(tech.add("Tories again"), "dismiss", T0)
    s.feedback(tech.add("Tories once more"), "dismiss", T0)
    s.feedback(tech.add("Tories yet again"), "dismiss", T0)
    learned = s.profile.top(50, T0)
    pos, neg = learned.more_of, learned.less_of
    assert "src:tech" in [v.name for v in pos]
    assert "not:w:tories" in [v.name for v in neg]  # a word they cannot stand: less of
    assert not [v for v in pos + learned.not_a_reason if v.name.startswith("not:")]
    assert all(abs(v.weight) >= 0.01 for v in pos + neg)
    faded = s.profile.top(50, T0 + 400 * 86400)
    assert faded.more_of == faded.less_of == faded.not_a_reason == []


def test_one_dismiss_does_not_make_every_word_one_they_cannot_stand(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    from notify.core.ranking.learner import logit, sigmoid

    tech, _ = feeds
    s = svc(conn)
    for n in range(6):
        s.feedback(tech.add(f"alpha{n} beta{n}"), "like", T0)
    s.rank_texts([], T0)  # past the first round: the Dismissals are read against the Likes
    s.feedback(tech.add("Go top five languages"), "dismiss", T0)
    vetoes = [n for n in s.profile.weights.table if n.startswith("not:")]
    assert "not:w:go" in vetoes  # the Dismiss blamed each of its words a little
    learned = s.profile.top(50, T0)
    assert learned.less_of == []
    assert not [v for v in learned.not_a_reason
                if v.name.startswith("not:") or "cannot stand" in v.text]
    s.feedback(tech.add("Go go go"), "dismiss", T0)
    s.feedback(tech.add("Go is back"), "dismiss", T0)
    s.feedback(tech.add("Go again"), "dismiss", T0)
    neg = s.profile.top(50, T0).less_of
    shown = {v.name: v.text for v in neg}
    prior = logit(s.profile.config.p_veto)
    for name in s.profile.weights.table:
        if name.startswith("not:"):  # shown exactly when believed (more likely than not)
            believed = sigmoid(prior + s.profile.weights.get(name, T0)[0]) > 0.5
            assert (name in shown) == believed, name
    assert shown["not:w:go"] == "word 'go' (you cannot stand it)"  # four times: believed
    assert "not:w:five" not in shown
    # explain says where a veto row comes from, and "cannot stand" nowhere: a hint is no dislike
    said = {r.feature: r.text for r in s.explain(tech.add("Five new languages"), T0).reasons}
    assert said["not:w:five"] == "word 'five' (in items you passed over)"


def test_after_a_change_of_taste_it_explores_other_sources_until_a_like(
    conn: sqlite3.Connection,
) -> None:
    from notify.core.ranking.exploration import EXPLORING_AFTER_CHANGE
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, settings=UTC)
    c = s.profile.config
    old = ["Rugby", "Cricket", "Golf", "Tennis", "Sailing"]
    new = ["Politics", "Science", "Travel", "Food", "Money", "Books", "Health"]

    def day(n: int) -> list[ItemText]:
        return [ItemText(f"{src} story {n}-{i}", f"about {src.lower()} {i}", source=src)
                for src in new for i in range(4)]

    def explored(t: float) -> list[tuple[str, str]]:
        items = day(int(t // DAY))
        ranked = s.rank_texts(items, t)
        return [(items[i].source, r.choice.reason) for i, r in enumerate(ranked)
                if r.choice.reason.startswith("exploring")]

    s.interests(add=[parse_term(f"source:{src}") for src in old])
    t = T0
    assert explored(t) == []  # nothing known yet, nothing worth a test
    k = 0
    for _ in range(3):  # liked for days: Notify is sure of these sources
        for src in old:
            k += 1
            s.learn_text(ItemText(f"alpha{k} beta{k}", source=src), "like", t)
        t += DAY / 2
    while "changed_at" not in s.profile.meta:  # now they are dismissed
        assert t < T0 + 10 * DAY, "the change watch never fired"
        for src in old:
            k += 1
            s.learn_text(ItemText(f"gamma{k} delta{k}", source=src), "dismiss", t)
        t += DAY / 4
    t = s.profile.meta["changed_at"] + DAY / 2
    tested = explored(t)
    assert len(tested) == c.renew_max  # the old taste is gone: it looks for the new one
    assert len({src for src, _ in tested}) == len(tested)  # each from another source
    assert all(why.startswith(EXPLORING_AFTER_CHANGE + ":") for _, why in tested)
    assert explored(t + 60) == []  # at most renew_max a day
    later = explored(t + DAY)
    assert len(later) == c.renew_max
    s.learn_text(ItemText(later[0][0] + " story", source=later[0][0]), "like", t + DAY)
    assert not [why for _, why in explored(t + 2 * DAY) if why.startswith(EXPLORING_AFTER_CHANGE)]


def test_the_search_for_a_new_taste_ends_after_renew_days(conn: sqlite3.Connection) -> None:
    from notify.core.ranking.exploration import EXPLORING_AFTER_CHANGE
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, settings=UTC)
    s.interests(add=[parse_term("source:Sport")])
    s.rank_texts([ItemText("x", source="A")], T0)
    assert s.searching(T0 + DAY) == ""  # a stated interest: something to go on
    s.profile.meta["changed_at"] = T0
    assert s.searching(T0 + DAY) == EXPLORING_AFTER_CHANGE
    assert s.searching(T0 + s.profile.config.renew_days * DAY) == ""


def test_with_nothing_to_go_on_it_searches_from_the_start_until_a_like(
    conn: sqlite3.Connection,
) -> None:
    from notify.core.ranking.exploration import EXPLORING_AT_START
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, settings=UTC)
    day = [ItemText(f"{src} story {i}", f"about {src.lower()} {i}", source=src)
           for src in ("Politics", "Science", "Travel", "Food") for i in range(5)]
    ranked = s.rank_texts(day, T0)  # no stated interest, no first-run Like
    why = [r.choice.reason for r in ranked if r.choice.reason.startswith("exploring")]
    assert len(why) == s.profile.config.renew_max
    assert all(w.startswith(EXPLORING_AT_START + ":") for w in why)
    s.learn_text(day[0], "like", T0 + 60)
    assert s.searching(T0 + DAY) == ""
    ranked = s.rank_texts(day, T0 + DAY)
    assert not [r for r in ranked if r.choice.reason.startswith(EXPLORING_AT_START)]


def test_likes_of_items_picked_in_the_inbox_do_not_teach_that_likes_are_mis_taps(
    conn: sqlite3.Connection,
) -> None:
    s = svc(conn)
    s.rank_texts([], T0)  # a ranking round has run: these are not first-run thumbs
    gains = []
    for n in range(6):  # six sources the person found in the inbox and liked
        feed = Feed(conn, f"blog{n}")
        s.feedback(feed.add(f"alpha{n} beta{n}"), "like", T0 + n)
        gains.append(s.profile.weights.get(f"src:blog{n}", T0 + n)[0])
    assert "reading" not in s.profile.meta or not s.profile.meta["reading"].get("unwanted")
    assert gains[-1] == pytest.approx(gains[0], rel=0.05)  # the sixth Like says as much
    # a reaction to a notification does teach the reading
    notified = Feed(conn, "news")
    item = notified.add("gamma delta")
    s.pin(parse_term("keyword:gamma"), "always")
    assert s.process_new([item], T0 + DAY)
    s.feedback(item, "dismiss", T0 + DAY)
    assert s.profile.meta["reading"]["unwanted"]


def _alarmed(
    conn: sqlite3.Connection,
) -> tuple[RankingService, float, list[str], dict[str, list[float]]]:
    """A person who liked three sources for days, then dismissed them until the change watch
    raised its alarm; returns the service, a time just after the alarm, the sources, and the
    weights as they were before the reaction that raised it."""
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, settings=UTC)
    old = ["Rugby", "Cricket", "Golf"]
    s.interests(add=[parse_term(f"source:{src}") for src in old])
    s.rank_texts([ItemText("x", source="A")], T0)
    t, k = T0, 0
    for _ in range(3):
        for src in old:
            k += 1
            s.learn_text(ItemText(f"alpha{k} beta{k}", source=src), "like", t)
        t += DAY / 2
    table = {n: list(r) for n, r in s.profile.weights.table.items()}
    while "changed_at" not in s.profile.meta:
        assert t < T0 + 10 * DAY, "the change watch never fired"
        table = {n: list(r) for n, r in s.profile.weights.table.items()}
        k += 1
        s.learn_text(ItemText(f"gamma{k}", source=old[k % 3]), "dismiss", t)
        t += DAY / 4
    return s, s.profile.meta["changed_at"] + DAY / 2, old, table


def test_undoing_the_reaction_that_raised_the_change_alarm_lowers_it(
    conn: sqlite3.Connection,
) -> None:
    s, t, _, table = _alarmed(conn)
    assert s.profile.meta["interest_scale"] and s.searching(t)
    assert s.undo_last() is not None
    assert s.profile.weights.table == table  # what the alarm softened is back
    assert s.profile.meta["interest_scale"] == {} and "changed_at" not in s.profile.meta
    assert s.searching(t) == ""
    again = RankingService(conn, settings=UTC)  # and so it stays when read back
    assert again.profile.learner.interest_scale == {} and again.searching(t) == ""


def test_a_like_of_the_old_taste_soon_after_the_alarm_calls_it_off(
    conn: sqlite3.Connection,
) -> None:
    from notify.core.ranking.exploration import EXPLORING_AFTER_CHANGE
    from notify.core.ranking.features import ItemText

    s, t, old, _ = _alarmed(conn)
    softened = s.profile.meta["interest_scale"]
    assert softened and s.searching(t) == EXPLORING_AFTER_CHANGE
    before = {n: list(r) for n, r in s.profile.weights.table.items()}
    evidence = s.profile.weights.get(f"src:{old[0]}", t)[0]
    s.learn_text(ItemText("omega psi", source=old[0]), "like", t)  # still wanted: false alarm
    assert "changed_at" not in s.profile.meta and s.searching(t) == ""
    assert s.profile.meta["interest_scale"] == {}  # stated interests at full strength
    assert s.profile.weights.get(f"src:{old[0]}", t)[0] > 3 * evidence  # softened rows back
    assert s.undo_last() is not None  # undoing that Like: the alarm stands again
    assert s.profile.weights.table == before
    assert s.profile.meta["interest_scale"] == softened
    assert s.searching(t) == EXPLORING_AFTER_CHANGE
    again = RankingService(conn, settings=UTC)  # and so it stays when read back
    assert again.searching(t) == EXPLORING_AFTER_CHANGE


def test_after_a_first_like_of_something_new_the_old_taste_does_not_call_the_alarm_off(
    conn: sqlite3.Connection,
) -> None:
    from notify.core.ranking.features import ItemText

    s, t, old, _ = _alarmed(conn)
    s.learn_text(ItemText("kappa lambda", source="Politics"), "like", t)  # the new taste
    assert s.searching(t + 60) == ""
    s.learn_text(ItemText("omega psi", source=old[0]), "like", t + 60)
    assert "changed_at" in s.profile.meta and s.profile.meta["interest_scale"]
    s.undo_last()
    s.undo_last()  # without the Like of Politics, the search is on again
    assert s.searching(t + 60)
    s.learn_text(ItemText("omega psi", source=old[0]), "like", t + 60)
    assert "changed_at" not in s.profile.meta


def test_undoing_a_reaction_given_at_the_same_time_as_the_alarm_leaves_the_alarm(
    conn: sqlite3.Connection,
) -> None:
    from notify.core.ranking.features import ItemText

    s, t, _, _ = _alarmed(conn)
    at = s.profile.meta["changed_at"]
    s.learn_text(ItemText("sigma tau", source="Politics"), "ignore", at)  # the same instant
    s.undo_last()  # undoes the Ignore, not the alarm (it was matched by time before)
    assert s.profile.meta["changed_at"] == at and s.profile.meta["interest_scale"]
    assert s.searching(t)


def test_one_like_in_a_large_group_credits_its_source_not_the_whole_group(
    conn: sqlite3.Connection,
) -> None:
    # an imported folder of 20 feeds: one Like of one of them made every item of all 20 likely
    group = []
    for n in range(20):
        feed = Feed(conn, f"feed{n}")
        sources_store.update(conn, feed.source.id, group="Tech")
        group.append(feed)
    s = svc(conn)
    liked = group[0].add("Quarterly widget report", "numbers for the quarter")
    s.feedback(liked, "like", T0)
    same_source = group[0].add("Weekly gadget digest", "all the gadgets")
    other_source = group[1].add("Weekly gadget digest", "all the gadgets")
    assert s.explain(same_source, T0).probability > 0.5
    assert s.explain(other_source, T0).probability < 0.25  # below the bar of 1/3
    # Likes across several of its feeds make the folder itself one the person follows
    for feed in group[2:6]:
        s.feedback(feed.add(f"Report from {feed.source.title}", "a summary"), "like", T0)
    assert s.explain(group[9].add("Another digest", "more"), T0).probability > 0.4  # over 1/3


def test_a_round_lets_go_of_its_per_item_data_a_slice_at_a_time(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Freed in one go at the end of a 1,000-source round, the round's item rows, texts and
    features held the GIL for ~100 ms and the windows froze: ``process_new`` hands them to
    ``release`` (``tests/core/test_release.py``) once it no longer needs them."""
    from notify.core import release as releasing

    tech, sport = feeds
    n = releasing.SLICE + 10
    ids = [(tech if k % 2 else sport).add(f"Story {k} about topic{k % 7}", f"text {k}")
           for k in range(n)]
    handed: list[int] = []

    def spy(*collections: list[object]) -> None:
        handed.extend(len(c) for c in collections)
        releasing.release(*collections)

    monkeypatch.setattr("notify.core.ranking.ranker.release", spy)
    svc(conn).process_new(ids, T0 + DAY)
    # rows, texts, flags, features, assessments, candidates, choices, decisions: each a round's
    assert handed.count(n) >= 8
    decided = [items_store.get(conn, i).decision for i in ids]
    assert all(d is not None for d in decided)  # every item ranked all the same
