"""Near-duplicate detection: what is "the same story", and what only looks like it."""

from __future__ import annotations

import pytest

from notify.core.dedupe import Story, assign_groups, title_numbers


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
