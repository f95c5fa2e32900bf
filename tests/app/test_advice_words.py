"""The core's advice in the app's words: where to click, never a command."""

from __future__ import annotations

import pytest

from notify.app.advice_words import about_source, app_words, said
from notify.core.discovery import json_kind, no_feed_here
from notify.core.errors import (
    Advice,
    Advised,
    Remedy,
    UnknownFeatureError,
    UnknownItemError,
    UnknownSourceError,
    UserInputError,
    command_line_words,
    placed_from_json,
    placed_to_json,
)

CLAUSES = {Remedy.EDIT_ADDRESS, Remedy.GIVE_TOKEN, Remedy.ENABLE_SOURCE, Remedy.NAME_A_FEATURE}
# about a source being added or edited: its kind's settings, said inside a sentence too
ABOUT_A_KIND = [Advice(Remedy.SET_OPTION, kind="mastodon", setting="tag", value="python"),
                Advice(Remedy.SET_OPTION, kind="mastodon", setting="timeline", value="tag"),
                Advice(Remedy.SET_OPTION, kind="hackernews", setting="list", value="top|new"),
                Advice(Remedy.SET_OPTION, kind="github-notifications",
                       setting="participating", value="yes"),
                Advice(Remedy.SET_OPTION, kind="json", setting="headers.Accept",
                       value="application/json"),
                Advice(Remedy.TYPE_TOKEN, kind="mastodon"),
                Advice(Remedy.FOLLOW_AS_FEED, address="https://m.example/@a.rss")]
# about an OPML import's outline, said inside its reason too
ABOUT_AN_OUTLINE = [Advice(Remedy.IMPORT_LIST, address="https://x.example/more.opml")]


@pytest.mark.parametrize("advice", [Advice(Remedy.LIST_SOURCES), Advice(Remedy.LIST_ITEMS),
                                    json_kind("https://api.example.org/v1/items?key=SeCrEt"),
                                    *(Advice(r, source_id=4) for r in sorted(
                                        CLAUSES, key=lambda r: r.value)),
                                    # a web page's feed to switch to
                                    Advice(Remedy.EDIT_ADDRESS, source_id=4,
                                           address="https://x.example/feed.xml"),
                                    *ABOUT_A_KIND,
                                    *ABOUT_AN_OUTLINE])
def test_every_advice_has_app_words_that_name_no_command(advice: Advice) -> None:
    words = app_words(advice)
    # a sentence, or a clause of one (said inside the core's sentence)
    clause = advice.remedy in CLAUSES or advice in ABOUT_A_KIND or advice in ABOUT_AN_OUTLINE
    assert words.endswith(".") != clause
    assert "notify " not in words and "--" not in words and "SeCrEt" not in words
    assert "notify " in command_line_words(advice) or "--" in command_line_words(advice)
    assert set(Remedy) == {Remedy.LIST_SOURCES, Remedy.LIST_ITEMS, Remedy.FOLLOW_AS_JSON_API,
                           *CLAUSES, *(a.remedy for a in (*ABOUT_A_KIND, *ABOUT_AN_OUTLINE))}


def test_a_setting_to_give_is_said_with_its_field_s_label() -> None:
    """The app names the field of the setting, as the source's form labels it, and what to do
    in it; the command line the option."""
    said_for = {a.setting or a.remedy.value: (app_words(a), command_line_words(a))
                for a in ABOUT_A_KIND}
    assert said_for["tag"] == ("type it in “Hashtag (for the tag timeline)”, e.g. python",
                               "--option tag=python")
    assert said_for["timeline"] == ("choose tag in “Timeline”", "--option timeline=tag")
    assert said_for["list"][0] == "choose one in “List”"
    assert said_for["participating"][0].startswith("tick “")
    assert said_for["headers.Accept"] == (  # (a mapping: a line each, "give each as …")
        "a line “Accept: application/json” in “Extra request headers”",
        "--option headers.Accept=application/json")
    assert said_for["type-token"] == ("type one in its “Access token (home, notifications)” "
                                      "field", "give one with --token-stdin")


def test_a_sources_stored_error_gives_its_advice_in_the_apps_words() -> None:
    """Regression: a poll's error stored as text said "notify sources edit 3 --url" (a
    web page, a secret an export removed), "--token-stdin" or, for a disabled source, named
    no way at all to enable it; the app rewrote some of them by matching their text. The
    advice is data now: said where the text says it, about the source it names."""
    from notify.core.redacted import secret_removed
    from notify.core.sources.apihelpers import give_token_again

    stored = secret_removed("Feed 'Private'", 3)
    assert "notify sources edit 3 --url ADDRESS" in stored.text  # the command line's words
    assert about_source(stored) == (
        "Feed 'Private': its secret (••• in its address) was removed when the list was "
        "exported, so Notify cannot read it. Edit the source's address to add it: in "
        "Settings → Sources: type the new address in its “Address” and press Save.")
    token = Advised.of("Refused. Create a new token and ", give_token_again(3), ".")
    assert about_source(token, token_field="GitHub token") == (
        "Refused. Create a new token and give it again: type it in the “GitHub token” field "
        "of this source and press Save.")
    assert "notify" not in about_source(token)
    assert about_source(Advised(token.text)) == token.text  # stored before its advice was
    assert about_source(None) == ""


@pytest.mark.parametrize("advice", [*ABOUT_A_KIND, Advice(Remedy.ENABLE_SOURCE, source_id=2),
                                    json_kind("https://api.example.org/v1/items?key=SeCrEt")])
def test_every_advice_a_stored_error_may_give_is_said_in_the_apps_words(advice: Advice) -> None:
    """Regression: the text replacement knew three remedies about a source and the JSON API
    kind: a setting to give (``--option tag=python``), a token to type (``--token-stdin``) or
    a source to enable reached the app as the command line says them."""
    stored = Advised.of("Mastodon: it failed: ", advice, ".")
    back = Advised(stored.text, placed_from_json(placed_to_json(stored.placed)))
    said_here = about_source(back)
    assert said_here == f"Mastodon: it failed: {app_words(advice)}."
    assert "notify " not in said_here and "--" not in said_here and "SeCrEt" not in said_here


def test_a_word_that_is_no_feature_says_where_feature_names_are_read() -> None:
    from notify.core.ranking.profile import parse_term

    with pytest.raises(UnknownFeatureError) as caught:
        parse_term("nosuchkind:x")
    assert "from 'notify profile show' such as w:rust." in str(caught.value)
    assert said(caught.value).endswith(
        "or a feature name such as w:rust (the tooltip of a learned feature on this page gives "
        "its name).")
    assert "notify" not in said(caught.value)


def test_an_error_in_the_app_says_where_to_look_the_command_line_what_to_run() -> None:
    err = UnknownSourceError(5)
    assert said(err) == ("No source with id 5. It may have been removed meanwhile: "
                         "Settings → Sources lists the sources there are.")
    assert str(err) == "No source with id 5. Run 'notify sources list' to see the ids."
    assert said(UnknownItemError(3)).startswith("No item with id 3. It may have been removed")
    assert said(UserInputError("Not an address.")) == "Not an address."
    assert said(ValueError("boom")) == "boom"


def test_json_that_is_no_feed_in_the_apps_words_and_in_the_command_lines() -> None:
    url = "https://api.example.org/v1/items"
    found = no_feed_here(url, b'{"data": []}')
    assert "notify sources add --kind json https://api.example.org/v1/items;" in found.text
    assert about_source(found) == (
        f"{url} is JSON, but not a feed. If it is a web API, follow it as a JSON API source: "
        "in Settings → Sources, choose the kind “JSON API” under Add a source and give it "
        "this address.")
