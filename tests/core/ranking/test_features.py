from __future__ import annotations

from notify.core.ranking.features import (
    LEAD_WORDS,
    ItemText,
    content_words,
    describe,
    features,
    lead,
    matches_term,
)


def test_content_words_drop_stop_words_numbers_and_case() -> None:
    assert content_words("The Rust 2024 edition is HERE, and it's fast!") == [
        "rust", "edition", "fast"]


def test_a_short_stop_word_in_capitals_is_an_acronym() -> None:
    """Regression: "la" and "who" are stop words, so "LA" and "WHO" were dropped from every
    headline, and an interest in "LA" matched nothing."""
    assert content_words("WHO warns of a new virus in LA") == ["who", "warns", "virus", "la"]
    assert content_words("LA") == ["la"]  # an interest as the person typed it
    # a headline all in capitals says nothing about one word; emphasis is not an acronym
    assert content_words("WHO WARNS OF A VIRUS") == ["warns", "virus"]
    assert content_words("The edition is HERE") == ["edition"]  # four letters: emphasis


def test_lead_is_title_then_the_first_words_of_the_summary() -> None:
    summary = " ".join(f"word{i}x" for i in range(200))
    words = lead(ItemText("Rugby final", summary))
    assert words[:2] == ["rugby", "final"]
    assert len(words) == 2 + LEAD_WORDS
    assert "word60x" not in words and "word59x" in words


def test_features_name_every_family() -> None:
    it = ItemText("Rust async lands", "Tokio rejoices", source="LWN", group="Tech",
                  authors=("Ann Lee",), tags=("Programming",), link="https://www.lwn.net/a",
                  source_url="https://example.org/feed")
    x = features(it)
    assert x["bias"] == 1.0
    for name in ("src:LWN", "grp:Tech", "auth:Ann Lee", "tag:programming", "site:lwn.net",
                 "w:rust", "w:tokio", "sw:LWN|rust"):
        assert name in x, name
    assert x["w:rust"] < x["src:LWN"]  # one word says less than the source


def test_site_is_left_out_when_it_is_the_source_itself() -> None:
    it = ItemText("A", link="https://blog.example.org/post", source_url="https://blog.example.org/feed")
    assert not any(n.startswith("site:") for n in features(it))


def test_matches_term_kinds() -> None:
    it = ItemText("New Rust compiler", "faster builds", source="LWN", authors=("Ann",),
                  tags=("Dev",))
    words = frozenset(lead(it))  # what keyword pins and interests match against
    assert matches_term(it, words, "keyword", "Rust")
    assert matches_term(it, words, "keyword", "rust compiler")
    assert not matches_term(it, words, "keyword", "python")
    assert matches_term(it, words, "source", "LWN")
    assert matches_term(it, words, "author", "Ann")
    assert matches_term(it, words, "tag", "dev")
    assert not matches_term(it, words, "source", "HN")


def test_a_site_pin_matches_the_items_that_link_to_that_site() -> None:
    """Regression: ``notify profile pin site:…`` was accepted but matched nothing."""
    it = ItemText("Show HN: a tool", link="https://www.github.com/a/b", source="HN",
                  source_url="https://news.ycombinator.com/rss")
    words = frozenset(lead(it))
    assert matches_term(it, words, "site", "github.com")
    assert matches_term(it, words, "site", "www.GitHub.com")
    assert not matches_term(it, words, "site", "hub.com")
    blog = ItemText("Post", link="https://blog.example.org/p", source="Blog")
    assert matches_term(blog, frozenset(), "site", "example.org")  # a subdomain of it
    assert not matches_term(ItemText("No link"), frozenset(), "site", "example.org")


def test_describe_reads_like_words() -> None:
    assert describe("w:rust") == "word 'rust'"
    assert describe("src:Hacker News") == "source Hacker News"
    assert describe("sw:LWN|rust") == "word 'rust' in LWN"
    # a stated interest as the person said it, not the term syntax (int:keyword:rust)
    assert describe("int:keyword:rust") == "your interest 'rust'"
    assert describe("int:source:Hacker News") == "your interest: source Hacker News"


def test_the_lead_stops_reading_a_long_summary_at_its_words() -> None:
    from notify.core.ranking.features import LEAD_WORDS, content_words

    summary = " ".join(f"word{i}" for i in range(5000))
    words = lead(ItemText("Rugby final", summary))
    assert words == ["rugby", "final"] + [f"word{i}" for i in range(LEAD_WORDS)]
    assert content_words("The cat and a dog, 42 times", 2) == ["cat", "dog"]
    assert content_words("cat dog", 0) == []
    it = ItemText("Rugby final", summary, source="Sport")
    assert features(it, lead(it)) == features(it)  # the caller's lead is the same lead


def test_urls_and_email_addresses_are_not_words() -> None:
    """One Dismiss of an item whose summary held a link taught the profile 'bawgd5vzey', 'com'."""
    summary = ("Read the report at https://www.example.com/news/2024/bawgd5vzey?utm_source=rss "
               "(or www.example.org/report), write to press.office+rss@example.co.uk, "
               "see bit.ly/3xYzAbq and mailto:jo@example.com. Rugby and/or cricket, 24/7.")
    assert content_words(summary) == ["read", "report", "write", "see", "rugby", "cricket"]
    x = features(ItemText("Rugby final", summary, source="Sport"))
    assert not [n for n in x if n.startswith("w:") and n[2:] in (
        "https", "www", "example", "com", "bawgd5vzey", "utm_source", "bit", "ly", "press",
        "office", "jo", "uk", "3xyzabq")]
    assert content_words("@nasa and u.s./china talks") == ["nasa", "china", "talks"]


def test_ids_are_not_words_but_names_with_numbers_are() -> None:
    kept = ["covid19", "mp3", "g7", "5g", "iphone11", "win10", "ps5", "sha256", "euro2024",
            "mp3s", "g20s", "4k", "1080p", "90s", "3rd", "4chan", "x86", "h5n1", "r2d2", "b2b"]
    assert content_words(" ".join(kept)) == kept
    ids = ["bawgd5vzey", "3f2a9c1e", "a1b2c3", "dqw4w9wgxcq", "550e8400", "k7x9q2m4",
           "abcdefgh12345678", "9vzeyqkbawg"]
    assert content_words(" ".join(ids)) == []


def test_function_words_of_other_languages_are_not_words() -> None:
    # one Like of this item made "de", "da" and "na" liked words, so every Portuguese item likely
    assert content_words("Presidente da Câmara fala de reforma na televisão") == [
        "presidente", "câmara", "fala", "reforma", "televisão"]
    assert content_words("Le président et la ministre dans une réunion sur le budget") == [
        "président", "ministre", "réunion", "budget"]
    assert content_words("Der Kanzler und die Ministerin sprechen über das Budget") == [
        "kanzler", "die", "ministerin", "sprechen", "budget"]  # "die" is also an English word
    # words that are function words elsewhere but English words a person cares about stay
    assert content_words("AI at MIT: the OS, the van, the son, the UN") == [
        "ai", "mit", "os", "van", "son", "un"]


def test_a_group_value_spreads_over_its_sources() -> None:
    assert features(ItemText("A", source="LWN", group="Tech"))["grp:Tech"] == 1.0
    assert features(ItemText("A", source="LWN", group="Tech", group_size=40))["grp:Tech"] == 1 / 40
