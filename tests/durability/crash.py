"""Kill the real ``notify poll`` with SIGKILL at random moments, again and again, and check the
database after every kill.

    report = run_trials(workdir, feeds=60, kills=30, seed=7)

Feeds are served by hostile test servers on four loopback hosts, with latency so that a round
takes a while; before every round about half of the feeds gain new items, so every round writes.
While a round runs, a second process performs a user action (``notify feedback ITEM like`` when
that command exists, and ``notify sources disable/enable ID``); an action whose command exited 0
is *acknowledged* and must survive the kill that follows. After every kill:
``PRAGMA integrity_check`` is ``ok``, no ``(source_id, key)`` is stored twice, and every
acknowledged action is still there. At the end one uninterrupted round must succeed.

Run at scale from the command line (prints the figures docs/reliability.md quotes)::

    .venv/bin/python -m tests.durability.crash --feeds 670 --kills 100
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.hostile_server import HostileServer

REPO = Path(__file__).resolve().parents[2]
HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")


def rss(feed: int, generation: int, per_round: int = 5) -> bytes:
    items = "".join(
        f"<item><title>Feed {feed} story {n}</title><link>http://example.invalid/{feed}/{n}"
        f"</link><guid>urn:crash:{feed}:{n}</guid><description>Story {n} of feed {feed}, "
        f"{'words ' * 40}</description></item>"
        for n in range(generation * per_round + per_round - 1, max(-1, generation * per_round
                                                                   - 3 * per_round), -1)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Crash feed {feed}</title>'
            f"<link>http://example.invalid/{feed}</link>{items}</channel></rss>").encode()


@dataclass
class Report:
    kills: int = 0
    killed_while_running: int = 0
    exited_before_kill: int = 0
    integrity_failures: list[str] = field(default_factory=list)
    duplicates: int = 0
    lost_actions: list[str] = field(default_factory=list)
    acknowledged: int = 0
    feedback_command: bool = False
    items_after: int = 0
    polled_before_kill: int = 0  # kills after which some source had been polled in that run
    round_s: float = 0.0
    total_s: float = 0.0
    final_round_code: int = -1
    errors: list[str] = field(default_factory=list)

    def ok(self) -> bool:
        return (not self.integrity_failures and self.duplicates == 0 and not self.lost_actions
                and self.final_round_code == 0 and not self.errors)

    def summary(self) -> str:
        return (f"{self.kills} kills ({self.killed_while_running} while running, "
                f"{self.exited_before_kill} after it ended; {self.polled_before_kill} after it had "
                f"recorded polls), round {self.round_s:.2f} s; "
                f"integrity failures {len(self.integrity_failures)}, duplicates "
                f"{self.duplicates}, acknowledged actions {self.acknowledged} "
                f"(feedback command: {'yes' if self.feedback_command else 'no'}), lost "
                f"{len(self.lost_actions)}; {self.items_after} items; final round exit "
                f"{self.final_round_code}; {self.total_s:.0f} s in all")


class Trials:
    def __init__(self, workdir: Path, feeds: int, seed: int, latency_s: float) -> None:
        self.data = workdir / "data"
        self.rng = random.Random(seed)
        self.feeds = feeds
        self.latency_s = latency_s
        self.generation = [0] * feeds
        self.env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        self.env.update({"NO_PROXY": "*", "PYTHONPATH": str(REPO), "HOME": str(workdir)})
        self.servers: list[HostileServer] = []

    def cli(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "notify", *argv, "--data-dir", str(self.data)],
            capture_output=True, text=True, timeout=timeout, env=self.env,
        )

    def popen(self, *argv: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "notify", *argv, "--data-dir", str(self.data)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
            env={**self.env, **(env or {})},
        )

    def path(self, feed: int) -> str:
        return f"/crash/{feed}.xml"

    def server(self, feed: int) -> HostileServer:
        return self.servers[feed % len(self.servers)]

    def publish(self, feed: int) -> None:
        self.server(feed).route(self.path(feed), rss(feed, self.generation[feed]),
                                etag=f'"g{self.generation[feed]}"')

    def advance(self, share: float = 0.5) -> None:
        for feed in range(self.feeds):
            if self.rng.random() < share:
                self.generation[feed] += 1
                self.publish(feed)

    def subscribe(self) -> None:
        opml = self.data.parent / "crash.opml"
        lines = ['<?xml version="1.0"?><opml version="2.0"><head><title>c</title></head><body>']
        for feed in range(self.feeds):
            self.publish(feed)
            lines.append(f'<outline type="rss" text="Crash feed {feed}" '
                         f'xmlUrl="{self.server(feed).url(self.path(feed))}"/>')
        lines.append("</body></opml>")
        opml.write_text("\n".join(lines))
        done = self.cli("sources", "import", str(opml))
        if done.returncode != 0:
            raise RuntimeError(f"import failed: {done.stderr}")


def _calibrate(trials: Trials, db: Path, argv: tuple[str, ...], env: dict[str, str],
               limit_s: float = 120.0) -> tuple[float, float]:
    """Seconds from starting ``notify ARGV`` until its round has recorded its first source,
    and every source (an uninterrupted run)."""
    trials.advance()
    _make_all_due(db)
    before = _last_attempt(db)
    started = time.monotonic()
    app = trials.popen(*argv, env=env)
    first = 0.0
    try:
        while time.monotonic() - started < limit_s:
            conn = sqlite3.connect(db, timeout=30)
            try:
                done = conn.execute("SELECT COUNT(*) FROM source_state WHERE last_attempt > ?",
                                    (before,)).fetchone()[0]
            finally:
                conn.close()
            if done and not first:
                first = time.monotonic() - started
            if done >= trials.feeds or app.poll() is not None:
                break
            time.sleep(0.05)
        return first, time.monotonic() - started
    finally:
        app.kill()
        app.wait(30)


def _make_all_due(db: Path) -> None:
    conn = sqlite3.connect(db, timeout=30)
    try:
        with conn:
            conn.execute("UPDATE source_state SET next_attempt = 0")
    finally:
        conn.close()


def _last_attempt(db: Path) -> float:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return float(conn.execute("SELECT MAX(last_attempt) FROM source_state")
                     .fetchone()[0] or 0)
    finally:
        conn.close()


def check_db(db: Path) -> tuple[str, int, int]:
    """(integrity_check result, duplicated (source_id, key) pairs, items)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        dups = conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM items GROUP BY source_id, key "
            "HAVING COUNT(*) > 1)").fetchone()[0]
        items = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        return integrity, int(dups), int(items)
    finally:
        conn.close()


def _query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return list(conn.execute(sql, args))
    finally:
        conn.close()


def run_trials(workdir: Path, *, feeds: int = 60, kills: int = 30, seed: int = 7,
               latency_s: float = 0.05, target: str = "cli") -> Report:
    """``target``: ``"cli"`` kills ``notify poll --all``; ``"app"`` kills the desktop app
    (``notify app``, offscreen), which polls every due source when it starts: before each start
    every source is made due again (as if the interval had passed)."""
    report = Report()
    start = time.monotonic()
    trials = Trials(workdir, feeds, seed, latency_s)
    with ExitStack() as stack:
        trials.servers = [stack.enter_context(HostileServer(host=h, latency_s=latency_s))
                          for h in HOSTS]
        trials.subscribe()
        db = trials.data / "notify.sqlite3"
        help_text = trials.cli("--help").stdout
        report.feedback_command = " feedback " in help_text
        argv, env = ((("app",), {"QT_QPA_PLATFORM": "offscreen"}) if target == "app"
                     else (("poll", "--all"), {}))
        # one uninterrupted round: when it records its first source and when it is done
        first_s, report.round_s = _calibrate(trials, db, argv, env)
        enabled: dict[int, bool] = {}  # acknowledged source states
        liked: set[int] = set()  # acknowledged feedback
        source_ids = [int(r[0]) for r in _query(db, "SELECT id FROM sources")]
        for n in range(kills):
            trials.advance()
            before = _last_attempt(db)
            _make_all_due(db)  # time passes: every source is due again (the app polls due ones)
            poll = trials.popen(*argv, env=env)
            # a quarter of the kills during start-up; the others after the process recorded its
            # first poll of this run, at a random moment of the round (start-up time varies a
            # lot on a loaded machine, so the kill waits for the round to begin)
            during_start = trials.rng.random() < 0.25
            moment = trials.rng.uniform(0.0, first_s if during_start
                                        else max(report.round_s - first_s, 0.1) * 1.2)
            wait_for = None if during_start else before
            outcome: list[bool] = []  # True: the round was still running when killed

            def kill(proc: subprocess.Popen[str] = poll, seen: list[bool] = outcome,
                     after: float | None = wait_for, delay: float = moment) -> None:
                if after is not None:
                    limit = time.monotonic() + 60
                    while _last_attempt(db) <= after and time.monotonic() < limit \
                            and proc.poll() is None:
                        time.sleep(0.02)
                time.sleep(delay)
                seen.append(proc.poll() is None)
                with suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)

            timer = threading.Thread(target=kill, name="killer")
            timer.start()
            # a user action while the round runs; acknowledged when its command exits 0
            sid = trials.rng.choice(source_ids)
            want = not enabled.get(sid, True)
            act = trials.cli("sources", "enable" if want else "disable", str(sid))
            if act.returncode == 0:
                enabled[sid] = want
                report.acknowledged += 1
            elif "locked" not in act.stderr:
                report.errors.append(f"kill {n}: sources enable/disable: {act.stderr[-300:]}")
            if report.feedback_command:
                rows = _query(db, "SELECT id FROM items ORDER BY random() LIMIT 1")
                if rows:
                    item = int(rows[0][0])  # type: ignore[call-overload]
                    fb = trials.cli("feedback", str(item), "like")
                    if fb.returncode == 0:
                        liked.add(item)
                        report.acknowledged += 1
            timer.join()
            poll.wait(30)
            if outcome and outcome[0]:
                report.killed_while_running += 1
            else:
                report.exited_before_kill += 1
            report.kills += 1
            if _last_attempt(db) > before:
                report.polled_before_kill += 1
            integrity, dups, items = check_db(db)
            if integrity != "ok":
                report.integrity_failures.append(f"kill {n}: {integrity}")
            report.duplicates += dups
            report.items_after = items
            state = dict(_query(db, "SELECT id, enabled FROM sources"))
            for sid, want in enabled.items():
                if bool(state.get(sid)) != want:
                    report.lost_actions.append(f"kill {n}: source {sid} enabled={want} lost")
            if liked:
                have = {int(r[0]) for r in _query(  # type: ignore[call-overload]
                    db, "SELECT item_id FROM feedback WHERE label = 'like'")}
                report.lost_actions += [f"kill {n}: like of item {i} lost" for i in liked - have]
        trials.advance()
        final = trials.cli("poll", "--all")
        report.final_round_code = final.returncode
        if final.returncode != 0:
            report.errors.append(f"final round: {final.stderr[-800:]}")
        integrity, dups, report.items_after = check_db(db)
        if integrity != "ok":
            report.integrity_failures.append(f"after the final round: {integrity}")
        report.duplicates += dups
    report.total_s = time.monotonic() - start
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=670)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--target", choices=("cli", "app"), default="cli")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="notify-crash-") as tmp:
        workdir = args.workdir or Path(tmp)
        report = run_trials(workdir, feeds=args.feeds, kills=args.kills, seed=args.seed,
                            latency_s=args.latency, target=args.target)
    print(report.summary())
    for line in [*report.integrity_failures, *report.lost_actions, *report.errors][:20]:
        print("  " + line)
    return 0 if report.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
