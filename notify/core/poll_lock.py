"""One poll round at a time on a data folder, across processes: ``notify poll`` and the app's.

Two rounds at once (a cron job's poll still running when the next one starts, one typed while
it runs, or the app's scheduled round while a ``notify poll`` runs) would each find the same
sources due, fetch each twice (twice the requests a server's politeness rules allow) and each
report the other's sources as its own. The lock is an exclusive ``flock`` on
``<data dir>/poll.lock``; the holder writes its pid into it. The file stays (removing it would
let a third process lock another file of the same name); the lock goes with the process, also
when it is killed.

Two ways to take it:

- ``holding`` (``notify poll``): when another process holds it, says so (``waiting``) and waits
  for it to end, then the command polls what is still due (usually nothing);
- ``trying`` (every engine round, ``EngineRounds``): never waits, so that the app's event loop
  and GUI thread never wait on a ``notify poll`` that hangs; when another process holds it, the
  round is put off (``Busy``), and polls what is still due when it runs again.

Within one process the lock is taken again freely (``notify poll`` holds it while its engine's
round tries it): ``flock`` would refuse a second open file of the same process.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from notify.core.errors import StoreError
from notify.core.paths import Paths

log = logging.getLogger(__name__)

LOCK_NAME = "poll.lock"
WAIT_STEP_S = 0.2  # how often a waiting ``holding`` asks for the lock again (``_wait_for``)

_guard = threading.Lock()
_held: dict[Path, int] = {}  # the lock files this process holds: how many holds of each


# What the holder writes after its pid: who polls (older holders wrote the pid alone)
COMMAND = "command"  # ``holding``: a ``notify poll``
APP = "app"  # ``trying``: an engine's round that took the lock itself (the desktop app's)


@dataclass(frozen=True)
class Busy:
    """Another process polls the data folder: its pid (None when it has not written it yet),
    and who it is (``COMMAND``, ``APP``; None when it did not say)."""

    pid: int | None
    who: str | None = None

    @property
    def words(self) -> str:
        """"another 'notify poll' (process 4242)", "Notify's desktop app (process 4242)",
        "another Notify (process 4242)" (who did not say), without the process when not
        known."""
        process = f" (process {self.pid})" if self.pid else ""
        if self.who == COMMAND:
            return f"another 'notify poll'{process}"
        if self.who == APP:
            return f"Notify's desktop app{process}"
        return f"another Notify{process}"


@contextmanager
def holding(paths: Paths, waiting: Callable[[Busy], None]) -> Iterator[None]:
    """Hold the data folder's poll lock for the ``with`` block. When another process holds
    it, ``waiting(Busy: its pid and who it is, as far as known)`` is called once, then this
    waits (Ctrl-C interrupts the wait: ``KeyboardInterrupt``). Raises ``StoreError`` when the
    lock file cannot be opened (the data folder's own error, as ``Paths.ensure`` says it)."""
    with _taking(paths, waiting):
        yield


@contextmanager
def trying(paths: Paths) -> Iterator[Busy | None]:
    """Hold the data folder's poll lock for the ``with`` block if no other process holds it
    (yields None), never waiting: when another does, yields ``Busy`` (its pid) and holds
    nothing. Raises ``StoreError`` when the lock file cannot be opened."""
    with _taking(paths, None) as busy:
        yield busy


@contextmanager
def _taking(paths: Paths, waiting: Callable[[Busy], None] | None,
            ) -> Iterator[Busy | None]:
    """The lock for the block; when another process holds it: wait for it after telling
    ``waiting``, or, without ``waiting``, yield ``Busy`` holding nothing."""
    path = paths.ensure().data_dir / LOCK_NAME
    if _again(path):
        try:
            yield None
        finally:
            _release(path)
        return
    fd = _open(path)
    try:
        busy = None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = _holder(fd)
        if busy is not None:
            if waiting is None:
                yield busy
                return
            waiting(busy)
            _wait_for(fd)
        with _mine(path, fd, APP if waiting is None else COMMAND):
            yield None
    finally:
        os.close(fd)  # releases the lock


def _wait_for(fd: int) -> None:
    """Take the lock on ``fd`` once its holder lets it go, asking again every ``WAIT_STEP_S``.
    Not one blocking ``flock``: Python runs a signal's handler (Ctrl-C's ``KeyboardInterrupt``)
    only between its own steps, and a blocking system call is cut short only by a signal that
    comes to this thread while it is inside that call. A Ctrl-C that came a moment before the
    call, or to another thread of the process, left ``flock`` waiting for ever (and the
    command with it) until the other poll ended; a sleep ends by itself."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            time.sleep(WAIT_STEP_S)


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        raise StoreError(
            f"Cannot open {path} to poll ({(err.strerror or str(err)).lower()}). Check that "
            "the folder is writable, or choose another folder with --data-dir.") from err


def _again(path: Path) -> bool:
    """Take the lock once more if this process holds it already."""
    with _guard:
        if path not in _held:
            return False
        _held[path] += 1
        return True


def _release(path: Path) -> None:
    with _guard:
        _held[path] -= 1
        if not _held[path]:
            del _held[path]


@contextmanager
def _mine(path: Path, fd: int, who: str) -> Iterator[None]:
    """The lock just taken on ``fd``: the pid and ``who`` written for the next one, and known
    to this process as held for the block."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {who}\n".encode(), 0)
    except OSError as err:  # a full disk: the lock holds all the same, without the pid (a
        # waiting poll says "another 'notify poll'" without its number); the round's writes
        # then say what is wrong with the disk, in words, instead of this traceback
        log.info("the poll lock %s holds, but its pid could not be written: %s", path, err)
    with _guard:
        _held[path] = 1
    try:
        yield
    finally:
        with _guard:
            _held.pop(path, None)


def _holder(fd: int) -> Busy:
    """Who holds the lock, as it wrote it into the lock file: ``PID WHO`` (``PID`` alone from
    an older Notify; nothing before it wrote it)."""
    pid, _, who = os.pread(fd, 64, 0).decode(errors="replace").strip().partition(" ")
    return Busy(int(pid) if pid.isdecimal() else None, who if who in (COMMAND, APP) else None)
