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

Its parts: ``poll_child.py`` (running and measuring a child), ``poll_clients.py`` (the baseline
clients and the ``_engine``/``_cli`` wrappers), ``poll_report.py`` (medians, table, targets,
the docs page); this file runs them (``Bench``) and re-exports their names.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # the sibling modules: on sys.path when this file runs as a script
    import feedfarm
    import poll_child
    import poll_clients
    import poll_report
except ModuleNotFoundError:  # imported from elsewhere (tests): do not leave bench/ on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import feedfarm
        import poll_child
        import poll_clients
        import poll_report
    finally:
        sys.path.pop(0)
from poll_child import Child, child_env, run_child, tree_hwm_mb, tree_pss_mb
from poll_clients import cli_main, client_main, client_round, engine_main
from poll_report import (
    REFERENCE,
    ROUNDS,
    TARGETS,
    Measure,
    checks,
    commit_of,
    compared,
    machine,
    medians,
    opt_median,
    table,
    write_docs,
)

__all__ = [
    "CLIENTS", "CONCURRENCY", "NEWSBOAT_THREADS", "PER_HOST", "REFERENCE", "REPO", "ROUNDS",
    "TARGETS", "Bench", "Child", "Measure", "checks", "child_env", "cli_main", "client_main",
    "client_round", "commit_of", "compared", "compile_notify", "engine_main", "feedfarm",
    "machine", "main", "medians", "notify_cli_writes_stats", "notify_poll_available",
    "opt_median", "parse_args", "poll_child", "poll_clients", "poll_report", "run_child",
    "table", "tree_hwm_mb", "tree_pss_mb", "write_docs",
]

REPO = Path(__file__).resolve().parents[1]
CLIENTS = ("floor", "newsboat", "simple", "notify")
NEWSBOAT_THREADS = 10
# From notify.core.settings: fetch.global_limit and fetch.per_host_limit defaults.
CONCURRENCY, PER_HOST = 32, 2


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


if __name__ == "__main__":
    sys.exit(main())
