# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""The headless CLI through ``notify.cli.main`` against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify.cli import build_parser, main
from notify.commands.output import ProgressLine
from notify.core.events import SourcePolled, SourceReport
from tests.core.test_engine_kind import Server, server  # noqa: F401

REPO = Path(__file__).resolve().parents[1]


def rss(title: str, *ids: int) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://example.org/{i}</link>"
        f"<guid>urn:story:{i}</guid><description>About {i}</description></item>"
        for i in ids
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org/</link>{items}</channel></rss>").encode()


def page(*links: tuple[str, str]) -> bytes:
    tags = "".join(
        f'<link rel="alternate" type="application/rss+xml" title="{t}" href="{h}">'
        for t, h in links
    )
    return f"<html><head><title>Home</title>{tags}</head><body>hi</body></html>".encode()


RSS_TYPE = {"Content-Type": "application/rss+xml"}
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}


class Cli:
    def __init__(self, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = data
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.data), *argv])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *argv: str) -> dict[str, object]:
        code, out, err = self(*argv, "--json")
        assert code == 0, err
        doc: dict[str, object] = json.loads(out)
        assert doc["version"] == 1
        return doc


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def test_add_poll_items_status_and_json_formats(cli: Cli, server: Server) -> None:
    feed = server.route("/feed.xml", (200, RSS_TYPE, rss("Example News", 1, 2)), etag='"a"')
    code, out, err = cli("sources", "add", server.url("/feed.xml"), "--group", "News")
    assert code == 0, err
    assert out.startswith("Added source 1:")
    assert len(feed.hits) == 1  # checked once before adding

    code, out, _ = cli("poll")
    assert code == 0
    assert "Polled 1 source" in out and "1 fetched" in out and "2 new items" in out

    poll = cli.json("poll", "--all")
    assert set(poll) == {"version", "started", "finished", "polled", "skipped", "fetched",
                         "not_modified", "new_items", "failed", "offline", "held_for_digest",
                         "held_stories", "not_notified_paused", "sources", "notifications"}
    assert poll["offline"] is False
    assert poll["notifications"] == []  # nothing new: nothing to show
    assert poll["not_modified"] == 1
    (report,) = poll["sources"]  # type: ignore[misc]
    assert set(report) == {"id", "title", "status", "new_items", "message", "next_attempt"}
    assert report["title"] == "Example News"

    listed = cli.json("sources", "list")
    (src,) = listed["sources"]  # type: ignore[misc]
    assert set(src) == {"id", "kind", "url", "title", "title_given", "group", "enabled", "muted",
                        "interval_min", "health", "items"}
    assert (src["title"], src["group"], src["items"]) == ("Example News", "News", 2)
    assert set(src["health"]) == {"last_attempt", "last_success", "last_error", "next_attempt",
                                  "consecutive_failures", "item_rate_per_day", "moved_notice",
                                  "last_warning", "disabled_reason", "last_error_advice",
                                  "disabled_reason_advice"}
    assert src["health"]["last_error_advice"] == []  # what to do, as data (docs/cli.md)
    assert src["health"]["last_success"].endswith("Z")

    shown = cli.json("sources", "show", "1")
    assert shown["source"]["id"] == 1  # type: ignore[index]

    items = cli.json("items", "--limit", "1")
    (item,) = items["items"]  # type: ignore[misc]
    assert set(item) == {"id", "source_id", "source_title", "title", "link", "summary",
                         "published", "first_seen", "score", "decision", "reaction", "saved",
                         "read", "backlog"}
    assert item["backlog"] is True  # a new source's first items go to the inbox silently

    status = cli.json("status")
    assert (status["sources"], status["items"], status["failing"]) == (1, 2, 0)
    assert set(status) == {"version", "sources", "enabled", "failing", "last_poll", "next_poll",
                           "items", "unread", "db_bytes", "data_dir", "offline", "notifications",
                           "attention"}
    assert status["offline"] is False


def test_human_output_of_show_status_and_items(cli: Cli, server: Server) -> None:
    server.route("/f", (200, RSS_TYPE, rss("Feed F", 1)))
    cli("sources", "add", server.url("/f"), "--no-check")
    server.route("/bad", (500, {}, b"down"))
    cli("sources", "add", server.url("/bad"), "--no-check", "--title", "Broken")
    code, out, _ = cli("poll")
    assert code == 0 and "1 failed" in out and "failed: Broken (#2):" in out
    code, out, _ = cli("sources", "show", "2")
    assert code == 0 and "last error:" in out and "failures:      1 in a row" in out
    _, out, _ = cli("status")
    assert "Sources:   2 (2 enabled, 1 failing)" in out and "#2 Broken" in out
    _, out, _ = cli("items", "--source", "1")
    assert "Story 1" in out
    _, out, _ = cli("items", "--new", "--source", "2")
    # (it said "No items."), then "No unread items.": its polls failed, it says why
    assert out == ("No unread items: source 2 (Broken) failed its last poll: 127.0.0.1 had a "
                   "server error (HTTP 500 Internal Server Error). Notify will try again later.\n")


def test_discovery_lists_several_and_honours_pick(cli: Cli, server: Server) -> None:
    server.route("/", (200, HTML_TYPE, page(("One", "/one.xml"), ("Two", "/two.xml"))))
    server.route("/one.xml", (200, RSS_TYPE, rss("One", 1)))
    server.route("/two.xml", (200, RSS_TYPE, rss("Two", 2)))
    code, out, err = cli("sources", "add", server.url("/"))
    assert code == 3
    assert "announces 2 feeds" in err and "--pick N" in err and "/two.xml" in err
    code, out, err = cli("sources", "add", server.url("/"), "--pick", "2")
    assert code == 0, err
    assert server.url("/two.xml") in out
    code, _, err = cli("sources", "add", server.url("/"), "--pick", "9")
    assert code == 2 and "choose 1 to 2" in err


def test_discovery_with_one_feed_adds_it_and_none_is_an_error(cli: Cli, server: Server) -> None:
    server.route("/one", (200, HTML_TYPE, page(("Only", "/only.xml"))))
    server.route("/only.xml", (200, RSS_TYPE, rss("Only", 1)))
    server.route("/none", (200, HTML_TYPE, page()))
    code, out, _ = cli("sources", "add", server.url("/one"))
    assert code == 0 and server.url("/only.xml") in out
    code, out, err = cli("sources", "add", server.url("/none"))
    assert code == 2 and "announces no feed" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv, needle", [
    (("sources", "add", "not a url at all"), "not a valid web address"),
    (("sources", "add", "ftp://example.org/x", "--no-check"), "http:// and https://"),
    (("sources", "show", "42"), "No source with id 42"),
    (("sources", "remove", "42", "--yes"), "No source with id 42"),
    (("sources", "enable", "42"), "No source with id 42"),
    (("items", "--source", "42"), "No source with id 42"),
    (("items", "--limit", "0"), "--limit must be at least 1"),
    (("profile", "show", "--limit", "-3"), "--limit must be at least 1 (got -3)"),
    (("sources", "import", "/nonexistent/x.opml"), "Cannot read"),
    (("sources", "add", "https://x.org/f", "--kind", "nope"), "Unknown source kind"),
    (("sources", "add", "https://x.org/f", "--interval", "1", "--no-check"), "at least 5"),
])
def test_user_errors_are_one_line_without_traceback(
    cli: Cli, argv: tuple[str, ...], needle: str
) -> None:
    code, _, err = cli(*argv)
    assert code == 2
    assert needle in err
    assert err.startswith("notify: ") and "Traceback" not in err


def test_kind_options_are_checked_against_declared_settings(cli: Cli) -> None:
    code, _, err = cli("sources", "add", "https://x.org/f", "--option", "colour=red",
                       "--no-check")
    assert code == 2 and "feed sources have no settings" in err


def test_duplicate_add_is_refused(cli: Cli) -> None:
    assert cli("sources", "add", "https://www.example.org/feed/", "--no-check")[0] == 0
    code, _, err = cli("sources", "add", "http://example.org/feed", "--no-check")
    assert code == 2 and "already subscribed as source 1" in err


def test_remove_asks_for_yes_when_not_interactive(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    cli("sources", "add", "https://example.org/feed", "--no-check")
    code, _, err = cli("sources", "remove", "1")
    assert code == 2 and "--yes" in err
    assert cli("sources", "remove", "1", "--yes")[0] == 0
    assert cli.json("sources", "list")["sources"] == []


def test_enable_and_disable(cli: Cli) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check")
    assert cli("sources", "disable", "1")[0] == 0
    assert cli.json("sources", "list")["sources"][0]["enabled"] is False  # type: ignore[index]
    _, out, _ = cli("poll")
    # it said "no enabled source is due. Use --all …", which polls nothing either
    assert out == ("Nothing to poll: your one source is disabled ('notify sources enable 1' "
                   "enables it).\n")
    assert cli("sources", "add", "https://example.org/other", "--no-check")[0] == 0
    assert cli("sources", "disable", "2")[0] == 0
    assert cli("poll", "--all")[1] == (
        "Nothing to poll: all 2 of your sources are disabled ('notify sources list' shows them; "
        "'notify sources enable ID' enables one).\n")
    assert cli("sources", "remove", "2", "--yes")[0] == 0
    assert cli("sources", "enable", "1")[0] == 0
    assert cli.json("sources", "list")["sources"][0]["enabled"] is True  # type: ignore[index]


def test_a_poll_without_any_source_says_how_to_add_one(cli: Cli) -> None:
    for argv in (("poll",), ("poll", "--all")):  # --all was told to use --all
        code, out, _ = cli(*argv)
        assert code == 0 and out == (
            "Nothing to poll: you have no source yet. Add one with 'notify sources add URL' (a "
            "feed or a web page), or import a list with 'notify sources import FILE.opml'.\n")


def test_disable_says_how_to_undo_it_and_twice_changes_nothing(cli: Cli) -> None:
    """A second 'sources disable 1' said "Disabled source 1: …" again, as if it had done
    something ('sources mute' says "already muted: nothing changed")."""
    cli("sources", "add", "https://example.org/feed", "--no-check")
    assert cli("sources", "disable", "1") == (0, (
        "Disabled source 1: example.org/feed; it is not polled until 'notify sources enable 1' "
        "(its items stay).\n"), "")
    assert cli("sources", "disable", "1") == (
        0, "Source 1 (example.org/feed) is already disabled: nothing changed.\n", "")
    assert cli("sources", "enable", "1") == (
        0, "Enabled source 1: example.org/feed; it is polled again.\n", "")
    assert cli("sources", "enable", "1") == (
        0, "Source 1 (example.org/feed) is already enabled: nothing changed.\n", "")


OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Tech">
    <outline type="rss" text="A" xmlUrl="https://a.example.org/feed?key=SECRETKEY123"/>
    <outline type="rss" text="B" xmlUrl="https://b.example.org/rss"/>
  </outline>
  <outline type="rss" text="B again" xmlUrl="http://www.b.example.org/rss/"/>
</body></opml>"""


def test_import_reports_and_export_round_trips(cli: Cli, tmp_path: Path) -> None:
    src = tmp_path / "in.opml"
    src.write_bytes(OPML)
    code, out, _ = cli("sources", "import", str(src))
    assert code == 0
    assert "2 added, 0 already there, 1 duplicate merged." in out
    assert "SECRETKEY123" not in out
    code, out, _ = cli("sources", "import", str(src))
    assert "0 added, 2 already there" in out
    target = tmp_path / "out.opml"
    code, _, err = cli("sources", "export", str(target))
    assert code == 0 and err == f"Wrote 2 feeds to {target}.\n"
    text = target.read_text()
    assert "b.example.org/rss" in text and 'text="Tech"' in text
    code, out, _ = cli("sources", "export")
    assert out.startswith("<?xml") and "<opml" in out
    groups = {s["group"] for s in cli.json("sources", "list")["sources"]}  # type: ignore[index]
    assert groups == {"Tech"}
    code, _, _ = cli("sources", "add", "--kind", "hackernews", "--no-check",
                     "http://127.0.0.1:9/v0/topstories.json")
    assert code == 0
    code, _, err = cli("sources", "export", str(target))
    assert code == 0 and err == (  # an export is not a backup of every source: said so
        f"Wrote 2 feeds to {target}. 1 web-API source (hackernews) is not in it: OPML lists "
        "feeds, and feed readers cannot use web APIs.\n")


def test_export_titles_a_host_named_feed_as_a_reader_expects_and_reimport_round_trips(
    cli: Cli, server: Server, tmp_path: Path
) -> None:
    """Regression: a source still named after its host was exported as ``title="127.0.0.1"``
    (every source of a host alike), and imported back under that bare host."""
    server.route("/untitled.xml", (200, RSS_TYPE, rss("", 1)))  # a feed without a title
    server.route("/own.xml", (200, RSS_TYPE, rss("Own Title", 1)))
    for path in ("/untitled.xml", "/own.xml", "/never-read.xml"):
        assert cli("sources", "add", server.url(path), "--no-check")[0] == 0
    # the feed's own title, as last read, is kept although the person named it after its host
    assert cli("sources", "edit", "2", "--title", "127.0.0.1")[0] == 0
    assert cli("poll", "--source", "1", "--source", "2")[0] == 0
    target = tmp_path / "out.opml"
    assert cli("sources", "export", str(target))[0] == 0
    host = f"127.0.0.1:{server.url('/').split(':')[2].rstrip('/')}"
    text = target.read_text()
    assert 'title="127.0.0.1"' not in text
    assert f'title="{host}/untitled.xml"' in text and f'title="{host}/never-read.xml"' in text
    assert 'title="Own Title"' in text
    before = {s["url"]: s["title"] for s in cli.json("sources", "list")["sources"]}  # type: ignore[index]
    again = Cli(tmp_path / "again", cli.capsys)
    assert again("sources", "import", str(target))[0] == 0
    after = {s["url"]: s["title"] for s in again.json("sources", "list")["sources"]}  # type: ignore[index]
    # named by the address only: the default name again (which the first poll replaces)
    assert after == {**before, server.url("/own.xml"): "Own Title"}


def test_progress_line_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    report = SourceReport(1, "Example", "updated", 3)
    tty, plain = Tty(), io.StringIO()
    for stream in (tty, plain):
        line = ProgressLine(stream)
        line(SourcePolled(report, 1, 2))
        line(SourcePolled(SourceReport(2, "Other", "failed", 0, "x"), 2, 2))
        line.clear()
    assert plain.getvalue() == ""
    written = tty.getvalue()
    assert "\r[1/2] Example, 3 new" in written and "[2/2] Other, failed" in written
    assert "\n" not in written and written.endswith("\r")


def test_python_dash_m_notify_in_a_subprocess(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "NO_PROXY": "*", "HOME": str(tmp_path)}
    base = [sys.executable, "-m", "notify", "--data-dir", str(tmp_path / "d")]
    added = subprocess.run([*base, "sources", "add", "https://example.org/f", "--no-check"],
                           capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert added.returncode == 0, added.stderr
    listed = subprocess.run([*base, "sources", "list", "--json"], capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["sources"][0]["url"] == "https://example.org/f"
    bad = subprocess.run([*base, "sources", "show", "7"], capture_output=True, text=True,
                         env=env, cwd=REPO, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("notify: No source with id 7. Run 'notify sources list' to "
                                  "see the ids.")


def test_commands_run_with_a_rarer_cyclic_gc_and_restore_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from notify import cli
    from notify.commands import status

    seen: list[int] = []
    real = status.cmd_status

    def spy(args: object) -> int:
        seen.append(gc.get_threshold()[0])
        return real(args)  # type: ignore[arg-type]

    monkeypatch.setattr(status, "cmd_status", spy)
    before = gc.get_threshold()
    assert main(["--data-dir", str(tmp_path / "d"), "status"]) == 0
    assert seen == [cli.COMMAND_GC_THRESHOLD]
    assert gc.get_threshold() == before


@pytest.mark.parametrize("command", [("status",), ("sources", "list"), ("poll",),
                                     ("sources", "add", "https://example.org/f", "--no-check"),
                                     ("notified",)])
def test_an_unusable_data_dir_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    blocker = tmp_path / "passwd"
    blocker.write_text("root:x:0:0\n")
    for data_dir in (blocker, blocker / "sub"):  # FileExistsError, NotADirectoryError before
        code = main(["--data-dir", str(data_dir), *command])
        out, err = capsys.readouterr()
        assert code == 2 and out == ""
        assert err == (f"notify: Notify cannot use {data_dir} as its data folder: {blocker} is a "
                       "file, not a folder. Choose another folder with --data-dir or "
                       "NOTIFY_DATA_DIR.\n")


def _with_closed_stdout(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m notify ARGV`` writing into a pipe nobody reads any more (``| head`` gone)."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        env = {"PATH": "/usr/bin:/bin", "NO_PROXY": "*", "HOME": str(tmp_path),
               "PYTHONPATH": str(REPO)}
        return subprocess.run([sys.executable, "-m", "notify", "--data-dir",
                               str(tmp_path / "d"), *argv], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, timeout=60)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("argv", [("sources", "kinds"), ("status",), ("sources", "list")])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path, argv: tuple[str, ...]) -> None:
    done = _with_closed_stdout(tmp_path, *argv)
    assert done.stderr == ""  # was a BrokenPipeError traceback
    assert done.returncode == 141  # 128 + SIGPIPE, as a shell reports it


def test_a_closed_pipe_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["--data-dir", str(tmp_path), "sources", "kinds"]) == 141
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("argv", "usage", "error"), [
    (("sources", "list", "--jsn"), "usage: notify sources list [-h] [--failing] [--group GROUP]",
     "notify sources list: error: unrecognized arguments: --jsn (did you mean --json?)"),
    (("items", "--limt", "3"), "usage: notify items [-h]",
     "notify items: error: unrecognized arguments: --limt 3 (did you mean --limit?)"),
    (("sources", "add", "--foo"), "usage: notify sources add [-h]",
     "notify sources add: error: unrecognized arguments: --foo"),  # nothing close: no guess
    (("stauts",), "usage: notify [-h]",
     "notify: error: argument COMMAND: invalid choice: 'stauts'; did you mean 'status'? (choose "
     "from 'sources', 'poll', "),
    (("sources", "lsit"), "usage: notify sources [-h]",
     "notify sources: error: argument ACTION: invalid choice: 'lsit'; did you mean 'list'? "),
    # a command's option before the command (it said only "unrecognized arguments: --jsn")
    (("--jsn", "status"), "usage: notify [-h]",
     "notify: error: unrecognized arguments: --jsn (a command's options go after it: notify "
     "status --json; did you mean --json?)"),
    (("--json", "sources", "list"), "usage: notify [-h]",
     "notify: error: unrecognized arguments: --json (a command's options go after it: notify "
     "sources list --json)"),
], ids=["option", "option-with-value", "option-unlike-any", "command", "action",
        "option-before-the-command", "right-option-before-the-command"])
def test_a_typo_is_answered_by_the_command_typed_with_the_closest_word(
    tmp_path: Path, argv: tuple[str, ...], usage: str, error: str
) -> None:
    """A mistyped option was refused by the top level ("usage: notify [-h] … COMMAND …",
    "notify: error: unrecognized arguments: --jsn"), not by the command it was given to, and
    neither a mistyped option nor a mistyped command said which one was meant."""
    done = subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(tmp_path / "d"),
                           *argv], capture_output=True, text=True, cwd=REPO, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COLUMNS": "80"})
    assert (done.returncode, done.stdout) == (2, "")
    lines = done.stderr.splitlines()
    assert lines[0].startswith(usage), lines
    start = next(i for i, line in enumerate(lines) if line.startswith(error.split(": ")[0]))
    said = " ".join(lines[start:])  # wrapped to the 80 columns (COLUMNS) as all prose is
    assert said.startswith(error), lines
    assert all(len(line) <= 80 for line in lines[start:]), lines
    if error.endswith(("--foo", ")")):
        assert said == error
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(("argv", "said"), [
    ((), "  notify sources add https://example.org/   a feed, or a page announcing one\n"),
    (("sources", "add"), "  notify sources add --kind github-repo python/cpython\n"),
    (("sources", "show"), "  ID              the source's id (see 'notify sources list')\n"),
    (("sources", "remove"), "  ID              the source's id (see 'notify sources list')\n"),
    (("sources", "import"), "  FILE            an OPML file, as feed readers export their "),
], ids=["notify", "sources-add", "sources-show", "sources-remove", "sources-import"])
def test_help_has_examples_and_fits_80_columns(
    tmp_path: Path, argv: tuple[str, ...], said: str
) -> None:
    """'notify --help' and 'notify sources add --help' had no example, and the ID and FILE of
    'sources show/edit/remove/enable/disable/import' no word of help."""
    done = subprocess.run([sys.executable, "-m", "notify", *argv, "--help"], capture_output=True,
                          text=True, cwd=REPO, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert said in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) < 80


def _json_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[str, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _json_commands(child, (*path, name))
        elif "--json" in action.option_strings:
            yield " ".join(path), str(action.help)


# explain and notified are notify/commands/feedback.py's (their help says "machine-readable")
@pytest.mark.parametrize(("command", "help_text"), [
    c for c in _json_commands(build_parser()) if c[0] not in ("explain", "notified")])
def test_every_json_option_points_to_its_documented_format(command: str, help_text: str) -> None:
    """Regression: ``settings show`` and ``profile show`` said only "machine-readable"."""
    assert help_text == "machine-readable (docs/cli.md)"
    synopsis = [line for line in (REPO / "docs" / "cli.md").read_text().splitlines()
                if line.startswith(f"notify {command} ")]
    assert any("[--json]" in line for line in synopsis), command


@pytest.mark.parametrize("argv", [
    ("items", "--limit", "abc"), ("profile", "show", "-n", "many"),
    ("sources", "preview", "https://example.org/feed", "--limit", "ten"),
])
def test_a_limit_that_is_no_number_is_said_in_words(cli: Cli, argv: tuple[str, ...]) -> None:
    """It said "argument --limit/-n: invalid int value: 'abc'"."""
    with pytest.raises(SystemExit) as refused:
        cli(*argv)
    assert refused.value.code == 2
    err = cli.capsys.readouterr().err
    assert f"'{argv[-1]}' is not a whole number: give how many, e.g. 20" in err
    assert "invalid int value" not in err


@pytest.mark.parametrize("argv", [("--data-dir", "", "sources", "remove", "1", "--yes"),
                                  ("status", "--data-dir=")], ids=" ".join)
def test_an_empty_data_dir_is_refused_not_taken_for_the_default(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``--data-dir "$DIR"`` with DIR unset used the default folder, the person's
    real data (here $NOTIFY_DATA_DIR), and removed its source 1."""
    monkeypatch.setenv("NOTIFY_DATA_DIR", str(tmp_path / "real"))
    assert main(["sources", "add", "--no-check", "http://127.0.0.1:9/feed.xml"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:
        main(list(argv))
    assert refused.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "argument --data-dir: the folder is empty; give one, or leave --data-dir out" in err
    assert main(["sources", "show", "1"]) == 0  # still there


def test_a_refused_argument_never_echoes_a_secret(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: an address with its key typed where an id goes was echoed in clear by
    argparse's "invalid … value" refusal."""
    with pytest.raises(SystemExit) as exited:
        main(["sources", "show", "https://example.org/feed?token=S3CR3T-CANARY"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and "token=" in err
    assert "S3CR3T-CANARY" not in err
