"""Settings through the engine: saved together (rules across options), and settings another
process changed (``notify pause`` while the app runs) noticed and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.errors import UserInputError
from notify.core.events import Event, PollStarted, SettingsChanged
from notify.core.store import db
from notify.core.store import settings as settings_store
from tests.core.test_engine import make_engine, run


def changed(events: list[Event]) -> list[tuple[str, ...]]:
    return [e.keys for e in events if isinstance(e, SettingsChanged)]


def test_a_pause_set_by_another_process_is_noticed(tmp_path: Path) -> None:
    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    run(engine, lambda: engine.start(schedule=False))  # reads the settings once
    engine.open()
    assert engine.check_settings() == ()  # nothing changed: nothing said
    other = db.connect(engine.paths.db)  # ``notify pause 2h`` in a terminal
    try:
        settings_store.write(other, "notify.paused_until", engine.now() + 7200)
    finally:
        other.close()
    assert engine.check_settings() == ("notify.paused_until",)
    assert changed(events) == [("notify.paused_until",)]
    assert engine.check_settings() == ()  # said once
    engine.close()


def test_a_round_looks_at_the_settings_when_it_starts(tmp_path: Path) -> None:
    events: list[Event] = []
    engine = make_engine(tmp_path, events)

    async def scenario() -> None:
        await engine.start(schedule=False)  # a running engine, as the app's
        await engine.poll([])
        other = db.connect(engine.paths.db)
        try:
            settings_store.write(other, "notify.paused_until", -1.0)
        finally:
            other.close()
        events.clear()
        await engine.poll([])

    run(engine, scenario)
    kinds = [type(e) for e in events]
    assert kinds.index(SettingsChanged) < kinds.index(PollStarted)
    assert changed(events) == [("notify.paused_until",)]
    engine.close()


def test_settings_saved_here_are_reported_too(tmp_path: Path) -> None:
    events: list[Event] = []
    engine = make_engine(tmp_path, events)
    engine.set_setting("notify.daily_budget", 5)
    assert changed(events)[-1] == ("notify.daily_budget",)
    engine.set_setting("notify.daily_budget", 5)  # the same again: nothing changed
    assert len(changed(events)) == 1
    engine.close()


def test_quiet_hours_that_start_when_they_end_are_refused(tmp_path: Path) -> None:
    engine = make_engine(tmp_path)
    with pytest.raises(UserInputError, match=r"cannot start and end at the same time \(07:00\)"):
        engine.set_setting("notify.quiet_start", "07:00")  # the end is 07:00 by default
    assert engine.setting("notify.quiet_start") == "22:00"  # nothing saved
    with pytest.raises(UserInputError, match="same time"):
        engine.set_settings({"notify.quiet_start": "7:00", "notify.quiet_enabled": True})
    assert engine.setting("notify.quiet_enabled") is False  # nothing of it saved
    # both moved at once: the result is judged, not the steps
    stored = engine.set_settings({"notify.quiet_start": "07:00", "notify.quiet_end": "09:00"})
    assert stored == {"notify.quiet_start": "07:00", "notify.quiet_end": "09:00"}
    engine.set_setting("notify.daily_budget", 3)  # other settings are not judged by it
    engine.close()
