"""A keyring backend that keeps secrets in a dict: the keyring API that ``notify.core.secrets``
calls, for tests that store and replace tokens without a Secret Service (the real one runs in
the ``session`` tests, ``tests/session/keyring_env.sh``).

    def test_x(ring: MemoryKeyring) -> None:   # import both names: the fixture and the class
        ...
        assert list(ring.passwords.values()) == ["the token"]
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A Secret Service stand-in: ``passwords`` maps ``service/name`` to the secret."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: only set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[str, str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[f"{service}/{username}"] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("no such password")


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)
