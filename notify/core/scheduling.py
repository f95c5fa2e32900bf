"""When each source is polled, and the one APScheduler job that runs due rounds.

Design (see docs/developing.md, "Scheduling"): every source's ``next_attempt`` lives in its
stored state; the scheduler holds a *single* date job set to the earliest ``next_attempt`` of
any enabled source. When it fires, the engine polls every source due within a short batch
window (one round, one progress display, one ranking pass), then re-arms the job. With 1,000
sources that is one job, not 1,000; with nothing due the process sleeps (no periodic ticks but
a long safety wake-up, ``max_sleep_s``, which also bounds how late a run is after a system
suspend, since asyncio's clock stops while the machine sleeps). A run missed during sleep runs
once (``coalesce=True``, ``misfire_grace_time=None``), never N times.

Jitter: each success schedules the next poll at the interval ±10 %, so 70 sources added
together drift apart after their first round instead of firing at once forever.
"""

from __future__ import annotations

import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from notify.core.fetch import backoff
from notify.core.models import Source, SourceState
from notify.core.settings import BY_KEY

if TYPE_CHECKING:  # imported when a schedule starts: ``notify poll`` never needs it (~40 ms)
    import asyncio

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

# The user's settings (``notify.core.settings``) hold the shipped defaults; these are read there.
DEFAULT_INTERVAL_S = int(BY_KEY["poll.default_interval_min"].default) * 60
USER_MINIMUM_S = int(BY_KEY["poll.min_interval_min"].default) * 60
FLOOR_INTERVAL_S = 5 * 60  # the minimum of a kind that declares none
ABSOLUTE_FLOOR_S = 60  # nothing is polled more often, whatever a kind or a setting says
MAX_HINT_S = 24 * 3600  # a server's <ttl>/max-age is honoured up to one day
MAX_RETRY_AFTER_S = 7 * 24 * 3600
JITTER = 0.10
JOB_ID = "notify-poll-round"


@dataclass(frozen=True)
class IntervalPolicy:
    """The user's settings that bound every source's interval (seconds): the default of the
    kinds that declare none of their own, and a minimum of the user's own on top of each
    kind's."""

    default_s: int = DEFAULT_INTERVAL_S
    minimum_s: int = USER_MINIMUM_S

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> IntervalPolicy:
        """The policy from the settings stored over ``conn``."""
        from notify.core.store import settings as settings_repo

        return cls(
            default_s=int(settings_repo.read(conn, "poll.default_interval_min")) * 60,
            minimum_s=int(settings_repo.read(conn, "poll.min_interval_min")) * 60,
        )


@dataclass(frozen=True)
class KindIntervals:
    """What a source kind declares about its polling (seconds). ``default_s`` None: the
    user's default interval applies; ``minimum_s`` None: ``FLOOR_INTERVAL_S``."""

    default_s: int | None = None
    minimum_s: int | None = None

    @classmethod
    def of(cls, kind: object) -> KindIntervals:
        """A kind's ``default_interval_s``/``min_interval_s``. A kind that declares the
        standard default (``DEFAULT_INTERVAL_S``: feeds, JSON APIs, YouTube) has no default of
        its own: the user's default interval applies to it, as to a kind that declares None."""
        default = getattr(kind, "default_interval_s", None)
        minimum = getattr(kind, "min_interval_s", None)
        return cls(
            default_s=None if not default or int(default) == DEFAULT_INTERVAL_S else int(default),
            minimum_s=int(minimum) if minimum else None,
        )


def minimum_for(kind: KindIntervals, policy: IntervalPolicy) -> int:
    """The shortest interval a source of ``kind`` may have: the kind's minimum (else
    ``FLOOR_INTERVAL_S``), or the user's minimum when that is longer; never below a minute."""
    own = kind.minimum_s if kind.minimum_s is not None else FLOOR_INTERVAL_S
    return max(ABSOLUTE_FLOOR_S, own, policy.minimum_s)


def interval_for(
    source: Source,
    policy: IntervalPolicy,
    kind: KindIntervals | None = None,
    *,
    hint_s: int | None = None,
) -> int:
    """Seconds between two polls of ``source`` when it is healthy.

    The source's own interval, else its kind's default when the kind declares one, else the
    user's default; never below ``minimum_for`` (the kind's minimum, the user's); stretched to
    the server's hint (``<ttl>``, ``sy:updatePeriod``, ``max-age``, ``X-Poll-Interval``) when
    that is longer, up to one day.
    """
    kind = kind or KindIntervals()
    if source.interval_s:
        base = int(source.interval_s)
    elif kind.default_s is not None:
        base = kind.default_s
    else:
        base = policy.default_s
    interval = max(base, minimum_for(kind, policy))
    if hint_s and hint_s > interval:
        interval = min(int(hint_s), max(MAX_HINT_S, interval))
    return interval


def next_after_success(now: float, interval_s: int, rng: random.Random) -> float:
    """``now`` + the interval ± 10 % jitter."""
    return now + interval_s * (1.0 + rng.uniform(-JITTER, JITTER))


def server_retry_at(now: float, retry_at: float | None) -> float | None:
    """The time a server asked not to be asked again before (Retry-After, a rate limit's
    reset), capped at a week from ``now``; None when it asked nothing or that time is past."""
    if retry_at is None or retry_at <= now:
        return None
    return min(retry_at, now + MAX_RETRY_AFTER_S)  # a server asking for more than a week is wrong


def next_after_failure(
    now: float, failures: int, interval_s: int, rng: random.Random,
    retry_at: float | None = None,
) -> float:
    """When to try a failing source again: exponential backoff with jitter from the healthy
    interval, capped at one day (``fetch.backoff``), or the server's ``retry_at``
    (Retry-After, capped at a week) when that is later."""
    return backoff.next_attempt(
        now, failures, base_interval_s=interval_s, retry_at=server_retry_at(now, retry_at),
        rng=rng,
    )


def must_wait(state: SourceState, now: float) -> float | None:
    """When the server let this source be polled again, if that is still to come: no round
    polls it earlier, not even one the user asked for (``notify poll --all``)."""
    at = state.server_retry_at
    return at if at is not None and at > now else None


class RoundSchedule:
    """One APScheduler date job that runs ``run_round()`` at ``earliest()``, then re-arms."""

    def __init__(
        self,
        run_round: Callable[[], Awaitable[None]],
        earliest: Callable[[], float | None],
        *,
        clock: Callable[[], float],
        max_sleep_s: float = 900.0,
    ) -> None:
        self._run_round = run_round
        self._earliest = earliest
        self._clock = clock
        self._max_sleep_s = max_sleep_s
        self._scheduler: AsyncIOScheduler | None = None
        self._round: asyncio.Future[None] | None = None  # the round in progress
        self.rounds_run = 0

    @property
    def running(self) -> bool:
        return self._scheduler is not None

    def start(self) -> None:
        if self._scheduler is not None:
            return
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        # max_instances 2: the job ``_fire`` re-arms at the end of a round may be due at once,
        # and APScheduler counts the ending run until just after it returned; with 1 it would
        # skip that job ("maximum number of running instances reached") and drop it (a date
        # job has no next run): no round until something re-armed. Rounds never overlap:
        # ``rearm`` adds no job while one runs.
        self._scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 2},
        )
        self._scheduler.start()
        self.rearm()

    async def stop(self) -> None:
        """Stop the schedule. A round in progress is cancelled, and awaited until it has
        unwound (its sources' results stored so far stay stored), so that nothing of it runs
        on after the engine closes its store, and APScheduler logs no error for it."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=False)  # cancels the job's task: ``_fire`` ends quietly
        task, self._round = self._round, None
        if task is not None and not task.done():
            # here: the rules above serve commands without asyncio. A cancellation of stop()
            # itself propagates (``task_end``): its caller gave up waiting for the round.
            from notify.core.task_end import cancel_and_wait

            await cancel_and_wait(task)

    def next_run(self) -> float | None:
        """POSIX time the round job is set to, or None."""
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(JOB_ID)
        if job is None or job.next_run_time is None:
            return None
        return float(job.next_run_time.timestamp())

    def rearm(self) -> None:
        """(Re)set the job to the earliest due time, bounded by ``max_sleep_s``. While a round
        runs, nothing: the round re-arms when it ends (a source added meanwhile is then due)."""
        if self._scheduler is None:
            return
        if self._round is not None:
            log.debug("a round is running: the schedule is re-armed when it ends")
            return
        now = self._clock()
        due = self._earliest()
        at = now + self._max_sleep_s if due is None else min(due, now + self._max_sleep_s)
        at = max(at, now)
        from apscheduler.triggers.date import DateTrigger

        self._scheduler.add_job(
            self._fire, DateTrigger(run_date=datetime.fromtimestamp(at, UTC), timezone=UTC),
            id=JOB_ID,
            replace_existing=True,
        )

    async def _fire(self) -> None:
        """The job: the round runs in a task of its own, so that the scheduler's shutdown
        (which cancels this job) does not cut it off mid-way; ``stop()`` cancels and awaits
        it instead. A round cancelled by ``stop()`` or the loop's end is no error."""
        import asyncio

        self.rounds_run += 1
        task = self._round = asyncio.ensure_future(self._run_round())
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            if not task.done():  # the job was cancelled (shutdown): ``stop()`` ends the round
                return
            log.info("the scheduled poll round was cancelled")
        except Exception:  # the schedule must survive a bad round
            log.exception("scheduled poll round failed")
        finally:
            if self._round is task:
                self._round = None
        self.rearm()
