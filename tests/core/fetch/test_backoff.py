from __future__ import annotations

import random

import pytest

from notify.core.fetch.backoff import MAX_DELAY_S, backoff_delay, cache_max_age, next_attempt

NOW = 1_780_000_000.0


def test_no_failures_is_the_plain_interval() -> None:
    rng = random.Random(1)
    assert next_attempt(NOW, 0, base_interval_s=1800, rng=rng) == NOW + 1800


@pytest.mark.parametrize("failures", [1, 2, 3, 5, 8])
def test_delay_grows_within_bounds(failures: int) -> None:
    rng = random.Random(failures)
    delays = [backoff_delay(failures, base_interval_s=600, rng=rng) for _ in range(200)]
    ceiling = min(600 * 2**failures, MAX_DELAY_S)
    assert all(600 <= d <= ceiling for d in delays)
    assert max(delays) > 600 + (ceiling - 600) * 0.8  # jitter covers the range
    assert len({round(d) for d in delays}) > 50  # and really is jitter, not a constant


def test_median_grows_with_failures() -> None:
    def median(n: int) -> float:
        rng = random.Random(42)
        values = sorted(backoff_delay(n, base_interval_s=300, rng=rng) for _ in range(301))
        return values[150]

    assert median(1) < median(3) < median(6)


def test_capped_at_one_day() -> None:
    rng = random.Random(3)
    delays = [backoff_delay(60, base_interval_s=3600, rng=rng) for _ in range(100)]
    assert all(d <= MAX_DELAY_S for d in delays)
    assert max(delays) > MAX_DELAY_S * 0.9


def test_retry_at_is_never_undercut() -> None:
    rng = random.Random(5)
    later = NOW + 5 * 86400
    assert next_attempt(NOW, 1, base_interval_s=60, retry_at=later, rng=rng) == later


def test_earlier_retry_at_does_not_shorten_backoff() -> None:
    rng = random.Random(5)
    when = next_attempt(NOW, 4, base_interval_s=600, retry_at=NOW + 1, rng=rng)
    assert when >= NOW + 600


def test_same_seed_same_schedule() -> None:
    a = [next_attempt(NOW, n, base_interval_s=900, rng=random.Random(9)) for n in range(6)]
    b = [next_attempt(NOW, n, base_interval_s=900, rng=random.Random(9)) for n in range(6)]
    assert a == b


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("max-age=300", 300),
        ("public, max-age=60, must-revalidate", 60),
        ('max-age="120"', 120),
        ("MAX-AGE=5", 5),
        ("s-maxage=600", None),
        ("no-cache", None),
        ("max-age=abc", None),
        ("", None),
    ],
)
def test_cache_max_age(value: str, expected: int | None) -> None:
    assert cache_max_age({"cache-control": value}) == expected


def test_cache_max_age_absent() -> None:
    assert cache_max_age({}) is None
