# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""``notify items``: the order and the time it shows, through the CLI against a real server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import RSS_TYPE, Cli, cli  # noqa: F401


def _feed(title: str, *stories: tuple[str, str]) -> bytes:
    items = "".join(
        f"<item><title>{name}</title><link>https://example.org/{name.replace(' ', '-')}</link>"
        f"<guid>urn:{name}</guid><pubDate>{date}</pubDate></item>" for name, date in stories)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org/</link>{items}</channel></rss>").encode()


def test_items_are_newest_first_by_their_own_dates(cli: Cli, server: Server) -> None:
    """The user's report: heise, added after the Guardian, listed its 2016 items above the
    Guardian's 2018 ones (ordered by when Notify first saw them), and each poll's items came
    out in reverse (the feed lists newest first; ties went by id descending)."""
    server.route("/guardian", (200, RSS_TYPE, _feed(
        "The Guardian", ("Guardian late", "Tue, 06 Mar 2018 18:00:00 GMT"),
        ("Guardian early", "Tue, 06 Mar 2018 09:00:00 GMT"))))
    server.route("/heise", (200, RSS_TYPE, _feed(
        "heise", ("heise late", "Fri, 08 Jul 2016 12:00:00 +0200"),
        ("heise early", "Fri, 08 Jul 2016 08:00:00 +0200"))))
    for path in ("/guardian", "/heise"):
        assert cli("sources", "add", server.url(path), "--no-check")[0] == 0
        assert cli("poll")[0] == 0
    listed = cli.json("items")["items"]
    assert [i["title"] for i in listed] == [  # type: ignore[index]
        "Guardian late", "Guardian early", "heise late", "heise early"]
    code, out, _ = cli("items")
    assert code == 0
    lines = out.splitlines()
    first = lines.index(next(line for line in lines if "Guardian late" in line))
    # the item's own date (not "2 s ago", when it was first seen), as a calendar date: it is
    # years old (it read "2904.3 days ago")
    shown = datetime(2018, 3, 6, 18, tzinfo=UTC).astimezone().strftime("%Y-%m-%d")
    assert lines[first + 1].startswith(f"         The Guardian, {shown}  ")


def test_items_help_says_what_the_marks_mean(cli: Cli) -> None:
    """The list marks items with * and b (and [44%]); only docs/cli.md said what they mean."""
    with pytest.raises(SystemExit):
        cli("items", "--help")
    said = " ".join(cli.capsys.readouterr().out.split())
    assert "* marks an item not read (nor reacted to) yet" in said
    assert "b one of the items a newly added source started with" in said
    assert "s one you saved for later ('notify save')" in said
    assert "[44%] how likely a ranked item is to interest you" in said


def test_a_source_named_after_its_host_is_shown_by_host_and_path(cli: Cli, server: Server) -> None:
    """Regression: an item of a source still named after its host (a feed without a title)
    showed that bare host, ``127.0.0.1``, as every other command shows host and path; its
    ``--json`` said the bare host too (the name the ranking learnt it by)."""
    server.route("/news/world.xml", (200, RSS_TYPE, _feed(
        "", ("Story", "Tue, 06 Mar 2018 18:00:00 GMT"))))
    assert cli("sources", "add", server.url("/news/world.xml"))[0] == 0
    assert cli("poll")[0] == 0
    code, out, _ = cli("items")
    assert code == 0
    host = server.url("/").removeprefix("http://").rstrip("/")
    assert out.splitlines()[1].startswith(f"         {host}/news/world.xml, ")
    assert cli.json("items")["items"][0]["source_title"] == (  # type: ignore[index]
        f"{host}/news/world.xml")


def test_items_of_a_source_whose_polls_failed_say_its_last_error_and_what_to_do(
        cli: Cli, server: Server) -> None:
    """``items --source N`` for a source whose polls failed said "Run 'notify poll' to fetch
    some." (which fails again): it says the source's last error, with its advice, as ``sources
    show`` words it."""
    server.route("/gone", (404, {"Content-Type": "text/html"}, b"<html>gone</html>"))
    server.route("/api", (401, {"Content-Type": "application/json"}, b'{"error": "no"}'))
    assert cli("sources", "add", server.url("/gone"), "--no-check", "--title", "Gone")[0] == 0
    assert cli("sources", "add", "--kind", "json", server.url("/api"), "--title", "API")[0] == 0
    assert cli("poll")[0] == 0
    gone, api = (cli.json("sources", "show", sid)["source"]["health"]["last_error"]  # type: ignore[index]
                 for sid in ("1", "2"))
    assert f"  last error:    {api}\n" in cli("sources", "show", "2")[1]
    assert "add it: notify sources edit 2 --token-stdin, or in Settings → Sources." in api
    code, out, err = cli("items", "--source", "2")
    assert (code, err) == (0, "")
    assert out == f"No items: source 2 (API) failed its last poll: {api}\n"  # was "Run …"
    assert cli("items", "-s", "1")[1] == f"No items: source 1 (Gone) failed its last poll: {gone}\n"
    assert cli("poll", "--all")[0] == 0
    code, out, _ = cli("items", "-s", "1", "-s", "2", "-s", "1", "--new")
    assert out == ("No unread items.\n"
                   f"  source 1 (Gone) failed its last poll (2 in a row): {gone}\n"
                   f"  source 2 (API) failed its last poll (2 in a row): {api}\n")
    # a source never polled, and the saved items (no poll brings them): as before
    assert cli("sources", "add", server.url("/later"), "--no-check")[0] == 0
    assert cli("items", "-s", "3")[1] == "No items. Run 'notify poll' to fetch some.\n"
    assert cli("items", "-s", "1", "--saved")[1].startswith("No saved items")
    assert cli("items", "-s", "9")[0] == 2  # an unknown source


def test_items_of_a_disabled_source_say_how_to_enable_it(cli: Cli) -> None:
    """'notify poll' fetches nothing for a disabled source: how to enable it is said instead."""
    assert cli("sources", "add", "https://example.org/feed", "--no-check", "--title", "Off")[0] == 0
    assert cli("sources", "disable", "1")[0] == 0
    assert cli("items", "-s", "1")[1] == (
        "No items: source 1 (Off) is disabled; to poll it, enable it: notify sources enable 1.\n")



def test_items_with_every_source_failing_say_why_not_run_poll(cli: Cli, server: Server) -> None:
    """A bare ``notify items`` said "Run 'notify poll' to fetch some." when every source had
    failed its last poll (offline, say), and that poll fails again: each source's error is
    said, or, past a few sources, how many failed and where to see them. With a source never
    polled: as before."""
    server.route("/gone", (404, {"Content-Type": "text/html"}, b"<html>gone</html>"))
    assert cli("sources", "add", server.url("/gone"), "--no-check", "--title", "Gone")[0] == 0
    assert cli("sources", "add", "https://example.org/feed", "--no-check", "--title", "Off")[0] == 0
    assert cli("sources", "disable", "2")[0] == 0
    assert cli("poll")[0] == 0
    gone = cli.json("sources", "show", "1")["source"]["health"]["last_error"]  # type: ignore[index]
    assert cli("items")[1] == (
        "No items.\n"
        f"  source 1 (Gone) failed its last poll: {gone}\n"
        "  source 2 (Off) is disabled; to poll it, enable it: notify sources enable 2.\n")
    for n in range(3, 8):  # more than a few: counted, not listed
        server.route(f"/gone{n}", (404, {"Content-Type": "text/html"}, b"<html>gone</html>"))
        assert cli("sources", "add", server.url(f"/gone{n}"), "--no-check")[0] == 0
    assert cli("poll")[0] == 0
    assert cli("items")[1] == (
        "No items: none of your 7 sources could be polled (each failed its last poll or is "
        "disabled). 'notify status' lists them with what to do.\n")
    assert cli("sources", "add", server.url("/later"), "--no-check")[0] == 0
    assert cli("items")[1] == "No items. Run 'notify poll' to fetch some.\n"


@pytest.mark.parametrize("flags", [["--source", "1"], ["--new"], ["--saved"], ["--new", "-s", "1"]])
def test_notified_refuses_the_filters_it_would_drop(cli: Cli, server: Server,
                                                    flags: list[str]) -> None:
    """Regression: ``items --notified --source 3`` listed every source's notified items, status
    0, as if the filter were not given (likewise --new and --saved)."""
    server.route("/feed", (200, RSS_TYPE, _feed(
        "Feed", ("one", "Tue, 06 Mar 2018 18:00:00 GMT"))))
    assert cli("sources", "add", server.url("/feed"), "--no-check")[0] == 0
    code, out, err = cli("items", "--notified", *flags)
    assert code == 2 and out == ""
    given = " or ".join(f for f in ("--new", "--saved", "--source") if f in flags or (
        f == "--source" and "-s" in flags))
    assert f"not {given}:" in err and "--notified lists what was notified from every source" in err
    assert cli("items", "--notified", "--limit", "5")[0] == 0  # what it takes still works


def test_skip_pages_through_the_items_newest_first(cli: Cli, server: Server) -> None:
    """Past the newest 20 there was no way to the older items but a larger --limit."""
    server.route("/feed", (200, RSS_TYPE, _feed("Feed", *[
        (f"story {n}", f"Tue, 06 Mar 2018 {n:02d}:00:00 GMT") for n in range(5)])))
    assert cli("sources", "add", server.url("/feed"), "--no-check")[0] == 0
    assert cli("poll")[0] == 0

    def titles(*flags: str) -> list[str]:
        return [i["title"] for i in cli.json("items", *flags)["items"]]  # type: ignore[index]

    assert titles("-n", "2") == ["story 4", "story 3"]
    assert titles("-n", "2", "--skip", "2") == ["story 2", "story 1"]
    assert titles("-n", "2", "--skip", "4") == ["story 0"]
    assert cli("items", "--skip", "5")[1] == "No more items past the newest 5.\n"
    code, _out, err = cli("items", "--skip", "-1")
    assert code == 2 and "--skip must be 0 or more (got -1)." in err
    code, _out, err = cli("items", "--notified", "--skip", "2")
    assert code == 2 and "not --skip:" in err


def test_on_an_80_column_terminal_an_item_keeps_to_its_columns() -> None:
    """s16 walkthrough: on an 80-column terminal, a fifth of ``notify items``' lines were
    wider than the terminal (the link after the source and time ran past it; a long title
    wrapped under the id). Now a long title wraps under itself and a link that does not fit
    gets a line of its own, whole; a script (no terminal) still gets two whole lines."""
    from notify.commands.items import item_lines

    title = ("A very long headline about the state of the art in software supply chains, "
             "and what it means")
    head = f"{12345:>6} *   {title}"
    about = "         Example News, 2 h ago"
    link = "https://news.example.org/2026/11/30/software-supply-chains-and-you"
    lines = item_lines(head, about, link, 80)
    assert all(len(line) <= 80 for line in lines), lines
    assert lines == [
        " 12345 *   A very long headline about the state of the art in software supply",
        "           chains, and what it means",
        "         Example News, 2 h ago",
        f"         {link}",
    ]
    assert item_lines(head, about, "https://e.org/1", 80)[-1] == (
        "         Example News, 2 h ago  https://e.org/1")
    assert item_lines(head, about, link, None) == [head, f"{about}  {link}"]
