"""Runs the real ``notify`` CLI in a child process inside a throwaway home, with the socket audit
on, and searches everything it left behind for canary secrets.

    home = Home(tmp_path)                      # HOME, XDG_*, data folder: all under tmp_path
    run = home.cli("sources", "add", url)      # a Run: code, out, err (all kept in home.runs)
    home.search(canaries)                      # every hit outside the allowed database cells
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AUDIT_DIR = REPO / "tests" / "support" / "netaudit"
DB_SUFFIXES = (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal")


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def text(self) -> str:
        return f"$ notify {' '.join(self.argv)}\n{self.out}\n{self.err}"


@dataclass(frozen=True)
class Hit:
    where: str
    canary: str


@dataclass
class Home:
    """A private HOME with XDG folders and a data folder, for one test."""

    root: Path
    runs: list[Run] = field(default_factory=list)
    strace: bool = False  # also record connect/sendto at the system-call level (C sockets too)

    def __post_init__(self) -> None:
        for sub in ("home", "config", "cache", "state", "share", "runtime", "data"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "runtime").chmod(0o700)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def audit_log(self) -> Path:
        return self.root / "net.jsonl"

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items()
            if k.startswith(("LANG", "LC_", "PATH", "DBUS_", "DISPLAY", "XAUTHORITY", "QT_"))
            or k in ("TMPDIR", "NOTIFY_SESSION_KEYRING")
        }
        keep_xdg = os.environ.get("NOTIFY_SESSION_KEYRING") == "1"
        env.update({
            "HOME": str(self.root / "home"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "XDG_STATE_HOME": str(self.root / "state"),
            "NO_PROXY": "*",
            "PYTHONPATH": str(AUDIT_DIR) + os.pathsep + str(REPO),
            "NOTIFY_NET_AUDIT": str(self.audit_log),
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        if not keep_xdg:  # the session keyring lives in the session's XDG folders
            env["XDG_DATA_HOME"] = str(self.root / "share")
            env["XDG_RUNTIME_DIR"] = str(self.root / "runtime")
        else:
            for name in ("XDG_DATA_HOME", "XDG_RUNTIME_DIR"):
                if name in os.environ:
                    env[name] = os.environ[name]
        env.update(extra or {})
        return env

    def cli(self, *argv: str, stdin: str | None = None, timeout: float = 60,
            env: Mapping[str, str] | None = None) -> Run:
        """``python -m notify ARGV --data-dir DATA -vv`` (debug logging: the worst case)."""
        full = (*argv, "--data-dir", str(self.data), "-vv")
        proc = subprocess.run(
            self.wrap([sys.executable, "-m", "notify", *full]), input=stdin, capture_output=True,
            text=True, timeout=timeout, env=self.env(env), cwd=self.root,
        )
        run = Run(tuple(argv), proc.returncode, proc.stdout, proc.stderr)
        self.runs.append(run)
        return run

    def wrap(self, argv: list[str]) -> list[str]:
        """``argv`` under ``strace -f`` (one trace file per process) when ``strace`` is on."""
        if not self.strace:
            return argv
        (self.root / "strace").mkdir(exist_ok=True)
        return ["strace", "-f", "-qq", "-ff", "-e", "trace=connect,sendto,sendmsg",
                "-o", str(self.root / "strace" / f"run{len(self.runs)}-{os.urandom(3).hex()}"),
                *argv]

    def syscall_connections(self) -> list[tuple[str, str]]:
        """(family, address) of every connect() the traced processes made, from strace."""
        found: list[tuple[str, str]] = []
        folder = self.root / "strace"
        for trace in sorted(folder.glob("*")) if folder.is_dir() else []:
            for line in trace.read_text(errors="replace").splitlines():
                if "connect(" not in line:
                    continue
                m = _INET_RE.search(line)
                if m:
                    found.append(("inet", m.group(1) or m.group(2)))
                    continue
                m = _UNIX_RE.search(line)
                if m:
                    found.append(("unix", m.group(1)))
                elif "AF_UNSPEC" not in line:
                    found.append(("other", line.strip()))
        return found

    def connections(self) -> list[dict[str, object]]:
        if not self.audit_log.exists():
            return []
        return [json.loads(line) for line in self.audit_log.read_text().splitlines()]

    def search(
        self, canaries: Iterable[str], *, allowed_cells: Iterable[tuple[str, str]] = (),
        extra_files: Iterable[Path] = (),
    ) -> list[Hit]:
        """Every place a canary appears: captured output, every file under the throwaway home
        (bytes), and every database cell except ``allowed_cells`` ((table, column) pairs)."""
        canaries = [c for c in canaries if c]
        allowed = set(allowed_cells)
        hits: list[Hit] = []
        for run in self.runs:
            for canary in canaries:
                if canary in run.out or canary in run.err:
                    hits.append(Hit(f"output of notify {' '.join(run.argv)}", canary))
        files = [p for p in self.root.rglob("*") if p.is_file()]
        for path in [*files, *extra_files]:
            if path == self.audit_log or path.parent == self.root / "strace":
                continue
            if path.name.endswith(DB_SUFFIXES) and allowed:
                continue  # checked cell by cell below (the subscription URL must be kept)
            data = path.read_bytes()
            for canary in canaries:
                if canary.encode() in data:
                    hits.append(Hit(str(path), canary))
        if allowed:
            for db in self.root.rglob("*.sqlite3"):
                hits.extend(_db_hits(db, canaries, allowed))
        return hits


_INET_RE = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')
_UNIX_RE = re.compile(r'sun_path=@?"([^"]*)"')


def _db_hits(db: Path, canaries: list[str], allowed: set[tuple[str, str]]) -> list[Hit]:
    hits: list[Hit] = []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cur.description]
            for row in cur:
                for column, value in zip(columns, row, strict=True):
                    if (table, column) in allowed or value is None:
                        continue
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) \
                        else str(value)
                    hits.extend(Hit(f"{db.name}: {table}.{column}", c)
                                for c in canaries if c in text)
    finally:
        conn.close()
    return hits


def loopback_only(events: list[dict[str, object]]) -> list[dict[str, object]]:
    """Audit events whose target is not loopback or a Unix socket path."""
    bad = []
    for event in events:
        target = event["target"]
        if isinstance(target, list) and target:
            host = str(target[0])
            if host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/"):
                continue
            bad.append(event)
        elif isinstance(target, str):
            if target.startswith(("127.", "/", "\0")) or target in ("localhost", "::1", ""):
                continue
            bad.append(event)
    return bad
