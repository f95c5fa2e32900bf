"""Every secret, on the command line: canary secrets in feed URLs (``?key=…&sig=…`` as in the
AramZS list, a ``?token=`` behind a redirect, a ``user:password@``) and an API token (given with
``--token-stdin``) go through add, poll (successful and failing), ``--json`` output, OPML import
and export; then every captured line and every file Notify left in a throwaway home are searched.

The subscription URL itself must be kept (Notify could not poll it otherwise): the database's
``sources.url`` column is the only place a URL canary may appear. Tokens appear nowhere.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from pathlib import Path

import pytest

from tests.privacy.harness import Home, loopback_only
from tests.support.hostile_server import HostileServer
from tests.support.session_keyring import needs_session_keyring

# The only database cells a URL canary may be in: the subscription itself, and the address it
# permanently moved to (kept until the user accepts the move).
URL_CELLS = (("sources", "url"), ("source_state", "moved_to"))


def canary(tag: str) -> str:
    return f"canary{tag}{secrets.token_hex(6)}"


@pytest.fixture
def servers() -> tuple[HostileServer, HostileServer]:
    with HostileServer() as one, HostileServer(host="127.0.0.2") as two:
        yield one, two


def refused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: connecting is refused


def test_url_secrets_never_leave_the_subscription(
    tmp_path: Path, servers: tuple[HostileServer, HostileServer]
) -> None:
    one, two = servers
    key, sig, token, password, moved, user_token, passkey = (
        canary(t) for t in ("K", "S", "T", "P", "M", "U", "PK"))
    home = Home(tmp_path)
    # 1. a private feed URL, like the Meetup one in the AramZS list (added with its check)
    private = one.url(f"/feed?key={key}&sig={sig}")
    # 2. a feed that redirects, permanently, to an address on another host carrying a token
    one.route("/moving", b"", status=301,
              headers={"Location": two.url(f"/feed?token={moved}")})
    moving = one.url(f"/moving?sig={sig}")
    # 3. failing ones: a server error, a refused connection, a 401 and a redirect loop; JSON
    # and a web page where a feed was expected, whose error's advice is stored as data (the
    # JSON API kind's names the address: stored redacted, docs/store.md)
    one.route("/api.json", b'{"data": [{"id": 1}]}', content_type="application/json")
    failing = [
        one.url(f"/status/500?key={key}"),
        f"http://127.0.0.1:{refused_port()}/feed?key={key}&sig={sig}",
        one.url(f"/status/401?token={token}"),
        one.url(f"/loop/a?sig={sig}"),
        one.url(f"/api.json?key={key}&sig={sig}"),
        one.url(f"/html?token={token}"),
    ]
    # 4. a password in the address
    with_password = f"http://reader:{password}@127.0.0.2:{two.port}/feed?x=1"
    # 5. a token as the address' user name (https://TOKEN@host/…)
    with_user_token = f"http://{user_token}@127.0.0.2:{two.port}/feed?x=2"
    # 6. a private tracker's feed: its keys are named passkey=, authkey=, torrent_pass=
    tracker = two.url(f"/feed?passkey={passkey}&authkey={passkey}&torrent_pass={passkey}")

    assert home.cli("sources", "add", private).code == 0
    assert home.cli("sources", "add", "--no-check", moving).code == 0
    for url in [*failing, with_password, with_user_token, tracker]:
        assert home.cli("sources", "add", "--no-check", url).code == 0
    dup = home.cli("sources", "add", private)  # a duplicate: the error names the source
    assert dup.code != 0 and dup.err.strip()

    # an OPML file (outside the home) with the same kind of addresses, as a user would import
    opml = tmp_path.parent / f"{tmp_path.name}-import.opml"
    meetup = one.url(f"/feed/meetup?key={key}&amp;sig={sig}")
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        f'<outline text="Meetup" type="rss" xmlUrl="{meetup}"/>'
        f'<outline text="Broken" type="rss" xmlUrl="ftp://host/x?sig={sig}"/>'
        f'<outline text="Dup" type="rss" xmlUrl="{private.replace("&", "&amp;")}"/>'
        "</body></opml>"
    )
    imported = home.cli("sources", "import", str(opml))
    assert imported.code == 0, imported.err

    first = home.cli("poll", "--all")
    assert first.code in (0, 1), first.err
    second = home.cli("poll", "--all", "--json")
    assert second.code in (0, 1), second.err
    report = json.loads(second.out)
    assert report["failed"] >= len(failing)
    messages = [s["message"] for s in report["sources"] if s["status"] == "failed"]
    assert all(messages), "every failing source says why"

    for argv in (("sources", "list", "--json"), ("sources", "list"), ("status", "--json"),
                 ("status",), ("items", "--json"), ("sources", "show", "1"),
                 ("sources", "show", "2", "--json")):
        run = home.cli(*argv)
        assert run.code == 0, (argv, run.err)
    # reactions, the learned profile and its export (features must not carry URL secrets)
    items = json.loads(home.cli("items", "--json", "-n", "50").out)["items"]
    assert items, "the private feeds stored items"
    for n, item in enumerate(items[:4]):
        label = ("like", "dismiss", "open", "like")[n]
        reacted = home.cli("feedback", str(item["id"]), label)
        assert reacted.code == 0, reacted.err
    for argv in (("profile", "show"), ("explain", str(items[0]["id"])), ("notified",),
                 ("profile", "export", str(home.data / "profile.json"))):
        run = home.cli(*argv)
        assert run.code == 0, (argv, run.err)
    assert (home.data / "profile.json").stat().st_size > 0
    exported = home.cli("sources", "export")
    assert exported.code == 0 and "<opml" in exported.out
    export_file = home.data / "export.opml"
    assert home.cli("sources", "export", str(export_file)).code == 0

    # The source really used its secrets (the server saw them): the test proves something.
    seen = [r.query for r in one.requests] + [r.query for r in two.requests]
    assert all(any(c in q for q in seen) for c in (key, moved, passkey))
    assert {"follow-as-json-api", "edit-address"} <= _stored_remedies(home.data)

    hits = home.search([key, sig, token, password, moved, user_token, passkey],
                       allowed_cells=URL_CELLS)
    assert hits == [], "\n".join(f"{h.canary} in {h.where}" for h in hits) + "\n\n" + \
        "\n".join(r.text() for r in home.runs if any(h.where.endswith(" ".join(r.argv))
                                                    for h in hits))[:6000]
    # and the subscriptions are all there, with their secrets, so polling keeps working
    urls = _urls(home.data)
    assert private in urls and any(password in u for u in urls) and with_user_token in urls
    assert loopback_only(home.connections()) == []


def _stored_remedies(data: Path) -> set[str]:
    """The remedies of the advice stored with the sources' errors."""
    conn = sqlite3.connect(data / "notify.sqlite3")
    try:
        rows = conn.execute("SELECT last_error_advice FROM source_state "
                            "WHERE last_error_advice IS NOT NULL").fetchall()
    finally:
        conn.close()
    return {advice["remedy"] for (row,) in rows for advice in json.loads(row)}


def _urls(data: Path) -> list[str]:
    conn = sqlite3.connect(data / "notify.sqlite3")
    try:
        return [r[0] for r in conn.execute("SELECT url FROM sources")]
    finally:
        conn.close()


def test_api_token_in_preview_is_kept_in_memory_only(
    tmp_path: Path, servers: tuple[HostileServer, HostileServer]
) -> None:
    """``sources preview --token-stdin`` sends the token and saves nothing, prints nothing."""
    one, _ = servers
    token = canary("API")
    home = Home(tmp_path)
    one.route("/api/items", json.dumps([{"id": "1", "title": "Hello", "url": "https://e.org/1"}])
              .encode(), content_type="application/json")
    ok = home.cli("sources", "preview", "--kind", "json", one.url("/api/items"), "--token-stdin",
                  stdin=token + "\n")
    assert ok.code == 0, ok.err
    assert "Hello" in ok.out
    denied = home.cli("sources", "preview", "--kind", "json", one.url("/status/401"),
                      "--token-stdin", "--json", stdin=token)
    assert denied.code != 0 and denied.err.strip()
    sent = [r.headers.get("authorization", "") for r in one.requests]
    assert f"Bearer {token}" in sent, "the token was really sent"
    assert home.search([token]) == []


needs_keyring = needs_session_keyring


@pytest.mark.session
@needs_keyring
def test_api_token_through_the_keyring_is_nowhere_else(
    tmp_path: Path, servers: tuple[HostileServer, HostileServer]
) -> None:
    """A token saved with ``sources add --token-stdin`` lives only in the Secret Service."""
    one, _ = servers
    token = canary("KR")
    home = Home(tmp_path)
    body = json.dumps([{"id": "1", "title": "Hello", "url": "https://e.org/1"}]).encode()
    one.route("/api/items", body, content_type="application/json")
    added = home.cli("sources", "add", "--kind", "json", one.url("/api/items"), "--token-stdin",
                     stdin=token)
    assert added.code == 0, added.err
    polled = home.cli("poll", "--all", "--json")
    assert polled.code == 0, polled.err
    assert json.loads(polled.out)["new_items"] == 1
    one.route("/api/items", b'{"message": "Bad credentials"}', status=401,
              content_type="application/json")
    failed = home.cli("poll", "--all", "--json")
    report = json.loads(failed.out)
    assert report["failed"] == 1 and report["sources"][0]["message"]
    for argv in (("sources", "list", "--json"), ("sources", "show", "1", "--json"),
                 ("status", "--json"), ("items", "--json"), ("sources", "export")):
        assert home.cli(*argv).code == 0
    sent = [r.headers.get("authorization", "") for r in one.requests]
    assert sent.count(f"Bearer {token}") >= 2, "polls used the token from the keyring"
    # the keyring's own files (XDG_DATA_HOME of the session) are encrypted: search them too
    keyring_files = []
    if os.environ.get("XDG_DATA_HOME"):
        keyring_files = [p for p in Path(os.environ["XDG_DATA_HOME"]).rglob("*") if p.is_file()]
    assert home.search([token], extra_files=keyring_files) == []
