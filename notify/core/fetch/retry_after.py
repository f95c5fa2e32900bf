"""When a server says "come back later": ``Retry-After`` (RFC 9110 §10.2.3).

Both forms are accepted: delta-seconds (``Retry-After: 120``) and an HTTP-date
(``Retry-After: Wed, 21 Oct 2026 07:28:00 GMT``). The result is an absolute POSIX time, never
earlier than ``now`` and never more than ``MAX_WAIT_S`` ahead (a typo on the server must not
silence a source for years).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime

MAX_WAIT_S = 7 * 24 * 3600.0


def parse_retry_after(value: str | None, now: float) -> float | None:
    """The absolute time a ``Retry-After`` value asks for, or None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdecimal():
        delay = float(int(text))
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # asctime form carries no zone; every HTTP-date is GMT
            when = when.replace(tzinfo=UTC)
        delay = when.timestamp() - now
    return now + min(max(delay, 0.0), MAX_WAIT_S)


def retry_at_from_headers(headers: Mapping[str, str], now: float) -> float | None:
    """``Retry-After`` from lower-cased response headers."""
    return parse_retry_after(headers.get("retry-after"), now)
