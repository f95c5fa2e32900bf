"""Near-duplicate detection: what is "the same story", and what only looks like it."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.core.dedupe import (
    Fingerprint,
    Story,
    assign_groups,
    key_for,
    near_duplicates,
    title_numbers,
)


def grouped(*titles: str) -> bool:
    groups = assign_groups([Story(i, t) for i, t in enumerate(titles)])
    return len(set(groups.values())) == 1


@pytest.mark.parametrize("a, b", [
    ("Python 3.12.1 released", "Python 3.12.2 released"),
    ("Podcast Episode 41", "Podcast Episode 42"),
    ("The Weekly Show, episode 41: interviews with listeners",
     "The Weekly Show, episode 42: interviews with listeners"),
    ("Lakers beat Celtics 102-99 in overtime thriller",
     "Lakers beat Celtics 110-98 in overtime thriller"),
    ("Daily market report for March 3", "Daily market report for March 4"),
])
def test_numbers_keep_episodes_versions_scores_and_dates_apart(a: str, b: str) -> None:
    assert not grouped(a, b)


@pytest.mark.parametrize("a, b", [
    ("Apple unveils new iPhone with satellite messaging",
     "Apple unveils iPhone with satellite messaging feature"),
    ("Lakers beat Celtics 102-99 in Game 7 overtime thriller",
     "Lakers beat Celtics in Game 7 overtime thriller"),  # one title has more numbers
    ("Apple unveils iPhone 16 with satellite messaging",
     "Apple unveils the iPhone with satellite messaging"),  # one has none
    ("Episode 07 of the show about gardening tomatoes",
     "Episode 7 of the show about gardening tomatoes"),
])
def test_the_same_story_in_other_words_is_one_group(a: str, b: str) -> None:
    assert grouped(a, b)


@pytest.mark.parametrize("a, b", [  # found grouped in HuffPost's headlines of the same week
    ("The Funniest Tweets From Parents This Week (June 25-July 1)",
     "The Funniest Tweets From Women This Week (June 25-July 1)"),
    ("The Best Razor Monthly Subscription Services Of 2020",
     "The Best Vitamin Monthly Subscription Services Of 2020"),
    ("The 10 Most Popular Shows On Netflix Right Now (Jan. 11)",
     "The 10 Most Popular Movies On Netflix Right Now (Jan. 11)"),
    ("Quiet story A: rust at night", "Quiet story B: linux at night"),
    ("Linux tray count story kernel", "Rust tray count story"),  # and one word more
])
def test_the_items_of_a_series_are_not_one_story(a: str, b: str) -> None:
    """Regression: titles that are the same words but for their subject were one story, so the
    second was silenced as "the same story as" the first, and a digest never showed it."""
    assert not grouped(a, b)


@pytest.mark.parametrize("a, b", [  # HuffPost, 2021-04-26 (both that day) and 2021-05-24
    ("The Most Popular Shows On Netflix Right Now Besides 'The Circle'",
     "The Most Popular Movies On Netflix Right Now Besides 'Synchronic'"),
    ("The Most Popular Shows On Netflix Right Now Besides 'Halston'",
     "The Most Popular Movies On Netflix Right Now Besides 'Stowaway'"),
])
def test_the_items_of_a_series_with_two_slots_are_not_one_story(a: str, b: str) -> None:
    """Regression: a series' titles that differ in two slots (what is listed, and besides
    what) were one story, and the second of the day was silenced."""
    assert not grouped(a, b)


@pytest.mark.parametrize("a, b", [  # one story told twice in the same days (HuffPost)
    ("Apple unveils iPhone 16 at September event",
     "iPhone 16 announced at Apple's September event"),
    ("Joe Biden Launches Effort To Repair Trump's Immigration Damage",
     "Biden Launches Effort To Undo Trump's Damage On Immigration"),
    ("2nd Former Aide Accuses Cuomo Of Sexual Harassment",
     "Former Cuomo Aide Accuses N.Y. Governor Of Sexual Harassment"),
    ("South Korea Raises Alert To Highest Level As Coronavirus Cases Jump",
     "CDC Raises Travel Advisory For South Korea To Highest Level As Coronavirus Cases Surge"),
    ("Meghan Markle Joins Prince Harry For First Royal Event Since Archie's Birth",
     "Meghan Markle To Appear At First Public Event Since Archie's Birth"),
    ("Thousands Of Protesters Return To The Streets Of Hong Kong To Denounce Extradition Bill",
     "Thousands Of Protesters Take To Hong Kong Streets Against Extradition Law"),
    ("Chinese Hotel Collapses While Being Used To Observe Coronavirus Contacts",
     "10 Dead, 23 Missing As Chinese Hotel Used To Isolate Coronavirus Contacts Collapses"),
])
def test_two_sources_rewording_one_story_still_group(a: str, b: str) -> None:
    """The two-slot rule of a series does not split one story reworded: rewording adds, drops
    or moves words, a series' template does not."""
    assert grouped(a, b)


@pytest.mark.parametrize("a, b", [
    ("Amy Schumer Says Kirsten Dunst Was In On Oscar Seat Filler Prank",
     "Amy Schumer's Joke About Kirsten Dunst Being An Oscars Seat Filler"),
    ("Robert Mugabe, Zimbabwe's First Post-Independence Leader, Dead At 95",
     "Robert Mugabe, Zimbabwe's First Post-Independence Leader, Dead At 95"),
    ("Houston Astros Fire Staffer Over Outburst At Female Reporters",
     "MLB To Investigate Houston Astros Staffer's Outburst At Female Reporters"),
])
def test_reports_of_one_story_differ_in_more_than_one_slot(a: str, b: str) -> None:
    assert grouped(a, b)


def test_titles_with_few_words_are_not_one_story_because_they_look_alike() -> None:
    groups = assign_groups([Story(1, "Local"), Story(2, "Local"), Story(3, "Short news")])
    assert len(set(groups.values())) == 3


def test_the_same_link_is_the_same_story_whatever_the_titles() -> None:
    groups = assign_groups([
        Story(1, "Release 1.0", "https://www.x.org/a?utm_source=rss"),
        Story(2, "Release 2.0", "https://x.org/a"),
    ])
    assert groups[1] == groups[2]


def test_an_earlier_story_gives_its_key_only_to_the_same_story() -> None:
    earlier = [Story(9, "Podcast Episode 41", "https://x.org/41", "story:told")]
    groups = assign_groups([Story(1, "Podcast Episode 42", "https://x.org/42"),
                            Story(2, "Podcast Episode 41", "https://x.org/41")], earlier)
    assert groups[1] != "story:told" and groups[2] == "story:told"


def test_numbers_are_read_whole() -> None:
    assert title_numbers("Python 3.12.1, 1,000 users, episode 07 of 2024-03-05") == {
        "3.12.1", "1000", "7", "2024", "3", "5"}
    assert title_numbers("9" * 5000) == {"9" * 5000}  # no int() limit on a hostile title


def _compare_all(new: list[Story], earlier: list[Story]) -> dict[int, str]:
    """The definition: each new item takes the key of the first story before it (earlier ones
    first) that ``near_duplicates`` it, comparing every pair."""
    seen = [(Fingerprint.of(s), s.group_key or key_for(s)) for s in earlier]
    out = {}
    for s in new:
        fp = Fingerprint.of(s)
        key = next((k for f, k in seen if near_duplicates(fp, f)), None) or key_for(s)
        out[s.item_id] = key
        seen.append((fp, key))
    return out


_WORDS = st.sampled_from(["rust", "compiler", "release", "storm", "coast", "vote", "senate",
                          "budget", "episode", "final", "3.12", "41", "42", "2-1"])
_TITLE = st.lists(_WORDS, min_size=0, max_size=7).map(" ".join)
_LINK = st.one_of(st.none(), st.sampled_from(
    ["https://a.example/1", "https://a.example/1?utm_source=x", "https://b.example/2"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TITLE, _LINK), max_size=25),
       st.lists(st.tuples(_TITLE, _LINK, st.one_of(st.none(), st.just("story:given"))),
                max_size=6))
def test_the_index_finds_what_comparing_every_pair_finds(
    new: list[tuple[str, str | None]], earlier: list[tuple[str, str | None, str | None]],
) -> None:
    # assign_groups compares only the stories an index says could match (a 37,000-item round
    # compared every pair: ~7.5 s); it must give the keys comparing every pair gives
    stories = [Story(i, t, link) for i, (t, link) in enumerate(new)]
    before = [Story(1000 + i, t, link, key) for i, (t, link, key) in enumerate(earlier)]
    assert assign_groups(stories, before) == _compare_all(stories, before)


def test_the_index_of_a_round_is_let_go_a_slice_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A round's 37,000 fingerprints freed in one go held the GIL for ~120 ms (the windows
    froze): ``assign_groups`` hands its index to ``release``, and groups the same."""
    from notify.core import release as releasing

    handed: list[int] = []

    def spy(*collections: list[object]) -> None:
        handed.extend(len(c) for c in collections)
        releasing.release(*collections)

    monkeypatch.setattr("notify.core.dedupe.release", spy)
    stories = [Story(k, f"Release {k % 50} of the tool ships today", f"https://x.org/{k % 60}")
               for k in range(300)]
    groups = assign_groups(stories)
    assert handed[0] == 300  # every story seen, then its words and links
    assert len(set(groups.values())) < 300 and set(groups) == set(range(300))


def test_the_stories_sharing_words_are_counted_one_word_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A common word's stories are most of a round: counting every word's in one C call held
    the GIL ~50 ms (the windows froze). Each call counts one word's stories; same groups."""
    import notify.core.dedupe as dedupe

    counted: list[int] = []

    class Spy(Counter):  # type: ignore[type-arg]
        def update(self, iterable: object = None, /, **kwds: int) -> None:
            got = list(iterable or ())  # type: ignore[call-overload]
            counted.append(len(got))
            super().update(got, **kwds)

    stories = [Story(k, f"Weekly report {k % 9} on the river level", f"https://x.org/{k}")
               for k in range(200)]
    expected = assign_groups(stories)
    monkeypatch.setattr(dedupe, "Counter", Spy)
    assert assign_groups(stories) == expected
    assert counted and max(counted) <= 200  # one word's stories at most, not all its words'
