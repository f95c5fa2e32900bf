"""A round while another program holds the database's write lock (another Notify, a backup
tool, sqlite3 in a terminal): each source says the database is locked, and the round's
clean-up says so in words, without a traceback."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from notify.core.engine import Engine
from notify.core.engine_config import EngineConfig
from notify.core.paths import Paths
from notify.core.store import db
from tests.support.hostile_server import HostileServer


def test_a_round_on_a_locked_database_logs_no_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """s16 walkthrough: ``notify poll`` on a database another program held locked printed a
    traceback at its end ("pruning old items failed", ``database is locked``)."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # not 5 s of waiting per attempt
    with HostileServer() as server:
        engine = Engine(Paths(tmp_path), EngineConfig(seed=1, cpu_processes=False)).open()
        for n in range(2):
            engine.add_source("feed", server.url(f"/feed?n={n}"))
        engine.close()
        engine = Engine(Paths(tmp_path), EngineConfig(seed=1, cpu_processes=False)).open()
        holder = sqlite3.connect(Paths(tmp_path).db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with caplog.at_level(logging.INFO):
                summary = asyncio.run(engine.poll_all())
        finally:
            holder.execute("ROLLBACK")
            holder.close()
            engine.close()
    assert [r.status for r in summary.reports] == ["failed", "failed"]
    assert all("is locked by another program" in (r.message or "") for r in summary.reports)
    traced = [r.getMessage() for r in caplog.records if r.exc_info]
    assert traced == []
    said = [r.getMessage() for r in caplog.records if r.name == "notify.core.engine"
            and r.levelno >= logging.WARNING]
    assert len([m for m in said if "could not be stored" in m]) == 1  # once a round
    assert any(m.startswith("pruning old items was put off until the next round: The "
                            "database ") for m in said), said
