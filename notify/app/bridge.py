"""The engine in one worker thread; queued calls in, Qt signals out.

The engine (``notify.core.engine.Engine``) owns an asyncio loop and the only write connection.
The bridge runs that loop in one ``QThread``. The GUI thread hands it work with ``submit`` (never
waiting) and gets results back through a queued signal, so success and failure callbacks run on
the GUI thread. Engine events, delivered on the engine thread, are re-emitted as Qt signals.

Only the GUI thread ever lets go of what a caller handed in. An operation's callbacks, and the
operation itself, often keep a window (``Op`` keeps its parent, a lambda its ``self``); when the
engine thread held one of them past the moment the GUI thread was done with it (descheduled right
after posting the result, on a loaded machine), the last reference went on the engine thread and
Qt deleted the window there: a segfault. So the callbacks never leave the GUI thread (the engine
thread gets a ticket: ``tickets.py``, as the inbox's reader does), and the engine thread drops
the operation and its outcome before it posts the ticket back (``tests/app/test_bridge.py``
stalls it right there).

Quitting waits at most ``stop_timeout_s`` and never aborts (``stop``): the engine gets half of it
to stop cleanly; then the database statement in progress is interrupted (SQLite rolls its
transaction back: nothing of a write cut short is stored) and the engine gets a quarter more;
then the loop stops and the thread closes the database itself. A thread still running after
that (an operation blocking it that no cancellation reaches) is left to run, kept here so that
its ``QThread`` is never destroyed while it runs ("QThread: Destroyed while thread is still
running" aborted the process), and ``main.py`` ends the process without waiting for it.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from notify.app.qtcompat import emit
from notify.app.tickets import Outcome, Tickets
from notify.core import events as ev
from notify.core.errors import StoreError
from notify.core.task_end import end_tasks

log = logging.getLogger(__name__)

EngineFactory = Callable[[Callable[[object], None]], Any]
"""Builds the engine on the engine thread, given the listener it must call with events."""


STOP_TIMEOUT_S = 10.0
"""How long quitting waits for the engine at most (``EngineBridge.stop``)."""
END_TASKS_S = 0.2
"""How long the stopped loop waits for the operations it cancels last (``task_end``)."""

_LEFT_RUNNING: list[_EngineThread] = []
"""Engine threads still running when quitting gave up on them, kept until the process ends
(``main.py`` ends it without waiting): a ``QThread`` destroyed while it runs aborts it."""


class EngineStopped(RuntimeError):
    """A call that came after the engine was stopped on purpose (Notify quits): no error for
    the person or the log."""


@dataclass(frozen=True)
class _Call:
    """A submitted operation, kept on the GUI thread until its outcome is delivered."""

    op: Callable[[Any], Any]
    success: Callable[[Any], None] | None
    failure: Callable[[BaseException], None] | None
    need_engine: bool


class _EngineThread(QThread):
    def __init__(self, bridge: EngineBridge) -> None:
        super().__init__()
        self.setObjectName("notify-engine")
        self._bridge = bridge
        self.loop: asyncio.AbstractEventLoop | None = None
        self.ready = threading.Event()
        # an engine whose stop() had not finished when quitting stopped the loop: closed here,
        # once the loop runs nothing of it any more
        self.left_open: Any = None

    def run(self) -> None:
        loop = asyncio.new_event_loop()
        self.loop = loop
        asyncio.set_event_loop(loop)
        self.ready.set()
        try:
            loop.run_forever()
        finally:
            try:
                # what quitting cut short (an operation ignoring its cancellation) is ended
                # here, or said in the log, not destroyed pending (``task_end``)
                end_tasks(loop, END_TASKS_S)
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                try:
                    self._close_left_open()
                finally:
                    loop.close()

    def _close_left_open(self) -> None:
        engine, self.left_open = self.left_open, None
        if engine is None:
            return
        try:
            engine.close()  # its CPU pool, its writer thread, the database (the WAL folded in)
        except Exception as err:
            log.error("quitting: the engine's database could not be closed (%s); SQLite keeps "
                      "what was committed and folds its write-ahead log in at the next start",
                      err)
        else:
            log.info("quitting: the engine's database closed after its operations were cut "
                     "short")


class EngineBridge(QObject):
    """Owns the engine thread. Every public method is called on the GUI thread."""

    # engine lifecycle
    started = Signal()
    startFailed = Signal(str)
    stopped = Signal()
    # engine events, re-emitted on the GUI thread (payload: the event dataclass)
    engineEvent = Signal(object)
    pollStarted = Signal(object)
    sourcePolled = Signal(object)
    pollFinished = Signal(object)
    itemsAdded = Signal(object)
    itemsChanged = Signal(object)
    notificationPlanned = Signal(object)
    sourcesChanged = Signal(object)
    profileChanged = Signal(object)
    settingsChanged = Signal(object)  # here or by another process (``notify pause``)
    engineError = Signal(str)
    # internal: the ticket of a finished operation, crossing back to the GUI thread
    _done = Signal(int)
    _event_in = Signal(object)

    def __init__(self, factory: EngineFactory, parent: QObject | None = None, *,
                 stop_timeout_s: float = STOP_TIMEOUT_S) -> None:
        super().__init__(parent)
        self._factory = factory
        self._thread = _EngineThread(self)
        self.engine: Any = None
        self.running = False
        self.stopped_on_purpose = False  # stop() was called (quitting): late calls are no error
        self.stop_timeout_s = stop_timeout_s  # how long quitting waits for the engine at most
        # stop() gave up on the thread, which still runs: the process ends without waiting for
        # it (``main.py``), and nothing it finishes is delivered any more
        self.left_running = False
        self.busy = 0  # operations in flight
        # The tasks of those operations: the event loop keeps only weak references to tasks,
        # so one that awaits (mark all read, a poll) could be collected before it finished and
        # its window would wait for ever (asyncio.create_task's documentation).
        self._tasks: set[asyncio.Task[None]] = set()
        # The operations submitted, by ticket (kept by the GUI thread, read by the engine's)
        self._calls: Tickets[_Call] = Tickets()
        self._done.connect(self._deliver)
        self._event_in.connect(self._on_event)

    # ----- lifecycle
    def start(self) -> None:
        """Start the thread, build the engine there and ``await engine.start()``."""
        self.stopped_on_purpose = False
        self._thread.start()
        self._thread.ready.wait(5.0)

        async def boot(_: Any) -> None:
            engine = self._factory(self._listener)
            try:
                result = engine.start()
                if inspect.isawaitable(result):
                    await result
            except Exception:
                # release what it opened (the store, the schedule) so that start() can be
                # called again, e.g. after the recovery dialog repaired the database
                try:
                    stopped = engine.stop()
                    if inspect.isawaitable(stopped):
                        await stopped
                except Exception as err:
                    log.error("the engine that failed to start did not stop cleanly: %s", err)
                raise
            self.engine = engine

        def ok(_: Any) -> None:
            self.running = True
            emit(self.started)

        def failed(err: BaseException) -> None:
            log.error("the engine did not start: %s", err)
            emit(self.startFailed, str(err))

        self._submit(boot, ok, failed, need_engine=False)

    def stop(self, timeout_s: float | None = None) -> None:
        """Stop the engine and the thread (at quit): operations still running (a poll now, mark
        all read…) are cancelled and awaited, then the engine stops (its schedule, its
        connections, the writer's last transaction, the database), then the thread ends.

        Returns within about ``timeout_s`` (default ``stop_timeout_s``) whatever the engine
        does, and says in the log what it cut short: after half of it the database statement
        in progress is interrupted (its transaction rolled back), after three quarters the loop
        stops and the thread closes the database; a thread still running at the end is left
        to run (``left_running``) and never destroyed while it does."""
        loop = self._thread.loop
        if loop is None or not self._thread.isRunning():
            return
        timeout = self.stop_timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + timeout
        engine, self.engine, self.running = self.engine, None, False
        self.stopped_on_purpose = True

        async def shutdown() -> None:
            pending = [task for task in self._tasks if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                log.info("cancelling %d operation(s) still running", len(pending))
                await asyncio.wait(pending, timeout=timeout / 2)
            if engine is not None:
                result = engine.stop()
                if inspect.isawaitable(result):
                    await result

        future = asyncio.run_coroutine_threadsafe(shutdown(), loop)
        if not _settled(future, timeout / 2):
            busy = sum(not task.done() for task in list(self._tasks))
            log.warning("quitting: the engine had not stopped after %.1f s (%s); interrupting "
                        "its database", timeout / 2,
                        f"{busy} operation(s) still running" if busy else "stopping")
            _interrupt(engine)
            _settled(future, max(0.0, deadline - time.monotonic()) / 2)
        if future.done():
            error = future.exception()
            if error is not None:  # stopping goes on whatever happened
                log.error("the engine did not stop cleanly: %s", error)
        else:
            future.cancel()
            self._thread.left_open = engine  # closed by the thread once its loop stopped
        loop.call_soon_threadsafe(loop.stop)
        remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
        if self._thread.wait(remaining_ms):
            self._calls.forget_unanswered()  # the operations cancelled never call back
        else:
            self.left_running = True
            _LEFT_RUNNING.append(self._thread)
            log.error("quitting cut short: the engine's thread still ran after %.1f s (an "
                      "operation that no cancellation stops); Notify ends without waiting for "
                      "it. Its database was not closed: SQLite keeps what was committed, rolls "
                      "back a write in progress and folds its write-ahead log in at the next "
                      "start", timeout)
        emit(self.stopped)

    # ----- calls in
    def submit(
        self,
        op: Callable[[Any], Any],
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``op(engine)`` on the engine thread (awaiting it if it returns an awaitable);
        then ``success(result)`` or ``failure(error)`` on the GUI thread. Returns at once."""
        self._submit(op, success, failure, need_engine=True)

    def _submit(self, op: Callable[[Any], Any], success: Callable[[Any], None] | None,
                failure: Callable[[BaseException], None] | None, *, need_engine: bool) -> None:
        loop = self._thread.loop
        if loop is None or loop.is_closed() or self.stopped_on_purpose:
            err = (EngineStopped("Notify is quitting.") if self.stopped_on_purpose
                   else RuntimeError("Notify's engine is not running; restart Notify."))
            self._call_back(_Call(op, success, failure, need_engine), Outcome(error=err))
            return
        self.busy += 1
        ticket = self._calls.keep(_Call(op, success, failure, need_engine))

        def start() -> None:
            task = loop.create_task(self._job(ticket))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        loop.call_soon_threadsafe(start)

    async def _job(self, ticket: int) -> None:
        """On the engine thread: run the operation, then hand its outcome over. Nothing the
        caller handed in is referenced from here once the ticket is posted."""
        value: Any = None
        error: BaseException | None = None
        try:
            if self._calls.job(ticket).need_engine and self.engine is None:
                raise RuntimeError("Notify's engine is not running; restart Notify.")
            value = self._calls.job(ticket).op(self.engine)  # no local name keeps the operation
            if inspect.isawaitable(value):
                value = await value
        except Exception as err:
            error = err
        self._calls.answer(ticket, value, error)
        del value, error
        if not self.left_running:  # quitting gave up on this thread: nobody waits for it
            emit(self._done, ticket)

    @Slot(int)
    def _deliver(self, ticket: int) -> None:
        self.busy = max(0, self.busy - 1)
        self._call_back(*self._calls.take(ticket))

    def _call_back(self, call: _Call, outcome: Outcome) -> None:
        if outcome.error is not None:
            if call.failure is not None:
                call.failure(outcome.error)
            elif isinstance(outcome.error, EngineStopped):  # a late read or timer while quitting
                log.debug("an operation after the engine stopped was dropped: %s", outcome.error)
            else:
                log.error("a background operation failed: %s", outcome.error,
                          exc_info=outcome.error)
                emit(self.engineError, str(outcome.error))
        elif call.success is not None:
            call.success(outcome.value)

    # ----- events out
    def _listener(self, event: object) -> None:
        """Called by the engine on its thread: hand the event to the GUI thread."""
        emit(self._event_in, event)

    @Slot(object)
    def _on_event(self, event: object) -> None:
        emit(self.engineEvent, event)
        signal = {
            ev.PollStarted: self.pollStarted,
            ev.SourcePolled: self.sourcePolled,
            ev.PollFinished: self.pollFinished,
            ev.ItemsAdded: self.itemsAdded,
            ev.ItemsChanged: self.itemsChanged,
            ev.NotificationPlanned: self.notificationPlanned,
            ev.SourcesChanged: self.sourcesChanged,
            ev.ProfileChanged: self.profileChanged,
            ev.SettingsChanged: self.settingsChanged,
        }.get(type(event))
        if signal is not None:
            emit(signal, event)
        elif isinstance(event, ev.EngineError):
            emit(self.engineError, event.message)


def default_factory(data_dir: str | None) -> EngineFactory:
    """The real engine over the data folder (imported lazily: the core may evolve)."""

    def build(listener: Callable[[object], None]) -> Any:
        from notify.core.engine import Engine
        from notify.core.paths import resolve

        return Engine(resolve(data_dir).ensure(), listener=listener)

    return build


def _settled(future: Future[None], timeout_s: float) -> bool:
    """Whether the engine's shutdown ended (well or not) within ``timeout_s``."""
    try:
        future.result(timeout_s)
    except FutureTimeout:
        return False
    except BaseException:  # said by ``stop`` once it is done
        return True
    return True


def _interrupt(engine: Any) -> None:
    """Interrupt the engine's database statement in progress, from the GUI thread (sqlite3's
    ``interrupt`` is made for that): a write cut short fails, its transaction rolled back, so
    that the writer thread and the database lock are free for the engine to close."""
    if engine is None:
        return
    try:
        conn = engine.conn
    except StoreError:  # closed already: nothing in progress
        return
    if not isinstance(conn, sqlite3.Connection):
        return
    writing = conn.in_transaction
    try:
        conn.interrupt()
    except sqlite3.ProgrammingError:  # closed meanwhile: nothing left to interrupt
        return
    if writing:
        log.warning("quitting: a database write in progress was interrupted; SQLite rolls it "
                    "back: nothing of it is stored")
