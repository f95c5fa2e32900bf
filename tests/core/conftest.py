"""Fixtures shared by the core's tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify.core.store import db


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A Notify database in the test's folder, migrated to the current schema (a test file
    may give its own ``conn``)."""
    c = db.connect(tmp_path / "notify.sqlite3")
    yield c
    c.close()
