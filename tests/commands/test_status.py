# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""``notify status`` as the new user met it: after an offline round over a 671-feed list it
printed a line per source; sources added with ``--no-check`` were all called ``127.0.0.2``.
Through ``notify.cli.main`` against real servers on 127.0.0.1 (and refused connections)."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.support.said import until_said
from tests.test_cli import RSS_TYPE, Cli, rss


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def refused_url(path: str) -> str:
    """An address on 127.0.0.1 where nothing listens (the connection is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    return f"http://127.0.0.1:{port}{path}"


def test_an_offline_round_is_said_once_and_the_others_are_listed(
    cli: Cli, server: Server
) -> None:
    for n in range(6):
        assert cli("sources", "add", refused_url(f"/feed{n}.xml"), "--no-check")[0] == 0
    server.route("/broken", (500, {}, b"down"))
    cli("sources", "add", server.url("/broken"), "--no-check", "--title", "Broken")
    code, out, _ = cli("poll")
    assert "offline: 6 sources could not reach their servers" in out  # poll's own rule
    code, out, err = cli("status")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Sources:   7 (7 enabled, 7 failing)"
    assert lines[2] == "Notifying: on"
    assert lines[5].startswith(
        "  offline: 6 sources could not reach their servers when last polled (")
    assert "this computer seemed to be offline. Check its internet connection. Notify tries " \
           "them again in " in lines[5]
    assert lines[5].endswith("Each source's reason: 'notify status -v' (or --json).")
    assert lines[6].startswith("  #7 Broken: ")
    assert len(lines) == 7  # was 5 + one line per source

    code, out, _ = cli("status", "-v")
    assert len(out.splitlines()) == 5 + 1 + 7
    assert "Each source's reason" not in out
    assert "  #1 127.0.0.1:" in out and "/feed0.xml: Could not connect to 127.0.0.1" in out

    doc = cli.json("status")
    assert doc["offline"] is True
    assert len(doc["attention"]) == 7  # type: ignore[arg-type]


def test_a_few_unreachable_servers_are_no_offline_computer(cli: Cli, server: Server) -> None:
    for n in range(4):
        server.route(f"/f{n}", (200, RSS_TYPE, rss(f"Feed {n}", n)))
        cli("sources", "add", server.url(f"/f{n}"))
    cli("sources", "add", refused_url("/dead.xml"), "--no-check")
    cli("poll")
    _, out, _ = cli("status")
    assert "offline" not in out
    assert "  #5 127.0.0.1:" in out and "/dead.xml: Could not connect to 127.0.0.1" in out
    assert cli.json("status")["offline"] is False


def test_sources_added_without_a_check_are_told_apart_until_their_first_poll(
    cli: Cli, server: Server
) -> None:
    """They were all called by their host: '#1 127.0.0.1: …', '#2 127.0.0.1: …'."""
    host = f"127.0.0.1:{urlsplit(server.url('/')).port}"
    server.route("/news/world/rss.xml", (500, {}, b"down"))
    server.route("/news/sport/rss.xml", (500, {}, b"down"), (200, RSS_TYPE, rss("Sport", 1)))
    for n, path in enumerate(("/news/world/rss.xml", "/news/sport/rss.xml"), 1):
        out = cli("sources", "add", server.url(path), "--no-check")[1]
        assert out.startswith(f"Added source {n}: {host}{path} (")
    cli("poll")
    _, out, _ = cli("status")
    assert f"  #1 {host}/news/world/rss.xml: " in out
    assert f"  #2 {host}/news/sport/rss.xml: " in out
    _, out, _ = cli("sources", "list")
    assert f"{host}/news/world/rss.xml  (feed," in out
    cli("poll", "--all")  # the sport feed answers now: its own title names it
    _, out, _ = cli("sources", "list")
    assert "  Sport  (feed," in out and f"{host}/news/world/rss.xml" in out
    assert cli.json("sources", "list")["sources"][0]["title"] == "127.0.0.1"  # type: ignore[index]


def test_a_feed_read_with_a_warning_is_not_plain_ok(cli: Cli, server: Server) -> None:
    """A feed that parsed only leniently kept "status: ok" and lost its warning after the poll;
    now ``sources show`` and ``status`` say it until a clean read clears it."""
    server.route("/bad.xml", (200, {"Content-Type": RSS_TYPE},
                              rss("Bad", ["One & two", "Three"]).replace(b"</channel>", b"")))
    assert cli("sources", "add", server.url("/bad.xml"), "--no-check")[0] == 0
    cli("poll")
    _, out, _ = cli("sources", "show", "1")
    assert "  status:        ok, with a warning" in out
    assert "\n  warning:       " in out
    _, out, _ = cli("status")
    assert out.splitlines()[0].endswith("0 failing, 1 with a warning)")
    assert "  #1 " in out and ": warning: " in out
    assert cli.json("status")["attention"][0]["last_warning"]  # type: ignore[index]
    server.route("/bad.xml", (200, {"Content-Type": RSS_TYPE}, rss("Bad", ["One", "Three"])))
    cli("poll", "--all")
    _, out, _ = cli("sources", "show", "1")
    assert "  status:        ok\n" in out and "warning:" not in out


def test_status_says_whether_notify_notifies_now(cli: Cli) -> None:
    """Paused, quiet hours, or on; with --json too (docs/cli.md)."""
    import time

    code, out, _ = cli("status")
    assert code == 0 and "Notifying: on\n" in out
    assert cli("settings", "set", "quiet_enabled", "yes")[0] == 0
    now = time.time()
    start, end = (time.strftime("%H:%M", time.localtime(now + d)) for d in (-3600, 3600))
    cli("settings", "set", "quiet_start", start)
    cli("settings", "set", "quiet_end", end)
    code, out, _ = cli("status")
    assert f"Notifying: quiet hours until {until_said(now + 3600, now)}: what is worth " \
        "notifying is held" in out
    assert cli("pause", "until-resumed")[0] == 0
    code, out, _ = cli("status")
    assert "Notifying: paused until you resume ('notify resume' ends the pause)" in out
    doc = cli.json("status")["notifications"]
    assert doc == {"paused": True, "paused_until": "until-resumed",
                   "quiet_hours": {"start": start, "end": end}, "quiet_hours_now": True,
                   "quiet_until": doc["quiet_until"], "held_for_digest": 0, "held_stories": 0,
                   "digest_at": None}
    assert isinstance(doc["quiet_until"], str)
    assert cli("resume")[0] == 0
    later, later_end = (time.strftime("%H:%M", time.localtime(now + d)) for d in (7200, 10800))
    cli("settings", "set", "quiet_start", later)  # quiet hours that have not begun
    cli("settings", "set", "quiet_end", later_end)
    code, out, _ = cli("status")
    assert f"Notifying: on (quiet hours {later}–{later_end})\n" in out


def test_status_says_what_is_held_for_the_digest(cli: Cli) -> None:
    import time

    from notify.core.models import ItemDraft
    from notify.core.store import db
    from notify.core.store import items as items_store
    from notify.core.store import notifications as n_store
    from notify.core.store import sources as sources_store

    assert cli("status")[0] == 0  # the database
    conn = db.connect(cli.data / "notify.sqlite3")
    try:
        source = sources_store.add(conn, kind="feed", url="https://example.org/feed.xml",
                                   now=time.time(), title="Example")
        ids = items_store.upsert(conn, source.id, [ItemDraft(key=str(n), title=f"Story {n}")
                                                   for n in range(3)], now=time.time()).new_ids
        n_store.record_decisions(conn, [n_store.Decided(i, 0.9, "digest", "quiet hours: x",
                                                        None) for i in ids])
    finally:
        conn.close()
    assert cli("pause", "until-resumed")[0] == 0
    _code, out, _ = cli("status")
    assert ("3 stories held for the digest, delivered when you resume notifications") in out
    doc = cli.json("status")["notifications"]
    assert (doc["held_for_digest"], doc["held_stories"]) == (3, 3)


def test_status_counts_held_stories_as_the_digest_does(cli: Cli) -> None:
    """The same story held from two sources is one story of the digest ("While you were away:
    1 story"): status said "2 items held for the digest"."""
    import time

    from notify.core.models import ItemDraft
    from notify.core.store import db
    from notify.core.store import items as items_store
    from notify.core.store import notifications as n_store
    from notify.core.store import sources as sources_store

    assert cli("status")[0] == 0  # the database
    conn = db.connect(cli.data / "notify.sqlite3")
    try:
        ids = []
        for name in ("a", "b"):
            source = sources_store.add(conn, kind="feed", url=f"https://{name}.example/feed",
                                       now=time.time(), title=name)
            ids += items_store.upsert(conn, source.id, [ItemDraft(
                key="1", title="Apple unveils a folding phone",
                link="https://example.org/phone")], now=time.time()).new_ids
        n_store.record_decisions(conn, [n_store.Decided(i, 0.9, "digest", "quiet hours: x",
                                                        None) for i in ids])
    finally:
        conn.close()
    assert cli("pause", "until-resumed")[0] == 0
    _code, out, _ = cli("status")
    assert "1 story (2 items) held for the digest, delivered when you resume notifications" \
        in out
    doc = cli.json("status")["notifications"]
    assert (doc["held_for_digest"], doc["held_stories"]) == (2, 1)


def test_the_next_poll_is_due_now_not_seconds_ago(cli: Cli) -> None:
    """A source never polled (or overdue) made status say "next due 0 s ago" (or "12 min ago"),
    and with none enabled "next due never"."""
    assert cli("status")[1].splitlines()[1] == (
        "Last poll: never; nothing to poll (no enabled source)")
    cli("sources", "add", refused_url("/feed.xml"), "--no-check")
    assert cli("status")[1].splitlines()[1] == "Last poll: never; next due now"
    cli("poll")  # fails: retried later
    line = cli("status")[1].splitlines()[1]
    assert line.startswith("Last poll: ") and "; next due in " in line, line
    cli("sources", "disable", "1")
    assert cli("status")[1].splitlines()[1].endswith("; nothing to poll (no enabled source)")


def test_an_entry_needing_attention_has_its_advice_as_data_and_show_s_words(
        cli: Cli, server: Server) -> None:
    """``status --json``'s attention entry carries what to do as data, as ``sources show
    --json``'s health does (it had none: another front end could only print the command line's
    words); the text says the same words as ``sources show``."""
    server.route("/api", (401, {"Content-Type": "application/json"}, b'{"error": "no"}'))
    assert cli("sources", "add", "--kind", "json", server.url("/api"))[0] == 0
    cli("poll")
    health = cli.json("sources", "show", "1")["source"]["health"]  # type: ignore[index]
    (entry,) = cli.json("status")["attention"]  # type: ignore[misc]
    assert entry["last_error"] == health["last_error"]
    assert entry["last_error_advice"] == health["last_error_advice"] == [
        {"remedy": "give-token", "source_id": 1,
         "at": [health["last_error"].index("notify sources edit 1"),
                health["last_error"].index(", or in Settings → Sources") + 26]}]
    assert entry["disabled_reason_advice"] == []
    _, shown, _ = cli("sources", "show", "1")
    _, status, _ = cli("status")
    said = next(line for line in status.splitlines() if line.startswith("  #1 "))
    assert said.endswith(f": {health['last_error']}")
    assert f"  last error:    {health['last_error']}\n" in shown


def test_after_days_of_failures_status_says_for_how_long(cli: Cli, server: Server) -> None:
    """s16 walkthrough: after five days of failures, ``status`` said only the last error ("…
    Notify will try again later."), as after one: nothing told a source gone for days from a
    hiccup. The days are made by moving the stored times back, as days of rounds leave them."""
    import sqlite3
    import time

    server.route("/broken", (500, {}, b"down"))
    assert cli("sources", "add", server.url("/broken"), "--no-check", "--title", "Broken")[0] == 0
    assert cli("sources", "add", refused_url("/feed.xml"), "--no-check", "--title", "Gone")[0] == 0
    assert cli("sources", "add", server.url("/broken?x"), "--no-check", "--title", "Once")[0] == 0
    cli("poll")
    now = time.time()
    conn = sqlite3.connect(cli.data / "notify.sqlite3")
    with conn:
        conn.execute("UPDATE sources SET created_at = ?", (now - 9 * 86400,))
        conn.execute("UPDATE source_state SET last_success = ?, consecutive_failures = 48 "
                     "WHERE source_id = 1", (now - 5 * 86400,))
        conn.execute("UPDATE source_state SET consecutive_failures = 61 WHERE source_id = 2")
    conn.close()
    code, out, err = cli("status")
    assert code == 0, err
    assert "  #1 Broken (48 failed polls since its last success 5 days ago): 127.0.0.1 had a " \
        "server error" in out
    assert "  #2 Gone (61 failed polls; never read since it was added 9 days ago): " in out
    assert "  #3 Once: " in out  # one failure: no history to tell
    attention = cli.json("status")["attention"]
    assert [a["last_success"] is None for a in attention] == [  # type: ignore[union-attr]
        False, True, True]


def test_a_source_gone_for_good_is_counted_as_disabled_not_failing(
        cli: Cli, server: Server) -> None:
    """s16 walkthrough: with one source gone (HTTP 410: disabled) and one failing, ``status``
    said "2 (1 enabled, 2 failing)", as if every enabled source failed and one more."""
    server.route("/gone", (410, {}, b"gone"))
    server.route("/broken", (500, {}, b"down"))
    cli("sources", "add", server.url("/gone"), "--no-check", "--title", "Gone")
    cli("sources", "add", server.url("/broken"), "--no-check", "--title", "Broken")
    cli("poll")
    code, out, err = cli("status")
    assert code == 0, err
    assert out.splitlines()[0] == "Sources:   2 (1 enabled, 1 failing, 1 disabled)"
    assert cli.json("status")["failing"] == 2  # --json keeps its meaning (docs/cli.md)


def test_sources_list_failing_lists_only_those_to_look_at(cli: Cli, server: Server) -> None:
    """s16 walkthrough: with 670 sources, ``sources list`` gave 670 lines and no way to see the
    few failing ones but ``grep``."""
    feed = server.route("/ok", (200, RSS_TYPE, rss("Fine", 1)))
    server.route("/broken", (500, {}, b"down"))
    for path, title in (("/ok", "Fine"), ("/broken", "Broken"), ("/ok?2", "Off")):
        cli("sources", "add", server.url(path), "--no-check", "--title", title)
    cli("sources", "disable", "3")
    cli("poll")
    assert feed.hits
    code, out, err = cli("sources", "list", "--failing")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["2", "3"]
    assert [s["id"] for s in cli.json("sources", "list", "--failing")["sources"]] == [2, 3]  # type: ignore[index]
    cli("sources", "remove", "2", "--yes")
    cli("sources", "enable", "3")
    assert cli("sources", "list", "--failing")[1] == (
        "No failing or disabled source among your 2.\n")


def test_sources_list_group_shows_one_group_and_names_the_groups_there_are(
        cli: Cli, server: Server) -> None:
    """With hundreds of sources, one group of them: ``--group`` (repeatable, case does not
    matter), with ``--failing`` and ``--json`` too; a group no source has lists those there
    are."""
    for path, title, group in (("/a", "Alpha", "News"), ("/b", "Beta", "Tech"),
                               ("/c", "Gamma", "news"), ("/d", "Delta", "")):
        args = ["sources", "add", server.url(path), "--no-check", "--title", title]
        cli(*args, *(["--group", group] if group else []))
    code, out, err = cli("sources", "list", "--group", "NEWS")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["1", "3"]
    both = cli.json("sources", "list", "-g", "news", "-g", "tech")["sources"]  # type: ignore[index]
    assert [s["id"] for s in both] == [1, 2, 3]
    assert cli("sources", "list", "--group", "Tech", "--failing")[1] == (
        "No failing or disabled source in group 'Tech'.\n")
    code, out, err = cli("sources", "list", "--group", "Sport")
    assert code == 2 and out == ""
    assert "No source is in group 'Sport'. Your groups: 'News', 'news', 'Tech'." in err
