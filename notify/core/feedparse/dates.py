"""Feed dates → UTC POSIX seconds: RFC 822 (RSS), ISO 8601 / W3CDTF (Atom, Dublin Core, JSON
Feed), and, for anything else, feedparser's tolerant date handlers. Broken dates give None."""

from __future__ import annotations

import calendar
import logging
import re
from datetime import UTC, datetime
from email.utils import parsedate_tz

log = logging.getLogger(__name__)

_ISO_RE = re.compile(r"^\d{4}-\d\d-\d\d")
_COLON_OFFSET_RE = re.compile(r"([+-]\d\d):(\d\d)$")
_MILITARY_ZONE_RE = re.compile(r"\d\s+[A-IK-Za-ik-z]$")  # "10:00 A": RFC 822's one-letter zones
_MIN_TS = calendar.timegm((1970, 1, 2, 0, 0, 0, 0, 0, 0))  # feeds say 1970-01-01 for "unknown"
_MAX_TS = calendar.timegm((9999, 12, 31, 0, 0, 0, 0, 0, 0))


def _iso(text: str) -> float | None:
    value = text
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return float(int(moment.timestamp()))  # whole seconds, as feedparser gives


def _rfc822(text: str) -> float | None:
    if text[-3:-2] == ":":  # "+02:00" as "+0200"
        text = _COLON_OFFSET_RE.sub(r"\1\2", text)
    elif text[-2:-1] == " " and _MILITARY_ZONE_RE.search(text):
        return None  # email.utils reads an unknown zone as UTC; feedparser's handlers know it
    try:
        parts = parsedate_tz(text)
    except (ValueError, IndexError, TypeError):
        return None
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= hour <= 24 and 0 <= minute <= 59
            and 0 <= second <= 61):
        return None
    try:
        stamp = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    return float(stamp - (parts[9] or 0))


def _tolerant(text: str) -> float | None:
    from feedparser.datetimes import _parse_date  # imported late: rarely needed

    try:
        parsed = _parse_date(text)
    except (ValueError, OverflowError, IndexError, TypeError) as err:
        log.debug("unparseable date %r: %s", text[:80], err)
        return None
    if parsed is None:
        return None
    try:
        return float(calendar.timegm(parsed))
    except (ValueError, OverflowError):
        return None


def parse_date(text: str | None) -> float | None:
    """``text`` as UTC POSIX seconds, or None when it is empty, unparseable or absurd."""
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    stamp: float | None = None
    if _ISO_RE.match(text):
        stamp = _iso(text)
    elif text[:1].isalpha() or text[:1].isdigit():
        stamp = _rfc822(text)
    if stamp is None:
        stamp = _tolerant(text)
    if stamp is None or not (_MIN_TS <= stamp <= _MAX_TS):
        return None
    return stamp


def from_struct(parsed: object) -> float | None:
    """A feedparser ``*_parsed`` value (a UTC ``time.struct_time``) as POSIX seconds."""
    if parsed is None:
        return None
    try:
        stamp = float(calendar.timegm(parsed))  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return None
    return stamp if _MIN_TS <= stamp <= _MAX_TS else None
