"""What each command imports: a command is one short process, and at 76 feeds the start-up of
``notify poll``'s round of 304s was half its CPU (docs/benchmarks.md). A command that only
reads the database imports neither the engine nor the network (asyncio, httpx, feedparser);
``notify --help`` none of them either; a round in which every source answered 304 neither the
parsers nor the notification policy and its ranking modules (nothing new to decide about).

Each command runs in a fresh interpreter (``notify.cli.main``), which then lists
``sys.modules``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from notify.cli import main
from tests.core.test_engine_kind import Server, server  # noqa: F401
from tests.test_cli import RSS_TYPE, rss

REPO = Path(__file__).resolve().parents[2]

NETWORK_AND_ENGINE = ("asyncio", "httpx", "httpcore", "h11", "feedparser", "apscheduler",
                      "notify.core.engine", "notify.core.fetch.client",
                      "notify.core.feedparse.parse")
# What a round of 304s has no use for: it parses nothing and has nothing new to notify.
NOT_FOR_304S = ("feedparser", "apscheduler", "notify.core.feedparse.parse",
                "notify.core.htmlclean", "notify.core.policy", "notify.core.policy_state",
                "notify.core.ranking", "notify.core.dedupe", "multiprocessing")


def imported(argv: list[str], tmp_path: Path) -> set[str]:
    """The modules ``notify ARGV`` has imported when it ends (it must succeed)."""
    listing = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from notify.cli import main\n"
        f"code = main({argv!r})\n"
        f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(listing.read_text()))


def among(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    """The packages or modules of ``names`` that ``loaded`` holds (a package's modules too)."""
    return sorted({n for n in names for m in loaded if m == n or m.startswith(n + ".")})


@pytest.fixture
def polled(tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> Path:  # noqa: F811
    """A data folder with one feed, polled once (two items)."""
    server.route("/feed.xml", (200, RSS_TYPE, rss("Example News", 1, 2)), etag='"a"')
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "sources", "add", "--no-check",
                 server.url("/feed.xml")]) == 0
    assert main(["--data-dir", str(data), "poll"]) == 0
    capsys.readouterr()
    return data


READERS = [["status"], ["status", "--json"], ["items"], ["items", "--new", "--json"],
           ["sources", "list"], ["sources", "list", "--json"], ["sources", "show", "1"]]


@pytest.mark.parametrize("argv", READERS, ids=" ".join)
def test_a_command_that_only_reads_imports_neither_the_engine_nor_the_network(
    polled: Path, tmp_path: Path, argv: list[str]
) -> None:
    loaded = imported(["--data-dir", str(polled), *argv], tmp_path)
    assert among(loaded, NETWORK_AND_ENGINE) == []


def test_help_imports_neither_the_engine_nor_the_network_nor_the_policy(
    tmp_path: Path,
) -> None:
    listing = tmp_path / "modules.json"
    code = (
        "import contextlib, io, json, sys\n"
        "from notify.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, "
        "contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert 'sources' in out.getvalue() and 'poll' in out.getvalue()\n"
        f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(listing.read_text()))
    assert among(loaded, (*NETWORK_AND_ENGINE, "notify.core.policy", "notify.core.ranking")) == []


def test_a_round_of_304s_imports_no_parser_and_no_policy(polled: Path, tmp_path: Path) -> None:
    loaded = imported(["--data-dir", str(polled), "poll", "--all"], tmp_path)
    assert "httpx" in loaded or "httpcore" in loaded  # it did fetch
    assert among(loaded, NOT_FOR_304S) == []


# What says whether Notify notifies now has no use for the policy's decisions and words, the
# ranking or the story grouping, when nothing is held for the digest (~15 ms of a 0.12 s
# ``notify status``: ``policy_state`` imported the policy for its settings and clock).
POLICY_AND_RANKING = ("notify.core.policy", "notify.core.ranking", "notify.core.dedupe",
                      "notify.core.bidi")
# The source kinds' modules: ``sources list`` built ``add --interval``'s help from the feed
# kind's numbers at every start.
KIND_MODULES = tuple(f"notify.core.sources.{name}" for name in (
    "feed", "jsonapi", "github", "github_repo", "hackernews", "reddit", "mastodon", "youtube"))


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"]], ids=" ".join)
def test_status_imports_neither_the_policy_nor_the_ranking(
    polled: Path, tmp_path: Path, argv: list[str]
) -> None:
    loaded = imported(["--data-dir", str(polled), *argv], tmp_path)
    assert "notify.core.policy_state" in loaded  # it did read the policy's state
    assert among(loaded, POLICY_AND_RANKING) == []


@pytest.mark.parametrize("argv", [["sources", "list"], ["sources", "list", "--json"],
                                  ["status"]], ids=" ".join)
def test_listing_the_sources_imports_no_source_kind(
    polled: Path, tmp_path: Path, argv: list[str]
) -> None:
    loaded = imported(["--data-dir", str(polled), *argv], tmp_path)
    assert among(loaded, KIND_MODULES) == []
