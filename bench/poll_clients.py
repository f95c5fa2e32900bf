"""The clients ``bench/poll.py`` runs as children besides ``notify poll``: the download floor and
the straightforward poller (``_client``), and Notify through ``Engine`` or through its CLI with
the loop-lag hook (``_engine``, ``_cli``). Part of ``bench/poll.py`` (which re-exports it)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


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
