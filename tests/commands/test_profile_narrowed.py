# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""A stated keyword the person wants only in some sources: after Likes of its items in one
feed and Dismissals of its items in another, ``notify profile show`` says the interest holds
only in the first, and the next poll's items follow. Sources served by a real HTTP server on
127.0.0.1, polled, reacted to and shown through ``notify.cli.main``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.commands.test_profile_show_groups import huffpost
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import RSS_TYPE, Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, capsys)


def serve(server: Server, n: int) -> tuple[list[str], list[str]]:
    """The ``n``-th edition of both feeds: rugby in Sport (wanted) and in World (not)."""
    sport = [f"Rugby: {a} Beat {b} In Round {n}" for a, b in (
        ("Fiji", "Samoa"), ("Ireland", "Wales"), ("Japan", "Italy"), ("France", "Scotland"),
        ("Tonga", "Georgia"))]
    world = [f"Rugby {topic}, Round {n}" for topic in (
        "Funding Row Reaches Parliament", "Stadium Tax Vote Delayed", "Broadcaster Strike Ends",
        "Union Chief Faces Inquiry", "Ticket Prices Spark Protest")]
    server.route("/sport.xml", (200, RSS_TYPE, huffpost("Sport", sport, f"sport-{n}")))
    server.route("/world.xml", (200, RSS_TYPE, huffpost("World", world, f"world-{n}")))
    return sport, world


def test_a_keyword_liked_only_in_one_feed_is_narrowed_to_it(cli: Cli, server: Server) -> None:
    serve(server, 0)
    for path in ("/sport.xml", "/world.xml"):
        code, _out, err = cli("sources", "add", server.url(path))
        assert code == 0, err
    assert cli("poll")[0] == 0  # the first items: the backlog, never notified
    assert cli("profile", "interests", "add", "rugby")[0] == 0
    sport, world = serve(server, 1)
    assert cli("poll", "--all")[0] == 0  # new items: a round that could notify
    items: list[dict[str, Any]] = cli.json("items", "--limit", "50")["items"]  # type: ignore[assignment]
    ids = {str(i["title"]): int(i["id"]) for i in items}
    for title in sport[:4]:
        assert cli("feedback", str(ids[title]), "like")[0] == 0
    narrowed: dict[str, list[str]] = {}
    for title in world:
        assert cli("feedback", str(ids[title]), "dismiss")[0] == 0
        narrowed = cli.json("profile", "show")["narrowed"]  # type: ignore[assignment]
        if narrowed:
            break
    assert narrowed == {"keyword 'rugby'": ["Sport"]}
    code, out, _err = cli("profile", "show")
    assert code == 0
    assert "Your interest “rugby”: only in Sport, as you passed over its items elsewhere." \
        in " ".join(out.split())
    sport, world = serve(server, 2)
    assert cli("poll", "--all")[0] == 0
    scored = {str(i["title"]): i for i in
              cli.json("items", "--limit", "50")["items"]}  # type: ignore[union-attr]
    # (the day's budget went on the round before: the scores say what the ranking learnt)
    assert min(scored[t]["score"] for t in sport) > 0.8
    assert max(scored[t]["score"] for t in world) < 0.2
