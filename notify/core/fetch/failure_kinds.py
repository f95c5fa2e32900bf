"""What kind of failure a fetch (or a source kind) reports (``Failed.kind``), and which of them
say that the network, not the server, is the problem. Apart from the outcomes' dataclasses
(``notify.core.fetch.outcomes``, which re-exports ``FailureKind``) so that ``notify status``
reads them without creating those.
"""

from __future__ import annotations

from enum import StrEnum


class FailureKind(StrEnum):
    DNS = "dns"
    CONNECT = "connect"
    TIMEOUT = "timeout"  # connect/read timeout or the total deadline
    TLS = "tls"
    TOO_LARGE = "too_large"  # body or decompressed size cap
    REDIRECTS = "redirects"  # too many, or a loop
    RATE_LIMITED = "rate_limited"  # 429 / 503 with or without Retry-After
    AUTH = "auth"  # 401 / 403
    NOT_FOUND = "not_found"  # 404
    GONE = "gone"  # 410: the source is disabled
    SERVER = "server"  # 5xx
    HTTP = "http"  # any other non-success status
    PROTOCOL = "protocol"  # connection reset, malformed response, bad encoding
    PARSE = "parse"  # body arrived but is not what the kind expects (set by kinds)
    CONFIG = "config"  # the source's settings/secrets are unusable (set by kinds)
    # the system keyring is missing, locked or did not answer, so the source's token could not
    # be read: this computer's trouble, not the source's (retried at the normal interval,
    # without backoff; nothing was sent)
    KEYRING = "keyring"
    INVALID_URL = "invalid_url"


# Failures that say the network, not the server, is the problem; when at least OFFLINE_SHARE
# of the sources polled (and at least two) fail so, the computer seems to be offline (``notify
# poll``'s ``offline:`` line, ``notify status``'s).
NETWORK_DOWN = frozenset({FailureKind.DNS.value, FailureKind.CONNECT.value,
                          FailureKind.TIMEOUT.value})
OFFLINE_SHARE = 0.8


def seems_offline(down: int, polled: int) -> bool:
    """Whether ``down`` sources of the ``polled`` failing for the network (``NETWORK_DOWN``)
    say that the computer seems to be offline: at least ``OFFLINE_SHARE`` of them, and two
    (``notify poll``'s ``offline:`` line, ``notify status``'s, the empty inbox's)."""
    return down >= max(2, OFFLINE_SHARE * polled)
