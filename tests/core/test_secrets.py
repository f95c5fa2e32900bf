"""The keyring wrapper. Error paths use keyring's own fail/null backends and small backends that
misbehave like a real one does (slow, locked); the happy path runs against a real Secret
Service (gnome-keyring) in tests marked ``session``:

    tests/session/keyring_env.sh .venv/bin/python -m pytest -m session tests/core/test_secrets.py
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.compat import properties

from notify.core import secrets
from notify.core.errors import SecretStoreError
from notify.core.logs import redact
from tests.support.session_keyring import needs_session_keyring


class _TestBackend(KeyringBackend):
    """Never chosen by keyring's own discovery (its priority cannot be read)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: only set explicitly")

    def get_password(self, service: str, username: str) -> str | None:
        raise NotImplementedError

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


class Hanging(_TestBackend):
    """Like a Secret Service waiting on a hidden unlock prompt."""

    release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(5)
        return "too late"


class Locked(_TestBackend):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed")


class PlaintextKeyring(_TestBackend):
    """Named like keyrings.alt's unencrypted file backend."""

    def get_password(self, service: str, username: str) -> str | None:
        return "from a file"


@pytest.fixture
def backend() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.mark.parametrize("broken", [fail.Keyring, null.Keyring])
def test_no_keyring_is_a_clear_error_and_nothing_is_stored(backend: None, broken: type) -> None:
    keyring.set_keyring(broken())
    with pytest.raises(SecretStoreError, match="No system keyring is available"):
        secrets.store_secret("canary-token-1234")
    with pytest.raises(SecretStoreError, match="No system keyring"):
        secrets.lookup("notify-" + "0" * 32)


def test_plaintext_backend_is_refused(backend: None) -> None:
    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(SecretStoreError, match="unencrypted"):
        secrets.lookup("notify-" + "1" * 32)


def test_a_hanging_keyring_is_abandoned_after_the_timeout(backend: None) -> None:
    keyring.set_keyring(Hanging())
    started = time.monotonic()
    try:
        with pytest.raises(SecretStoreError, match="did not answer within"):
            secrets.lookup("notify-" + "2" * 32, timeout_s=0.2)
        assert time.monotonic() - started < 10  # the keyring never answers: slack for load
    finally:
        Hanging.release.set()


def test_locked_keyring_says_what_to_do(backend: None) -> None:
    keyring.set_keyring(Locked())
    with pytest.raises(SecretStoreError, match=r"could not read the token.*unlock"):
        secrets.lookup("notify-" + "3" * 32)
    with pytest.raises(SecretStoreError, match="could not save the token"):
        secrets.store_secret("canary-token-5678")


def test_values_given_to_the_store_are_redacted_even_when_it_fails(backend: None) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SecretStoreError):
        secrets.store_secret("canary-redact-9876")
    assert "canary-redact-9876" not in redact("token is canary-redact-9876 here")


def test_refs_and_empty_tokens() -> None:
    with pytest.raises(SecretStoreError, match="not a keyring reference"):
        secrets.lookup("ghp_looks_like_a_token")
    with pytest.raises(SecretStoreError, match="empty"):
        secrets.store_secret("   ")
    assert secrets.is_ref(secrets.new_ref())
    assert secrets.delete("not-a-ref") is False


# --- a real Secret Service ------------------------------------------------------------------

needs_keyring = needs_session_keyring


@pytest.mark.session
@needs_keyring
def test_store_lookup_delete_with_gnome_keyring() -> None:
    token = "canary-session-" + os.urandom(6).hex()
    ref = secrets.store_secret(token)
    assert secrets.is_ref(ref)
    assert token not in ref
    assert secrets.lookup(ref) == token
    assert token not in redact(f"Authorization: Bearer {token}")
    assert secrets.delete(ref) is True
    with pytest.raises(SecretStoreError, match="no token under"):
        secrets.lookup(ref)
    assert secrets.delete(ref) is False
