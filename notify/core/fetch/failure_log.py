"""The one log line of a failed poll, in the words the person sees.

The fetcher cannot say a failure the way the person should read it: a source kind rewrites its
``Failed`` into its own words (a 401 from GitHub asks for a new token with the right scope, a
403 that is really a rate limit becomes ``RATE_LIMITED`` with a time). So the fetcher logs a
failed request at DEBUG only (``client.Fetcher._log``), and the poll logs the failure once, when
its final words are known (``notify.core.poll``): the source's id, name and redacted URL, the
kind of failure and the message, at INFO when it passes by itself or WARNING when the person
must act. On the ``notify.fetch`` logger, which the command line leaves to its own summary of
the round (``notify -v`` shows the lines).
"""

from __future__ import annotations

import logging

from notify.core.fetch.outcomes import Failed, FailureKind
from notify.core.logs import redact

log = logging.getLogger("notify.fetch")

# failures that stay until the person acts (a token, an address, a setting); the others pass
# by themselves (timeouts, server errors, rate limits, a keyring that was locked)
NEEDS_THE_PERSON = frozenset({
    FailureKind.GONE, FailureKind.AUTH, FailureKind.TLS, FailureKind.TOO_LARGE,
    FailureKind.INVALID_URL, FailureKind.REDIRECTS, FailureKind.CONFIG,
})


def level_of(failed: Failed) -> int:
    """WARNING when the person must act for the source to work again, else INFO."""
    return logging.WARNING if failed.permanent or failed.kind in NEEDS_THE_PERSON else logging.INFO


def log_failure(source_id: int, name: str, failed: Failed, message: str) -> None:
    """Log one source's failed poll: ``message`` is what the person is shown for it."""
    log.log(level_of(failed), "source %d (%s, %s) failed (%s): %s", source_id, name,
            redact(failed.url), failed.kind.value, redact(message))
