# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""``notify sources`` as a new user meets it: names, questions at a terminal, messages and the
details of a source not polled yet (``notify.cli.main`` against real servers on 127.0.0.1)."""

from __future__ import annotations

import io
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import HTML_TYPE, RSS_TYPE, Cli, page, rss


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def at_terminal(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """Standard input and output are a terminal where the person types ``typed``, then Ctrl-D.
    (Output still reaches capsys: ``Terminal`` wraps nothing, so ``Cli`` reads its text.)"""
    monkeypatch.setattr(sys, "stdin", Terminal(typed))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)


def port_of(server: Server) -> int:
    return int(urlsplit(server.url("/")).port or 0)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- names -------------------------------------------------------------------------------------


def test_a_new_feed_is_named_after_its_own_title_not_its_host(cli: Cli, server: Server) -> None:
    server.route("/guardian.rss", (200, RSS_TYPE, rss("The Guardian", 1)))
    code, out, err = cli("sources", "add", server.url("/guardian.rss"))
    assert code == 0, err
    assert out.startswith("Added source 1: The Guardian (")  # was "Added source 1: 127.0.0.1"
    (listed,) = cli.json("sources", "list")["sources"]  # type: ignore[misc]
    assert listed["title"] == "The Guardian"  # before any poll
    code, out, _ = cli("sources", "add", server.url("/other.rss"), "--no-check", "--title", "")
    # nothing read: named after its host, shown with its path, until the first poll
    assert f"Added source 2: 127.0.0.1:{port_of(server)}/other.rss (" in out


def test_a_title_given_wins_and_a_feed_without_one_is_named_after_its_host(
    cli: Cli, server: Server
) -> None:
    server.route("/a", (200, RSS_TYPE, rss("Feed A", 1)))
    server.route("/untitled", (200, RSS_TYPE, rss("", 1)))
    assert "Added source 1: Mine (" in cli("sources", "add", server.url("/a"), "--title",
                                           "Mine")[1]
    added = cli("sources", "add", server.url("/untitled"))[1]
    assert f"Added source 2: 127.0.0.1:{port_of(server)}/untitled (" in added


def test_a_picked_feed_is_named_after_its_own_title_else_its_link(
    cli: Cli, server: Server
) -> None:
    server.route("/", (200, HTML_TYPE, page(("Heise", "/one.xml"), ("Heise Atom", "/two.xml"))))
    server.route("/one.xml", (200, RSS_TYPE, rss("heise online News", 1)))
    two = server.route("/two.xml", (200, RSS_TYPE, rss("", 2)))
    code, out, err = cli("sources", "add", server.url("/"), "--pick", "1")
    assert code == 0, err
    assert out.startswith("Added source 1: heise online News (")
    code, out, err = cli("sources", "add", server.url("/"), "--pick", "2")
    assert code == 0, err
    assert out.startswith("Added source 2: Heise Atom (")  # the feed has no title of its own
    assert len(two.hits) == 1  # the chosen feed was checked too


def test_a_picked_address_that_does_not_work_is_not_added(cli: Cli, server: Server) -> None:
    server.route("/", (200, HTML_TYPE, page(("Gone", "/missing.xml"), ("Page", "/page"))))
    server.route("/page", (200, HTML_TYPE, page()))
    code, _, err = cli("sources", "add", server.url("/"), "--pick", "1")
    assert code == 2 and "/missing.xml was not added: " in err and "--no-check" in err
    code, _, err = cli("sources", "add", server.url("/"), "--pick", "2")
    assert code == 2 and "announces it as a feed, but it is a web page" in err
    assert cli.json("sources", "list")["sources"] == []


# -- questions at a terminal -------------------------------------------------------------------


def test_ctrl_d_at_the_remove_question_is_a_no(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check")
    at_terminal(monkeypatch, "")  # Ctrl-D: an EOFError traceback before
    code, out, err = cli("sources", "remove", "1")
    assert (code, err) == (1, "")
    # (it asked "… and its 0 items?": a source never polled has none to lose)
    assert out == "Remove source 1 (example.org/feed) (no items)? [y/N] \nNothing removed.\n"
    at_terminal(monkeypatch, "yes\n")
    code, out, _ = cli("sources", "remove", "1")
    assert code == 0 and "Removed source 1: example.org/feed" in out


def test_remove_without_a_terminal_asks_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check")
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))  # a terminal, but output goes to a file
    code, out, err = cli("sources", "remove", "1")
    assert code == 2 and out == ""
    # the source's id and the items it deletes (it said "Removing example.org/feed deletes its
    # items": a name with commas, or a bare host, read as part of the sentence)
    assert err == ("notify: Removing source 1 (example.org/feed) (it has no items): add --yes "
                   "to confirm.\n")


def test_choosing_among_a_pages_feeds_at_a_terminal(
    cli: Cli, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("/", (200, HTML_TYPE, page(("One", "/one.xml"), ("Two", "/two.xml"))))
    server.route("/two.xml", (200, RSS_TYPE, rss("Feed Two", 2)))
    at_terminal(monkeypatch, "")  # Ctrl-D: an EOFError traceback before
    code, out, err = cli("sources", "add", server.url("/"))
    assert (code, err) == (1, "")  # cancelled: "you answered no" (it was 2, a user error)
    assert "announces 2 feeds" in out and out.endswith("Nothing added.\n")
    at_terminal(monkeypatch, "\n")
    assert cli("sources", "add", server.url("/"))[0] == 1
    at_terminal(monkeypatch, "three\n9\n2\n")
    code, out, err = cli("sources", "add", server.url("/"))
    assert code == 0, err
    assert out.count("Type a number from 1 to 2, or nothing to cancel.") == 2
    assert "Added source 1: Feed Two (" in out


def test_a_pages_feeds_already_subscribed_are_marked_and_all_of_them_is_no_choice(
    cli: Cli, server: Server
) -> None:
    """Regression: the list asked to pick among feeds already followed, as if they were new."""
    server.route("/", (200, HTML_TYPE, page(("One", "/one.xml"), ("Two", "/two.xml"))))
    server.route("/one.xml", (200, RSS_TYPE, rss("Feed One", 1)))
    server.route("/two.xml", (200, RSS_TYPE, rss("Feed Two", 2)))
    assert cli("sources", "add", server.url("/one.xml"))[0] == 0
    code, _, err = cli("sources", "add", server.url("/"))
    assert code == 3
    assert (f"  1. One  {server.url('/one.xml')}  (already subscribed as source 1)\n"
            f"  2. Two  {server.url('/two.xml')}\n") in err
    assert cli("sources", "add", server.url("/"), "--pick", "2")[0] == 0
    code, out, err = cli("sources", "add", server.url("/"))
    assert (code, out) == (2, "")
    assert err == (
        f"notify: {server.url('/')} announces 2 feeds, all of them already subscribed:\n"
        f"  1. One  {server.url('/one.xml')}  (already subscribed as source 1)\n"
        f"  2. Two  {server.url('/two.xml')}  (already subscribed as source 2)\n"
        "To change one, use 'notify sources edit ID'.\n")


# -- messages ----------------------------------------------------------------------------------


def test_an_unreachable_address_says_it_was_not_added(cli: Cli) -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed"
    code, out, err = cli("sources", "add", url)
    assert code == 2 and out == ""
    assert err.startswith(f"notify: {url} was not added: Could not connect to 127.0.0.1: the "
                          "connection was refused")
    assert "try again later" not in err  # false: nothing was added
    assert err.rstrip().endswith("To add it anyway (Notify then keeps trying it), use --no-check.")
    assert len(err.strip().splitlines()) == 1
    assert cli.json("sources", "list")["sources"] == []


def test_a_gone_feed_is_not_called_a_disabled_source(cli: Cli, server: Server) -> None:
    server.route("/old", (410, {}, b""))
    code, _, err = cli("sources", "add", server.url("/old"))
    assert code == 2
    assert "says this feed was removed (HTTP 410 Gone)" in err and "disabled" not in err
    assert len(err.strip().splitlines()) == 1  # not the fetcher's warning too (it says -v)


def test_show_of_a_new_source_says_it_is_due_and_why_its_rate_is_not_known(cli: Cli) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check")
    code, out, _ = cli("sources", "show", "1")
    assert code == 0
    assert "  next poll:     due now\n" in out  # was "never"
    assert "  items:         0 stored\n" in out
    assert "  new per day:   not known until its first successful poll\n" in out
    assert "unknown" not in out
    cli("sources", "disable", "1")
    assert "  next poll:     not polled (disabled)\n" in cli("sources", "show", "1")[1]


def test_show_of_a_polled_source(cli: Cli, server: Server) -> None:
    server.route("/f", (200, RSS_TYPE, rss("F", 1, 2)))
    cli("sources", "add", server.url("/f"))
    cli("poll")
    _, out, _ = cli("sources", "show", "1")
    assert "  next poll:     in " in out and "  items:         2 stored\n" in out
    assert "  new per day:   0.0 (over the last 14 days)\n" in out  # the first items: backlog


def test_a_page_whose_feed_is_followed_names_the_source_to_edit(cli: Cli, server: Server) -> None:
    """Adding a blog's page whose feed is already a source answered the store's bare "…/feed is
    already subscribed as source 1 (Blog)." without the page or the command to use instead."""
    server.route("/blog/", (200, HTML_TYPE, page(("Blog feed", "/blog/feed"))))
    server.route("/blog/feed", (200, RSS_TYPE, rss("Blog", 1)))
    assert cli("sources", "add", server.url("/blog/feed"))[0] == 0
    code, out, err = cli("sources", "add", server.url("/blog/"))
    assert (code, out) == (2, "")
    assert err == (f"notify: {server.url('/blog/')} leads to {server.url('/blog/feed')}, which "
                   "is already subscribed as source 1 (Blog). To change it (a new token, its "
                   "settings, its name), use 'notify sources edit 1'.\n")
    assert len(cli.json("sources", "list")["sources"]) == 1  # type: ignore[arg-type]


def test_an_opml_file_that_cannot_be_read_or_written_says_what_to_do(
    cli: Cli, tmp_path: Path
) -> None:
    """'Cannot read /tmp: Is a directory.', 'Cannot read x.opml: No such file or directory.'
    and 'Cannot write x.opml: No such file or directory.' said neither what the file was for nor
    what to do (profile import/export did)."""
    missing, folder = tmp_path / "nowhere.opml", tmp_path / "folder"
    folder.mkdir()
    expected = {
        ("import", missing): f"Cannot read the OPML file {missing}: no such file. Check the name "
                             "and folder.",
        ("import", folder): f"Cannot read the OPML file {folder}: it is a folder, not a file. "
                            "Give the path of the OPML file your feed reader exported.",
        ("export", folder): f"Cannot write the OPML file {folder}: it is a folder. Give a file "
                            f"name in it, e.g. {folder / 'subscriptions.opml'}.",
        ("export", missing / "subs.opml"): f"Cannot write the OPML file {missing / 'subs.opml'}: "
                                           f"the folder {missing} does not exist. Create it, or "
                                           "give a file in another folder.",
    }
    for (action, path), message in expected.items():
        assert cli("sources", action, str(path)) == (2, "", f"notify: {message}\n")


def test_the_list_fits_the_terminal_and_a_pipe_gets_whole_names(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an 80-column terminal a 671-feed list had 176 lines longer than the terminal (names
    with their folder, then the kind and last success): they wrapped and nothing lined up."""
    long = "Dan Abramov's Overreacted Blog RSS Feed, with every post in full since 2018"
    cli("sources", "add", "https://example.org/a", "--no-check", "--title", "Short")
    cli("sources", "add", "https://example.org/b", "--no-check", "--title", long, "--group",
        "Programming")
    cli("sources", "mute", "2")
    monkeypatch.setenv("COLUMNS", "80")
    lines = cli("sources", "list")[1].splitlines()
    assert max(len(line) for line in lines) == 79  # the last column stays free: no wrap
    assert lines[0].startswith("   1  new Short      ")
    assert lines[1].startswith("   2  new Dan Abramov's Overreacted Blog")
    assert "…  (feed, muted, last ok never)" in lines[1]
    assert lines[0].index("(feed") == lines[1].index("(feed")
    monkeypatch.delenv("COLUMNS")  # a pipe or a file (capsys): every name whole, as before
    lines = cli("sources", "list")[1].splitlines()
    assert lines[1] == (f"   2  new            {long} [Programming]  (feed, muted, last ok "
                        "never)")


def test_remove_says_how_many_items_it_deletes(cli: Cli, server: Server) -> None:
    server.route("/feed.xml", (200, RSS_TYPE, rss("Example News", 1, 2)))
    cli("sources", "add", server.url("/feed.xml"))
    assert cli("poll")[0] == 0
    code, out, err = cli("sources", "remove", "1")
    assert (code, out) == (2, "")
    assert err == ("notify: Removing source 1 (Example News) deletes its 2 items; add --yes to "
                   "confirm.\n")


# -- OPML files --------------------------------------------------------------------------------


def test_a_file_that_is_not_opml_is_named_in_the_one_line(cli: Cli, tmp_path: Path) -> None:
    """Regression: "notify: This file is a feed (<rss>), …" did not say which file."""
    feed = tmp_path / "guardian.rss"
    feed.write_bytes(rss("The Guardian", 1))
    code, out, err = cli("sources", "import", str(feed))
    assert (code, out) == (2, "")
    assert err == (f"notify: Cannot import {feed}: this file is a feed (<rss>), not an OPML "
                   "subscription list. Add it as a source with its web address instead.\n")


def test_export_replaces_an_earlier_export_but_no_other_file(cli: Cli, tmp_path: Path) -> None:
    """Regression: ``sources export feed.rss`` silently replaced the feed (any file at all)."""
    cli("sources", "add", "https://example.org/feed", "--no-check")
    earlier = tmp_path / "subs.opml"
    assert cli("sources", "export", str(earlier))[0] == 0
    assert cli("sources", "add", "https://example.org/other", "--no-check")[0] == 0
    code, _, err = cli("sources", "export", str(earlier))
    assert code == 0 and err == f"Wrote 2 feeds to {earlier}.\n"
    assert "example.org/other" in earlier.read_text()
    other = tmp_path / "feed.rss"
    other.write_bytes(rss("Mine", 1))
    code, out, err = cli("sources", "export", str(other))
    assert (code, out) == (2, "")
    assert err == (f"notify: Cannot write the OPML file {other}: that file exists and is not an "
                   "OPML file, and exporting would replace it. Give another file name, or "
                   "remove that file first.\n")
    assert other.read_bytes() == rss("Mine", 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "feed.rss", "subs.opml"]


def test_show_of_a_source_refused_its_token_prints_the_error_as_before_and_its_advice_as_data(
        cli: Cli, server: Server) -> None:
    """The command line prints a stored error as it was stored, what to do as a command; its
    ``--json`` adds the advice as data (``health.last_error_advice``), where the text gives it,
    for another front end to say its own way (docs/cli.md)."""
    server.route("/api", (401, {"Content-Type": "application/json"}, b'{"error": "no"}'))
    assert cli("sources", "add", "--kind", "json", server.url("/api"))[0] == 0
    cli("poll")
    error = ("JSON API: 127.0.0.1 refused access (HTTP 401 Unauthorized). The API may need a "
             "token (sent as “Authorization: •••”; the token header and prefix settings change "
             "that): add it: notify sources edit 1 --token-stdin, or in Settings → Sources.")
    _, out, _ = cli("sources", "show", "1")
    assert f"  last error:    {error}\n" in out
    health = cli.json("sources", "show", "1")["source"]["health"]  # type: ignore[index]
    assert health["last_error"] == error
    words = "notify sources edit 1 --token-stdin, or in Settings → Sources"
    start = error.index(words)
    assert health["last_error_advice"] == [
        {"remedy": "give-token", "source_id": 1, "at": [start, start + len(words)]}]
    assert health["disabled_reason_advice"] == []


def test_import_says_what_to_do_about_a_skipped_outline_as_a_command(
        cli: Cli, tmp_path: Path) -> None:
    """An outline skipped that the person can do something about says it as the command to run
    (the advice is data: the app says it its way); a key in its address is never printed, the
    command says URL instead (a command with the key redacted would not work)."""
    opml = tmp_path / "mine.opml"
    opml.write_text(
        '<?xml version="1.0"?>\n<opml version="2.0"><body>\n'
        '<outline text="A page" type="link" url="https://page.example/news"/>\n'
        '<outline text="Keyed page" type="link" url="https://page.example/p?token=Sekrit1"/>\n'
        '<outline text="Intranet" xmlUrl="intranet/feed.xml"/>\n'
        '<outline text="More" type="include" url="https://x.example/more.opml"/>\n'
        '<outline text="Keyed list" xmlUrl="https://x.example/l.opml?key=Sekrit2"/>\n'
        '</body></opml>\n', encoding="utf-8")
    code, out, err = cli("sources", "import", str(opml))
    assert (code, err) == (0, "")
    assert out.splitlines()[1:6] == [
        "  skipped A page (line 3): it links to a web page, not a feed; add the page as a "
        "source to find its feed: notify sources add --kind feed https://page.example/news",
        "  skipped Keyed page (line 4): it links to a web page, not a feed; add the page as a "
        "source to find its feed: notify sources add --kind feed URL (URL: the address, its "
        "key included, in quotes)",
        "  skipped Intranet (line 5): 'intranet/feed.xml' is not a valid web address (no host "
        "name). If intranet is a computer on your network, follow it with its scheme: notify "
        "sources add --kind feed https://intranet/feed.xml",
        # another list: how to import it (it said "import that file separately")
        "  skipped More (line 6): it links to another OPML list, not a feed; import that list "
        "itself: download https://x.example/more.opml and run notify sources import with the "
        "file",
        "  skipped Keyed list (line 7): it links to another OPML list, not a feed; import that "
        "list itself: download URL (URL: the list's address, its key included, in quotes) and "
        "run notify sources import with the file",
    ]
    assert "Sekrit" not in out


def test_a_feed_behind_a_login_is_checked_added_and_polled_with_it(
    cli: Cli, server: Server
) -> None:
    """Regression: ``sources add https://USER:PASSWORD@host/feed`` was refused ("refused access
    (HTTP 401 Unauthorized)"): the address' login was kept but never sent, by the check nor by
    the polls. The server sees it as HTTP Basic authentication; no output shows it."""
    route = server.route("/private", (200, RSS_TYPE, rss("Private", 1, 2)))
    url = server.url("/private").replace("http://", "http://me:hunter2@")
    code, out, err = cli("sources", "add", url)
    assert code == 0, err
    assert out.startswith("Added source 1: Private (http://•••@127.0.0.1:")
    assert cli("poll", "--all")[0] == 0
    assert len(cli.json("items")["items"]) == 2  # type: ignore[arg-type]
    assert [hit.get("authorization") for hit in route.hits] == ["Basic bWU6aHVudGVyMg=="] * 2
    for argv in (("sources", "list", "--json"), ("sources", "show", "1"), ("status",)):
        code, out, err = cli(*argv)
        assert "hunter2" not in out + err and "bWU6aHVudGVyMg" not in out + err


def test_pick_on_a_page_with_one_feed_says_there_is_nothing_to_choose(
    cli: Cli, server: Server
) -> None:
    """Regression: ``--pick 2`` on a page announcing one feed said ``--pick 2: choose 1 to
    1.``; ``--pick 1`` there still adds it."""
    server.route("/one", (200, HTML_TYPE, page(("Only", "/only.xml"))))
    server.route("/only.xml", (200, RSS_TYPE, rss("Only", 1)))
    code, out, err = cli("sources", "add", server.url("/one"), "--pick", "2")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        f"notify: --pick 2: {server.url('/one')} announces one feed, so there is nothing to "
        "choose; leave out --pick.")
    code, out, err = cli("sources", "add", server.url("/one"), "--pick", "1")
    assert code == 0 and server.url("/only.xml") in out, err
