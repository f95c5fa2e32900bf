"""What the GUI thread hands a worker thread, kept on the GUI thread under a ticket.

A job handed to a worker (the engine's thread, the inbox's reader) carries callables that keep
their window: a callback's ``self``, ``Op``'s parent, a lambda's closure. Whichever thread lets
go of the last reference to such a window frees it, and a Qt object freed off the GUI thread is
deleted there: its timers stop from the wrong thread ("QBasicTimer::stop: Failed"), then a
segfault. A worker that keeps the job in a local name, or in a traceback, after it posted the
answer can be descheduled right there (a loaded machine) and be the last holder once the GUI
thread has delivered the answer and the window has closed.

So the job never leaves the GUI thread: ``keep`` files it under a ticket, the worker gets only
the ticket, reads the job through ``job(ticket)`` without keeping a name for it, hands its value
or error over with ``answer`` (then drops its own names for them) and posts the ticket back; the
GUI thread ``take``s job and outcome together and is the one that lets go of both.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """What a job came to: its value, or the error it raised (with its traceback)."""

    value: Any = None
    error: BaseException | None = None


class Tickets(Generic[T]):
    """Jobs by ticket. ``keep``, ``take`` and ``forget_unanswered`` on the GUI thread only;
    ``job`` and ``answer`` on the worker."""

    def __init__(self) -> None:
        self._next = itertools.count(1)
        self._jobs: dict[int, T] = {}  # added and removed by the GUI thread only
        self._outcomes: dict[int, Outcome] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Jobs kept: handed to the worker and not yet taken back."""
        return len(self._jobs)

    def keep(self, job: T) -> int:
        """The GUI thread keeps ``job``; the worker gets the ticket returned."""
        ticket = next(self._next)
        self._jobs[ticket] = job
        return ticket

    def job(self, ticket: int) -> T:
        """For the worker: use what this returns in one expression, keep no name for it (the
        GUI thread keeps the job until it takes the answer)."""
        return self._jobs[ticket]

    def answer(self, ticket: int, value: Any = None, error: BaseException | None = None) -> None:
        """For the worker, before it posts the ticket back: the job's outcome, handed over.
        The worker then drops its own names for ``value`` and ``error``."""
        with self._lock:
            self._outcomes[ticket] = Outcome(value, error)

    def take(self, ticket: int) -> tuple[T, Outcome]:
        """On the GUI thread, once the ticket came back: the job and its outcome, let go of
        here."""
        with self._lock:
            outcome = self._outcomes.pop(ticket)
        return self._jobs.pop(ticket), outcome

    def forget_unanswered(self) -> None:
        """On the GUI thread, once the worker has ended: the jobs it never answered (cancelled
        while quitting) are let go of here; those answered still wait for their ticket."""
        with self._lock:
            for ticket in set(self._jobs) - set(self._outcomes):
                del self._jobs[ticket]
