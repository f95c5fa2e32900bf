# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""``notify poll``'s summary: offline, it says so once instead of a line per source."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from notify.commands.poll import print_summary, summary_json, summary_line, unreachable
from notify.core.events import NotificationPlanned, PollSummary, SourceReport
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.support.said import until_said
from tests.test_cli import RSS_TYPE, Cli, rss


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def closed_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def add_unreachable(cli: Cli, n: int) -> None:
    for port in closed_ports(n):
        assert cli("sources", "add", f"http://127.0.0.1:{port}/feed", "--no-check")[0] == 0


def test_offline_the_summary_says_so_once(cli: Cli) -> None:
    add_unreachable(cli, 5)
    code, out, err = cli("poll")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Polled 5 sources in ") and lines[0].endswith("5 failed.")
    assert len(lines) == 2  # was one "Could not connect…" line per source
    assert lines[1].startswith("  offline: 5 sources could not reach their servers")
    assert "this computer seems to be offline" in lines[1]
    assert "Notify tries them again in " in lines[1] and "'notify poll -v'" in lines[1]


def test_offline_each_reason_with_v_and_in_json(cli: Cli) -> None:
    add_unreachable(cli, 3)
    code, out, _ = cli("poll", "-v")
    assert code == 0
    assert "  offline: 3 sources" in out and "'notify poll -v'" not in out
    assert len(re.findall(r"^  failed: 127\.0\.0\.1:\d+/feed \(#\d\): ", out, re.M)) == 3
    doc = cli.json("poll", "--all")
    assert doc["offline"] is True and doc["failed"] == 3
    assert all("Could not connect" in s["message"] for s in doc["sources"])  # type: ignore


def test_one_failing_source_among_working_ones_is_listed_as_before(
    cli: Cli, server: Server
) -> None:
    for name in ("a", "b", "c"):
        server.route(f"/{name}", (200, RSS_TYPE, rss(name.upper(), 1)))
        cli("sources", "add", server.url(f"/{name}"))
    add_unreachable(cli, 1)
    _, out, _ = cli("poll")
    assert "offline" not in out
    # named by host and path, as long as the feed has not named itself
    assert re.search(r"^  failed: 127\.0\.0\.1:\d+/feed \(#4\): Could not connect to 127\.0\.0\.1",
                     out, re.M)
    assert cli.json("poll", "--all")["offline"] is False


def test_a_skipped_source_is_named_once(cli: Cli) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check", "--title", "heise online")
    cli("sources", "disable", "1")
    _, out, _ = cli("poll", "--source", "1")
    # was "skipped: heise online (#1): heise online is disabled; enable it to poll it."
    # then "enable it to poll it.", which said no command (advice as data: ENABLE_SOURCE)
    assert ("  skipped: heise online (#1): It is disabled; to poll it, enable it: notify "
            "sources enable 1.\n") in out
    assert out.count("heise online") == 1


def report(sid: int, status: str = "failed") -> SourceReport:
    return SourceReport(sid, f"S{sid}", status, 0, "…")


@pytest.mark.parametrize("reports, kinds, offline", [
    ([report(1), report(2)], {1: "dns", 2: "connect"}, True),
    ([report(1)], {1: "dns"}, False),  # one source: maybe only its address is wrong
    ([report(1), report(2), report(3), report(4), report(5, "updated")],
     {1: "dns", 2: "dns", 3: "timeout", 4: "dns"}, True),  # most of them
    ([report(1), report(2), report(3, "updated")], {1: "dns", 2: "dns"}, False),
    ([report(1), report(2)], {1: "dns", 2: "server"}, False),  # a server answered
    ([report(1), report(2), report(3, "skipped")], {1: "dns", 2: "dns"}, True),
])
def test_which_rounds_look_offline(
    reports: list[SourceReport], kinds: dict[int, str], offline: bool
) -> None:
    found = unreachable(PollSummary(0.0, 1.0, tuple(reports)), kinds)
    assert bool(found) is offline


def test_a_notification_is_printed_with_its_body(capsys: pytest.CaptureFixture[str]) -> None:
    story = NotificationPlanned(1, "single", "Apple unveils a phone", "tech — also in: sport",
                                "92% likely to interest you", (4, 9))
    summary = PollSummary(0.0, 1.0, (report(1, "updated"),))
    print_summary(summary, [story])
    out = capsys.readouterr().out
    assert "  notify: Apple unveils a phone (92% likely to interest you)\n" \
           "    tech — also in: sport\n" in out
    assert summary_json(summary, [story])["notifications"][0]["body"] == "tech — also in: sport"


def quiet_hours_now(cli: Cli) -> str:
    """Quiet hours from an hour ago to an hour from now (local time); returns their end as
    messages say it ("tomorrow 00:35" in the day's last hour)."""
    import time

    now = time.time()
    start, end = (time.strftime("%H:%M", time.localtime(now + d)) for d in (-3600, 3600))
    assert cli("settings", "set", "quiet_start", start)[0] == 0
    assert cli("settings", "set", "quiet_end", end)[0] == 0
    assert cli("settings", "set", "quiet_enabled", "yes")[0] == 0
    return until_said(now + 3600, now)


def second_round_with_news(cli: Cli, server: Server) -> None:
    """A source polled once (its first items are its backlog), an alert on its stories, then
    two new stories."""
    server.route("/feed.xml", (200, RSS_TYPE, rss("Example News", 1)),
                 (200, RSS_TYPE, rss("Example News", 1, 2, 3)))
    assert cli("sources", "add", server.url("/feed.xml"), "--no-check")[0] == 0
    assert cli("poll")[0] == 0
    assert cli("profile", "pin", "keyword:story")[0] == 0


def test_the_summary_says_what_was_held_for_the_digest(cli: Cli, server: Server) -> None:
    end = quiet_hours_now(cli)
    second_round_with_news(cli, server)
    code, out, err = cli("poll", "--all")
    assert code == 0, err
    assert "2 new items" in out
    assert f"  2 stories held for the digest (quiet hours until {end})." in out
    assert "notify:" not in out  # nothing notified now
    doc = cli.json("poll", "--all")  # nothing new: nothing held by this round
    assert (doc["held_for_digest"], doc["held_stories"], doc["not_notified_paused"]) == (0, 0, 0)


def test_the_summary_counts_held_stories_as_the_digest_does(cli: Cli, server: Server) -> None:
    """One story told by two feeds is two items but one story: the summary said "4 items held
    for the digest", then the digest said "2 stories"."""
    end = quiet_hours_now(cli)
    for path, title in (("/a.xml", "Example News"), ("/b.xml", "Other News")):
        server.route(path, (200, RSS_TYPE, rss(title, 1)), (200, RSS_TYPE, rss(title, 1, 2, 3)))
        assert cli("sources", "add", server.url(path), "--no-check")[0] == 0
    assert cli("poll")[0] == 0
    assert cli("profile", "pin", "keyword:story")[0] == 0
    code, out, err = cli("poll", "--all")
    assert code == 0, err
    assert "4 new items" in out
    assert f"  2 stories (4 items) held for the digest (quiet hours until {end})." in out
    _code, out, _ = cli("status")
    assert "2 stories (4 items) held for the digest, delivered " in out
    quiet_hours_ended(cli)
    doc = cli.json("poll")
    titles = [n["title"] for n in doc["notifications"]]  # type: ignore[index]
    assert titles in (["While you were away: 2 stories from Other News and Example News"],
                      ["While you were away: 2 stories from Example News and Other News"])
    # (each feed told both stories: its name said once, the likelier story's first)


def test_the_summary_says_what_a_pause_kept_quiet(cli: Cli, server: Server) -> None:
    assert cli("pause", "2h")[0] == 0
    second_round_with_news(cli, server)
    doc = cli.json("poll", "--all")
    assert (doc["new_items"], doc["held_for_digest"], doc["not_notified_paused"]) == (2, 0, 2)
    assert doc["notifications"] == []


def test_a_round_without_news_leaves_the_line_out(cli: Cli, server: Server) -> None:
    quiet_hours_now(cli)
    server.route("/feed.xml", (200, RSS_TYPE, rss("Example News", 1)))
    assert cli("sources", "add", server.url("/feed.xml"), "--no-check")[0] == 0
    code, out, _ = cli("poll")
    assert code == 0 and "held for the digest" not in out and "paused" not in out


def quiet_hours_ended(cli: Cli) -> None:
    """Quiet hours from two hours ago to an hour ago (local time): over now."""
    import time

    now = time.time()
    start, end = (time.strftime("%H:%M", time.localtime(now + d)) for d in (-7200, -3600))
    assert cli("settings", "set", "quiet_start", start)[0] == 0
    assert cli("settings", "set", "quiet_end", end)[0] == 0


def test_a_round_with_no_source_due_shows_the_digest_it_delivers(
    cli: Cli, server: Server
) -> None:
    """``notify poll`` from cron after the quiet hours, when no source is due yet: the digest
    the round delivers is printed (it said only 'Nothing to poll', and the digest was gone)."""
    quiet_hours_now(cli)
    second_round_with_news(cli, server)
    assert cli("poll", "--all")[0] == 0  # two stories held for the digest
    quiet_hours_ended(cli)
    code, out, err = cli("poll")  # every source was just polled: none is due
    assert code == 0, err
    assert "No enabled source is due (--all polls every source now)" in out
    assert "  notify: While you were away: 2 stories from Example News (" in out
    assert "Nothing to poll" not in out
    doc = cli.json("poll")  # delivered once
    assert doc["notifications"] == [] and doc["polled"] == 0


def test_a_source_whose_server_asked_to_wait_is_counted_as_skipped_not_polled(
    cli: Cli, server: Server
) -> None:
    server.route("/ok", (200, RSS_TYPE, rss("Fine", 1)))
    server.route("/busy", (503, {"Retry-After": "3600"}, b"busy"))
    cli("sources", "add", server.url("/ok"), "--no-check")
    cli("sources", "add", server.url("/busy"), "--no-check", "--title", "Busy")
    cli("poll")  # the busy server answers "come back in an hour"
    _, out, _ = cli("poll", "--all")
    lines = out.splitlines()
    # was "Polled 2 sources in … 0 failed." with the skipped source counted as polled
    assert re.fullmatch(r"Polled 1 source in \d+\.\d s: 1 fetched, 0 not modified, 0 new items, "
                        r"0 failed; 1 skipped\.", lines[0]), lines[0]
    assert re.fullmatch(r"  skipped: Busy \(#2\): The server asked Notify to wait until "
                        r"(?:\d{4}-\d\d-\d\d )?"  # the date when the wait ends tomorrow
                        r"\d\d:\d\d before asking again; Notify polls it then\.", lines[1])
    doc = cli.json("poll", "--all")
    assert (doc["polled"], doc["skipped"], doc["failed"]) == (1, 1, 0)
    busy = [s for s in doc["sources"] if s["id"] == 2]  # type: ignore[index, union-attr]
    assert busy[0]["status"] == "skipped" and "asked Notify to wait" in busy[0]["message"]


def test_a_round_that_skipped_every_source_says_so() -> None:
    summary = PollSummary(0.0, 1.0, (SourceReport(1, "A", "skipped", 0, "It is disabled."),))
    assert summary_line(summary) == "Polled no source: 1 skipped (the reason below)."
    assert summary_json(summary)["polled"] == 0 and summary_json(summary)["skipped"] == 1


def test_failures_in_the_same_words_are_said_once(capsys: pytest.CaptureFixture[str]) -> None:
    """s16 walkthrough: a full disk failed each of 36 sources with "The disk holding … is full.
    Free some space and try again.", and ``notify poll`` printed it 36 times (after a
    traceback, fixed in ``poll_lock``). Three or more sources failing in the very same words
    get one line naming them; ``-v`` still gives each."""
    full = "The disk holding /d/notify.sqlite3 is full. Free some space and try again."
    reports = tuple(SourceReport(i, f"S{i}", "failed", 0, full) for i in range(1, 9))
    other = SourceReport(9, "Other", "failed", 0, "127.0.0.1 had a server error.")
    summary = PollSummary(0.0, 1.0, (*reports, other))
    print_summary(summary)
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        f"  failed: 8 sources (#1, #2, #3, #4, #5 and 3 more): {full}",
        "  failed: Other (#9): 127.0.0.1 had a server error.",
    ]
    print_summary(summary, verbose=True)
    assert capsys.readouterr().out.count(full) == 8


def test_a_round_the_database_took_nothing_of_exits_with_status_2(
    cli: Cli, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s16 walkthrough: with the database locked by another program (or a full disk) every
    source failed to be stored, and ``notify poll`` exited 0: a cron job could not tell a
    round lost from one whose feeds had trouble. Now status 2, as a command the database
    refuses; a round whose sources merely fail still exits 0."""
    import sqlite3

    from notify.core.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    server.route("/broken", (500, {}, b"down"))
    for n in range(2):
        cli("sources", "add", server.url(f"/broken?{n}"), "--no-check")
    code, out, _ = cli("poll")
    assert code == 0 and "2 failed" in out  # the feeds' trouble, stored
    holder = sqlite3.connect(cli.data / "notify.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, _ = cli("poll", "--all")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    assert "is locked by another program" in out
