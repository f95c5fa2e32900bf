"""One poll round of the real ``notify poll --all --json`` over many sources, a tenth of them
hostile, next to a clean round of the same size; measures the child's max RSS and wall time.

    result = compare(workdir, sources=1000)     # bench/hostile.py prints result.lines()

Hostile sources, spread over the hosts: slow-drip, huge (50 MiB, with and without
Content-Length), gzip bomb (1 GiB unpacked), billion laughs, redirect loop, 429, 500, connection
reset, a feed labelled image/png, malformed XML. Everything is served by hostile test servers on
127.0.0.x; nothing leaves loopback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.hostile_server import HostileServer

REPO = Path(__file__).resolve().parents[2]
MALFORMED = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</title>"
             b"<item><title>Half an item</tit")

# kind -> path; how a hostile source is allowed to end: "failed" (with a message), "warned"
# (read leniently or defused, with a message saying so), "either" (failed with a message, or
# read correctly despite the hostile label)
HOSTILE: dict[str, tuple[str, str]] = {
    "slow-drip": ("/drip?interval_ms=500", "failed"),
    "huge": ("/huge?mb=50&length=0", "failed"),
    "gzip-bomb": ("/gzip-bomb", "failed"),
    "billion-laughs": ("/billion-laughs", "warned"),
    "redirect-loop": ("/loop/a", "failed"),
    "429": ("/status/429", "failed"),
    "500": ("/status/500", "failed"),
    "reset": ("/reset", "failed"),
    "wrong-type": ("/wrong-type", "either"),
    "malformed": ("/malformed", "warned"),
}


@dataclass
class Round:
    sources: int
    hostile: int
    wall_s: float
    max_rss_mb: float
    exit_code: int
    report: dict[str, Any]
    kinds: dict[int, str] = field(default_factory=dict)  # source id -> hostile kind

    def problems(self) -> list[str]:
        """Every source that did not end as it should, as sentences."""
        out: list[str] = []
        by_id = {int(s["id"]): s for s in self.report.get("sources", [])}
        if len(by_id) != self.sources:
            out.append(f"{len(by_id)} of {self.sources} sources reported")
        for sid, src in by_id.items():
            kind = self.kinds.get(sid)
            status, message = src["status"], src.get("message") or ""
            if kind is None:
                if status not in ("updated", "not_modified") or src["new_items"] < 1:
                    out.append(f"clean source {sid} ended {status}: {message}")
                continue
            expected = HOSTILE[kind][1]
            if expected == "failed" and not (status == "failed" and message):
                out.append(f"{kind} source {sid} ended {status} ({message!r})")
            elif expected == "warned" and not message:
                out.append(f"{kind} source {sid} ended {status} without saying why")
            elif expected == "either" and status == "failed" and not message:
                out.append(f"{kind} source {sid} failed without a message")
            if "Traceback" in message or "inside Notify" in message:
                out.append(f"{kind} source {sid}: an internal error: {message}")
        return out


def _opml(urls: list[str], path: Path) -> Path:
    body = "".join(f'<outline type="rss" text="S{i}" xmlUrl="{u.replace("&", "&amp;")}"/>'
                   for i, u in enumerate(urls))
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><head><title>h</title></head>'
                    f"<body>{body}</body></opml>")
    return path


def _query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({"NO_PROXY": "*", "PYTHONPATH": str(REPO), "HOME": str(home)})
    return env


def run_round(workdir: Path, servers: list[HostileServer], sources: int, hostile: bool,
              timeout_s: float = 900) -> Round:
    data = workdir / ("hostile" if hostile else "clean")
    urls: list[str] = []
    kinds: dict[int, str] = {}
    names = list(HOSTILE)
    n_hostile = sources // 10 if hostile else 0
    step = sources // n_hostile if n_hostile else 0
    for i in range(sources):
        server = servers[i % len(servers)]
        if n_hostile and i % step == 0 and len(kinds) < n_hostile:
            # spread over the hosts as real hostile sources would be (not all on one host,
            # where the per-host limit would queue them behind each other)
            server = servers[len(kinds) % len(servers)]
            kind = names[len(kinds) % len(names)]
            kinds[i + 1] = kind  # source ids follow the OPML order in a fresh database
            path = HOSTILE[kind][0]
            urls.append(server.url(path + ("&" if "?" in path else "?") + f"n={i}"))
        else:
            urls.append(server.url(f"/feed?n={i}"))
    env = _env(workdir)
    base = [sys.executable, "-m", "notify"]
    imported = subprocess.run(
        [*base, "sources", "import", str(_opml(urls, workdir / f"{data.name}.opml")),
         "--data-dir", str(data)], capture_output=True, text=True, env=env, timeout=timeout_s)
    if imported.returncode != 0:
        raise RuntimeError(f"import failed: {imported.stderr[-1000:]}")
    out_path, err_path = workdir / f"{data.name}.out", workdir / f"{data.name}.err"
    with open(out_path, "w") as out_file, open(err_path, "w") as err_file:
        started = time.monotonic()
        proc = subprocess.Popen([*base, "poll", "--all", "--json", "--data-dir", str(data)],
                                stdout=out_file, stderr=err_file, text=True, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (max RSS)
        wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        report = json.loads(out_path.read_text())
    except json.JSONDecodeError:
        report = {"error": err_path.read_text()[-2000:]}
    by_url = dict(_query(data / "notify.sqlite3", "SELECT url, id FROM sources"))
    kinds = {int(by_url[urls[i - 1]]): kind for i, kind in kinds.items()}
    rss_mb = usage.ru_maxrss / 1024
    return Round(sources, n_hostile, wall, rss_mb, proc.returncode, report, kinds)


@dataclass
class Comparison:
    clean: Round
    hostile: Round

    @property
    def rss_delta_mb(self) -> float:
        return self.hostile.max_rss_mb - self.clean.max_rss_mb

    def lines(self) -> list[str]:
        c, h = self.clean, self.hostile
        return [
            f"clean round:   {c.sources} sources, {c.wall_s:.1f} s, max RSS {c.max_rss_mb:.1f} MB, "
            f"exit {c.exit_code}",
            f"hostile round: {h.sources} sources ({h.hostile} hostile), {h.wall_s:.1f} s, "
            f"max RSS {h.max_rss_mb:.1f} MB, exit {h.exit_code}",
            f"RSS difference: {self.rss_delta_mb:+.1f} MB (limit +50 MB); problems: "
            f"{len(c.problems()) + len(h.problems())}",
        ]


def compare(workdir: Path, *, sources: int = 1000, hosts: int = 0) -> Comparison:
    """A clean round, then a hostile round, each in a fresh data folder and a fresh child whose
    own max RSS is read with ``wait4``."""
    hosts = hosts or max(4, min(50, sources // 20))
    with ExitStack() as stack:
        servers = [stack.enter_context(HostileServer(host=f"127.0.1.{i + 1}"))
                   for i in range(hosts)]
        for server in servers:
            server.route("/malformed", MALFORMED)
        clean = run_round(workdir, servers, sources, hostile=False)
        hostile = run_round(workdir, servers, sources, hostile=True)
    return Comparison(clean, hostile)
