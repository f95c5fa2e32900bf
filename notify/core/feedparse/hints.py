"""How often a feed asks to be polled: RSS ``<ttl>`` (minutes), ``sy:updatePeriod`` /
``sy:updateFrequency`` (RSS 1.0 syndication module) and HTTP ``Cache-Control: max-age``.

``min_interval_s`` returns the longest of the hints that parse, in seconds, capped at one day (a
feed that says "yearly" must not silence itself for a year), or None when there is none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_HINT_S = 24 * 3600
_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400,
            "yearly": 365 * 86400}
_MAX_AGE_RE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def ttl_seconds(ttl_minutes: str | None) -> int | None:
    if not ttl_minutes:
        return None
    try:
        minutes = int(ttl_minutes.strip())
    except ValueError:
        return None
    return minutes * 60 if minutes > 0 else None


def sy_seconds(period: str | None, frequency: str | None) -> int | None:
    if not period:
        return None
    seconds = _PERIODS.get(period.strip().lower())
    if seconds is None:
        return None
    freq = 1
    if frequency:
        try:
            freq = int(frequency.strip())
        except ValueError:
            freq = 1
    return seconds // freq if freq > 0 else seconds


def cache_control_seconds(headers: Mapping[str, str]) -> int | None:
    value = headers.get("cache-control") or headers.get("Cache-Control") or ""
    low = value.lower()
    if "no-cache" in low or "no-store" in low:
        return None
    match = _MAX_AGE_RE.search(value)
    if match is None:
        return None
    seconds = int(match.group(1))
    return seconds if seconds > 0 else None


def min_interval_s(
    headers: Mapping[str, str],
    ttl_minutes: str | None = None,
    sy_period: str | None = None,
    sy_frequency: str | None = None,
) -> int | None:
    found = [
        s for s in (ttl_seconds(ttl_minutes), sy_seconds(sy_period, sy_frequency),
                    cache_control_seconds(headers))
        if s is not None
    ]
    return min(max(found), MAX_HINT_S) if found else None
