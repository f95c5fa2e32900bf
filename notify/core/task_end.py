"""Ending asyncio tasks: cancelling one and waiting for it without losing the waiter's own
cancellation, and ending every task still pending on a loop that is about to close.

``cancel_and_wait(task)`` is what ``RoundSchedule.stop`` and ``LagMonitor.stop`` do. The
usual ``with suppress(CancelledError): await task`` also swallows a cancellation of the *waiting*
task (quitting gave up on a stop that waited for a round ignoring its cancellation): the stop
then went on as if the round had ended, and its caller never learnt that it was cancelled.

``end_tasks(loop, timeout_s)`` is for a loop its owner runs and closes itself (the app's engine
thread): ``asyncio.run`` cancels and awaits every task left when its main coroutine ends, a
loop closed by hand does not, and each task still pending is then destroyed with asyncio's
"Task was destroyed but it is pending!" at ERROR level, which says neither which operation it
was nor why. Here each is cancelled and awaited (at most ``timeout_s``); one that ignores its
cancellation (a bug, a library that retries) is said in the log by its coroutine and where
it waits, and asyncio's own message, which would come when it is destroyed, is turned off.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)

async def cancel_and_wait(task: asyncio.Future[Any]) -> None:
    """Cancel ``task`` and wait until it has ended. Its own cancellation (or result, or error:
    whoever runs it reports those) ends the wait quietly; a cancellation of the task calling
    this propagates, as any ``await`` would."""
    if task.done():
        return
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # the waiter itself was cancelled: not the task's end
    except Exception:  # ``task``'s own failure: whoever runs it reports it
        log.debug("a task ended with an error while it was cancelled", exc_info=True)


def describe(task: asyncio.Task[Any]) -> str:
    """A task in words for the log: its name, its coroutine and the innermost coroutine (not
    asyncio's own) it waits in, where a cancellation was likely ignored, with their places."""
    coro: Any = task.get_coro()
    outer = _place(coro)
    inner = step = coro
    while getattr(getattr(step, "cr_await", None), "cr_frame", None) is not None:
        step = step.cr_await
        if asyncio.__path__[0] not in step.cr_frame.f_code.co_filename:
            inner = step  # asyncio's own coroutines (sleep, TaskGroup) say nothing
    if inner is coro:
        return f"{task.get_name()} ({outer})"
    return f"{task.get_name()} ({outer}, waiting in {_place(inner)})"


def _place(coro: Any) -> str:
    name = getattr(coro, "__qualname__", None) or repr(coro)
    frame = getattr(coro, "cr_frame", None)
    return f"{name} at {frame.f_code.co_filename}:{frame.f_lineno}" if frame else name


def end_tasks(loop: asyncio.AbstractEventLoop, timeout_s: float) -> list[asyncio.Task[Any]]:
    """Cancel every task still pending on ``loop`` (stopped, not closed) and run it until they
    have ended or ``timeout_s`` passed. Returns the tasks that ignored their cancellation, each
    logged at WARNING in words instead of asyncio's ERROR when it is destroyed."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    if not pending:
        return []
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.wait(pending, timeout=timeout_s))
    for task in pending:
        if task.done() and not task.cancelled() and task.exception() is not None:
            log.warning("a task ended with an error while the loop closed: %s: %s",
                        describe(task), task.exception())
    deaf = [task for task in pending if not task.done()]
    for task in deaf:
        log.warning("a task ignored its cancellation for %.1f s when its loop closed, and is "
                    "left unfinished: %s", timeout_s, describe(task))
        # asyncio's own flag (CPython's Task, C and Python alike; not in typeshed)
        task._log_destroy_pending = False  # type: ignore[attr-defined]
    return deaf
