"""Logging that never writes a secret: URL query secrets and registered secret values are
redacted from every record. The app also logs to a rotating file (``log_to_file``)."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

_lock = threading.Lock()
_secrets: set[str] = set()

# Query parameters whose values are credentials in practice (per-user feed keys, signatures…).
SECRET_PARAMS = (
    "key", "api_key", "api-key", "apikey", "access_key", "secret_key", "private_key", "user_key",
    "auth", "sig", "signature", "password", "passwd", "pwd", "session", "sid", "session_id",
    "sessionid", "hash", "jwt", "x-amz-signature", "x-amz-credential", "code", "oauth_signature",
    # private trackers' and podcast hosts' feed keys, short passwords
    "passkey", "authkey", "rsskey", "feedkey", "accesskey", "secretkey", "privatekey", "userkey",
    "pass", "pw", "passphrase", "torrent_pass",
)
# …and every parameter whose name ends with one of these (``token``, ``auth_token``,
# ``feed-token``, ``client_secret``, ``rss_password``, ``auth_key``, ``feed-key``): the naming
# of most feed keys (``_key``, not ``key``: ``monkey=`` is no secret).
SECRET_SUFFIXES = ("token", "secret", "password", "_key", "-key")
# A secret's value runs to the end of the address; a ",", ")" or "." ends it where the sentence
# goes on (``(…?token=•••, http://…?token=•••) failed``: both were taken as the secret's); a
# JWT's dots are its own.
_QUERY_SECRET_RE = re.compile(
    r"(?i)([?&;](?:" + "|".join(re.escape(p) for p in SECRET_PARAMS)
    + r"|[a-z0-9_.-]*(?:" + "|".join(SECRET_SUFFIXES) + r"))=)"
    + r"(?:[^&#\s'\"<>),.]|[),.](?![\s),.:;]|$))*"
)
# Any userinfo, ``user:password@`` or a name alone: services put tokens there
# (``https://TOKEN@host/feed``), and a name alone cannot be told from one.
_USERINFO_RE = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/?#@\s]+@")
_AUTH_HEADER_RE = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)([^'\"”\n,}]+)")


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


# The app's log file (``Paths.logs``): an app started from the menu or at login has no terminal,
# so what it logs must land in a file. Size-capped: LOG_MAX_BYTES per file, LOG_BACKUPS old ones.
LOG_FILE = "notify.log"
UPGRADE_LOGGER = "notify.upgrade"
"""What an upgrade of the data folder did, in words for the person: the command line says it
at every verbosity (``cli._setup_logging``), the app's log file keeps it."""
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _ours_or_warning(record: logging.LogRecord) -> bool:
    """Notify's own records, and the libraries' warnings and errors; not the libraries' chatter
    at INFO (httpx logs every request, APScheduler every job it runs)."""
    return (record.levelno >= logging.WARNING or record.name == "notify"
            or record.name.startswith("notify."))


def log_to_file(folder: Path, level: int = logging.INFO) -> logging.Handler | None:
    """Also write the log to ``folder``/``LOG_FILE`` (rotated, secrets redacted as on stderr),
    records of ``level`` and above; below DEBUG, other libraries' only from WARNING. Handlers
    already there (stderr) keep showing what they showed. None (and a warning on them) when
    the folder cannot be used."""
    from logging.handlers import RotatingFileHandler  # the app's log: no command needs it

    root = logging.getLogger()
    for handler in root.handlers:
        if handler.level == logging.NOTSET:
            handler.setLevel(root.getEffectiveLevel())
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(folder / LOG_FILE, maxBytes=LOG_MAX_BYTES,
                                           backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as err:
        logging.getLogger(__name__).warning(
            "Notify cannot write its log to %s (%s); it logs to standard error only.",
            folder, err.strerror or err)
        return None
    file_handler.setFormatter(RedactingFormatter(FILE_FORMAT))
    file_handler.setLevel(level)
    if level > logging.DEBUG:
        file_handler.addFilter(_ours_or_warning)
    root.addHandler(file_handler)
    root.setLevel(min(root.getEffectiveLevel(), level))
    return file_handler
