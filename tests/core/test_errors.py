"""Errors whose advice each front end words its own way: the fact and the advice as data, the
command line's words by default (``str``), another front end's through ``said``."""

from __future__ import annotations

import pytest

from notify.core.errors import (
    Advice,
    Advised,
    NotifyError,
    Placed,
    Remedy,
    SourceConfigError,
    UnknownItemError,
    UnknownSourceError,
    command_line_words,
    placed_from_json,
    placed_to_json,
)
from notify.core.logs import register_secret


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


def test_a_message_carries_its_advice_where_it_gives_it_and_each_front_end_says_it() -> None:
    advice = Advice(Remedy.FOLLOW_AS_JSON_API, "https://api.example.org/v1/items")
    token = Advice(Remedy.GIVE_TOKEN, source_id=3)
    said = Advised.of("Feed “API” could not be read: no XML. ", advice, " Or ",
                      Advised.of("add it: ", token), ".")
    assert str(said) == said.text == (
        f"Feed “API” could not be read: no XML. {command_line_words(advice)} Or add it: "
        "notify sources edit 3 --token-stdin, or in Settings → Sources.")
    assert [p.advice for p in said.placed] == [advice, token]
    assert said.said(_elsewhere) == (
        "Feed “API” could not be read: no XML. "
        "<follow-as-json-api https://api.example.org/v1/items> Or add it: <give-token>.")
    assert Advised("Connection refused.").said(_elsewhere) == "Connection refused."


def test_a_placement_that_does_not_fit_its_text_leaves_the_text_as_it_is() -> None:
    """A text changed without its advice (or a stored row edited by hand) is never cut at the
    wrong place: the command line's words stay."""
    said = Advised.of("Enable it: ", Advice(Remedy.ENABLE_SOURCE, source_id=4), ".")
    moved = Advised("Now: " + said.text, said.placed)  # the text moved, the placement not
    assert moved.said(_elsewhere) == moved.text
    past = Advised("Short.", (Placed(Advice(Remedy.LIST_ITEMS), 3, 90),))
    assert past.said(_elsewhere) == "Short."
    assert said.said(_elsewhere) == "Enable it: <enable-source>."


def test_an_error_s_message_as_data_and_redacted_around_its_advice() -> None:
    register_secret("tok-SeCrEt-42")
    err = SourceConfigError("Token tok-SeCrEt-42 for https://x.example/?key=abc was refused:",
                            Advice(Remedy.TYPE_TOKEN, kind="mastodon"), form="{0} {1} (again).")
    said = err.advised()
    assert said.text == str(err)
    clean = said.redacted()
    assert clean.text == ("Token ••• for https://x.example/?key=••• was refused: give one "
                          "with --token-stdin (again).")
    assert clean.said(_elsewhere) == ("Token ••• for https://x.example/?key=••• was refused: "
                                      "<type-token> (again).")
    assert SourceConfigError("Plain.").advised() == Advised("Plain.")


def test_stored_advice_holds_no_secret_and_reads_back() -> None:
    url = "https://api.example.org/v1/items?key=SeCrEt-77"
    said = Advised.of("JSON, not a feed. ", Advice(Remedy.FOLLOW_AS_JSON_API, url), " ",
                      Advice(Remedy.SET_OPTION, kind="json", setting="fields.id", value="uid"))
    assert "SeCrEt-77" not in said.text  # the command line says URL for it
    stored = placed_to_json(said.placed)
    assert stored is not None and "SeCrEt-77" not in stored
    back = placed_from_json(stored)
    assert [p.advice.remedy for p in back] == [Remedy.FOLLOW_AS_JSON_API, Remedy.SET_OPTION]
    assert back[1] == said.placed[1]
    assert Advised(said.text, back).said(_elsewhere) == (
        "JSON, not a feed. <follow-as-json-api https://api.example.org/v1/items?key=•••> "
        "<set-option>")  # the address stored redacted: still where the text says it
    assert placed_to_json(()) is None and placed_from_json(None) == ()
    newer = '[{"remedy":"a-remedy-of-a-newer-notify","at":[0,3]}]'
    assert placed_from_json(newer) == ()  # its text stays as it is
