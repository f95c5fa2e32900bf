from __future__ import annotations

from dataclasses import replace

import pytest

from notify.core.bidi import FSI, PDI
from notify.core.dedupe import Story, assign_groups
from notify.core.models import Decision
from notify.core.policy import (
    BURST,
    Candidate,
    PolicySettings,
    decide,
    digest,
    in_quiet_hours,
    plan,
    threshold,
)

NOON = 1_700_000_000 - (1_700_000_000 % 86400) + 12 * 3600  # 12:00 UTC
UTC = PolicySettings(utc_offset_s=0)


def cand(i: int, p: float, title: str = "", **kw: object) -> Candidate:
    return Candidate(i, title or " ".join(f"w{i}x{j}" for j in range(4)),
                     f"Source {i}", f"https://s{i}.example/{i}", p, **kw)  # type: ignore[arg-type]


def test_expected_value_threshold_is_one_third_and_sensitivity_shifts_it() -> None:
    assert threshold(0.5) == pytest.approx(1 / 3)
    assert threshold(1.0) < threshold(0.5) < threshold(0.0)


def test_notify_only_what_is_likely_enough_not_the_top_n() -> None:
    cs = [cand(1, 0.9), cand(2, 0.34), cand(3, 0.3), cand(4, 0.05)]
    got = {c.item_id: c for c in decide(cs, UTC, now=NOON)}
    assert got[1].decision is Decision.NOTIFY and got[2].decision is Decision.NOTIFY
    assert got[3].decision is Decision.SILENT and "not likely enough" in got[3].reason
    assert got[4].decision is Decision.SILENT


def test_daily_budget_keeps_the_best_stories() -> None:
    cs = [cand(i, 0.5 + i / 100) for i in range(8)]
    s = PolicySettings(daily_budget=5, utc_offset_s=0)
    got = decide(cs, s, now=NOON, sent_today=2)
    notified = [c.item_id for c in got if c.decision is Decision.NOTIFY]
    assert sorted(notified) == [5, 6, 7]
    assert all("budget" in c.reason for c in got if c.decision is Decision.SILENT)


def test_backlog_muted_notified_and_blocked_items_stay_silent() -> None:
    cs = [cand(1, 0.99, backlog=True), cand(2, 0.99, muted=True), cand(3, 0.99, notified=True),
          cand(4, 0.99, pin="never", pin_term="“golf”")]
    reasons = [c.reason for c in decide(cs, UTC, now=NOON)]
    assert all(c.decision is Decision.SILENT for c in decide(cs, UTC, now=NOON))
    assert "newly added source" in reasons[0]
    assert "muted" in reasons[1]
    assert "already notified" in reasons[2]
    assert "you blocked “golf”" in reasons[3]


def test_an_alert_pin_notifies_even_an_unlikely_item_first() -> None:
    cs = [cand(1, 0.9), cand(2, 0.01, pin="always", pin_term="“rust”")]
    got = decide(cs, PolicySettings(daily_budget=1, utc_offset_s=0), now=NOON)
    assert got[1].decision is Decision.NOTIFY and "alert" in got[1].reason
    assert got[0].decision is Decision.SILENT


def test_an_alert_is_notified_even_when_the_day_s_budget_is_spent() -> None:
    cs = [cand(1, 0.9), cand(2, 0.01, pin="always", pin_term="“rust”"),
          cand(3, 0.02, pin="always", pin_term="“golf”")]
    got = decide(cs, PolicySettings(daily_budget=2, utc_offset_s=0), now=NOON, sent_today=2)
    assert [c.decision for c in got] == [Decision.SILENT, Decision.NOTIFY, Decision.NOTIFY]
    assert "budget" in got[0].reason and "your alert for “rust”" in got[1].reason


def test_quiet_hours_hold_for_a_ranked_digest() -> None:
    s = PolicySettings(quiet_enabled=True, quiet_start="22:00", quiet_end="07:00", utc_offset_s=0)
    night = NOON + 11 * 3600  # 23:00
    assert in_quiet_hours(night, s) and not in_quiet_hours(NOON, s)
    got = decide([cand(1, 0.5), cand(2, 0.9)], s, now=night)
    assert [c.decision for c in got] == [Decision.DIGEST, Decision.DIGEST]
    d = digest([cand(1, 0.5), cand(2, 0.9)])
    assert d is not None and d.kind == "digest" and d.item_ids == (2, 1)


def test_a_capped_digest_counts_in_stories_what_it_shows_and_what_it_leaves_out() -> None:
    """Regression: 8 stories held from 5 sources each gave "While you were away: 4 stories"
    (the cap cut 20 items, 4 stories) and "…and 20 more items in the inbox": the title counted
    the stories shown as if they were all, the last line counted items."""
    topics = ["volcano erupts near village", "parliament passes budget bill",
              "striker signs record transfer", "comet visible tonight overhead",
              "bakery wins bread contest", "river floods old town", "chess prodigy beats champion",
              "museum returns stolen painting"]
    held = [cand(10 * t + s, 0.9 - t / 100 - s / 1000, f"Local news: {topic}")
            for t, topic in enumerate(topics) for s in range(5)]
    d = digest(held, max_stories=3)
    assert d is not None and d.title == "While you were away: 8 stories"
    lines = d.body.splitlines()
    assert len(lines) == 4 and lines[-1] == "…and 5 more stories (25 items) in the inbox"
    assert len(d.item_ids) == 15  # the three stories shown, each with its five items


def test_a_digest_of_stories_all_from_the_same_sources_names_them_once() -> None:
    """As a burst's (s15 app finding 10): eight wire stories each held from the same feeds
    repeated "(Gamma Wire — also in: Beta Wire, …)" on every line of the digest."""
    held = [replace(cand(10 * t + w, 0.9 - t / 100, f"Wire story {t} about the harbour"),
                    source_title=wire)
            for t in range(4) for w, wire in enumerate(["Gamma Wire", "Beta Wire"])]
    d = digest(held)
    assert d is not None
    assert d.title == "While you were away: 4 stories from Gamma Wire and Beta Wire"
    assert d.body.splitlines()[0] == "• Wire story 0 about the harbour"
    assert "also in" not in d.body and "Wire)" not in d.body


def test_the_digest_tells_a_story_held_from_several_sources_once() -> None:
    held = [cand(1, 0.6, "Apple unveils new iPhone with satellite messaging"),
            cand(2, 0.9, "Apple unveils iPhone with satellite messaging feature"),
            cand(3, 0.5, "Completely different news about gardening tomatoes")]
    d = digest(held)
    assert d is not None and d.title == "While you were away: 2 stories"
    assert d.item_ids == (2, 1, 3)  # the story's best item leads it
    assert d.body.splitlines() == [
        "• Apple unveils iPhone with satellite messaging feature (Source 2 — also in: Source 1)",
        "• Completely different news about gardening tomatoes (Source 3)"]
    one = digest(held[:2])
    assert one is not None and one.title == "While you were away: 1 story"


def test_paused_means_silent() -> None:
    s = PolicySettings(paused_until=NOON + 3600, utc_offset_s=0)
    assert decide([cand(1, 0.9)], s, now=NOON)[0].reason == "notifications paused"
    forever = PolicySettings(paused_until=-1, utc_offset_s=0)
    assert decide([cand(1, 0.9)], forever, now=NOON)[0].decision is Decision.SILENT


def test_the_same_story_from_several_sources_is_one_notification() -> None:
    a = cand(1, 0.8, "Apple unveils new iPhone with satellite messaging")
    b = cand(2, 0.7, "Apple unveils iPhone with satellite messaging feature")
    c = cand(3, 0.6, "Completely different news about gardening tomatoes")
    choices = decide([a, b, c], UTC, now=NOON)
    assert choices[0].group_key == choices[1].group_key != choices[2].group_key
    bubbles = plan(choices, [a, b, c], UTC)
    assert len(bubbles) == 2
    assert bubbles[0].item_ids == (1, 2) and "also in: Source 2" in bubbles[0].body


def test_a_story_already_told_is_not_told_again() -> None:
    earlier = [Story(9, "Apple unveils new iPhone with satellite messaging", None, "story:x")]
    got = decide([cand(1, 0.9, "Apple unveils new iPhone with satellite messaging today")],
                 UTC, now=NOON, earlier=earlier)
    assert got[0].decision is Decision.SILENT and got[0].group_key == "story:x"


def test_a_burst_becomes_one_grouped_notification() -> None:
    cs = [cand(i, 0.9) for i in range(BURST + 2)]
    bubbles = plan(decide(cs, UTC, now=NOON), cs, UTC)
    assert len(bubbles) == 1 and bubbles[0].kind == "group"
    assert len(bubbles[0].item_ids) == BURST + 2
    ungrouped = PolicySettings(grouping=False, utc_offset_s=0)
    assert len(plan(decide(cs, ungrouped, now=NOON), cs, ungrouped)) == BURST + 2


def test_a_burst_says_where_it_came_from_and_why_it_is_one_notification() -> None:
    """The group bubble said "5 new stories for you", "Why: a burst in one round, grouped":
    not where they came from, and in the engine's words ("round")."""
    names = ["LWN", "Phoronix", "LWN", "Ars", "Verge", "HN"]
    cs = [replace(cand(i, 0.9), source_title=src) for i, src in enumerate(names)]
    group = plan(decide(cs, UTC, now=NOON), cs, UTC)[0]
    assert group.title == "6 new stories from LWN, Phoronix and 3 other sources"
    assert group.why == "they came in at once: one notification instead of 6"
    few = [replace(cand(i, 0.9), source_title=src)
           for i, src in enumerate(["LWN", "Ars", "LWN", "Verge"])]
    assert plan(decide(few, UTC, now=NOON), few, UTC)[0].title == (
        "4 new stories from LWN, Ars and Verge")
    nameless = [replace(cand(i, 0.9), source_title="") for i in range(4)]
    assert plan(decide(nameless, UTC, now=NOON), nameless, UTC)[0].title == (
        "4 new stories for you")


def test_a_burst_names_the_sources_of_all_its_items_not_only_its_leads() -> None:
    """Regression: a burst one of whose stories Ars Technica and Phoronix told too, beside
    LWN, was "4 new stories from LWN": its title named only the stories' leads' sources. It
    names every source (the most items first) and says the items when they are more."""
    told = "Kernel developers merge the new scheduler into mainline"
    cs = [replace(cand(0, 0.95, told), source_title="LWN"),
          replace(cand(1, 0.9, told), source_title="Ars Technica"),
          replace(cand(2, 0.9, told), source_title="Phoronix"),
          *(replace(cand(i, 0.9), source_title="LWN") for i in range(3, 3 + BURST))]
    group = plan(decide(cs, UTC, now=NOON), cs, UTC)[0]
    stories = BURST + 1
    assert group.kind == "group" and len(group.item_ids) == BURST + 3
    assert group.title == (f"{stories} new stories ({BURST + 3} items) from LWN, Ars Technica "
                           "and Phoronix")
    # several sources: each line says its own
    assert group.body.splitlines()[0].endswith("(LWN — also in: Ars Technica, Phoronix)")
    assert group.why == f"they came in at once: one notification instead of {stories}"


def test_a_burst_from_one_source_does_not_repeat_its_name_on_every_line() -> None:
    """"6 new stories from Live Desk" listed "• … (Live Desk)" six times (seen in dunst): the
    title names the one source; its lines say only where else a story was."""
    cs = [replace(cand(i, 0.9, title=f"Story number {i} about something"),
                  source_title="Live Desk") for i in range(BURST + 1)]
    group = plan(decide(cs, UTC, now=NOON), cs, UTC)[0]
    assert group.title == f"{BURST + 1} new stories from Live Desk"
    assert "Live Desk" not in group.body
    assert group.body.splitlines()[0] == "• Story number 0 about something"
    mixed = [*cs[:-1], replace(cs[-1], source_title="Other Desk")]
    lines = plan(decide(mixed, UTC, now=NOON), mixed, UTC)[0].body.splitlines()
    assert lines[0].endswith("(Live Desk)") and lines[-1].endswith("(Other Desk)")


def test_a_burst_of_stories_all_from_the_same_sources_names_them_once() -> None:
    """Regression (s15 app finding 10): seven wire stories, each carried by the same six
    feeds, listed "(Gamma Wire — also in: Beta Wire, Delta Wire, …)" on every line, and the
    notification daemon cut the body after the fourth story. The title names the sources."""
    wires = ["Gamma Wire", "Beta Wire", "Delta Wire"]
    cs = [replace(cand(10 * i + w, 0.9 - i / 100, f"Wire story number {i} about the harbour"),
                  source_title=wire)
          for i in range(BURST + 1) for w, wire in enumerate(wires)]
    group = plan(decide(cs, UTC, now=NOON), cs, UTC)[0]
    assert group.kind == "group"
    assert group.title == (f"{BURST + 1} new stories ({3 * (BURST + 1)} items) from Gamma Wire, "
                           "Beta Wire and Delta Wire")
    assert group.body.splitlines()[0] == "• Wire story number 0 about the harbour"
    assert "Wire (" not in group.body and "also in" not in group.body


def test_a_long_title_is_cut_on_the_lines_of_a_group_and_a_digest() -> None:
    """A 300-character title filled a digest's or a burst's bubble: each line is now cut at a
    word's end, and still says its source."""
    long = "Kernel maintainers discuss memory safety " + "and more words here " * 15
    cs = [replace(cand(i, 0.9), title=long + f"w{i}" if i == 0 else cand(i, 0.9).title)
          for i in range(BURST + 1)]
    group = plan(decide(cs, UTC, now=NOON), cs, UTC)[0]
    first = group.body.splitlines()[0]
    assert first.startswith("• Kernel maintainers discuss memory safety and more")
    assert first.endswith("… (Source 0)") and len(first) < 110, first
    held = digest([replace(cs[0], p=0.99), cs[1]])
    assert held is not None
    line = held.body.splitlines()[0]
    assert line.endswith("… (Source 0)") and len(line) < 110, line
    assert line.removeprefix("• ").removesuffix("… (Source 0)") in long


def test_dedupe_by_link_and_by_title() -> None:
    groups = assign_groups([
        Story(1, "One title here entirely", "https://www.x.org/a?utm_source=rss"),
        Story(2, "Another wording altogether", "https://x.org/a"),
        Story(3, "Short"),
        Story(4, "Short"),
    ])
    assert groups[1] == groups[2]
    assert groups[3] != groups[4]


def local(i: int, p: float, title: str, source: str = "Local") -> Candidate:
    return Candidate(i, title, source, f"https://{source.lower()}.example/{i}", p)


def test_the_next_episode_is_not_the_story_already_told() -> None:
    told = local(1, 0.99, "Podcast Episode 41")
    earlier = [Story(1, told.title, told.link, decide([told], UTC, now=NOON)[0].group_key)]
    got = decide([local(2, 0.99, "Podcast Episode 42")], UTC, now=NOON + 3600, earlier=earlier)
    assert got[0].decision is Decision.NOTIFY and "same story" not in got[0].reason


def test_a_feeds_own_items_are_separate_notifications() -> None:
    cs = [local(1, 0.9, "Local"), local(2, 0.8, "Local"), local(3, 0.7, "Episode 3")]
    choices = decide(cs, UTC, now=NOON)
    assert len({c.group_key for c in choices}) == 3
    bubbles = plan(choices, cs, UTC)
    assert [b.body for b in bubbles] == ["Local", "Local", "Local"]
    assert all("also in" not in c.reason for c in choices)


def test_also_in_names_the_other_sources_once_never_the_same_source() -> None:
    title = "Apple unveils new iPhone with satellite messaging"
    a, b, c = (local(1, 0.9, title), local(2, 0.8, title + " today"),
               local(3, 0.7, title + " feature", "Sport"))
    choices = decide([a, b, c], UTC, now=NOON)
    [bubble] = plan(choices, [a, b, c], UTC)
    assert bubble.body == "Local — also in: Sport" and bubble.item_ids == (1, 2, 3)
    assert bubble.why == "90% likely to interest you"
    assert choices[0].reason == "90% likely to interest you; also in: Sport"
    same = 'the same story as "Apple unveils new iPhone with satellite messaging"'
    assert choices[1].reason == same + ", in the same notification; also in: Sport"
    assert choices[2].reason == same + ", in the same notification; also in: Local"
    assert [ch.lead for ch in choices] == [None, 1, 1]
    alone = decide([a, b], UTC, now=NOON)  # the same feed twice: one bubble, no "also in"
    assert plan(alone, [a, b], UTC)[0].body == "Local"
    assert alone[0].reason == "90% likely to interest you"
    assert alone[1].reason == same + ", in the same notification"


def test_the_best_item_leads_its_story_whatever_the_order() -> None:
    title = "Apple unveils new iPhone with satellite messaging"
    a, b = local(1, 0.5, title), local(2, 0.9, title + " today", "Sport")
    choices = decide([a, b], UTC, now=NOON)
    assert [ch.lead for ch in choices] == [2, None]
    [bubble] = plan(choices, [a, b], UTC)
    assert bubble.title == b.title and bubble.body == "Sport — also in: Local"
    assert bubble.item_ids == (2, 1)


def test_silent_reasons_read_as_sentences() -> None:
    earlier = [Story(9, "Apple unveils new iPhone with satellite messaging", None, "story:x")]
    cs = [local(1, 0.1, "Gardening tomatoes in winter"),
          local(2, 0.9, "Apple unveils new iPhone with satellite messaging today")]
    got = decide(cs, UTC, now=NOON, earlier=earlier)
    assert got[0].reason == "not likely enough to interest you: 10% (at least 33% needed)"
    assert got[1].reason == ('the same story as "Apple unveils new iPhone with satellite '
                             'messaging", already notified')


def test_probabilities_are_percentages_that_never_sound_certain() -> None:
    from notify.core.ranking.explain import likely, percent

    assert [percent(p) for p in (0.0, 0.001, 0.12, 0.994, 0.996, 1.0)] == [
        "0%", "<1%", "12%", "99%", ">99%", "100%"]
    assert likely(0.999) == ">99% likely to interest you"
    assert decide([cand(1, 0.999)], UTC, now=NOON)[0].reason == likely(0.999)


HEBREW, ARABIC = "חדשות הארץ", "الجزيرة نت"


def test_right_to_left_names_are_isolated_in_our_sentences() -> None:
    """Regression: "6 new stories from חדשות הארץ, الجزيرة نت and 3 other sources" was plain
    text: shown in Qt, the two names and the comma between them swapped places, and "also in:
    الجزيرة نت, LWN" took the comma with it. Each right-to-left name (and title) is isolated
    (FSI … PDI); a Latin one is left as it was."""
    names = [HEBREW, ARABIC, "LWN", "Ars", "HN"]
    cs = [replace(cand(i, 0.9), source_title=src) for i, src in enumerate(names)]
    group = plan(decide(cs, UTC, now=NOON), cs, UTC)[0]
    assert group.title == (f"5 new stories from {FSI}{HEBREW}{PDI}, {FSI}{ARABIC}{PDI} and 3 "
                           "other sources")
    assert f"• w1x0 w1x1 w1x2 w1x3 ({FSI}{ARABIC}{PDI})" in group.body.splitlines()
    titles = [(HEBREW, "Apple unveils new iPhone with satellite messaging"),
              (ARABIC, "Apple unveils iPhone with satellite messaging feature"),
              ("LWN", "Apple unveils the iPhone with satellite messaging feature")]
    story = [replace(cand(i, 0.9 - i / 10, title), source_title=src, link=None)
             for i, (src, title) in enumerate(titles, 1)]
    choices = decide(story, UTC, now=NOON)
    assert choices[0].reason.endswith(f"; also in: {FSI}{ARABIC}{PDI}, LWN")
    assert plan(choices, story, UTC)[0].body == (
        f"{FSI}{HEBREW}{PDI} — also in: {FSI}{ARABIC}{PDI}, LWN")
    held = digest([replace(c, title=f"{HEBREW} {c.title}") for c in story[:1]])
    assert held is not None and held.body == (
        f"• {FSI}{HEBREW} Apple unveils new iPhone with satellite messaging{PDI} "
        f"({FSI}{HEBREW}{PDI})")
    muted = decide([replace(cand(4, 0.9), source_title=ARABIC, muted=True)], UTC, now=NOON)
    assert muted[0].reason == f"its source, {FSI}{ARABIC}{PDI}, is muted"
    latin = [replace(cand(i, 0.9), source_title=src)
             for i, src in enumerate(["LWN", "Ars"] * 2)]
    assert plan(decide(latin, UTC, now=NOON), latin, UTC)[0].title == (
        "4 new stories from LWN and Ars")
