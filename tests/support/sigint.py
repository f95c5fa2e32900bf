"""Ctrl-C in tests, whatever started them. A test run started in the background by a shell
without job control (``make test &``, some CI runners) ignores SIGINT, and its children inherit
that: a Ctrl-C sent to a ``notify poll`` it started, or raised in the test's own process, was
then never seen (the test waited and failed, or the command ran to its end and exited 0)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


def default_sigint() -> None:
    """For ``subprocess.Popen(preexec_fn=…)``: Ctrl-C's default action in the child."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def sigint_raises() -> Iterator[None]:
    """In this process, for the block: SIGINT raises ``KeyboardInterrupt``, as in a terminal."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
