# ruff: noqa: F811  (the shared fixtures "server", "replay", "ring" are imported by name)
"""``notify sources edit``: a new token, new settings, a new address for a source already added,
keeping its items (the new user's report: a lost GitHub token could only be given again by
removing the source). Through ``notify.cli.main`` against real servers on 127.0.0.1; tokens go
through ``notify.core.secrets`` into a keyring backend that keeps them in memory (the real
Secret Service: the ``session`` test at the end)."""

from __future__ import annotations

import io
import os
import re
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import keyring
import pytest
from keyring.backends import fail

from notify.core.errors import SourceConfigError
from notify.core.sources import registry
from notify.core.sources.base import Setting, SettingType
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.support.memory_keyring import MemoryKeyring, ring  # noqa: F401
from tests.support.replay_server import ReplayServer, Response, replay  # noqa: F401
from tests.test_cli import RSS_TYPE, Cli, rss

GITHUB = "github/notifications_all_2018"  # 22 threads, recorded (shared/corpus/apis)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> io.StringIO:
    """Standard input (not a terminal) holding ``text``."""
    stdin = io.StringIO(text)
    monkeypatch.setattr(sys, "stdin", stdin)
    return stdin


def stored_settings(cli: Cli, source_id: int) -> str:
    conn = sqlite3.connect(cli.data / "notify.sqlite3")
    try:
        return str(conn.execute("SELECT settings FROM sources WHERE id = ?",
                                (source_id,)).fetchone()[0])
    finally:
        conn.close()


def add_github(cli: Cli, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch,
               token: str) -> None:
    typed(monkeypatch, token)
    code, _, err = cli("sources", "add", "--kind", "github-notifications",
                       replay.url("/notifications"), "--token-stdin")
    assert code == 0, err


# -- a token given again -----------------------------------------------------------------------


def test_a_lost_token_is_given_again_and_the_source_keeps_its_items(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report: the keyring lost the token; polling said to give it again with 'sources add
    … --token-stdin', which answered 'already subscribed as source 1'; only remove worked."""
    # without X-Poll-Interval: a second poll a moment later would be skipped, not sent
    # (tests/core/test_poll_server_wait.py)
    _, recorded = replay.load(GITHUB)
    replay.handler("/notifications", lambda seen: Response(200, tuple(
        (k, v) for k, v in recorded.headers if k.lower() != "x-poll-interval"), recorded.body))
    add_github(cli, replay, monkeypatch, "ghp_first_token_0001")
    code, out, _ = cli("poll")
    assert "22 new items" in out
    ring.passwords.clear()  # the keyring lost it (another keyring, a reinstalled system…)
    code, out, _ = cli("poll", "--all")
    assert "failed: GitHub notifications (#1): GitHub notifications: the keyring has no token " \
           "for this source" in out
    assert "give it again: notify sources edit 1 --token-stdin" in out  # not 'sources add'
    assert "The keyring has no token" not in out  # the source's failure, not the keyring's

    stdin = typed(monkeypatch, "ghp_second_token_0002\n")
    code, out, err = cli("sources", "edit", "1", "--token-stdin")
    assert code == 0, err
    assert stdin.read() == ""  # the token was read
    assert out == (
        "Changed source 1: GitHub notifications\n"
        "  token:         replaced (kept in the system keyring)\n"
        "It is polled at the next round; 'notify poll --source 1' polls it now.\n"
    )
    assert "ghp_second" not in out + err
    (key,) = ring.passwords  # the new token, under a new reference
    assert ring.passwords[key] == "ghp_second_token_0002"
    assert key.removeprefix("notify/") in stored_settings(cli, 1)
    assert "ghp_second" not in stored_settings(cli, 1)
    shown = cli("sources", "show", "1")[1]
    assert "    token          in the system keyring\n" in shown and "ghp_" not in shown

    # due now (it was backing off after the failure): a plain 'notify poll' polls it
    code, out, _ = cli("poll")
    assert "Polled 1 source" in out and "0 failed" in out
    assert replay.requests[-1].headers["authorization"] == "Bearer ghp_second_token_0002"
    assert len(cli.json("items", "--limit", "50")["items"]) == 22  # type: ignore[arg-type]


def test_adding_it_again_says_to_edit_it_and_reads_no_token(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the report's user did: 'sources add … --token-stdin' once more."""
    add_github(cli, replay, monkeypatch, "ghp_first_token_0001")
    stdin = typed(monkeypatch, "ghp_again_token_0002")
    code, out, err = cli("sources", "add", "--kind", "github-notifications",
                         replay.url("/notifications"), "--token-stdin")
    assert code == 2 and out == ""
    assert err == (f"notify: {replay.url('/notifications')} is already subscribed as source 1 "
                   "(GitHub notifications). To change it (a new token, its settings, its name), "
                   "use 'notify sources edit 1'.\n")
    assert stdin.tell() == 0  # not read, so not left in the keyring
    assert list(ring.passwords.values()) == ["ghp_first_token_0001"]


def test_a_source_not_added_leaves_no_token_behind(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed(monkeypatch, "ghp_orphan_token_003")
    code, _, err = cli("sources", "add", "--kind", "github-repo", replay.url("/repos/o/r"),
                       "--token-stdin", "--interval", "1")
    assert code == 2 and "The poll interval must be at least" in err
    assert ring.passwords == {}  # it stayed in the keyring, referenced by nothing


def test_a_replaced_token_is_deleted_from_the_keyring(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    replay.route("/notifications", status=401, body='{"message": "Bad credentials"}')
    add_github(cli, replay, monkeypatch, "ghp_expired_token_01")
    (old,) = ring.passwords
    assert "GitHub refused the token" in cli("poll")[1]
    typed(monkeypatch, "ghp_renewed_token_02")
    assert cli("sources", "edit", "1", "--token-stdin")[0] == 0
    assert old not in ring.passwords  # not left behind in the keyring
    assert list(ring.passwords.values()) == ["ghp_renewed_token_02"]


def test_no_keyring_changes_nothing(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_github(cli, replay, monkeypatch, "ghp_kept_token_00003")
    before = stored_settings(cli, 1)
    keyring.set_keyring(fail.Keyring())
    typed(monkeypatch, "ghp_never_stored_004")
    code, out, err = cli("sources", "edit", "1", "--token-stdin", "-o", "participating=yes")
    assert code == 2 and out == ""
    assert err.startswith("notify: The token was not saved, so nothing was changed. "
                          "No system keyring is available.")
    assert "ghp_never" not in err
    assert stored_settings(cli, 1) == before


def test_a_refused_edit_does_not_read_the_token(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_github(cli, replay, monkeypatch, "ghp_kept_token_00005")
    stdin = typed(monkeypatch, "ghp_not_read_000006")
    code, _, err = cli("sources", "edit", "1", "--token-stdin", "-o", "participating=maybe")
    assert code == 2 and "--option participating: use yes or no (got 'maybe')." in err
    assert stdin.tell() == 0
    assert len(ring.passwords) == 1


def test_a_token_is_removed_only_where_it_is_optional(
    cli: Cli, replay: ReplayServer, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_github(cli, replay, monkeypatch, "ghp_required_token_7")
    code, _, err = cli("sources", "edit", "1", "--no-token")
    assert code == 2 and "GitHub notifications need a token" in err
    assert len(ring.passwords) == 1
    typed(monkeypatch, "ghp_optional_token_8")
    code, _, err = cli("sources", "add", "--kind", "github-repo", replay.url("/repos/o/r"),
                       "--token-stdin")
    assert code == 0, err
    code, out, err = cli("sources", "edit", "2", "--no-token")
    assert code == 0, err
    assert "  token:         removed (deleted from the system keyring)\n" in out
    assert list(ring.passwords.values()) == ["ghp_required_token_7"]
    code, _, err = cli("sources", "edit", "2", "--unset", "token_ref")
    assert code == 2 and "a token is removed with --no-token" in err
    typed(monkeypatch, "tok-12345")
    cli("sources", "add", "--kind", "hackernews", "")
    code, _, err = cli("sources", "edit", "3", "--token-stdin")
    assert code == 2 and "the hackernews kind takes no token" in err


# -- settings, name, group, interval -----------------------------------------------------------


def test_title_group_and_interval_and_what_changed(cli: Cli) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check", "--title", "Example")
    code, out, err = cli("sources", "edit", "1", "--title", "Mine", "--group", "News/Tech",
                         "--interval", "45")
    assert code == 0, err
    assert out == (
        "Changed source 1: Mine\n"
        "  title:         Example → Mine\n"
        "  group:         - → News/Tech\n"
        "  interval:      default → 45 min\n"
    )
    code, out, _ = cli("sources", "edit", "1", "--group", "", "--interval", "default")
    assert out == ("Changed source 1: Mine\n"
                   "  group:         News/Tech → -\n"
                   "  interval:      45 min → default\n")
    code, out, _ = cli("sources", "edit", "1", "--title", "Mine")
    assert (code, out) == (0, "Nothing changed: source 1 (Mine) already has these settings.\n")
    code, out, _ = cli("sources", "edit", "1", "--title", "")  # back to the name Notify gives
    # shown as every listing shows a source named after its host: by host and path
    assert out.startswith("Changed source 1: example.org/feed\n"
                          "  title:         Mine → example.org/feed\n")
    (listed,) = cli.json("sources", "list")["sources"]  # type: ignore[misc]
    assert (listed["title"], listed["group"], listed["interval_min"]) == ("example.org", "", None)


def test_an_address_whose_secret_alone_changes_says_so(cli: Cli) -> None:
    """Regression: a rotated feed key given with ``--url`` printed ``Changed source 1: Mine``
    and no line (the address line compared the redacted addresses, which are equal)."""
    cli("sources", "add", "https://example.org/feed?token=OLD1", "--no-check", "--title", "Mine")
    code, out, err = cli("sources", "edit", "1", "--url", "https://example.org/feed?token=NEW2",
                         "--no-check")
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "Changed source 1: Mine",
        "  address:       https://example.org/feed?token=••• (the secret in it replaced)"]
    assert "OLD1" not in out + err and "NEW2" not in out + err
    code, out, _ = cli("sources", "edit", "1", "--url", "https://reader:pw3@example.org/feed",
                       "--no-check")
    assert "  address:       https://example.org/feed?token=••• → https://•••@example.org/feed\n" \
        in out
    code, out, _ = cli("sources", "edit", "1", "--url", "https://reader:pw4@example.org/feed",
                       "--no-check")
    assert "  address:       https://•••@example.org/feed (the secret in it replaced)\n" in out


@pytest.mark.parametrize(("argv", "message"), [
    ((), "Nothing to change: give --title, --group, --interval"),
    (("--interval", "2"), "The poll interval must be at least"),
    (("--pick", "2"), "--pick and --no-check go with --url."),
    (("-o", "nope=1"), "--option 'nope=1': feed sources have no settings."),
    (("--unset", "nope"), "--unset nope: feed sources have no settings."),
])
def test_mistakes_are_one_line_and_change_nothing(
    cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    cli("sources", "add", "https://example.org/feed", "--no-check")
    code, out, err = cli("sources", "edit", "1", *argv)
    assert code == 2 and out == ""
    assert err.startswith("notify: ") and message in err and len(err.splitlines()) == 1
    (listed,) = cli.json("sources", "list")["sources"]  # type: ignore[misc]
    assert (listed["title"], listed["interval_min"]) == ("example.org", None)
    assert cli("sources", "edit", "9", "--title", "x")[0] == 2  # an unknown id


def test_options_are_validated_per_kind_and_mappings_merge(cli: Cli) -> None:
    code, _, err = cli("sources", "add", "--kind", "json", "https://api.example.org/items",
                       "--no-check", "-o", "fields.id=short_id", "-o", "items=data")
    assert code == 0, err
    code, out, err = cli("sources", "edit", "1", "-o", "fields.title=headline")
    assert code == 0, err
    assert "  fields:        id=short_id → id=short_id, title=headline\n" in out
    code, out, _ = cli("sources", "edit", "1", "--unset", "fields.id", "--unset", "items")
    assert "  fields:        id=short_id, title=headline → title=headline\n" in out
    assert "  items:         data → @\n" in out  # the kind's default again
    shown = cli("sources", "show", "1")[1]
    assert "  settings:      (change with 'notify sources edit 1 -o KEY=VALUE')\n" in shown
    assert "    fields        title=headline\n" in shown
    assert "    token_prefix  'Bearer '\n" in shown  # the space is part of it
    code, _, err = cli("sources", "edit", "1", "-o", "token_ref=abc")
    assert code == 2 and "secrets are never given on the command line" in err
    code, _, err = cli("sources", "edit", "1", "-o", "items=x", "--unset", "items")
    assert code == 2 and "give one of them" in err


def test_a_hacker_news_list_moves_its_address_and_the_name_notify_gave_it(cli: Cli) -> None:
    """The list is in the address: changing only the setting changed nothing before."""
    cli("sources", "add", "--kind", "hackernews", "", "-o", "list=best")
    code, out, err = cli("sources", "edit", "1", "-o", "list=new")
    assert code == 0, err
    assert out.startswith("Changed source 1: Hacker News: new\n"
                          "  title:         Hacker News: best → Hacker News: new\n"
                          "  address:       https://hacker-news.firebaseio.com/v0/beststories.json"
                          " → https://hacker-news.firebaseio.com/v0/newstories.json\n")
    assert "  list:          best → new\n" in out
    cli("sources", "edit", "1", "--title", "My HN")
    code, out, _ = cli("sources", "edit", "1", "-o", "list=ask")
    assert "  title:" not in out  # a name you gave stays
    cli("sources", "add", "--kind", "hackernews", "", "-o", "list=top")
    code, _, err = cli("sources", "edit", "1", "--unset", "list")  # top: source 2 has it
    assert code == 2 and "is already subscribed as source 2 (Hacker News: top)" in err


@pytest.mark.parametrize(("kind", "url", "option", "before", "after"), [
    ("reddit", "https://www.reddit.com/r/python/", "sort=hot", "/r/python/new.json",
     "/r/python/hot.json"),
    ("github-repo", "https://github.com/o/r", "what=events", "/repos/o/r/releases",
     "/repos/o/r/events"),
    ("mastodon", "https://mastodon.social", "tag=rust", "/timelines/tag/python",
     "/timelines/tag/rust"),
])
def test_a_setting_in_the_address_moves_it(
    cli: Cli, kind: str, url: str, option: str, before: str, after: str
) -> None:
    """Each of these kept its old address (and setting) when only the setting was given."""
    code, _, err = cli("sources", "add", "--kind", kind, url, "-o", "tag=python", "--no-check") \
        if kind == "mastodon" else cli("sources", "add", "--kind", kind, url, "--no-check")
    assert code == 0, err
    code, out, err = cli("sources", "edit", "1", "-o", option)
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if line.startswith("  address:")]
    assert line.split(" → ")[0].endswith(before) and line.endswith(after)
    key, _, value = option.partition("=")
    assert cli.json("sources", "show", "1")["source"]["url"].endswith(after)  # type: ignore[index]
    assert f"  {key + ':':<14} " in out and out.count(f" → {value}\n") == 1


class _ListKind:
    """A kind that reads its ``list`` setting from an address given in full (none is made from
    the setting): ``-o list=…`` alone cannot change it."""

    id = "listkind"
    label = "Lists (tests only)"
    description = "a list read from its address"
    settings = (Setting("list", "List", SettingType.CHOICE, default="a", choices=("a", "b")),)
    default_interval_s = 1800
    min_interval_s = 300
    host_limit = None

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        match = re.fullmatch(r"https://lists\.example/(a|b)\.json", url or "")
        if match is None:
            raise SourceConfigError(f"{url!r} is no list's address.")
        return url, {**settings, "list": match.group(1)}

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        return f"List {settings.get('list')}"

    async def poll(self, ctx: Any, source: Any, state: Any) -> Any:
        raise NotImplementedError


KIND = _ListKind()


def test_a_setting_the_address_decides_is_not_dropped_silently(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry._MODULES, KIND.id, __name__)
    monkeypatch.delitem(registry._cache, KIND.id, raising=False)
    assert cli("sources", "add", "--kind", KIND.id, "https://lists.example/a.json")[0] == 0
    code, out, err = cli("sources", "edit", "1", "-o", "list=b")
    assert (code, out) == (2, "")
    assert err == ("notify: --option list: the listkind kind reads list from this source's "
                   "address (https://lists.example/a.json), so it stays a; give the address for "
                   "the new one with --url.\n")  # it said "Changed source 1" and kept a
    code, out, err = cli("sources", "edit", "1", "--url", "https://lists.example/b.json")
    assert code == 0, err
    assert "  list:          a → b\n" in out and "  title:         List a → List b\n" in out


# -- a new address -----------------------------------------------------------------------------


def test_a_new_address_is_checked_and_the_items_are_kept(cli: Cli, server: Server) -> None:
    server.route("/old.xml", (200, RSS_TYPE, rss("", 1, 2)))
    new = server.route("/new.xml", (200, RSS_TYPE, rss("Moved Blog", 3)))
    cli("sources", "add", server.url("/old.xml"))  # no title of its own: named after its host
    cli("poll")
    code, out, err = cli("sources", "edit", "1", "--url", server.url("/new.xml"))
    assert code == 0, err
    assert len(new.hits) == 1  # checked before changing
    old_name = server.url("/old.xml").removeprefix("http://")  # as listed: host and path
    assert out.startswith(f"Changed source 1: Moved Blog\n  title:         {old_name} → Moved Blog"
                          f"\n  address:       {server.url('/old.xml')} → {server.url('/new.xml')}"
                          "\n")
    cli("poll")
    titles = [i["title"] for i in cli.json("items")["items"]]  # type: ignore[attr-defined]
    assert sorted(titles) == ["Story 1", "Story 2", "Story 3"]


def titles(cli: Cli) -> list[str]:
    return [s["title"] for s in cli.json("sources", "list")["sources"]]  # type: ignore[index]


def given(cli: Cli) -> list[bool | None]:
    return [s["title_given"] for s in cli.json("sources", "list")["sources"]]  # type: ignore[index]


def test_a_source_named_after_its_feed_takes_the_new_feeds_name(
        cli: Cli, server: Server) -> None:
    """The walkthrough's report: "world news" was the old feed's own title, not a name the
    person gave, so moved to another feed's address the source takes that feed's title."""
    server.route("/world.xml", (200, RSS_TYPE, rss("world news", 1)))
    server.route("/europe.xml", (200, RSS_TYPE, rss("Europe Today", 2)))
    server.route("/asia.xml", (200, RSS_TYPE, rss("Asia Daily", 3)))
    cli("sources", "add", server.url("/world.xml"))  # named by what the check read
    assert titles(cli) == ["world news"]
    code, out, err = cli("sources", "edit", "1", "--url", server.url("/europe.xml"))
    assert code == 0, err
    assert "  title:         world news → Europe Today\n" in out
    cli("poll")  # the new feed's first poll reads its title again: the same
    code, out, err = cli("sources", "edit", "1", "--url", server.url("/asia.xml"))
    assert code == 0, err
    assert titles(cli) == ["Asia Daily"]


def test_a_name_the_person_gave_stays_when_the_address_moves(cli: Cli, server: Server) -> None:
    server.route("/world.xml", (200, RSS_TYPE, rss("world news", 1)))
    server.route("/europe.xml", (200, RSS_TYPE, rss("Europe Today", 2)))
    cli("sources", "add", server.url("/world.xml"), "--title", "My news")
    cli("poll")
    assert cli("sources", "edit", "1", "--url", server.url("/europe.xml"))[0] == 0
    assert titles(cli) == ["My news"]
    cli("poll")
    assert titles(cli) == ["My news"]  # and its polls do not rename it


def test_a_feed_that_renames_itself_renames_a_source_named_after_it(
        cli: Cli, server: Server) -> None:
    server.route("/feed.xml", (200, RSS_TYPE, rss("world news", 1)),  # the check
                 (200, RSS_TYPE, rss("world news", 1)),
                 (200, RSS_TYPE, rss("World News Daily", 1, 2)))
    cli("sources", "add", server.url("/feed.xml"))
    cli("poll", "--all")
    assert titles(cli) == ["world news"]
    cli("poll", "--all")
    assert titles(cli) == ["World News Daily"]


def test_an_address_that_does_not_work_is_not_used(cli: Cli, server: Server) -> None:
    server.route("/feed.xml", (200, RSS_TYPE, rss("Blog", 1)))
    cli("sources", "add", server.url("/feed.xml"))
    missing = server.url("/missing.xml")
    code, out, err = cli("sources", "edit", "1", "--url", missing)
    assert code == 2 and out == ""
    assert err.startswith(f"notify: {missing} was not used: ")
    assert err.rstrip().endswith("To use it anyway (Notify then keeps trying it), use --no-check.")
    (listed,) = cli.json("sources", "list")["sources"]  # type: ignore[misc]
    assert listed["url"] == server.url("/feed.xml")
    code, out, err = cli("sources", "edit", "1", "--url", missing, "--no-check")
    assert code == 0, err
    assert f"  address:       {server.url('/feed.xml')} → {missing}\n" in out
    cli("sources", "add", server.url("/feed.xml"))
    code, _, err = cli("sources", "edit", "2", "--url", missing, "--no-check")
    # it said which source has it, not what to do (nor by the name the list shows)
    assert (code, err) == (2, f"notify: {missing} is already subscribed as source 1 "
                              f"({urlsplit(missing).netloc}/missing.xml): an address is "
                              "followed by one source only. Give another address, or remove "
                              "that source first.\n")


# -- the help ----------------------------------------------------------------------------------


def test_interval_help_reads_each_kinds_numbers_from_the_registry(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said 'at least 5' for every kind, while kinds declare their own minimum."""
    from dataclasses import dataclass

    from notify.cli import main

    feed = registry.get("feed")

    @dataclass
    class Feed:  # the feed kind with other numbers: the help must follow them
        id: str = "feed"
        default_interval_s: int = 42 * 60
        min_interval_s: int = 7 * 60

    monkeypatch.setitem(registry._cache, "feed", Feed())
    for argv in (["sources", "add", "--help"], ["sources", "edit", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = " ".join(capsys.readouterr().out.split())
        assert "feed: 42, at least 7; the others: 'notify sources kinds'" in text
        assert "at least 5" not in text
    assert feed.min_interval_s  # the real kind is untouched


# -- the real Secret Service -------------------------------------------------------------------


@pytest.mark.session
@pytest.mark.skipif(os.environ.get("NOTIFY_SESSION_KEYRING") != "1",
                    reason="needs the real gnome-keyring started by tests/session/keyring_env.sh")
def test_a_token_given_again_through_the_real_keyring(
    cli: Cli, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notify.core import secrets

    replay.replay("/notifications", GITHUB)
    first, second = (f"ghp_REAL_{n}_{os.urandom(6).hex()}" for n in ("first", "second"))
    add_github(cli, replay, monkeypatch, first)
    old_ref = stored_settings(cli, 1).split('"token_ref": "')[1].split('"')[0]
    secrets.delete(old_ref)  # lost
    assert "the keyring has no token for this source" in cli("poll")[1]
    typed(monkeypatch, second)
    code, out, err = cli("sources", "edit", "1", "--token-stdin")
    assert code == 0, err
    assert first not in out + err and second not in out + err
    assert "22 new items" in cli("poll")[1]
    assert replay.requests[-1].headers["authorization"] == f"Bearer {second}"
    for path in cli.data.rglob("*"):
        if path.is_file():
            assert second.encode() not in path.read_bytes(), f"token found in {path}"


def test_title_empty_gives_back_the_feeds_own_title_at_once(cli: Cli, server: Server) -> None:
    """Regression: ``--title ""`` named the source after its host, and it stayed so while the
    feed answered "not modified" (a poll reads no title then), though its own title was known."""
    server.route("/feed.xml", (200, RSS_TYPE, rss("World News", 1)), etag='"a"')
    cli("sources", "add", server.url("/feed.xml"))
    assert cli("poll")[0] == 0
    assert cli("sources", "edit", "1", "--title", "Mine")[0] == 0
    code, out, err = cli("sources", "edit", "1", "--title", "")
    assert code == 0, err
    assert "  title:         Mine → World News\n" in out
    assert cli("poll", "--all")[0] == 0  # 304: no title read
    assert titles(cli) == ["World News"] and given(cli) == [False]


def test_title_the_feeds_own_name_makes_it_yours_and_a_feed_rename_keeps_it(
    cli: Cli, server: Server
) -> None:
    """Regression: a source named exactly what the feed calls itself followed the feed's next
    rename, as if Notify had named it."""
    server.route("/feed.xml", (200, RSS_TYPE, rss("World News", 1)),  # the check, the poll
                 (200, RSS_TYPE, rss("World News", 1)),
                 (200, RSS_TYPE, rss("World News (beta)", 1)))
    cli("sources", "add", server.url("/feed.xml"))
    assert cli("poll")[0] == 0
    code, out, err = cli("sources", "edit", "1", "--title", "World News")
    assert code == 0, err
    assert "title:         World News, now yours: kept whatever the feed calls itself" in out
    assert cli("poll", "--all")[0] == 0
    assert titles(cli) == ["World News"]
    assert given(cli) == [True]  # who named it, in the JSON too (docs/cli.md)
    code, out, err = cli("sources", "edit", "1", "--title", "World News")
    assert "Nothing changed" in out
    code, out, err = cli("sources", "edit", "1", "--title", "")
    assert code == 0, err
    assert "  title:         World News → World News (beta)\n" in out
