"""What ``notify poll`` imports before it polls: start-up is a large share of a short round's
CPU, so nothing it does not need at once is imported at start (APScheduler: only a schedule;
OPML and discovery: other commands; the parsers and feedparser: only a body to parse;
multiprocessing: only a body of ``cpu.BIG_BYTES``)."""

from __future__ import annotations

import json
import subprocess
import sys

NOT_AT_START = ("apscheduler", "feedparser", "notify.core.feedparse.parse",
                "notify.core.htmlclean", "notify.core.opml", "notify.core.discovery",
                "notify.core.subscriptions", "multiprocessing")


def test_notify_poll_starts_without_what_it_does_not_need_yet() -> None:
    code = (
        "import json, sys\n"
        "from notify.cli import build_parser\n"
        "build_parser()\n"
        "from notify.core.sources import registry\n"
        "registry.get('feed')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = set(json.loads(done.stdout))
    early = sorted(m for m in loaded if m.split(".")[0] in NOT_AT_START or any(
        m == name or m.startswith(name + ".") for name in NOT_AT_START))
    assert early == []
