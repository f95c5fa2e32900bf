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
    assert lines[4].startswith(
        "  offline: 6 sources could not reach their servers when last polled (")
    assert "this computer seemed to be offline. Check its internet connection. Notify tries " \
           "them again in " in lines[4]
    assert lines[4].endswith("Each source's reason: 'notify status -v' (or --json).")
    assert lines[5].startswith("  #7 Broken: ")
    assert len(lines) == 6  # was 4 + one line per source

    code, out, _ = cli("status", "-v")
    assert len(out.splitlines()) == 4 + 1 + 7
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
