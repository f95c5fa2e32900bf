"""Addresses whose secret an export removed: recognising ``•••`` where a feed key was.

``notify.core.opml.export_opml`` (by default) writes every URL through
``notify.core.logs.redact``: the value of a query secret (``?key=…``, ``&sig=…``) becomes ``•••``
and ``user:password@`` becomes ``•••@``. Such an address is no real one. On import it is the same
source as a subscription whose address, redacted, is the same (``redacted_key``,
``notify.core.opml.plan``); otherwise it is imported disabled until the person adds the secret
again (``notify.core.subscriptions``). The feed kind refuses such an address and never fetches it.
Outside the ``opml`` package: the feed kind needs it, and ``notify poll`` imports no OPML code.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlsplit

from notify.core.errors import Advice, Advised, Remedy
from notify.core.logs import redact
from notify.core.urls import dedupe_key

MARKER = "•••"  # what ``notify.core.logs.redact`` puts where a secret was
_ENCODED = quote(MARKER)  # the same, as another program may have re-encoded it


def has_redacted_secret(url: str) -> bool:
    """Whether ``url`` holds ``•••`` where an export removed a secret: a query value, or the
    ``user:password@`` part."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if any(value == MARKER for _, value in parse_qsl(parts.query, keep_blank_values=True)):
        return True
    userinfo, at, _ = parts.netloc.rpartition("@")
    return bool(at) and MARKER in unquote(userinfo)


def redacted_key(url: str) -> str:
    """The key under which a real address and its redacted export compare equal: the
    ``dedupe_key`` of the address as an export writes it."""
    return dedupe_key(redact(url.replace(_ENCODED, MARKER)))



def secret_removed(name: str, source_id: int | None = None) -> Advised:
    """The one sentence for a feed whose address lacks the secret an export removed: the import's
    warning, the reason it is disabled, and the failure of a poll of it (where to change the
    address as data: each front end says it its way)."""
    return Advised.of(
        f"{name}: its secret ({MARKER} in its address) was removed when the list was exported, "
        "so Notify cannot read it. Edit the source's address to add it: ",
        Advice(Remedy.EDIT_ADDRESS, source_id=source_id), ".")
