"""One ``notify poll`` at a time on a data folder, across processes.

Two rounds at once (a cron job's poll still running when the next one starts, or one typed
while it runs) would each find the same sources due, fetch each twice (twice the requests a
server's politeness rules allow) and each report the other's sources as its own. ``holding``
takes an exclusive ``flock`` on ``<data dir>/poll.lock``; a second poll waits for the first to
end, then polls what is still due (usually nothing). The file stays (removing it would let a
third process lock another file of the same name); the lock goes with the process, also when
it is killed. The engine's own round lock (``Engine.poll``) is per process: the app's rounds
do not take this one (docs/cli.md says so).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from notify.core.errors import StoreError
from notify.core.paths import Paths

LOCK_NAME = "poll.lock"


@contextmanager
def holding(paths: Paths, waiting: Callable[[int | None], None]) -> Iterator[None]:
    """Hold the data folder's poll lock for the ``with`` block. When another process holds
    it, ``waiting(its pid, or None when not known)`` is called once, then this waits (Ctrl-C
    interrupts the wait: ``KeyboardInterrupt``). Raises ``StoreError`` when the lock file
    cannot be opened (the data folder's own error, as ``Paths.ensure`` says it)."""
    path = paths.ensure().data_dir / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        raise StoreError(
            f"Cannot open {path} to poll ({(err.strerror or str(err)).lower()}). Check that "
            "the folder is writable, or choose another folder with --data-dir.") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(_holder(fd))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> int | None:
    """The pid the holder wrote into the lock file (None before it wrote it)."""
    text = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return int(text) if text.isdecimal() else None
