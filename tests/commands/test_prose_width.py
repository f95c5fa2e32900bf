# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""The commands' prose (errors, advice, summaries) fits an 80-column terminal: every command is
driven through its common and error paths with ``COLUMNS=80``, and no line it prints may be
wider than 80 characters where it could have been wrapped (an address, or a table's row, is
not prose). Also ``notify.commands.output.wrapped`` itself."""

from __future__ import annotations

import json
import socket
import sys
import textwrap
from pathlib import Path

import pytest

from notify.commands.output import prose_width, say, wrapped
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import HTML_TYPE, RSS_TYPE, Cli, page, rss

WIDTH = 80
JSON_TYPE = {"Content-Type": "application/json"}


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    return Cli(tmp_path / "data", capsys)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def could_wrap(line: str) -> bool:
    """A line wider than the terminal that wrapping at its spaces would have made fit better
    (not one address, nor a label and one address)."""
    return len(line) > WIDTH and len(textwrap.wrap(line, WIDTH, break_long_words=False,
                                                   break_on_hyphens=False)) > 1 \
        and len(line.split()) > 2


class Said:
    """What the commands printed, by command."""

    def __init__(self, cli: Cli) -> None:
        self.cli = cli
        self.lines: list[tuple[str, str]] = []

    def __call__(self, *argv: str, stdout: bool = True) -> tuple[int, str, str]:
        try:
            code, out, err = self.cli(*argv)
        except SystemExit as refused:  # argparse's: its usage and error on stderr
            code = int(refused.code or 0)
            out, err = self.cli.capsys.readouterr()
        for text in (out, err) if stdout else (err,):
            self.lines.extend((" ".join(argv), line) for line in text.splitlines())
        return code, out, err

    def too_wide(self) -> list[str]:
        return [f"{command}: {line}" for command, line in self.lines if could_wrap(line)]


OPML_WITH_WARNINGS = """<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine &amp; theirs</title></head><body>
<outline text="News &amp; views, a long title that goes on and on for a while" title="Q&A">
<outline type="rss" text="A feed in a folder with a long name" xmlUrl="{feed}"/>
<outline type="rss" text="The same feed again, in another folder" xmlUrl="{feed}"/>
<outline type="rss" text="No scheme at all, a very long title too"
 xmlUrl="www.example.org/a/very/long/path/to/the/feed.xml"/>
<outline type="rss" text="Broken & bare ampersand here" xmlUrl="{feed}?a=1&b=2"/>
</outline></body></opml>
"""


def test_every_command_s_prose_fits_80_columns(cli: Cli, server: Server,
                                               tmp_path: Path) -> None:
    said = Said(cli)
    feed = server.url("/feed.xml")
    server.route("/feed.xml", (200, RSS_TYPE, rss("A feed with a rather long title, to see "
                                                  "how it wraps in messages", 1, 2, 3)))
    server.route("/page.html", (200, HTML_TYPE, page(("Posts", "/feed.xml"),
                                                     ("Comments", "/comments.xml"))))
    server.route("/plain.html", (200, HTML_TYPE, b"<html><body>no feed here</body></html>"))
    server.route("/api.json", (200, JSON_TYPE, b'{"data": [{"id": 1}]}'))
    server.route("/gone.xml", (410, {}, b""))
    down = f"http://127.0.0.1:{closed_port()}/feed.xml"

    # nothing yet
    for argv in (("items",), ("status",), ("poll",), ("sources", "list"), ("notified",),
                 ("profile", "show"), ("explain", "1"), ("feedback", "1", "like"),
                 ("sources", "show", "7"), ("repair",)):
        said(*argv)
    # adding: a feed, bad addresses, a page with two feeds, JSON with and without a key
    assert said("sources", "add", feed)[0] == 0
    for argv in (("sources", "add", feed), ("sources", "add", "not a url"),
                 ("sources", "add", down), ("sources", "add", server.url("/missing.xml")),
                 ("sources", "add", server.url("/gone.xml")),
                 ("sources", "add", server.url("/page.html")),
                 ("sources", "add", server.url("/page.html"), "--pick", "9"),
                 ("sources", "add", server.url("/plain.html")),
                 ("sources", "add", server.url("/api.json")),
                 ("sources", "add", server.url("/api.json") + "?api_key=SeCrEt1234"),
                 ("sources", "add", "--kind", "nonsense", feed),
                 ("sources", "preview", "--kind", "json", down)):
        said(*argv)
    assert said("sources", "add", down, "--no-check", "--title",
                "A source that cannot be reached, with a long name")[0] == 0
    # importing and exporting
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(OPML_WITH_WARNINGS.format(feed=feed))
    bad = tmp_path / "page.opml"
    bad.write_text("<html><body>not a list</body></html>")
    for argv in (("sources", "import", str(opml)), ("sources", "import", str(bad)),
                 ("sources", "import", str(tmp_path / "missing.opml")),
                 ("sources", "export", str(tmp_path / "no" / "such" / "folder.opml"))):
        said(*argv)
    said("sources", "export", str(tmp_path / "out.opml"))
    # sources: show, disable, enable, mute, remove, unknown ids
    for argv in (("sources", "show", "2"), ("sources", "disable", "1"),
                 ("sources", "disable", "1"), ("sources", "enable", "1"),
                 ("sources", "enable", "1"), ("sources", "mute", "1"), ("sources", "mute", "1"),
                 ("sources", "unmute", "1"), ("sources", "disable", "99"),
                 ("sources", "remove", "99"), ("sources", "remove", "2"),
                 ("sources", "edit", "99", "--title", "x"), ("sources", "kinds")):
        said(*argv)
    # polling, items, feedback, explain
    said("poll")
    said("poll")  # nothing due
    said("poll", "--all")  # the unreachable source fails
    said("items", "--limit", "0")
    said("items", stdout=False)  # the rows are a table: only its errors count
    item = json.loads(cli("items", "--json")[1])["items"][0]["id"]
    for argv in (("feedback", str(item), "like"), ("feedback", "9999", "like"),
                 ("feedback", str(item), "love"), ("explain", "9999"), ("explain", "x")):
        said(*argv)
    out = said("explain", str(item), stdout=False)[1]
    said.lines.extend(("explain", line) for line in out.splitlines()[:2])  # summary, decision
    said("notified")
    said("status")
    # settings
    for argv in (("settings", "show"), ("settings", "set", "daily_budget", "abc"),
                 ("settings", "set", "daily_budget", "500"), ("settings", "set", "budget", "5"),
                 ("settings", "set", "nothing", "5"), ("settings", "set", "quiet_start", "7pm"),
                 ("settings", "set", "quiet_start", "07:00"), ("settings", "set", "sensitivity",
                                                               "high"),
                 ("settings", "set", "grouping", "maybe"), ("settings", "set", "daily_budget"),
                 ("settings", "reset", "daily_budget"), ("settings", "reset", "nothing"),
                 ("pause", "2h"), ("pause", "forever"), ("resume",), ("resume",)):
        said(*argv)
    # the profile
    exported = tmp_path / "profile.json"
    not_json = tmp_path / "notes.txt"
    not_json.write_text("these are my notes, not a profile")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "something else", "version": 9}')
    a_list = tmp_path / "list.json"
    a_list.write_text("[1, 2, 3]")
    for argv in (("profile", "export", str(exported)),
                 ("profile", "export", str(tmp_path / "no" / "folder" / "p.json")),
                 ("profile", "import", str(not_json)), ("profile", "import", str(wrong)),
                 ("profile", "import", str(a_list)),
                 ("profile", "import", str(tmp_path / "missing.json")),
                 ("profile", "import", str(exported)),
                 ("profile", "pin", "tag:python"), ("profile", "pin", "tag:python", "--never"),
                 ("profile", "pin", "nonsense:kind:value"), ("profile", "unpin", "tag:rust"),
                 ("profile", "forget", "w:story"), ("profile", "forget", "w:nothing"),
                 ("profile", "less", "w:story"),
                 ("profile", "interests", "--add", "rust programming", "--add", "w:python"),
                 ("profile", "interests", "--remove", "golang"), ("profile", "undo"),
                 ("profile", "undo"), ("profile", "reset"), ("profile", "reset", "--yes")):
        said(*argv)
    said("profile", "show")
    said("desktop", "--help")
    assert said.lines, "the commands said nothing"
    assert said.too_wide() == []


@pytest.mark.parametrize("text, expected", [
    ("short", "short"),
    ("Disabled source 2: A name; it is not polled until 'notify sources enable 2' (its items "
     "stay).",
     "Disabled source 2: A name; it is not polled until\n'notify sources enable 2' (its items "
     "stay)."),
    ("  warning: one two three four five six seven eight nine ten eleven twelve",
     "  warning: one two three four five six seven eight\n    nine ten eleven twelve"),
    ("Look at https://example.org/a/very/long/address/that/never/breaks/at/all/ok now",
     "Look at\nhttps://example.org/a/very/long/address/that/never/breaks/at/all/ok\nnow"),
    ("please run it again now, with --pick N", "please run it again now, with\n--pick N"),
    ("first line\n  1. a  b", "first line\n  1. a  b"),
])
def test_wrapped_keeps_commands_addresses_and_indents(text: str, expected: str) -> None:
    assert wrapped(text, width=50 if "--pick" not in text else 36) == expected


def test_wrapped_hangs_labelled_values_under_their_column() -> None:
    said = wrapped("Notifying: paused until 14:00 ('notify resume' ends the pause)", hang=11,
                   width=40)
    assert said == "Notifying: paused until 14:00\n           ('notify resume' ends the\n" \
                   "           pause)"


@pytest.mark.parametrize("columns, width", [("80", 80), ("200", 80), ("60", 60), ("10", 40)])
def test_prose_is_wrapped_to_the_terminal_at_most_80_wide(
    monkeypatch: pytest.MonkeyPatch, columns: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert prose_width() == width


def test_prose_to_a_pipe_or_a_file_stays_one_line_a_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What a script or a log reads: a message whole on its line (docs/cli.md: one line)."""
    text = "notify: " + "a long message that goes on " * 5
    assert prose_width() is None and wrapped(text) == text
    say(text, file=sys.stderr)
    assert capsys.readouterr().err == text + "\n"

