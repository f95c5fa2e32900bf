# ruff: noqa: F811  (the shared fixtures "server" and "cli" are imported by name)
"""A feed without a title of its own: its items carry the name every other place gives the
source (``source_names.source_name``: host, port, path and query, secrets redacted), through the
CLI against a real HTTP server: ``items --json``, the ranking's features (``profile export``),
a ``source`` pin, ``explain`` and a notification; never the login or the key in its address."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import RSS_TYPE, Cli, cli, rss  # noqa: F401

SECRETS = ("bob", "hunter2", "KEY999")


def _untitled(server: Server, path: str, *ids: int) -> str:
    """Serve a feed without a <title> at ``path`` (with its query); its address with a login."""
    server.route(path, (200, RSS_TYPE, rss("", *ids)))
    return server.url(path).replace("http://", "http://bob:hunter2@")


def _said(cli: Cli, *argv: str) -> str:
    code, out, err = cli(*argv)
    assert code == 0, err
    return out + err


def test_an_untitled_feeds_items_are_named_as_sources_list_names_it(
        cli: Cli, server: Server, tmp_path: Path) -> None:
    """The user's walkthrough: ``sources list`` said ``127.0.0.1:PORT/notitle.xml?api_key=•••``
    but the items' ``source_title``, the profile's ``src:``/``sw:`` features, explain and the
    notifications said ``127.0.0.1``; pinning the name the list shows matched nothing."""
    path = "/notitle.xml?api_key=KEY999"
    address = _untitled(server, path, 1)
    host = server.url("").removeprefix("http://")
    name = f"{host}/notitle.xml?api_key=•••"
    said = [_said(cli, "sources", "add", address), _said(cli, "poll", "--all")]
    said.append(_said(cli, "sources", "list"))
    assert name in said[-1]

    items = cli.json("items")["items"]
    assert [i["source_title"] for i in items] == [name]  # type: ignore[index]
    said.append(json.dumps(items, ensure_ascii=False))

    said.append(_said(cli, "feedback", "1", "like"))
    export = tmp_path / "profile.json"
    said.append(_said(cli, "profile", "export", str(export)))
    weights = json.loads(export.read_text("utf-8"))["weights"]
    said.append(export.read_text("utf-8"))
    assert f"src:{name}" in weights and f"sw:{name}|story" in weights
    assert not [w for w in weights if w.startswith(("src:127.0.0.1", "sw:127.0.0.1|"))
                and name not in w]

    pinned = _said(cli, "profile", "pin", f"source:{name}")
    assert "warning" not in pinned  # it names a source: the one the list shows
    said.append(pinned)

    server.route(path, (200, RSS_TYPE, rss("", 1, 2)))  # a new item: the pin notifies it
    poll = cli.json("poll", "--all")
    notes = poll["notifications"]
    assert [n["item_ids"] for n in notes] == [[2]], poll  # type: ignore[index]
    assert name in notes[0]["body"] or name in notes[0]["why"]  # type: ignore[index]
    said.append(json.dumps(poll, ensure_ascii=False))

    explained = cli.json("explain", "2")
    features = [f["feature"] for f in explained["features"]]  # type: ignore[index]
    assert f"src:{name}" in features, features
    said += [json.dumps(explained, ensure_ascii=False), _said(cli, "explain", "2"),
             _said(cli, "notified"), _said(cli, "items")]
    for text in said:
        assert not [s for s in SECRETS if s in text], text


def test_two_untitled_feeds_on_one_host_are_two_sources_to_the_ranking(
        cli: Cli, server: Server) -> None:
    """Both were ``src:127.0.0.1``: the learner could not tell them apart, and a Like of one
    made the other liked."""
    for path in ("/a.xml", "/b.xml"):
        _said(cli, "sources", "add", _untitled(server, path, 1 if path == "/a.xml" else 2))
    _said(cli, "poll", "--all")
    by_source = {i["source_id"]: i for i in cli.json("items")["items"]}  # type: ignore[union-attr]
    host = server.url("").removeprefix("http://")
    assert {s: i["source_title"] for s, i in by_source.items()} == {
        1: f"{host}/a.xml", 2: f"{host}/b.xml"}
    _said(cli, "feedback", str(by_source[1]["id"]), "like")
    liked = {f["feature"] for f in cli.json("explain", str(by_source[1]["id"]))["features"]}  # type: ignore[union-attr]
    other = {f["feature"] for f in cli.json("explain", str(by_source[2]["id"]))["features"]}  # type: ignore[union-attr]
    assert f"src:{host}/a.xml" in liked
    assert not [f for f in other if f.startswith("src:")]  # nothing learnt of b.xml


def _weights(cli: Cli, tmp_path: Path) -> dict[str, dict[str, float]]:
    export = tmp_path / "profile.json"
    _said(cli, "profile", "export", str(export))
    weights: dict[str, dict[str, float]] = json.loads(export.read_text("utf-8"))["weights"]
    return weights


def test_what_was_learnt_of_a_source_follows_it_when_the_person_renames_it(
        cli: Cli, server: Server, tmp_path: Path) -> None:
    """Regression: ``sources edit ID --title`` left the rows under the old name (``src:Sport``
    matched nothing any more) and the source started again from its prior, silently; a pin of
    it stopped matching."""
    server.route("/sport.xml", (200, RSS_TYPE, rss("Sport", 1)))
    _said(cli, "sources", "add", server.url("/sport.xml"))
    _said(cli, "poll", "--all")
    _said(cli, "feedback", "1", "like")
    _said(cli, "profile", "pin", "source:Sport")
    before = _weights(cli, tmp_path)
    _said(cli, "sources", "edit", "1", "--title", "BBC Sport")
    after = _weights(cli, tmp_path)
    assert after["src:BBC Sport"] == before["src:Sport"]
    assert after["sw:BBC Sport|story"] == before["sw:Sport|story"]
    assert not [n for n in after if n.startswith(("src:Sport", "sw:Sport|"))]
    explained = cli.json("explain", "1")
    assert explained["pin"] == "always: source “BBC Sport”", explained


def test_what_was_learnt_of_an_untitled_feed_follows_it_when_the_feed_gains_a_title(
        cli: Cli, server: Server, tmp_path: Path) -> None:
    address = _untitled(server, "/later.xml", 1)
    host = server.url("").removeprefix("http://")
    _said(cli, "sources", "add", address)
    _said(cli, "poll", "--all")
    _said(cli, "feedback", "1", "like")
    before = _weights(cli, tmp_path)[f"src:{host}/later.xml"]
    server.route("/later.xml", (200, RSS_TYPE, rss("Bob's Feed", 1)))
    _said(cli, "poll", "--all")
    assert "Bob's Feed" in _said(cli, "sources", "list")
    after = _weights(cli, tmp_path)
    assert after["src:Bob's Feed"] == before
    assert not [n for n in after if host in n]


def test_a_json_api_with_a_login_in_its_address_is_named_without_it(
        cli: Cli, server: Server) -> None:
    """Regression: its name was ``bob:hunter2@127.0.0.1:PORT/api.json``, in ``sources list``,
    ``items`` and so in the ranking's features and notifications."""
    path = "/api.json?api_key=KEY999"
    server.route(path, (200, {"Content-Type": "application/json"},
                        b'{"items": [{"id": "1", "title": "Hello"}]}'))
    address = server.url(path).replace("http://", "http://bob:hunter2@")
    said = [_said(cli, "sources", "add", "--kind", "json", "-o", "items=items", address),
            _said(cli, "poll", "--all"), _said(cli, "sources", "list"), _said(cli, "items")]
    items = cli.json("items")["items"]
    host = server.url("").removeprefix("http://")
    assert [i["source_title"] for i in items] == [f"{host}/api.json"]  # type: ignore[index]
    for text in [*said, json.dumps(items)]:
        assert not [s for s in SECRETS if s in text], text
