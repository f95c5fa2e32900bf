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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from notify.core.fetch import backoff
from notify.core.models import Source

if TYPE_CHECKING:  # imported when a schedule starts: ``notify poll`` never needs it (~40 ms)
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 30 * 60
FLOOR_INTERVAL_S = 5 * 60  # nothing is polled more often, whatever a setting says
MAX_HINT_S = 24 * 3600  # a server's <ttl>/max-age is honoured up to one day
MAX_RETRY_AFTER_S = 7 * 24 * 3600
JITTER = 0.10
JOB_ID = "notify-poll-round"


@dataclass(frozen=True)
class IntervalPolicy:
    """The user's settings that bound every source's interval (seconds)."""

    default_s: int = DEFAULT_INTERVAL_S
    minimum_s: int = FLOOR_INTERVAL_S


def interval_for(
    source: Source,
    policy: IntervalPolicy,
    *,
    kind_default_s: int = DEFAULT_INTERVAL_S,
    kind_min_s: int = FLOOR_INTERVAL_S,
    hint_s: int | None = None,
) -> int:
    """Seconds between two polls of ``source`` when it is healthy.

    The source's own interval, else the user's default (a kind that declares a longer default,
    for politeness, keeps it); never below the user's minimum, the kind's minimum or 5 minutes;
    stretched to the server's hint (``<ttl>``, ``sy:updatePeriod``, ``max-age``,
    ``X-Poll-Interval``) when that is longer, up to one day.
    """
    if source.interval_s:
        base = int(source.interval_s)
    else:
        base = policy.default_s
        if kind_default_s > DEFAULT_INTERVAL_S:
            base = max(base, kind_default_s)
    floor = max(FLOOR_INTERVAL_S, policy.minimum_s, kind_min_s)
    interval = max(base, floor)
    if hint_s and hint_s > interval:
        interval = min(int(hint_s), max(MAX_HINT_S, interval))
    return interval


def next_after_success(now: float, interval_s: int, rng: random.Random) -> float:
    """``now`` + the interval ± 10 % jitter."""
    return now + interval_s * (1.0 + rng.uniform(-JITTER, JITTER))


def next_after_failure(
    now: float, failures: int, interval_s: int, rng: random.Random,
    retry_at: float | None = None,
) -> float:
    """When to try a failing source again: exponential backoff with jitter from the healthy
    interval, capped at one day (``fetch.backoff``), or the server's ``retry_at``
    (Retry-After, capped at a week) when that is later."""
    if retry_at is not None and retry_at > now + MAX_RETRY_AFTER_S:
        retry_at = now + MAX_RETRY_AFTER_S  # a server asking for more than a week is wrong
    return backoff.next_attempt(
        now, failures, base_interval_s=interval_s, retry_at=retry_at, rng=rng
    )


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
        self._in_round = False  # ``_fire`` is running a round
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

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

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
        if self._in_round:
            log.debug("a round is running: the schedule is re-armed when it ends")
            return
        now = self._clock()
        due = self._earliest()
        at = now + self._max_sleep_s if due is None else min(due, now + self._max_sleep_s)
        at = max(at, now)
        from apscheduler.triggers.date import DateTrigger

        self._scheduler.add_job(
            self._fire, DateTrigger(run_date=datetime.fromtimestamp(at, UTC)), id=JOB_ID,
            replace_existing=True,
        )

    async def _fire(self) -> None:
        self._in_round = True
        try:
            self.rounds_run += 1
            await self._run_round()
        except Exception:  # the schedule must survive a bad round
            log.exception("scheduled poll round failed")
        finally:
            self._in_round = False
            self.rearm()
