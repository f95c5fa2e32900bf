# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""The ``--json`` fields docs/cli.md lists are the fields each command prints: none missing from
the page, none documented that the command does not print. One data folder with a bit of
everything (a notified item, a failing source, reactions, an alert, quiet hours) is read by every
command that has ``--json``."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.commands.test_poll import add_unreachable, second_round_with_news
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.docs.pages import CLI_PAGE, inline_code, section
from tests.test_cli import Cli


def keys(doc: Any) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(doc, dict):
        return set(doc) | {k for v in doc.values() for k in keys(v)}
    if isinstance(doc, list):
        return {k for v in doc for k in keys(v)}
    return set()


def without_asides(text: str) -> str:
    """``"status" ("ok", "failed")``: the values in parentheses are not fields."""
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)
    return text


def json_block(heading: str) -> set[str]:
    """The fields of the example under ``heading`` (the ```json block)."""
    text = section(CLI_PAGE, heading)
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block, heading
    return set(re.findall(r'"(\w+)":', block.group(1)))


def inline_json(command: str) -> set[str]:
    """The fields of ``{"version": 1, …}`` in the text about ``command`` (its bullet)."""
    found = set()
    codes = inline_code(CLI_PAGE)
    for i, code in enumerate(codes):
        if code.text.startswith('{"version"') and any(
                c.text == command for c in codes[max(0, i - 40):i]):
            found |= set(re.findall(r'"(\w+)"', without_asides(code.text)))
            break
    assert found, command
    return found


def source_fields() -> set[str]:
    """SOURCE's table: ``health.last_error`` is ``health`` and ``last_error``."""
    text = section(CLI_PAGE, "`notify sources show ID --json`")
    out = set()
    for row in re.findall(r"^\| (`[^|]*) \|", text, re.M):
        for name in re.findall(r"`([\w.]+)`", row):
            out |= set(name.split("."))
    return out


def item_fields() -> set[str]:
    text = section(CLI_PAGE, "`notify items --json`")
    prose = without_asides(text[text.index("ITEM:"):])
    return set(re.findall(r"`(\w+)`", prose))


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def documented() -> dict[str, set[str]]:
    return {
        "sources list": {"version", "sources"} | source_fields(),
        "sources show": {"version", "source"} | source_fields(),
        "poll": json_block("`notify poll --json`"),
        "items": json_block("`notify items --json`") | item_fields(),
        "explain": json_block("`notify explain ITEM --json`"),
        "notified": json_block("`notify notified --json` (and `notify items --notified --json`)"),
        "profile show": json_block("`notify profile show --json`"),
        "status": json_block("`notify status --json`"),
        "settings show": inline_json("settings show"),
        "sources kinds": inline_json("kinds"),
        "sources preview": inline_json("preview"),
    }


def test_the_documented_json_fields_are_the_printed_ones(cli: Cli, server: Server) -> None:
    second_round_with_news(cli, server)  # a source, its backlog, an alert on "story"
    printed = {"poll": cli.json("poll", "--all")}
    assert printed["poll"]["notifications"], "the round notified something"
    add_unreachable(cli, 1)  # a source needing attention
    assert cli("poll")[0] == 0
    items = cli.json("items")["items"]
    assert isinstance(items, list)
    notified = next(i["id"] for i in items if i["decision"] == "notify")
    other = next(i["id"] for i in items if i["id"] != notified)
    assert cli("feedback", str(notified), "like")[0] == 0
    assert cli("feedback", str(other), "dismiss")[0] == 0
    later = [time.strftime("%H:%M", time.localtime(time.time() + h * 3600)) for h in (2, 3)]
    assert cli("settings", "set", "quiet_start", later[0], "quiet_end", later[1],
               "quiet_enabled", "yes")[0] == 0
    printed |= {
        "sources list": cli.json("sources", "list"),
        "sources show": cli.json("sources", "show", "1"),
        "items": cli.json("items"),
        "explain": cli.json("explain", str(notified)),
        "notified": cli.json("notified"),
        "profile show": cli.json("profile", "show"),
        "status": cli.json("status"),
        "settings show": cli.json("settings", "show"),
        "sources kinds": cli.json("sources", "kinds"),
        "sources preview": cli.json("sources", "preview", server.url("/feed.xml")),
    }
    assert keys(cli.json("items", "--notified")) == keys(printed["notified"])
    docs = documented()
    wrong = {command: {"not in docs/cli.md": sorted(keys(doc) - docs[command]),
                       "not printed": sorted(docs[command] - keys(doc))}
             for command, doc in printed.items() if keys(doc) != docs[command]}
    assert wrong == {}
