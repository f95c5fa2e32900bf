"""The poll benchmark: Notify against the download floor, Newsboat and a straightforward poller.

Serves the Programming + Tech subscriptions (76) and the AramZS list (670) from the feed farm
(``bench/feedfarm.py``, its own process; 80 ms latency; 127.0.0.x hosts) and measures, in the
same run, for a first round and a second round with nothing changed:

- ``floor``: plain httpx GETs, no parsing, the same concurrency as Notify's fetcher;
- ``newsboat``: ``newsboat -x reload`` with ``reload-threads 10``;
- ``simple``: a straightforward httpx + feedparser poller (parses on the loop), same concurrency;
- ``notify``: ``notify poll`` as a real subprocess, after ``notify sources import``.

Each client is a child process: wall time from spawn to exit, CPU (user + system) and max RSS
from ``os.wait4``; requests, 304s and bytes from the farm's counters; event-loop lag p99 from the
child (the baselines run ``notify.core.loopstats.LagMonitor``; Notify writes it through
``NOTIFY_BENCH_STATS``). Figures are medians of ``--runs`` (default 3).

    .venv/bin/python bench/poll.py                  # 76 and 670 feeds, 3 runs
    .venv/bin/python bench/poll.py --quick          # 76 feeds, 1 run
    .venv/bin/python bench/poll.py --write-docs docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:  # the sibling module: on sys.path when this file runs as a script
    import feedfarm
except ModuleNotFoundError:  # imported from elsewhere (tests): do not leave bench/ on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import feedfarm
    finally:
        sys.path.pop(0)

REPO = Path(__file__).resolve().parents[1]
CLIENTS = ("floor", "newsboat", "simple", "notify")
ROUNDS = (1, 2)
NEWSBOAT_THREADS = 10
# From notify.core.settings: fetch.global_limit and fetch.per_host_limit defaults.
CONCURRENCY, PER_HOST = 32, 2
REFERENCE = {  # the issue's figures on this machine (seconds, first round)
    "76": {"floor": 0.94, "newsboat": 1.71, "simple": 3.46},
    "670": {"floor": 8.8, "newsboat": 19.8, "simple": 38.4},
}
TARGETS = (
    "first round ≤ 1.3× the floor and faster than Newsboat (76 and 670 feeds)",
    "CPU of a first round ≤ 0.4× the straightforward poller's",
    "second round ≥ 95% answered 304, CPU ≤ 15% of the first",
    "max RSS ≤ 150 MB at 670 feeds",
)


@dataclass
class Measure:
    client: str
    round: int
    wall_s: float
    cpu_s: float
    rss_mb: float
    requests: int
    not_modified: int
    mb_in: float
    lag_p99_ms: float | None
    exit_code: int
    errors: int = 0
    farm_cpu_s: float = 0.0
    connections: int = 0  # TCP connections the farm accepted (keep-alive reuse shows here)
    round_s: float | None = None  # inside the process: the round itself, startup excluded
    round_cpu_s: float | None = None
    tree_mb: float = 0.0  # peak summed PSS of the client's process tree (pool workers too)


@dataclass
class Child:
    exit_code: int
    wall_s: float
    cpu_s: float  # the child and the descendants it waited for (a process pool's workers)
    rss_mb: float  # the largest single process of the tree (what wait4 reports)
    tree_mb: float = 0.0  # peak of the summed PSS of the child and all its descendants


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                kids = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            found += [int(k) for k in kids]
            stack += [int(k) for k in kids]
    return found


def _tree_kb(pid: int, name: str, field: str) -> list[int]:
    """A ``/proc/PID/<name>`` field in kB (``Pss:`` of ``smaps_rollup``, ``VmHWM:`` of
    ``status``) of ``pid`` and each of its descendants still there (Linux)."""
    found = []
    for p in [pid, *_descendants(pid)]:
        try:
            with open(f"/proc/{p}/{name}", encoding="ascii") as fh:
                found += [int(line.split()[1]) for line in fh if line.startswith(field)][:1]
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
    return found


def tree_pss_mb(pid: int) -> float:
    """Summed proportional set size of ``pid`` and its descendants."""
    return sum(_tree_kb(pid, "smaps_rollup", "Pss:")) / 1024


def tree_hwm_mb(pid: int) -> float:
    """The largest peak resident size (``VmHWM``) of ``pid`` and its descendants."""
    return max(_tree_kb(pid, "status", "VmHWM:"), default=0) / 1024


def run_child(cmd: Sequence[str], env: dict[str, str], log: Path, cwd: Path) -> Child:
    """Run ``cmd`` to its end: wall time and CPU from ``wait4``, the largest process' peak
    resident size and the peak memory of the whole process tree (both sampled every 50 ms).

    Max RSS is ``VmHWM`` read from ``/proc`` while the child runs, not ``wait4``'s
    ``ru_maxrss``: Linux records into the latter the size of the process that forked the child
    as it was at the child's ``exec`` (a child started from a 500 MB pytest reported 503 MB for
    a 10 MB interpreter). ``ru_maxrss`` is the fallback for a child too short to be sampled."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(cmd)}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=out,
                                stdin=subprocess.DEVNULL)
        peak, hwm = [0.0], [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_pss_mb(proc.pid))
                hwm[0] = max(hwm[0], tree_hwm_mb(proc.pid))

        sampler = threading.Thread(target=sample, name="tree-rss", daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Child(proc.returncode, wall, usage.ru_utime + usage.ru_stime,
                 hwm[0] or usage.ru_maxrss / 1024, peak[0])


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = "*"
    env.update(extra)
    return env


# ---------------------------------------------------------------- the baseline clients


async def client_round(mode: str, urls: list[str], state: dict[str, dict[str, str]],
                       concurrency: int, per_host: int) -> dict[str, Any]:
    """One round of the floor (``mode="floor"``) or the straightforward poller (``"simple"``)."""
    import feedparser
    import httpx

    from notify.core.loopstats import LagMonitor

    monitor = LagMonitor()
    monitor.start()
    counts: dict[str, int] = defaultdict(int)
    limit = asyncio.Semaphore(concurrency)
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(trust_env=False, limits=limits, timeout=60,
                                 follow_redirects=True) as client:

        async def one(url: str) -> None:
            headers = {}
            known = state.get(url, {})
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("modified"):
                headers["If-Modified-Since"] = known["modified"]
            async with hosts[urlsplit(url).netloc], limit:
                try:
                    response = await client.get(url, headers=headers)
                except httpx.HTTPError as err:
                    print(f"{url}: {err!r}", file=sys.stderr)
                    counts["errors"] += 1
                    return
            if response.status_code == 304:
                counts["not_modified"] += 1
            elif response.status_code == 200:
                counts["ok"] += 1
                if mode == "simple":
                    parsed = feedparser.parse(
                        response.content,
                        response_headers={"content-type": response.headers.get("content-type",
                                                                               "")},
                    )
                    counts["entries"] += len(parsed.entries)
                state[url] = {"etag": response.headers.get("etag", ""),
                              "modified": response.headers.get("last-modified", "")}
            else:
                counts["errors"] += 1

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one(u) for u in urls))
        round_s, round_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    lag = await monitor.stop()
    return {"round_s": round_s, "round_cpu_s": round_cpu_s, **counts, **lag.as_dict()}


def client_main(args: argparse.Namespace) -> int:
    urls = Path(args.urls).read_text(encoding="utf-8").split()
    state_path = Path(args.state)
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    result = asyncio.run(client_round(args.mode, urls, state, args.concurrency, args.per_host))
    state_path.write_text(json.dumps(state))
    Path(args.out).write_text(json.dumps(result))
    return 0 if not result.get("errors") else 1


def engine_main(args: argparse.Namespace) -> int:
    """Fallback while ``notify poll``/``notify sources import`` are not written: the same
    rounds through ``Engine`` directly (``import_opml``; ``poll`` of every enabled source)."""
    from notify.core import loopstats
    from notify.core.engine import Engine
    from notify.core.paths import resolve

    async def run() -> int:
        engine = Engine(resolve(args.data_dir))
        await engine.start(schedule=False)
        try:
            if args.import_opml:
                engine.import_opml(Path(args.import_opml).read_bytes())
                return 0
            ids = [s.id for s in engine.sources() if s.enabled]
            async with loopstats.bench_stats(lambda: {"errors": len(summary.failed)}):
                summary = await engine.poll(ids)
            for report in summary.failed[:20]:
                print(f"{report.title}: {report.message}", file=sys.stderr)
            return 0 if not summary.failed else 1
        finally:
            await engine.stop()

    return asyncio.run(run())


def cli_main(argv: list[str]) -> int:
    """``notify <argv>`` in this process, with the loop-lag hook around the CLI's
    ``asyncio.run`` (the CLI does not call ``loopstats.bench_stats`` itself yet)."""
    from notify import cli
    from notify.core import loopstats

    plain_run = asyncio.run

    def run_measured(main: Any, **kwargs: Any) -> Any:
        async def measured() -> Any:
            done: dict[str, Any] = {}

            def figures() -> dict[str, Any]:  # from the PollSummary the CLI's round returned
                summary: Any = done.get("result")
                if not hasattr(summary, "failed"):
                    return {}
                return {"errors": len(summary.failed), "fetched": summary.fetched,
                        "new_items": summary.new_items}

            async with loopstats.bench_stats(figures):
                done["result"] = await main
                return done["result"]

        return plain_run(measured(), **kwargs)

    asyncio.run = run_measured
    return cli.main(argv)


# ---------------------------------------------------------------- one run of every client


@dataclass
class Bench:
    farm: feedfarm.FarmProcess
    work: Path
    concurrency: int
    per_host: int
    newsboat_threads: int
    clients: tuple[str, ...]
    log: Path
    notes: list[str] = field(default_factory=list)
    notify_via_engine: bool = False  # the CLI is not there yet: drive Engine directly
    cli_writes_stats: bool = True  # `notify poll` honours NOTIFY_BENCH_STATS itself
    against: Path | None = None  # another checkout, measured as the client "against"
    status_cpu: dict[str, list[float]] = field(default_factory=dict)  # `notify status`, by client

    def measure(self, name: str, rnd: int, cmd: Sequence[str], env: dict[str, str],
                stats_file: Path | None) -> Measure:
        if stats_file is not None:
            stats_file.unlink(missing_ok=True)
        farm_cpu = self.farm.reset_stats()["cpu_s"]
        child = run_child(cmd, env, self.log, self.work)
        farm = self.farm.stats()
        inner: dict[str, Any] = {}
        if stats_file is not None and stats_file.exists():
            inner = json.loads(stats_file.read_text())
        return Measure(
            client=name, round=rnd, wall_s=child.wall_s, cpu_s=child.cpu_s,
            rss_mb=child.rss_mb, requests=farm["requests"], not_modified=farm["not_modified"],
            mb_in=farm["bytes_sent"] / 1e6, lag_p99_ms=inner.get("lag_p99_ms"),
            exit_code=child.exit_code, errors=int(inner.get("errors", inner.get("failed", 0))),
            farm_cpu_s=farm["cpu_s"] - farm_cpu, round_s=inner.get("round_s"),
            connections=farm["connections"], tree_mb=child.tree_mb,
            round_cpu_s=inner.get("round_cpu_s"),
        )

    def run_set(self, urls: list[str], tag: str, rotate: int = 0) -> list[Measure]:
        """Every client, first and second round, from fresh state; the client order is rotated
        by ``rotate`` so that no client always runs first (or last) in a run."""
        rewritten = [self.farm.url_for(u) for u in urls]
        folder = Path(tempfile.mkdtemp(prefix=f"run-{tag}-", dir=self.work))
        urls_file = folder / "urls.txt"
        urls_file.write_text("\n".join(rewritten) + "\n", encoding="utf-8")
        out: list[Measure] = []
        k = rotate % len(self.clients)
        for name in self.clients[k:] + self.clients[:k]:
            out += getattr(self, f"_{name}")(folder, urls_file, rewritten)
        shutil.rmtree(folder, ignore_errors=True)
        return out

    def _baseline(self, mode: str, folder: Path, urls_file: Path) -> list[Measure]:
        state, stats = folder / f"{mode}-state.json", folder / f"{mode}-out.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "_client", mode,
               "--urls", str(urls_file), "--state", str(state), "--out", str(stats),
               "--concurrency", str(self.concurrency), "--per-host", str(self.per_host)]
        return [self.measure(mode, r, cmd, child_env(), stats) for r in ROUNDS]

    def _floor(self, folder: Path, urls_file: Path, urls: list[str]) -> list[Measure]:
        return self._baseline("floor", folder, urls_file)

    def _simple(self, folder: Path, urls_file: Path, urls: list[str]) -> list[Measure]:
        return self._baseline("simple", folder, urls_file)

    def _newsboat(self, folder: Path, urls_file: Path, urls: list[str]) -> list[Measure]:
        home = folder / "newsboat-home"
        home.mkdir()
        config = home / "config"
        config.write_text(f"reload-threads {self.newsboat_threads}\nuse-proxy no\n"
                          "download-timeout 60\n")
        cmd = ["newsboat", "-x", "reload", "-u", str(urls_file), "-c", str(home / "cache.db"),
               "-C", str(config)]
        env = child_env(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                        XDG_DATA_HOME=str(home / ".local"), XDG_CACHE_HOME=str(home / ".cache"))
        return [self.measure("newsboat", r, cmd, env, None) for r in ROUNDS]

    def _notify(self, folder: Path, urls_file: Path, urls: list[str]) -> list[Measure]:
        return self._notify_of("notify", REPO, folder, urls)

    def _against(self, folder: Path, urls_file: Path, urls: list[str]) -> list[Measure]:
        assert self.against is not None
        return self._notify_of("against", self.against, folder, urls)

    def _notify_of(self, name: str, root: Path, folder: Path, urls: list[str]) -> list[Measure]:
        """``notify poll`` of the checkout at ``root`` (its ``notify`` package first on the
        path), twice, then ``notify status`` on what it stored (its CPU: ``status_cpu``)."""
        data, opml = folder / f"{name}-data", folder / "subs.opml"
        stats = folder / f"{name}.json"
        compile_notify(root)
        feedfarm.write_opml(urls, opml)
        if self.notify_via_engine:
            base = [sys.executable, str(Path(__file__).resolve()), "_engine", "--data-dir",
                    str(data)]
            import_cmd, poll_cmd = [*base, "--import-opml", str(opml)], base
        else:
            base = [sys.executable, "-m", "notify", "--data-dir", str(data)]
            import_cmd = [*base, "sources", "import", str(opml)]
            # --all: the second round polls every source although none is due yet.
            poll_cmd = [*base, "poll", "--all"]
            if not self.cli_writes_stats:  # wrap it so the loop-lag figures come out
                poll_cmd = [sys.executable, str(Path(__file__).resolve()), "_cli",
                            "--data-dir", str(data), "poll", "--all"]
        path = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
        imported = run_child(import_cmd, child_env(PYTHONPATH=path), self.log, self.work)
        if imported.exit_code != 0:
            self.notes.append(f"{name}: notify sources import failed (exit "
                              f"{imported.exit_code}); see {self.log}")
            return []
        env = child_env(NOTIFY_BENCH_STATS=str(stats), PYTHONPATH=path)
        measured = [self.measure(name, r, poll_cmd, env, stats) for r in ROUNDS]
        if not self.notify_via_engine:
            status = run_child([*base, "status"], child_env(PYTHONPATH=path), self.log,
                               self.work)
            self.status_cpu.setdefault(name, []).append(status.cpu_s)
        return measured


def compile_notify(root: Path = REPO) -> None:
    """Byte-compile the checkout's ``notify`` package (only files changed since), as installing
    it does: run from a work tree with ``PYTHONDONTWRITEBYTECODE`` set, every edited module
    would be compiled again at each start, ~0.05–0.1 s of CPU that no installed Notify pays.
    The baselines' libraries are installed, so compiled already."""
    compileall.compile_dir(str(root / "notify"), quiet=1)


def notify_cli_writes_stats(work: Path) -> bool:
    """Whether ``notify poll`` writes ``NOTIFY_BENCH_STATS`` itself (probed on an empty data
    folder: a round of nothing)."""
    stats = work / "probe-stats.json"
    subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(work / "probe-data"),
                    "poll", "--all"], capture_output=True, cwd=REPO, check=False,
                   env=child_env(NOTIFY_BENCH_STATS=str(stats)))
    return stats.exists()


def notify_poll_available() -> str | None:
    """None when ``notify poll`` and ``notify sources import`` exist, else why not."""
    for args in (["poll", "--all", "--help"], ["sources", "import", "--help"]):
        done = subprocess.run([sys.executable, "-m", "notify", *args], capture_output=True,
                              text=True, cwd=REPO, env=child_env(), check=False)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return f"`notify {' '.join(args[:-1])}` is not available yet ({last[-160:]})"
    return None


# ---------------------------------------------------------------- figures


def opt_median(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _opt(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def medians(measures: list[Measure]) -> dict[tuple[str, int], Measure]:
    groups: dict[tuple[str, int], list[Measure]] = defaultdict(list)
    for m in measures:
        groups[(m.client, m.round)].append(m)

    def med(values: list[float]) -> float:
        return statistics.median(values)

    out = {}
    for key, ms in groups.items():
        lags = [m.lag_p99_ms for m in ms if m.lag_p99_ms is not None]
        out[key] = Measure(
            client=key[0], round=key[1], wall_s=med([m.wall_s for m in ms]),
            cpu_s=med([m.cpu_s for m in ms]), rss_mb=med([m.rss_mb for m in ms]),
            requests=round(med([m.requests for m in ms])),
            not_modified=round(med([m.not_modified for m in ms])),
            mb_in=med([m.mb_in for m in ms]), lag_p99_ms=med(lags) if lags else None,
            exit_code=max(m.exit_code for m in ms), errors=max(m.errors for m in ms),
            farm_cpu_s=med([m.farm_cpu_s for m in ms]),
            connections=round(med([m.connections for m in ms])),
            tree_mb=med([m.tree_mb for m in ms]),
            round_s=opt_median([m.round_s for m in ms]),
            round_cpu_s=opt_median([m.round_cpu_s for m in ms]),
        )
    return out


def table(rows: dict[tuple[str, int], Measure], clients: Sequence[str]) -> list[str]:
    lines = ["| client | round | wall s | CPU s | in-round s | in-round CPU s | max RSS MB "
             "| tree PSS MB | requests | 304s | conns | MB in | loop lag p99 ms | exit | errors "
             "| farm CPU s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for client in clients:
        for rnd in ROUNDS:
            m = rows.get((client, rnd))
            if m is None:
                continue
            lag = _opt(m.lag_p99_ms, ".1f")
            lines.append(f"| {client} | {rnd} | {m.wall_s:.2f} | {m.cpu_s:.2f} | "
                         f"{_opt(m.round_s, '.2f')} | {_opt(m.round_cpu_s, '.2f')} | "
                         f"{m.rss_mb:.0f} | {m.tree_mb:.0f} | {m.requests} | {m.not_modified} | "
                         f"{m.connections} | {m.mb_in:.1f} | "
                         f"{lag} | {m.exit_code} | {m.errors} | {m.farm_cpu_s:.2f} |")
    return lines


def checks(rows: dict[tuple[str, int], Measure], feeds: int, tag: str) -> list[str]:
    """The issue's targets for Notify, each with its ratio and PASS/FAIL."""
    n1, n2 = rows.get(("notify", 1)), rows.get(("notify", 2))
    floor, boat, simple = rows.get(("floor", 1)), rows.get(("newsboat", 1)), rows.get(("simple", 1))
    out: list[str] = []

    def check(ok: bool, text: str) -> None:
        out.append(f"- {'PASS' if ok else 'FAIL'}: {text}")

    if floor and simple:
        r = simple.wall_s / floor.wall_s
        out.append(f"- simple poller / floor (first round wall): {r:.2f}×"
                   f" (reference {REFERENCE[tag]['simple'] / REFERENCE[tag]['floor']:.2f}×)")
    if floor and boat:
        out.append(f"- newsboat / floor (first round wall): {boat.wall_s / floor.wall_s:.2f}×"
                   f" (reference {REFERENCE[tag]['newsboat'] / REFERENCE[tag]['floor']:.2f}×)")
    if n1 is None or n2 is None:
        out.append("- notify poll: not measured, so no target is checked")
        return out
    if n1.errors or n2.errors:
        out.append(f"- notify reported {n1.errors} / {n2.errors} failed sources (first / second "
                   f"round); see the children's log")
    if n1.exit_code or n2.exit_code:
        out.append(f"- FAIL: notify poll exited with status {n1.exit_code} / {n2.exit_code} "
                   "(first / second round): the figures below are not a working poll")
        if not n1.requests:
            return out
    if floor:
        r = n1.wall_s / floor.wall_s
        check(r <= 1.3, f"notify first round {n1.wall_s:.2f} s = {r:.2f}× the floor "
                        f"({floor.wall_s:.2f} s); target ≤ 1.3×")
    if boat:
        check(n1.wall_s < boat.wall_s, f"notify first round {n1.wall_s:.2f} s vs Newsboat "
                                       f"{boat.wall_s:.2f} s; target faster")
    if simple:
        r = n1.cpu_s / simple.cpu_s
        check(r <= 0.4, f"notify first-round CPU {n1.cpu_s:.2f} s = {r:.2f}× the straightforward "
                        f"poller's ({simple.cpu_s:.2f} s); target ≤ 0.4×")
        if n1.round_cpu_s is not None and simple.round_cpu_s:
            r = n1.round_cpu_s / simple.round_cpu_s
            out.append(f"- (in-round: notify first-round CPU {n1.round_cpu_s:.2f} s = {r:.2f}× "
                       f"the straightforward poller's {simple.round_cpu_s:.2f} s)")
    share = n2.not_modified / feeds
    check(share >= 0.95, f"notify second round: {n2.not_modified}/{feeds} = {share:.0%} answered "
                         f"304; target ≥ 95%")
    r = n2.cpu_s / n1.cpu_s if n1.cpu_s else 0.0
    check(r <= 0.15, f"notify second-round CPU {n2.cpu_s:.2f} s = {r:.0%} of the first; "
                     f"target ≤ 15%")
    if n1.round_cpu_s and n2.round_cpu_s is not None:
        r = n2.round_cpu_s / n1.round_cpu_s
        out.append(f"- (in-round, process start excluded: second-round CPU {n2.round_cpu_s:.2f} s "
                   f"= {r:.0%} of the first's {n1.round_cpu_s:.2f} s)")
    if tag == "670":
        rss = max(n1.rss_mb, n2.rss_mb)
        tree = max(n1.tree_mb, n2.tree_mb)
        check(max(rss, tree) <= 150, f"notify memory at 670 feeds: largest process {rss:.0f} MB "
                                     f"max RSS, whole process tree {tree:.0f} MB PSS at its "
                                     f"peak; target ≤ 150 MB")
    return out


def compared(rows: dict[tuple[str, int], Measure], status_cpu: dict[str, list[float]]
             ) -> list[str]:
    """``notify status`` on each checkout's data after its rounds (CPU, medians), and with
    ``--against`` the two checkouts side by side: each round's CPU and the second round's share
    of the first."""
    out = [f"- `notify status` CPU ({name}): {statistics.median(v):.3f} s (median of {len(v)})"
           for name, v in status_cpu.items() if v]
    for rnd in ROUNDS:
        a, b = rows.get(("notify", rnd)), rows.get(("against", rnd))
        if a is not None and b is not None:
            out.append(f"- round {rnd} CPU: notify {a.cpu_s:.3f} s, against {b.cpu_s:.3f} s "
                       f"({a.cpu_s / b.cpu_s - 1:+.0%}); in-round {_opt(a.round_cpu_s, '.3f')} "
                       f"vs {_opt(b.round_cpu_s, '.3f')} s; wall {a.wall_s:.2f} vs "
                       f"{b.wall_s:.2f} s")
    a1, a2 = rows.get(("against", 1)), rows.get(("against", 2))
    if a1 is not None and a2 is not None and a1.cpu_s:
        out.append(f"- (against: second-round CPU {a2.cpu_s:.2f} s = {a2.cpu_s / a1.cpu_s:.0%} "
                   "of its first)")
    return out


def commit_of(root: Path) -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, cwd=root, check=False).stdout.strip() or "unknown"


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    boat = [] if shutil.which("newsboat") is None else subprocess.run(
        ["newsboat", "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=REPO, check=False).stdout.strip()
    return (f"{os.cpu_count()} × {model}; Python {sys.version.split()[0]}; "
            f"{boat[0] if boat else 'newsboat missing'}; notify at commit {commit}")


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per set; medians (default 3)")
    parser.add_argument("--quick", action="store_true", help="1 run, the 76-feed list only")
    parser.add_argument("--sets", default="76,670", help="subscription sets (default 76,670)")
    parser.add_argument("--clients", default=",".join(CLIENTS),
                        help=f"which clients (default {','.join(CLIENTS)})")
    parser.add_argument("--latency", type=float, default=feedfarm.DEFAULT_LATENCY_S)
    parser.add_argument("--addresses", type=int, default=feedfarm.DEFAULT_ADDRESSES,
                        help="loopback hosts 127.0.0.2… (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--per-host", type=int, default=PER_HOST)
    parser.add_argument("--newsboat-threads", type=int, default=NEWSBOAT_THREADS)
    parser.add_argument("--gzip", action="store_true",
                        help="the farm compresses bodies for clients that accept gzip")
    parser.add_argument("--nice", type=int, default=None, metavar="N",
                        help="run the farm and every client at this nice value (e.g. -10, as "
                        "root) so other work on a shared machine disturbs the figures less")
    parser.add_argument("--against", metavar="DIR",
                        help="also measure `notify poll` of the checkout in DIR (its notify "
                        "package), as the client 'against', right after this checkout's in "
                        "every run: an A/B comparison on the same farm and machine")
    parser.add_argument("--write-docs", metavar="MD", help="also write the figures there")
    parser.add_argument("--json", metavar="FILE", help="also write every measure as JSON")
    sub = parser.add_subparsers(dest="internal")
    child = sub.add_parser("_client", help="(internal) one round of a baseline client")
    child.add_argument("mode", choices=("floor", "simple"))
    for name in ("--urls", "--state", "--out"):
        child.add_argument(name, required=True)
    child.add_argument("--concurrency", type=int, default=CONCURRENCY)
    child.add_argument("--per-host", type=int, default=PER_HOST)
    engine = sub.add_parser("_engine", help="(internal) notify rounds through Engine directly")
    engine.add_argument("--data-dir", required=True)
    engine.add_argument("--import-opml")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_cli"]:  # (internal) `notify ARGV` with the loop-lag hook
        return cli_main(argv[1:])
    args = parse_args(argv)
    if args.internal == "_client":
        return client_main(args)
    if args.internal == "_engine":
        return engine_main(args)
    sets = ["76"] if args.quick else args.sets.split(",")
    runs = 1 if args.quick else args.runs
    clients = tuple(c for c in args.clients.split(",") if c)
    notes: list[str] = []
    against = Path(args.against).resolve() if args.against else None
    if against is not None:
        if not (against / "notify" / "__init__.py").exists():
            print(f"--against {args.against}: no notify package there", file=sys.stderr)
            return 2
        clients = tuple(c for c in clients if c != "against")
        at = clients.index("notify") + 1 if "notify" in clients else len(clients)
        clients = (*clients[:at], "against", *clients[at:])
        notes.append(f"'against' is notify at {against} (commit {commit_of(against)}), "
                     "measured in the same runs as this checkout (the clients' order rotates "
                     "from run to run)")
    if "newsboat" in clients and shutil.which("newsboat") is None:
        clients = tuple(c for c in clients if c != "newsboat")
        notes.append("newsboat is not installed (apt-get install newsboat): not measured")
    via_engine = False
    if "notify" in clients and (why := notify_poll_available()):
        via_engine = True
        notes.append(f"{why}: Notify was measured through Engine directly (bench/poll.py "
                     "_engine: import_opml, then poll of every enabled source), not the CLI")
    if args.nice is not None:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)  # inherited by the farm and the clients
        notes.append(f"run at nice {args.nice} (farm and clients), the machine being shared")
    load_before = os.getloadavg()[0]
    header = (f"latency {args.latency * 1000:.0f} ms, {args.addresses} loopback hosts"
              f"{', gzip' if args.gzip else ', no compression'}; floor and "
              f"simple: {args.concurrency} at once, {args.per_host} per host; newsboat "
              f"reload-threads {args.newsboat_threads}; medians of {runs}")
    print(header, flush=True)
    report = [f"Machine: {machine()}", "", header, ""]
    everything: dict[str, list[Measure]] = {}
    log = Path(tempfile.gettempdir()) / "notify-bench-poll.log"
    log.write_text("")
    with tempfile.TemporaryDirectory(prefix="notify-bench-") as tmp, \
            feedfarm.FarmProcess(addresses=args.addresses, latency_s=args.latency,
                                 gzip=args.gzip) as farm:
        work = Path(tmp)
        bench = Bench(farm, work, args.concurrency, args.per_host, args.newsboat_threads,
                      clients, log, notes, via_engine, against=against)
        if "notify" in clients and not via_engine:
            bench.cli_writes_stats = notify_cli_writes_stats(work)
            if not bench.cli_writes_stats:
                notes.append("`notify poll` does not write NOTIFY_BENCH_STATS: it ran inside "
                             "bench/poll.py's _cli wrapper (notify.cli.main with the loop-lag "
                             "hook around asyncio.run)")
        for tag in sets:
            urls = feedfarm.subscription_set(tag)
            measures: list[Measure] = []
            for run in range(runs):
                started = time.perf_counter()
                measures += bench.run_set(urls, f"{tag}-{run}", rotate=run)
                print(f"  {tag} feeds, run {run + 1}/{runs}: {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
            everything[tag] = measures
            rows = medians(measures)
            block = [f"### {len(urls)} feeds", "", *table(rows, clients), "",
                     *checks(rows, len(urls), tag), *compared(rows, bench.status_cpu), ""]
            bench.status_cpu.clear()
            print("\n".join(block), flush=True)
            report += block
        if any(m.exit_code for ms in everything.values() for m in ms):
            notes.append(f"some child exited non-zero: the children's output is in {log}")
    if "newsboat" in clients:
        notes.append("Newsboat 2.21 stores validators only from its second reload of a fresh "
                     "cache on, so its second round gets no 304s (bench/README.md)")
    load_after = os.getloadavg()[0]
    notes.append(f"machine load (1-min average) {load_before:.1f} at the start, {load_after:.1f} "
                 "at the end: other processes share these cores, so wall times are noisy above "
                 "~0.5")
    for note in notes:
        print(f"note: {note}")
    report += [f"Note: {n}" for n in notes]
    if args.json:
        Path(args.json).write_text(json.dumps(
            {tag: [m.__dict__ for m in ms] for tag, ms in everything.items()}, indent=1))
    if args.write_docs:
        write_docs(Path(args.write_docs), report)
    return 0


def write_docs(path: Path, report: list[str]) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = [
        "# Benchmarks", "",
        "## Poll (`bench/poll.py`)", "",
        f"Last run {stamp}: `.venv/bin/python bench/poll.py --write-docs docs/benchmarks.md`. "
        "Wall time is from spawning the client process to its exit (interpreter start "
        "included), CPU is user + system of that process (`wait4`), max RSS its largest "
        "process' peak (`VmHWM`, sampled); requests, 304s and bytes are counted by the feed "
        "farm. See `bench/README.md`.", "",
        "Targets (from the issue): " + "; ".join(TARGETS) + ".", "",
        *report,
    ]
    kept = ""  # a hand-written "## Findings" section survives a rerun
    if path.exists():
        old = path.read_text(encoding="utf-8")
        at = old.find("\n## Findings")
        kept = old[at:] if at >= 0 else ""
    path.write_text("\n".join(text).rstrip() + "\n" + kept, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
