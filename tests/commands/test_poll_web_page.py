# ruff: noqa: F811  (the shared fixture "hostile_server" is imported by name)
"""A source whose address answers with a web page that announces feeds (added with
``--no-check``, or a site that replaced its feed by a page): ``notify poll`` and ``sources show``
name the feeds and give the exact command that follows one, and that command works."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.support.fixtures import hostile_server  # noqa: F401  (a fixture)
from tests.support.hostile_server import HostileServer
from tests.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def test_the_command_a_web_page_failure_gives_follows_its_feed(
        cli: Cli, hostile_server: HostileServer) -> None:
    """Before: "… The page announces URL (“Feed”); change the source's address to URL (notify
    sources edit 1 --url ADDRESS, …)": the address to type was left for the person to copy."""
    page, feed = hostile_server.url("/html"), hostile_server.url("/feed")
    assert cli("sources", "add", "--no-check", page)[0] == 0
    code, out, err = cli("poll")
    assert code == 0, err
    command = f"notify sources edit 1 --url {feed}"
    assert f"The page announces one feed, “Feed” at {feed}; to follow it instead: {command}, " \
        "or in Settings → Sources." in out
    shown = cli("sources", "show", "1")[1]
    assert command in shown
    assert cli("sources", "show", "1", "--json")[1].count(f'"address": "{feed}"') == 1

    code, out, err = cli(*shlex.split(command)[1:])  # as typed, without "notify"
    assert code == 0, err
    assert f"address:       {page} → {feed}" in out
    code, out, err = cli("poll", "--source", "1")
    assert code == 0 and "1 fetched" in out and "failed:" not in out, out + err
