"""Which round last polled each source, so that a poll asked for while another round runs
is answered by that round, not by a second fetch of the same sources.

Rounds never overlap (the engine's round lock), but a request can be made while one runs, or
while one is about to start: the app's "Poll now" just after a source was added, whose add
woke the schedule. Such a request is *asked* (``RoundLedger.ask``) before it waits for the
lock; once it holds the lock, the sources polled by the rounds that ran meanwhile
(``answered``) are its answer: they were polled while the request was waiting, most of them
after it was made, and fetching them again seconds later would only cost the server a request
and the person a second "Polling…". A round that had ended before the request was made
answers nothing: the person's own "Poll now" of a source polled minutes ago polls it again.

Rounds are counted, not timed: the engine's clock may stand still (tests) or jump (suspend).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from notify.core.events import PollSummary, SourceReport


@dataclass(frozen=True)
class Polled:
    """One source's result in a round: the round's number, its start and end, the report."""

    round: int
    started: float
    finished: float
    report: SourceReport


class RoundLedger:
    """The last result of each source, and the number of the rounds begun (engine's thread)."""

    def __init__(self) -> None:
        self._begun = 0  # rounds begun so far; the current or last one has this number
        self._running = False
        self._last: dict[int, Polled] = {}  # source id -> its latest result

    def ask(self) -> int:
        """A request made now: the first round that answers it (the one running, else the
        next one)."""
        return self._begun if self._running else self._begun + 1

    def begin(self) -> int:
        """A round starts; returns its number."""
        self._begun += 1
        self._running = True
        return self._begun

    def end(self, number: int, started: float, finished: float,
            reports: Iterable[SourceReport]) -> None:
        """Round ``number`` ended (or was cancelled) with ``reports``."""
        self._running = False
        for report in reports:
            self._last[report.source_id] = Polled(number, started, finished, report)

    def forget(self, source_id: int) -> None:
        """A source removed: its results answer no later request."""
        self._last.pop(source_id, None)

    def answered(self, asked: int) -> dict[int, Polled]:
        """The sources polled by round ``asked`` or a later one (``ask``'s number)."""
        return {i: p for i, p in self._last.items() if p.round >= asked}


def answer(own: PollSummary | None, answered: Mapping[int, Polled],
           order: Iterable[int]) -> PollSummary:
    """One summary for a request: the results of the rounds that answered it (``answered``)
    and of the round it ran itself (``own``, None: it needed none), in ``order`` of the source
    ids (those not in it, after); from the earliest start to the latest end."""
    reports = {i: p.report for i, p in answered.items()}
    if own is not None:
        reports.update((r.source_id, r) for r in own.reports)
    ranks = {source_id: n for n, source_id in enumerate(order)}
    ordered = sorted(reports.values(), key=lambda r: ranks.get(r.source_id, len(ranks)))
    starts = [p.started for p in answered.values()]
    ends = [p.finished for p in answered.values()]
    if own is not None:
        starts.append(own.started)
        ends.append(own.finished)
    return PollSummary(min(starts), max(ends), tuple(ordered))
