"""pytest fixtures around ``HostileServer``. Use them with
``from tests.support.fixtures import hostile_server  # noqa: F401`` in a conftest.py, or
``pytest_plugins = ["tests.support.fixtures"]`` in the top-level conftest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.hostile_server import HostileServer


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    """A fresh hostile server on 127.0.0.1 for one test."""
    with HostileServer() as server:
        yield server


@pytest.fixture
def hostile_server_2() -> Iterator[HostileServer]:
    """A second server on 127.0.0.2: a distinct host for politeness tests."""
    with HostileServer(host="127.0.0.2") as server:
        yield server
