# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""``notify profile show`` says what is true of each learned row: what pushes items up (More
of), what pushes them down (Less of: a word the person cannot stand), and what the reactions
ruled out as a reason without pushing anything down (Not a reason on its own: a source, site,
author, tag or word whose items were passed over). Sources served by a real HTTP server on
127.0.0.1, polled, reacted to and shown through ``notify.cli.main``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.core.ranking.test_profile_groups import POLITICS, SPORTS
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import RSS_TYPE, Cli


def huffpost(title: str, entries: list[str], section: str) -> bytes:
    """A feed as HuffPost's section feeds are: every item links to www.huffpost.com (a site
    other than the feed's own host)."""
    items = "".join(
        f"<item><title>{t}</title><link>https://www.huffpost.com/entry/{section}-{i}</link>"
        f"<guid>{section}-{i}</guid><description>{t}.</description></item>"
        for i, t in enumerate(entries))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://127.0.0.1/</link>{items}</channel></rss>").encode()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, capsys)


def liked_sports_dismissed_politics(cli: Cli, server: Server) -> dict[str, int]:
    """The user walkthrough: 6 Likes of HuffPost Sports items, 5 Dismisses of HuffPost
    Politics items, all of them on huffpost.com. Returns title -> item id."""
    server.route("/sports.xml", (200, RSS_TYPE, huffpost("HuffPost Sports", SPORTS, "sports")))
    server.route("/politics.xml", (200, RSS_TYPE,
                                   huffpost("HuffPost Politics", POLITICS, "politics")))
    for path in ("/sports.xml", "/politics.xml"):
        code, _out, err = cli("sources", "add", server.url(path))
        assert code == 0, err
    code, _out, err = cli("poll")
    assert code == 0, err
    items: list[dict[str, Any]] = cli.json("items", "--limit", "50")["items"]  # type: ignore[assignment]
    ids = {str(i["title"]): int(i["id"]) for i in items}
    assert len(ids) == 11
    for title in SPORTS + POLITICS:
        code, _out, err = cli("feedback", str(ids[title]), "like" if title in SPORTS
                              else "dismiss")
        assert code == 0, err
    return ids


def section(out: str, heading: str) -> str:
    """The rows under one heading of ``profile show`` (up to the next unindented line)."""
    start = out.index(heading)
    rows = out[start:].splitlines()[1:]
    return "\n".join(line for line in _until_unindented(rows))


def _until_unindented(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if not line.startswith("  "):
            break
        out.append(line)
    return out


LESS_OF = "Less of (pushes items down):"
NOT_A_REASON = "Not a reason on its own"


def test_a_site_whose_other_items_were_liked_is_not_said_to_push_items_down(
        cli: Cli, server: Server) -> None:
    """User walkthrough (issue 4): after 6 Likes of HuffPost Sports items and 5 Dismisses of
    Politics items, all from huffpost.com, ``profile show`` listed `-6.56 strong site
    "huffpost.com"` under "Less of (pushes items down)". The Likes were credited to the
    source, the Dismisses to the site; but a liked-side feature with evidence against it does
    not push items down (the learner is a noisy-OR): it only stops being a reason. It is
    listed, with its weight, under Not a reason on its own."""
    liked_sports_dismissed_politics(cli, server)
    code, out, err = cli("profile", "show", "-n", "50")
    assert code == 0, err
    less = section(out, LESS_OF)
    assert "huffpost.com" not in less and "HuffPost Politics" not in less, less
    ruled_out = section(out, NOT_A_REASON)
    assert re.search(r"^ +-\d+\.\d\d  [\w ]+site “huffpost\.com”  \[site:huffpost\.com\]$",
                     ruled_out, re.M), out
    assert re.search(r"^ +-\d+\.\d\d  [\w ]+source “HuffPost Politics”  "
                     r"\[source:HuffPost Politics\]$", ruled_out, re.M), out
    # the heading says what is true of them, and the legend what their weight is
    assert ("Not a reason on its own (you passed over its items; an item with it still needs "
            "something you like):") in out
    assert "pushes no item down" in " ".join(out.split())
    # what really pushes items down is still said so: here, nothing
    assert less.strip() == "(nothing yet)"


def test_show_json_says_which_group_each_row_is_in_and_keeps_negative_whole(
        cli: Cli, server: Server) -> None:
    """``--json`` stays compatible: ``negative`` still lists every row with evidence against
    it, with its learned ``weight``; each row now says where ``show`` lists it (``group``)
    and, under Less of, how far it lowers an item's chance (``push``)."""
    liked_sports_dismissed_politics(cli, server)
    doc = cli.json("profile", "show", "-n", "50")
    positive: list[dict[str, Any]] = doc["positive"]  # type: ignore[assignment]
    negative: list[dict[str, Any]] = doc["negative"]  # type: ignore[assignment]
    [site] = [r for r in negative if r["feature"] == "site:huffpost.com"]
    assert site["weight"] < 0 and site["group"] == "not_a_reason" and site["push"] is None
    assert {r["group"] for r in positive} == {"more_of"}
    assert all(r["push"] is None for r in positive)
    assert {r["group"] for r in negative} <= {"less_of", "not_a_reason"}
    assert all((r["push"] is None) == (r["group"] != "less_of") for r in negative)
    assert set(site) == {"feature", "text", "weight", "certainty", "pinned", "group", "push"}


def test_a_ruled_out_row_can_still_be_forgotten_pinned_and_lowered(
        cli: Cli, server: Server) -> None:
    liked_sports_dismissed_politics(cli, server)
    code, out, _err = cli("profile", "less", "site:huffpost.com")
    # ruled out already: lowering it changes nothing a person would see, and it says so
    assert code == 0 and "Site “huffpost.com” is no reason to notify" in out, out
    assert "notify profile pin --never site:huffpost.com" in " ".join(out.split()), out
    assert cli("profile", "pin", "site:huffpost.com")[0] == 0
    code, out, _err = cli("profile", "show", "-n", "50")
    assert re.search(r"site “huffpost\.com”  \[site:huffpost\.com\]  \(pinned\)$",
                     section(out, NOT_A_REASON), re.M), out
    code, out, _err = cli("profile", "forget", "site:huffpost.com")
    assert code == 0 and out.startswith("Forgot site “huffpost.com”")
    code, out, _err = cli("profile", "show", "-n", "50")
    assert "Alerts:    site “huffpost.com” (always notified)" in out  # the pin stays
    assert "huffpost.com" not in section(out, NOT_A_REASON)


def test_explain_does_not_call_the_ruled_out_site_a_reason_against_a_liked_item(
        cli: Cli, server: Server) -> None:
    """``notify explain`` measures each feature's push on the item (``contributions``): the
    site ruled out takes nothing measurable from an item of the liked source."""
    ids = liked_sports_dismissed_politics(cli, server)
    code, out, err = cli("explain", str(ids[SPORTS[0]]))
    assert code == 0, err
    assert "huffpost.com" not in out and "less of" not in out.lower()
