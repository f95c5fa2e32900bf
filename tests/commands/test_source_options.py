"""What ``sources add``, ``edit`` and ``preview`` say of a setting the kind does not have: the
settings ``--option`` accepts (never a token, which is refused as one: where it goes is said),
and for a kind without settings (feed), plainly that, and what such a source has instead
(``notify.cli.main`` with a real data folder; nothing is fetched)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def refusal(cli: Cli, *argv: str) -> str:
    code, out, err = cli(*argv)
    assert (code, out) == (2, ""), err
    assert err.startswith("notify: ") and len(err.splitlines()) == 1, err
    return err.removeprefix("notify: ").rstrip("\n")


def test_a_feed_s_settings_are_said_to_be_none_and_what_it_has_instead(cli: Cli) -> None:
    assert cli("sources", "add", "https://example.org/feed", "--no-check")[0] == 0
    has = ("its name (--title), its folder (--group) and its interval (--interval).")
    # was "… with a setting of the feed kind (known: none)." / "… no such setting (known: none)."
    assert refusal(cli, "sources", "add", "https://example.org/two", "--no-check",
                   "-o", "foo=bar") == (
        f"--option 'foo=bar': feed sources have no settings. What a feed source has is its "
        f"address (URL), {has}")
    assert refusal(cli, "sources", "edit", "1", "-o", "foo=bar") == (
        f"--option 'foo=bar': feed sources have no settings. What a feed source has is its "
        f"address (--url), {has}")
    assert refusal(cli, "sources", "edit", "1", "--unset", "foo") == (
        f"--unset foo: feed sources have no settings. What a feed source has is its address "
        f"(--url), {has}")
    assert "(known: none)" not in refusal(cli, "sources", "preview", "https://example.org/",
                                          "-o", "foo=bar")
    assert len(cli.json("sources", "list")["sources"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("option", ["token=abc", "nope=1", "nope"])
def test_an_unknown_setting_lists_only_what_option_accepts_and_where_the_token_goes(
        cli: Cli, option: str) -> None:
    said = refusal(cli, "sources", "add", "--kind", "json", "https://api.example.org/items",
                   "--no-check", "-o", option)
    # was "(known: items, fields, headers, token_ref, token_header, token_prefix)": token_ref
    # is refused as an option
    assert said == (
        f"--option {option!r}: the json kind has no such setting; its settings are items, "
        "fields, headers, token_header, token_prefix. A token is no setting: give the token "
        "with --token-stdin, which reads it into the system keyring.")
    assert "token_ref" not in said


def test_a_kind_with_one_setting_and_a_token_and_the_token_refused_as_an_option(
        cli: Cli) -> None:
    assert refusal(cli, "sources", "add", "--kind", "github-repo", "python/cpython",
                   "--no-check", "-o", "nope=1") == (
        "--option 'nope=1': the github-repo kind has no such setting; its one setting is what. "
        "A token is no setting: give the token with --token-stdin, which reads it into the "
        "system keyring.")
    assert refusal(cli, "sources", "add", "--kind", "github-repo", "python/cpython",
                   "--no-check", "-o", "token_ref=abc") == (
        "--option token_ref: secrets are never given on the command line: give the token with "
        "--token-stdin, which reads it into the system keyring.")
    assert refusal(cli, "sources", "add", "--kind", "github-repo", "python/cpython",
                   "--no-check", "-o", "what") == (
        "--option 'what': expected KEY=VALUE, e.g. what=….")
