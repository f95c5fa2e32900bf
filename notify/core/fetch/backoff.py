"""When to try a source again: the poll interval, stretched exponentially after failures.

``next_attempt`` uses *full jitter above a floor*: after ``n`` failures in a row the delay is
drawn uniformly from ``[base, min(base * 2**n, MAX_DELAY_S)]``. Many sources that failed
together (a network outage) therefore spread out instead of retrying in lockstep, no source is
polled more often than its interval, and none waits more than a day, unless the server itself
asked for longer with ``Retry-After`` (``retry_at`` always wins when it is later).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

MAX_DELAY_S = 24 * 3600.0
_MAX_AGE_RE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:,|$)", re.IGNORECASE)


class UniformRandom(Protocol):
    def uniform(self, a: float, b: float) -> float: ...


def backoff_delay(
    consecutive_failures: int, *, base_interval_s: float, rng: UniformRandom
) -> float:
    """Seconds to wait after ``consecutive_failures`` failures (0: the plain interval)."""
    base = min(max(float(base_interval_s), 1.0), MAX_DELAY_S)
    if consecutive_failures <= 0:
        return base
    exponent = min(consecutive_failures, 32)  # 2**32 × any interval is far past the cap
    ceiling = min(base * (2.0**exponent), MAX_DELAY_S)
    return min(max(rng.uniform(base, ceiling), base), ceiling)


def next_attempt(
    now: float,
    consecutive_failures: int,
    *,
    base_interval_s: float,
    retry_at: float | None = None,
    rng: UniformRandom,
) -> float:
    """The absolute POSIX time of the next attempt; never earlier than ``retry_at``."""
    when = now + backoff_delay(consecutive_failures, base_interval_s=base_interval_s, rng=rng)
    if retry_at is not None and retry_at > when:
        return retry_at
    return when


def cache_max_age(headers: Mapping[str, str]) -> int | None:
    """``Cache-Control: max-age`` in seconds from lower-cased response headers, else None.

    ``no-store``/``no-cache`` say nothing about how often to poll, so they give None.
    """
    value = headers.get("cache-control")
    if not value:
        return None
    match = _MAX_AGE_RE.search(value)
    return int(match.group(1)) if match else None
