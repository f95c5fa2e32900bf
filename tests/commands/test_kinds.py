"""``notify sources kinds``, ``sources preview`` and ``sources add --token-stdin`` through
``notify.cli.main``, against recorded API answers replayed on 127.0.0.1.

The canary test runs with a real Secret Service (``session`` mark; start it with
``tests/session/keyring_env.sh``): a token given with ``--token-stdin`` must reach the server and
appear nowhere else: not in any file Notify wrote, not in the keyring's own files in plain text,
not in any command's output or log."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.sources import registry
from tests.support.replay_server import ReplayServer, replay
from tests.support.session_keyring import needs_session_keyring

__all__ = ["replay"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_kinds_lists_every_kind_and_its_settings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "kinds", "--json")
    assert code == 0
    kinds = {k["id"]: k for k in json.loads(out)["kinds"]}
    assert set(kinds) == set(registry.kind_ids())
    for kind_id in ("json", "github-notifications", "github-repo", "hackernews", "reddit",
                    "mastodon", "youtube"):
        assert kind_id in kinds
    gh = kinds["github-notifications"]
    assert gh["min_interval_min"] == 1
    assert {s["key"]: s["type"] for s in gh["settings"]}["token_ref"] == "secret"
    code, out, _ = run(capsys, "sources", "kinds")
    assert code == 0
    assert "hackernews: Hacker News" in out
    assert "-o fields.NAME=" in out and "--token-stdin" in out


def test_kinds_says_what_address_each_kind_takes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "kinds")
    assert code == 0
    blocks = {b.split(":", 1)[0]: b for b in re.split(r"\n(?=\S)", out)}
    assert set(blocks) == set(registry.kind_ids())
    for kind_id, block in blocks.items():
        assert "\n    address: " in block, kind_id  # after the description, before settings
    assert ("    address: Repository (owner/name) or address (required)\n"
            "      e.g. python/cpython;") in blocks["github-repo"]
    assert "    address: none (made from the settings)\n    -o list=" in blocks["hackernews"]
    assert "    address: Leave empty for github.com (optional)\n" in blocks[
        "github-notifications"]
    assert "https://www.youtube.com/@name" in blocks["youtube"]
    code, out, _ = run(capsys, "sources", "kinds", "--json")
    kinds = {k["id"]: k for k in json.loads(out)["kinds"]}
    for kind in kinds.values():  # a field added; the documented ones stay
        assert {"id", "label", "description", "default_interval_min", "min_interval_min",
                "host_limit", "settings", "address"} == set(kind)
    assert kinds["github-repo"]["address"] == {
        "takes": "required", "placeholder": "Repository (owner/name) or address",
        "example": "e.g. python/cpython; for a user's events: https://github.com/USER with What "
                   "to follow: events",
        "what": "a repository (owner/name)"}
    assert kinds["hackernews"]["address"]["takes"] == "none"
    assert kinds["github-notifications"]["address"]["takes"] == "optional"


@pytest.mark.parametrize(("argv", "says"), [
    (("--kind", "json"), "notify: Give the address of the JSON API, e.g. "
     "https://lobste.rs/newest.json.\n"),
    (("--kind", "reddit"), "notify: Give a subreddit: its name (python) or address "),
    (("--kind", "youtube", "youtube.com/watch?v=x"), "Paste an address like "
     "https://www.youtube.com/@name, "),
    (("--kind", "hackernews", "best"), "pick a list with --option list=top|new|best|"),
])
def test_add_without_the_address_a_kind_takes_says_what_it_takes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...], says: str
) -> None:
    code, _, err = run(capsys, "sources", "add", *argv, "--no-check", "--data-dir",
                       str(tmp_path))
    assert code == 2
    assert says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_preview_shows_the_mapping_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], replay: ReplayServer, tmp_path: Path
) -> None:
    body = (Path(__file__).resolve().parents[2].parent / "shared/corpus/apis/lobsters"
            / "newest_2023-11-01T1903Z.json")
    if not body.is_file():
        pytest.skip(f"the shared API corpus is absent ({body})")
    replay.route("/newest.json", headers={"Content-Type": "application/json"},
                 body=body.read_bytes())
    code, out, err = run(capsys, "sources", "preview", "--kind", "json",
                         replay.url("/newest.json"), "-o", "fields.id=short_id",
                         "-o", "fields.author=submitter_user.username", "--limit", "2",
                         "--data-dir", str(tmp_path))
    assert code == 0, err
    assert "  25 items" in out and "(s)" not in out
    assert "Wrangling monotonic systems in TLA+" in out
    assert "ahelwer" in out
    assert "… and 23 more" in out
    assert not (tmp_path / "notify.sqlite3").exists()
    code, out, err = run(capsys, "sources", "preview", "--kind", "json",
                         replay.url("/newest.json"), "-o", "items=nothing", "--json")
    assert code == 2  # a user error (docs/cli.md); it was 1, which means "you answered no"
    doc = json.loads(out)["preview"]
    assert doc["status"] == "failed" and "nothing" in doc["error"]
    assert err.startswith("notify: the preview of ") and "nothing" in err


def test_preview_with_a_token_keeps_it_out_of_the_output(
    capsys: pytest.CaptureFixture[str], replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "ghp_previewCANARY_5d41402abc4b2a76"
    replay.route("/notifications", status=401, body='{"message":"Bad credentials"}')
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    code, out, err = run(capsys, "sources", "preview", "--kind", "github-notifications",
                         replay.url("/notifications"), "--token-stdin", "-vv")
    assert code == 2
    assert replay.requests[0].headers["authorization"] == f"Bearer {token}"
    assert "refused the token" in err
    assert token not in out + err
    # a preview saves no source: its advice names none (it said "give it again: notify sources
    # edit ID --token-stdin")
    assert "sources edit" not in err and "run the command again with --token-stdin." in err


def test_add_api_kind_and_show(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "sources", "add", "--kind", "hackernews", "",
                         "-o", "list=best", "-o", "min_score=100", "--data-dir", str(tmp_path))
    assert code == 0, err
    assert "Added source 1: Hacker News: best" in out
    code, out, _ = run(capsys, "sources", "show", "1", "--data-dir", str(tmp_path))
    assert "hackernews" in out and "beststories.json" in out


def test_token_without_a_keyring_adds_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ghp_never_stored_0000"))
    code, _, err = run(capsys, "sources", "add", "--kind", "github-notifications", "",
                       "--token-stdin", "--data-dir", str(tmp_path))
    assert code == 2
    assert "No system keyring is available" in err
    assert "ghp_never_stored_0000" not in err
    code, out, _ = run(capsys, "sources", "list", "--json", "--data-dir", str(tmp_path))
    assert json.loads(out)["sources"] == []


def test_a_bad_address_is_refused_before_the_token_is_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
) -> None:
    stdin = io.StringIO("ghp_not_read_at_all_1111")
    monkeypatch.setattr("sys.stdin", stdin)
    code, _, err = run(capsys, "sources", "add", "--kind", "github-repo", "https://github.com/",
                       "--token-stdin", "--data-dir", str(tmp_path))
    assert code == 2
    assert "is not a GitHub repository" in err  # not the keyring error: nothing was stored
    assert stdin.tell() == 0  # the token was not even read


def test_token_for_a_kind_without_one_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("tok-123456"))
    code, _, err = run(capsys, "sources", "add", "--kind", "youtube", "UCVooVnzQxPSTXTMzSi1s6uw",
                       "--token-stdin", "--data-dir", str(tmp_path))
    assert code == 2 and "takes no token" in err


# --- the canary: a real keyring, every file and every output searched -----------------------


@pytest.mark.session
@needs_session_keyring
def test_canary_token_appears_nowhere_but_the_request(
    capsys: pytest.CaptureFixture[str], replay: ReplayServer, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    canary = "ghp_CANARY_" + os.urandom(8).hex()
    data = tmp_path / "data"
    replay.replay("/api/v3/notifications", "github/notifications_all_2018")
    replay.route("/api/v3/repos/a/b/releases", status=401, body='{"message":"Bad credentials"}')
    outputs: list[str] = []

    def cli(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code, out, err = run(capsys, *argv, "--data-dir", str(data), "-vv")
        outputs.extend((out, err))
        return code

    assert cli("sources", "add", "--kind", "github-notifications",
               replay.url("/api/v3/notifications"), "--token-stdin", stdin=canary) == 0
    assert cli("sources", "add", "--kind", "github-repo", replay.url("/api/v3/repos/a/b"),
               "--token-stdin", stdin=canary + "\n") == 0
    cli("poll")
    cli("poll", "--all")  # the releases asked again (the notifications wait X-Poll-Interval)
    for argv in (("sources", "list"), ("sources", "list", "--json"), ("sources", "show", "1"),
                 ("sources", "show", "1", "--json"), ("sources", "show", "2", "--json"),
                 ("sources", "export"), ("items", "--json"), ("status",)):
        cli(*argv)
    auth = {r.headers.get("authorization") for r in replay.requests}
    assert f"Bearer {canary}" in auth  # the token did reach the server
    assert any("22 new items" in o for o in outputs)
    assert any("refused the token" in o for o in outputs)
    # asked once: the second round kept GitHub's X-Poll-Interval (the conditional GET that
    # follows it is tests/core/sources/test_github.py's)
    assert len(replay.hits("/api/v3/notifications")) == 1
    assert len(replay.hits("/api/v3/repos/a/b/releases")) == 2
    for text in outputs:
        assert canary not in text
    folders = [data, Path(os.environ["XDG_DATA_HOME"])]
    searched = 0
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                searched += 1
                assert canary.encode() not in path.read_bytes(), f"token found in {path}"
    assert searched >= 2


def test_add_youtube_handle_without_lookup_says_how(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``--no-check`` forbids the page look-up: one clear line on how to add it anyway, exit 2.
    (The look-up itself is tested against a local server: tests/core/test_subscriptions_lookup.)"""
    code, _out, err = run(capsys, "sources", "add", "--kind", "youtube",
                         "https://www.youtube.com/@JonnyGiger", "--no-check",
                         "--data-dir", str(tmp_path))
    assert code == 2
    assert "Copy channel ID" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_kinds_shows_defaults_as_a_person_reads_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "kinds")
    assert code == 0
    assert "default False" not in out and "default True" not in out  # Python's words
    assert "default Bearer ;" not in out  # the trailing space was invisible
    assert "Token prefix (default 'Bearer '; " in out
    assert "Token header (default 'Authorization')" in out
    assert "-o participating=yes|no  Only where I participate or am mentioned (default off)" \
        in out
    assert "List (one of top|new|best|ask|show|job; default top)" in out  # a choice: plain
    assert "Minimum score (default 0; " in out
    setting = re.compile(r"^    (?:-o |--token-stdin)\S*( {2,})\S")
    columns = {m.end(1) for line in out.splitlines() if (m := setting.match(line))}
    assert len(columns) == 1  # every label in one column, however long the option


def test_ctrl_d_at_the_hidden_token_prompt_adds_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def ctrl_d(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", ctrl_d)
    code, _, err = run(capsys, "sources", "add", "--kind", "github-notifications", "",
                       "--token-stdin", "--data-dir", str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert err.endswith("notify: --token-stdin: no token was typed.\n")
    code, out, _ = run(capsys, "sources", "list", "--json", "--data-dir", str(tmp_path))
    assert json.loads(out)["sources"] == []


def test_preview_takes_a_feed_without_kind_and_refuses_a_negative_limit(
    capsys: pytest.CaptureFixture[str], replay: ReplayServer, tmp_path: Path
) -> None:
    """'notify sources preview URL' answered "the following arguments are required: --kind",
    where 'sources add URL' takes a feed; '--limit -3' printed "… and 5 more" of 2 items."""
    items = "".join(f"<item><title>Story {i}</title><guid>urn:s:{i}</guid></item>"
                    for i in (1, 2))
    replay.route("/feed.xml", headers={"Content-Type": "application/rss+xml"}, body=(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}'
        "</channel></rss>").encode())
    data = ["--data-dir", str(tmp_path)]
    code, out, err = run(capsys, "sources", "preview", replay.url("/feed.xml"), *data)
    assert code == 0, err
    assert out.startswith("Feed (RSS, Atom, JSON Feed): ") and "  - Story 2\n" in out
    code, out, err = run(capsys, "sources", "preview", replay.url("/feed.xml"), "--limit", "0",
                         *data)
    assert (code, out.splitlines()[1:]) == (0, ["  2 items"]), err  # no "… and 2 more"
    code, out, err = run(capsys, "sources", "preview", replay.url("/feed.xml"), "--limit", "-3",
                         *data)
    assert (code, out, err) == (2, "", "notify: --limit must be 0 or more (got -3).\n")
    assert not (tmp_path / "notify.sqlite3").exists()


HTML = {"Content-Type": "text/html; charset=utf-8"}


def blog_page(*feeds: tuple[str, str]) -> bytes:
    links = "".join(f'<link rel="alternate" type="application/rss+xml" title="{t}" href="{h}">'
                    for t, h in feeds)
    return f"<!DOCTYPE html><html><head><title>Blog</title>{links}</head><body>x</body>".encode()


def test_preview_of_a_web_page_says_what_to_run_with_the_feeds_it_announces(
    capsys: pytest.CaptureFixture[str], replay: ReplayServer, tmp_path: Path
) -> None:
    """It said "…add it by its feed URL or let Notify discover its feeds", which did not say
    how."""
    replay.route("/blog/", headers=HTML, body=blog_page(("Posts", "/feed.xml"),
                                                        ("Comments", "/comments.xml")))
    data = ["--data-dir", str(tmp_path)]
    page = replay.url("/blog/")
    code, out, err = run(capsys, "sources", "preview", "--kind", "feed", page, *data)
    assert code == 2 and out == f"Feed (RSS, Atom, JSON Feed): {page}\n"
    assert err == (
        f"notify: the preview of {page} failed: it is a web page, not a feed. It announces 2 "
        "feeds; preview one of them, or add one by the page (N: its number):\n"
        f"  1. Posts: notify sources preview {replay.url('/feed.xml')}\n"
        f"  2. Comments: notify sources preview {replay.url('/comments.xml')}\n"
        f"  notify sources add {page} --pick N\n")
    code, out, _ = run(capsys, "sources", "preview", page, "--json", *data)
    doc = json.loads(out)["preview"]
    assert code == 2 and doc["status"] == "failed" and doc["error"] in err
    assert doc["page_feeds"] == [{"url": replay.url("/feed.xml"), "title": "Posts"},
                                 {"url": replay.url("/comments.xml"), "title": "Comments"}]

    replay.route("/one/", headers=HTML, body=blog_page(("Posts", "/feed.xml?a=1&b=2")))
    code, _, err = run(capsys, "sources", "preview", replay.url("/one/"), *data)
    assert code == 2 and err.endswith(
        "failed: it is a web page, not a feed. It announces one feed, Posts; preview it, or add "
        "it by the page:\n"
        f"  notify sources preview '{replay.url('/feed.xml?a=1&b=2')}'\n"
        f"  notify sources add {replay.url('/one/')}\n")

    replay.route("/none/", headers=HTML, body=blog_page())
    code, out, err = run(capsys, "sources", "preview", replay.url("/none/"), "--json", *data)
    assert code == 2 and json.loads(out)["preview"]["page_feeds"] == []
    assert "is a web page that announces no feed. Look for an RSS or Atom link" in err
    assert not (tmp_path / "notify.sqlite3").exists()


def test_preview_of_a_feed_that_does_not_parse_keeps_the_parsers_words(
    capsys: pytest.CaptureFixture[str], replay: ReplayServer, tmp_path: Path
) -> None:
    replay.route("/feed.xml", headers={"Content-Type": "application/xml"},
                 body=b"<oops><unclosed>")
    code, out, err = run(capsys, "sources", "preview", replay.url("/feed.xml"), "--json",
                         "--data-dir", str(tmp_path))
    assert code == 2 and json.loads(out)["preview"]["page_feeds"] == []
    assert "could not be read" in err and "web page" not in err
