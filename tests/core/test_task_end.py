"""Ending tasks (``notify.core.task_end``): a stop that waits for a round keeps its own
cancellation, and a loop closed by hand ends its tasks instead of leaving them to asyncio's
"Task was destroyed but it is pending!"."""

from __future__ import annotations

import asyncio
import gc
import logging
import time

import pytest

from notify.core import scheduling
from notify.core.task_end import cancel_and_wait, end_tasks


class Deaf:
    """A coroutine that ignores every cancellation until ``release()`` (a bug, a library that
    retries), then ends at its next one."""

    def __init__(self) -> None:
        self.started = False
        self.released = False

    async def run(self) -> None:
        self.started = True
        while True:
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                if self.released:
                    raise

    def release(self, task: asyncio.Task[None]) -> None:
        self.released = True
        task.cancel()


def test_a_stop_given_up_by_its_caller_says_so_instead_of_returning() -> None:
    """Regression: ``RoundSchedule.stop`` awaited the round inside ``suppress(CancelledError)``,
    which also swallowed the cancellation of stop() itself: a caller that gave up waiting (the
    app's quitting, ``wait_for``) saw stop() return as if it had ended in time."""
    started = asyncio.Event()

    async def slow_to_unwind() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            await asyncio.sleep(5)  # its clean-up outlasts the caller's patience
            raise

    async def main() -> None:
        schedule = scheduling.RoundSchedule(slow_to_unwind, lambda: time.time(),
                                            clock=time.time)
        schedule.start()
        await asyncio.wait_for(started.wait(), 10)
        with pytest.raises(TimeoutError):  # before: wait_for returned stop()'s None
            await asyncio.wait_for(schedule.stop(), 0.2)

    asyncio.run(main())


def test_cancel_and_wait_ends_quietly_when_only_the_task_was_cancelled() -> None:
    async def main() -> bool:
        task = asyncio.ensure_future(asyncio.sleep(30))
        await asyncio.sleep(0)
        await cancel_and_wait(task)
        return task.cancelled()

    assert asyncio.run(main())


def test_a_loop_closed_by_hand_ends_its_tasks_and_names_the_one_that_ignored_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The app's engine thread closes its loop itself: a task still pending there was destroyed
    with asyncio's "Task was destroyed but it is pending!" (ERROR, no context). ``end_tasks``
    cancels and awaits each; one ignoring its cancellation is said in words, by its coroutine,
    and asyncio says nothing more when it is destroyed."""
    deaf = Deaf()
    loop = asyncio.new_event_loop()
    try:
        polite = loop.create_task(asyncio.sleep(30), name="polite")
        stuck = loop.create_task(deaf.run(), name="stuck")
        loop.run_until_complete(asyncio.sleep(0.01))
        with caplog.at_level(logging.WARNING):
            left = end_tasks(loop, 0.2)
        assert left == [stuck]
        assert polite.cancelled()
        said = [r.getMessage() for r in caplog.records if r.name == "notify.core.task_end"]
        assert len(said) == 1 and "ignored its cancellation" in said[0]
        assert "stuck (Deaf.run at " in said[0] and "test_task_end.py" in said[0]
    finally:
        loop.close()
    del polite, stuck, left
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        gc.collect()
    assert not [r for r in caplog.records if "destroyed" in r.getMessage()]


def test_end_tasks_on_an_idle_loop_does_nothing() -> None:
    loop = asyncio.new_event_loop()
    try:
        assert end_tasks(loop, 1.0) == []
    finally:
        loop.close()
