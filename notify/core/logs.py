"""Logging that never writes a secret: URL query secrets and registered secret values are
redacted from every record."""

from __future__ import annotations

import logging
import re
import threading

_lock = threading.Lock()
_secrets: set[str] = set()

# Query parameters whose values are credentials in practice (per-user feed keys, signatures…).
SECRET_PARAMS = (
    "key", "api_key", "apikey", "access_token", "token", "auth", "sig", "signature", "secret",
    "password", "passwd", "pwd", "session", "sid", "hash", "private_token", "client_secret",
    "x-amz-signature", "x-amz-credential", "code",
)
_QUERY_SECRET_RE = re.compile(
    r"(?i)([?&;](?:" + "|".join(re.escape(p) for p in SECRET_PARAMS) + r")=)[^&#\s'\"<>]*"
)
_USERINFO_RE = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/@\s:]+:[^/@\s]+@")
_AUTH_HEADER_RE = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)([^'\"\n,}]+)")


def register_secret(value: str) -> None:
    """Remember a secret value so that it is redacted wherever it would be printed."""
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """Remove secrets from text meant for a log, an error message or the terminal."""
    if not text:
        return text
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, "•••")
    text = _QUERY_SECRET_RE.sub(r"\1•••", text)
    text = _USERINFO_RE.sub(r"\1•••@", text)
    return _AUTH_HEADER_RE.sub(r"\1•••", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
