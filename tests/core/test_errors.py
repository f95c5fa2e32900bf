"""Errors whose advice each front end words its own way: the fact and the advice as data, the
command line's words by default (``str``), another front end's through ``said``."""

from __future__ import annotations

import pytest

from notify.core.errors import (
    Advice,
    NotifyError,
    Remedy,
    SourceConfigError,
    UnknownItemError,
    UnknownSourceError,
    command_line_words,
    in_words,
)


def _elsewhere(advice: Advice) -> str:
    return f"<{advice.remedy.value} {advice.address}>".replace(" >", ">")


def test_an_unknown_source_carries_its_fact_and_advice_and_reads_as_the_command_line_says_it(
        ) -> None:
    err = UnknownSourceError(7)
    assert err.source_id == 7
    assert err.fact == "No source with id 7."
    assert err.advice == Advice(Remedy.LIST_SOURCES)
    assert str(err) == "No source with id 7. Run 'notify sources list' to see the ids."
    assert err.said(command_line_words) == str(err)
    assert err.said(_elsewhere) == "No source with id 7. <list-sources>"


def test_an_unknown_item_likewise() -> None:
    err = UnknownItemError(999)
    assert str(err) == "No item with id 999. Run 'notify items' to see the ids."
    assert err.said(_elsewhere) == "No item with id 999. <list-items>"


def test_an_error_without_advice_is_said_as_it_is() -> None:
    err = SourceConfigError("Hacker News: “Minimum score” must be a number.")
    assert err.advice is None
    assert err.said(_elsewhere) == str(err)
    with pytest.raises(NotifyError):
        raise err


def test_advice_inside_a_text_is_reworded_and_another_text_is_left_as_it_is() -> None:
    advice = Advice(Remedy.FOLLOW_AS_JSON_API, "https://api.example.org/v1/items")
    text = f"Feed “API” could not be read: no XML. {command_line_words(advice)}"
    assert in_words(text, advice, _elsewhere) == (
        "Feed “API” could not be read: no XML. "
        "<follow-as-json-api https://api.example.org/v1/items>")
    other = Advice(Remedy.FOLLOW_AS_JSON_API, "https://other.example.org/")
    assert in_words(text, other, _elsewhere) == text  # advice about another address: kept
    assert in_words("Connection refused.", advice, _elsewhere) == "Connection refused."
