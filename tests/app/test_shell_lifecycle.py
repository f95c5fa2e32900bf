"""How the app ends (every way through ``Shell.shutdown``: the engine stopped, its thread
joined), closing windows with and without a tray (one that comes or goes while Notify runs),
Poll now (every source, with feedback) and what the pause says. Offscreen: the tray's presence
is simulated; tests/session/test_lifecycle.py checks the same with real processes, a real X
server and a real tray."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.bridge import default_factory
from notify.app.notifier import PopupNotifier
from notify.app.shell import Shell, pause_text, round_result
from notify.app.tray import Tray
from notify.core.events import PollSummary, SourceReport
from notify.core.paths import Paths
from tests.app.conftest import RSS, call


class FakeTray:
    """Whether the desktop has a tray now (``Tray.available``), changed by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, present: bool) -> None:
        self.present = present
        monkeypatch.setattr(Tray, "available", staticmethod(lambda: self.present))


def make_shell(qtbot: QtBot, paths: Paths, use_tray: bool | None) -> Shell:
    shell = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
                  use_tray=use_tray)
    with qtbot.waitSignal(shell.bridge.started, timeout=10_000):
        shell.start()
    return shell


@pytest.fixture
def shells(qtbot: QtBot) -> Iterator[list[Shell]]:
    made: list[Shell] = []
    yield made
    for shell in made:
        shell.shutdown()
        for window in (shell.inbox, shell.settings, shell.firstrun):
            if window is not None:
                window.close()


def engine_thread_running(shell: Shell) -> bool:
    return shell.bridge._thread.isRunning()


def dismiss_first_run(qtbot: QtBot, shell: Shell) -> None:
    qtbot.waitUntil(lambda: shell.firstrun is not None and shell.firstrun.isVisible(),
                    timeout=5000)
    shell.firstrun.reject()


# ----- closing windows, quitting

def test_without_a_tray_closing_the_inbox_stops_the_engine_and_finishes(
        qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    """Regression: Qt quit by itself on the last window closed (setQuitOnLastWindowClosed), so
    Shell.quit never ran: the engine thread was still running at exit ("QThread: Destroyed
    while thread 'notify-engine' is still running", exit status 134)."""
    from PySide6.QtWidgets import QApplication

    shell = make_shell(qtbot, paths, use_tray=False)
    shells.append(shell)
    dismiss_first_run(qtbot, shell)
    assert shell.inbox is not None and shell.inbox.isVisible()
    app = QApplication.instance()
    assert isinstance(app, QApplication) and not app.quitOnLastWindowClosed()
    with qtbot.waitSignal(shell.finished, timeout=15_000):
        shell.inbox.close()
    assert not engine_thread_running(shell) and shell.bridge.engine is None


def test_with_a_tray_closing_the_inbox_keeps_notify_running(
        qtbot: QtBot, paths: Paths, shells: list[Shell], monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeTray(monkeypatch, present=True)
    shell = make_shell(qtbot, paths, use_tray=None)
    shells.append(shell)
    assert shell.inbox is None  # the tray is home
    shell.open_inbox()
    finished: list[bool] = []
    shell.finished.connect(lambda: finished.append(True))
    shell.inbox.close()
    qtbot.wait(100)
    assert not finished and engine_thread_running(shell)


def test_a_tray_gone_while_running_makes_closing_the_last_window_quit(
        qtbot: QtBot, paths: Paths, shells: list[Shell], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the tray's presence was asked once, at start: when the panel went away,
    closing the inbox left a process with no window and no icon."""
    tray = FakeTray(monkeypatch, present=True)
    shell = make_shell(qtbot, paths, use_tray=None)
    shells.append(shell)
    dismiss_first_run(qtbot, shell)  # which opens the inbox
    shell.open_settings()
    tray.present = False  # the panel crashed, or the person removed its tray
    finished: list[bool] = []
    shell.finished.connect(lambda: finished.append(True))
    shell.settings.close()
    qtbot.wait(50)
    assert not finished  # the inbox is still open
    with qtbot.waitSignal(shell.finished, timeout=15_000):
        shell.inbox.close()
    assert not engine_thread_running(shell)


def test_a_tray_that_appears_later_takes_over_from_the_inbox(
        qtbot: QtBot, paths: Paths, shells: list[Shell], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At login the panel may start after Notify: the inbox is home at first; once a tray is
    there (Qt puts the icon, shown from the start, into it), closing the inbox keeps Notify in
    the tray."""
    tray = FakeTray(monkeypatch, present=False)
    shell = make_shell(qtbot, paths, use_tray=None)
    shells.append(shell)
    dismiss_first_run(qtbot, shell)
    assert shell.inbox is not None and shell.inbox.isVisible()
    assert shell.tray is not None and shell.tray.icon.isVisible()  # waiting for a tray
    tray.present = True
    finished: list[bool] = []
    shell.finished.connect(lambda: finished.append(True))
    shell.inbox.close()
    qtbot.wait(100)
    assert not finished and engine_thread_running(shell)


def test_quit_and_shutdown_run_once(qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    shell = make_shell(qtbot, paths, use_tray=False)
    shells.append(shell)
    dismiss_first_run(qtbot, shell)
    with qtbot.waitSignal(shell.finished, timeout=15_000):
        shell.actions.action("quit").trigger()
    assert not engine_thread_running(shell)
    assert shell.inbox is not None and not shell.inbox.isVisible()
    shell.shutdown()  # what aboutToQuit does next: nothing left to do
    assert not (paths.data_dir / "notify.sqlite3-wal").exists()  # the log folded into the file


# ----- poll now

@pytest.fixture
def served(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    return httpserver


def test_poll_now_polls_sources_that_are_not_due_and_says_what_it_found(
        qtbot: QtBot, paths: Paths, shells: list[Shell], served: HTTPServer) -> None:
    """Regression: Poll now called engine.poll() with no sources: only sources already due
    were fetched, so right after a round it silently did nothing."""
    shell = make_shell(qtbot, paths, use_tray=True)
    shells.append(shell)
    call(qtbot, shell.bridge, lambda e: e.add_source("feed", served.url_for("/feed.xml")))
    call(qtbot, shell.bridge, lambda e: e.poll())  # polled: not due for half an hour
    hits = len(served.log)
    shell.open_inbox()
    status = shell.inbox.status
    shell.actions.action("poll").trigger()
    assert status.text() == "Polling…"
    assert not shell.actions.action("poll").isEnabled()
    assert "Polling…" in shell.tray.tooltip()
    qtbot.waitUntil(lambda: status.text() == "1 source checked, 0 new items.", timeout=15_000)
    assert len(served.log) == hits + 1
    assert shell.actions.action("poll").isEnabled()
    tip = shell.tray.tooltip()
    assert "Polling…" not in tip and ": 1 source checked, 0 new items" in tip


def test_a_round_that_polled_nothing_leaves_the_last_poll_in_the_tooltip(
        qtbot: QtBot, paths: Paths, shells: list[Shell], served: HTTPServer) -> None:
    """A scheduled round with no source due (the end of quiet hours, for the digest) is no
    poll: the tooltip kept saying "No enabled source to poll: add one" after it."""
    shell = make_shell(qtbot, paths, use_tray=True)
    shells.append(shell)
    call(qtbot, shell.bridge, lambda e: e.add_source("feed", served.url_for("/feed.xml")))
    with qtbot.waitSignal(shell.bridge.pollFinished, timeout=15_000):
        shell.bridge.submit(lambda e: e.poll())
    assert shell.tray is not None
    qtbot.waitUntil(lambda: ": 1 source checked" in shell.tray.tooltip(), timeout=5000)
    # the tooltip as a round that polled nothing leaves it (read when that round finishes: the
    # schedule's own round, woken by the new source, may start any time after it)
    tray = shell.tray
    tips: list[str] = []
    shell.bridge.pollFinished.connect(
        lambda e: None if e.summary.reports else tips.append(tray.tooltip()))
    shell.bridge.submit(lambda e: e.poll())  # nothing due: nothing polled
    qtbot.waitUntil(lambda: bool(tips), timeout=15_000)
    tip = tips[0]
    assert ": 1 source checked" in tip and "add one" not in tip and "Polling…" not in tip


def test_round_result_in_words() -> None:
    def report(i: int, status: str, new: int = 0) -> SourceReport:
        return SourceReport(i, f"S{i}", status, new)

    summary = PollSummary(0.0, 1.0, (report(1, "updated", 5), report(2, "not_modified"),
                                     report(3, "failed"), report(4, "skipped")))
    assert round_result(summary) == "3 sources checked, 5 new items, 1 failed, 1 skipped"
    assert round_result(PollSummary(0.0, 1.0, (report(1, "updated", 1),))) == \
        "1 source checked, 1 new item"
    assert "add one" in round_result(PollSummary(0.0, 1.0, ()))
    # a round put off (another process polls the data folder): why, not "0 sources checked"
    busy = "another Notify (process 42) is polling this data folder"
    put_off = PollSummary(0.0, 0.0, tuple(SourceReport(i, f"S{i}", "skipped", 0, busy)
                                          for i in (1, 2)))
    assert round_result(put_off) == "Another Notify (process 42) is polling this data folder"


# ----- pause

def test_the_pause_says_until_when_and_what_happens_meanwhile(
        qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    shell = make_shell(qtbot, paths, use_tray=True)
    shells.append(shell)
    shell.open_inbox()
    note, tray = shell.inbox.paused_note, shell.tray
    assert tray is not None
    shell.pause("hour")
    end = time.strftime("%H:%M", time.localtime(shell.paused_until))
    assert note.isVisibleTo(shell.inbox)
    assert f"Notifications paused until {end}" in note.text() or \
        f"Notifications paused until tomorrow {end}" in note.text()  # just before midnight
    assert "items found meanwhile stay in the inbox" in note.text()
    assert f"Notifications paused until {end}" in tray.tooltip() or \
        f"Notifications paused until tomorrow {end}" in tray.tooltip()
    shell.pause("resumed")
    assert "Notifications paused until you resume" in note.text()
    assert "Notifications paused until you resume" in tray.tooltip()
    shell.actions.action("resume").trigger()
    assert not note.isVisibleTo(shell.inbox) and "paused" not in tray.tooltip()


def test_an_inbox_opened_during_a_pause_says_until_when(
        qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    shell = make_shell(qtbot, paths, use_tray=True)
    shells.append(shell)
    shell.pause("resumed")
    shell.open_inbox()
    assert "until you resume" in shell.inbox.paused_note.text()


def test_pause_text() -> None:
    now = dt.datetime(2026, 3, 2, 10, 0).timestamp()
    assert pause_text(-1, now) == "until you resume"
    assert pause_text(dt.datetime(2026, 3, 2, 14, 30).timestamp(), now) == "until 14:30"
    assert pause_text(dt.datetime(2026, 3, 3, 7, 0).timestamp(), now) == "until tomorrow 07:00"
    assert pause_text(dt.datetime(2026, 3, 9, 7, 0).timestamp(), now) == \
        "until Mon 09 Mar 07:00"


# ----- where the windows were

def test_windows_open_where_they_were_at_the_next_start(
        qtbot: QtBot, paths: Paths, shells: list[Shell], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Any) -> None:
    """Regression: the inbox and settings opened at their default size and place each time."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    shell = make_shell(qtbot, paths, use_tray=True)
    shells.append(shell)
    shell.open_inbox()
    shell.inbox.resize(640, 420)
    shell.inbox.close()  # saved when closed
    shell.open_settings()
    shell.settings.resize(500, 380)  # (as small as its pages let it be)
    settings_size = shell.settings.size()
    assert settings_size.height() < 720  # its default height
    shell.quit()  # saved at quit, still open
    assert paths.window_state.is_file() and paths.window_state.parent == paths.data_dir
    assert not (tmp_path / "config").exists()  # nothing in ~/.config for another data folder

    again = make_shell(qtbot, paths, use_tray=True)
    shells.append(again)
    again.open_inbox()
    again.open_settings()
    assert (again.inbox.width(), again.inbox.height()) == (640, 420)
    assert again.settings.size() == settings_size
