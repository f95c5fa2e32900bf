"""Jobs kept on the GUI thread by ticket (``notify/app/tickets.py``): what the worker answered
comes back with its job; what it never answered is let go once it ended."""

from __future__ import annotations

import pytest

from notify.app.tickets import Outcome, Tickets


def test_a_job_comes_back_with_its_outcome_and_is_no_longer_kept() -> None:
    tickets: Tickets[str] = Tickets()
    first, second = tickets.keep("first"), tickets.keep("second")
    assert first != second and tickets.job(second) == "second"
    error = RuntimeError("refused")
    tickets.answer(second, error=error)
    tickets.answer(first, 42)
    assert tickets.take(first) == ("first", Outcome(42))
    assert tickets.take(second) == ("second", Outcome(None, error))
    assert len(tickets) == 0
    with pytest.raises(KeyError):
        tickets.job(first)


def test_once_the_worker_ended_only_the_unanswered_jobs_are_let_go() -> None:
    """Quitting: an operation cancelled never answers; one that ended still has its ticket on
    its way to the GUI thread, and its job must be there when it arrives."""
    tickets: Tickets[str] = Tickets()
    answered, cancelled = tickets.keep("answered"), tickets.keep("cancelled")
    tickets.answer(answered, "done")
    tickets.forget_unanswered()
    assert len(tickets) == 1
    with pytest.raises(KeyError):
        tickets.job(cancelled)
    assert tickets.take(answered) == ("answered", Outcome("done"))
