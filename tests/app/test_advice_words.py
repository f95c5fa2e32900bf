"""The core's advice in the app's words: where to click, never a command."""

from __future__ import annotations

import pytest

from notify.app.advice_words import app_words, said
from notify.core.discovery import json_kind, no_feed_here
from notify.core.errors import (
    Advice,
    Remedy,
    UnknownItemError,
    UnknownSourceError,
    UserInputError,
    in_words,
)


@pytest.mark.parametrize("advice", [Advice(Remedy.LIST_SOURCES), Advice(Remedy.LIST_ITEMS),
                                    json_kind("https://api.example.org/v1/items?key=SeCrEt")])
def test_every_advice_has_app_words_that_name_no_command(advice: Advice) -> None:
    words = app_words(advice)
    assert words.endswith(".")
    assert "notify " not in words and "--" not in words and "SeCrEt" not in words
    assert set(Remedy) == {Remedy.LIST_SOURCES, Remedy.LIST_ITEMS, Remedy.FOLLOW_AS_JSON_API}


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
    cli = no_feed_here(url, b'{"data": []}')
    assert "notify sources add --kind json https://api.example.org/v1/items;" in cli
    app = in_words(cli, json_kind(url), app_words)
    assert app == no_feed_here(url, b'{"data": []}', app_words) == (
        f"{url} is JSON, but not a feed. If it is a web API, follow it as a JSON API source: "
        "in Settings → Sources, choose the kind “JSON API” under Add a source and give it "
        "this address.")
