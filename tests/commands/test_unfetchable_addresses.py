"""``sources add``, ``edit --url`` and ``preview`` with an address Notify cannot fetch (another
scheme, a port that is no number, an unclosed IPv6 bracket): one line saying why, in Notify's
words, the inputs the OPML importer's tests skip (``notify.cli.main``, a real data folder;
nothing is fetched: the address is refused before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_urls_unfetchable import ODD_ADDRESSES, PYTHON_WORDS
from tests.test_cli import Cli

GIVE = "Give the address of a feed or web page, e.g. https://blog.python.org/."


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.mark.parametrize(("address", "why"), ODD_ADDRESSES)
def test_an_address_notify_cannot_fetch_is_refused_in_one_line_saying_why(
        cli: Cli, address: str, why: str) -> None:
    said = f"notify: {address!r} is not a web address Notify can fetch: {why}. {GIVE}\n"
    # was "notify: 'mailto:x' is not a valid web address (Port could not be cast to integer
    # value as 'x'). Give …"
    assert cli("sources", "add", address) == (2, "", said)
    assert cli("sources", "add", "--no-check", address) == (2, "", said)
    assert cli("sources", "preview", address) == (2, "", said)
    assert cli("sources", "add", "--no-check", "https://example.org/feed")[0] == 0
    code, out, err = cli("sources", "edit", "1", "--url", address)
    assert (code, out) == (2, "") and f"{address!r} is not a web address Notify can fetch: " \
        f"{why}." in err and len(err.splitlines()) == 1, err
    assert not any(words in err for words in PYTHON_WORDS)
    (listed,) = cli.json("sources", "list")["sources"]  # type: ignore[misc]
    assert listed["url"] == "https://example.org/feed"
