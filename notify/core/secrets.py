"""Tokens and passwords live only in the OS keyring; settings keep a reference id.

    ref = store_secret(token)      # -> "notify-3f2a…", saved in a source's ``token_ref`` setting
    token = lookup(ref)            # raises SecretStoreError: no keyring, locked, timed out, missing
    delete(ref)

Every keyring call runs in a daemon thread and is abandoned after ``timeout_s``: a Secret Service
that waits on a hidden unlock prompt must not hang Notify. There is no plaintext fallback: a
null, failing or plaintext-file backend is refused with a clear error. Values looked up or stored
are registered with ``notify.core.logs.register_secret`` so they are redacted everywhere.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from notify.core.errors import SecretStoreError
from notify.core.logs import register_secret

log = logging.getLogger(__name__)

SERVICE = "notify"
REF_PREFIX = "notify-"
DEFAULT_TIMEOUT_S = 10.0

T = TypeVar("T")


class SecretMissing(SecretStoreError):
    """The keyring works but holds no token under the reference (or the reference is not one):
    the token must be given again. The caller says how (it knows which source)."""


_HELP = (
    "Notify keeps tokens only in the system keyring (Secret Service, e.g. GNOME Keyring or "
    "KWallet). Start or unlock your keyring and try again."
)


def _backend() -> Any:
    import keyring  # imported lazily: finding the backend talks to D-Bus

    return keyring.get_keyring()


def _refuse_unsafe(backend: Any) -> None:
    """Raise unless ``backend`` stores secrets in a real, encrypted OS keyring."""
    cls = type(backend)
    module = cls.__module__
    name = cls.__name__
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        raise SecretStoreError(f"No system keyring is available. {_HELP}")
    if "plaintext" in name.lower() or module.startswith("keyrings.alt"):
        raise SecretStoreError(
            f"The configured keyring backend ({module}.{name}) would store tokens unencrypted; "
            f"Notify refuses it. {_HELP}"
        )
    chained = getattr(backend, "backends", None)
    if chained is not None and not list(chained):
        raise SecretStoreError(f"No system keyring is available. {_HELP}")


def _timeboxed(what: str, fn: Callable[..., T], *args: Any, timeout_s: float) -> T:
    """Run a keyring call in a daemon thread; give up after ``timeout_s`` seconds."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            backend = _backend()
            _refuse_unsafe(backend)
            box["value"] = fn(backend, *args)
        except BaseException as err:  # handed to the caller's thread below
            box["error"] = err

    worker = threading.Thread(target=run, name=f"keyring-{what}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    # INFO, not WARNING: the caller reports the error itself (the poll summary, the command's
    # message); a warning would print it twice on the command line ('-v' shows it).
    if worker.is_alive():
        log.info("keyring call %s did not answer within %.0f s; abandoned", what, timeout_s)
        raise SecretStoreError(
            f"The system keyring did not answer within {timeout_s:.0f} seconds while trying to "
            f"{what}; it may be locked and waiting for a password prompt. Unlock your keyring "
            "(log in to the desktop session, or open your keyring manager) and try again."
        )
    if "error" in box:
        err = box["error"]
        if isinstance(err, SecretStoreError):
            raise err
        log.info("keyring call %s failed: %s", what, type(err).__name__)
        raise SecretStoreError(
            f"The system keyring could not {what}: {type(err).__name__}: {err}. {_HELP}"
        ) from err
    value: T = box.get("value")  # type: ignore[assignment]
    return value


def new_ref() -> str:
    import uuid  # here: every round imports this module (is_ref), few make a reference

    return REF_PREFIX + uuid.uuid4().hex


def is_ref(value: object) -> bool:
    return isinstance(value, str) and value.startswith(REF_PREFIX) and len(value) > len(REF_PREFIX)


def store_secret(
    value: str, *, ref: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S
) -> str:
    """Save ``value`` in the keyring; return the reference to keep in a source's settings."""
    if not value or not value.strip():
        raise SecretStoreError("The token is empty; nothing was saved in the keyring.")
    value = value.strip()
    register_secret(value)
    ref = ref or new_ref()

    def put(backend: Any, name: str, secret: str) -> None:
        backend.set_password(SERVICE, name, secret)

    _timeboxed("save the token", put, ref, value, timeout_s=timeout_s)
    return ref


def lookup(ref: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> str:
    """The secret stored under ``ref``. Raises ``SecretMissing`` when the keyring holds none
    under it, ``SecretStoreError`` when the keyring cannot be read."""
    if not is_ref(ref):
        raise SecretMissing(f"{ref!r} is not a keyring reference; give the token again.")

    def get(backend: Any, name: str) -> str | None:
        got: str | None = backend.get_password(SERVICE, name)
        return got

    value = _timeboxed("read the token", get, ref, timeout_s=timeout_s)
    if value is None:
        raise SecretMissing(
            f"The keyring has no token under {ref}. It may have been deleted or saved in another "
            "keyring; give the token again."
        )
    register_secret(value)
    return value


def delete(ref: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> bool:
    """Remove the secret under ``ref``; False if there was none."""
    if not is_ref(ref):
        return False
    import keyring.errors

    def remove(backend: Any, name: str) -> bool:
        try:
            backend.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            return False
        return True

    return _timeboxed("delete the token", remove, ref, timeout_s=timeout_s)
