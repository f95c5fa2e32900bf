"""Opening a link says whether a browser took it (xdg-open's exit code, watched without
blocking), instead of trusting ``QDesktopServices.openUrl``, which only starts xdg-open."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from notify.app.notifier import browser
from notify.app.notifier.browser import LinkOpener


def script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "xdg-open"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


def run(qtbot: QtBot, opener: LinkOpener) -> list[str]:
    said: list[str] = []
    opener.open("https://example.org/a", lambda: said.append("opened"), said.append)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    qtbot.waitUntil(lambda: opener.running == 0, timeout=5000)
    return said


def test_no_browser_is_a_failure_said_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    opener = LinkOpener(xdg_open=script(tmp_path, "echo 'xdg-open: no method available' >&2; "
                                                  "exit 3"))
    assert run(qtbot, opener) == [
        "No web browser could open the link; it is shown in the inbox."]


def test_the_log_names_the_site_not_the_page_read(qtbot: QtBot, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A link says what the person reads: the log keeps its host only, at every level."""
    caplog.set_level(logging.DEBUG)
    opener = LinkOpener(xdg_open=script(tmp_path, "exit 3"))
    run(qtbot, opener)
    assert "example.org" in caplog.text and "https://example.org/a" not in caplog.text


def test_a_browser_that_took_the_link(qtbot: QtBot, tmp_path: Path) -> None:
    assert run(qtbot, LinkOpener(xdg_open=script(tmp_path, "exit 0"))) == ["opened"]


def test_a_browser_running_in_the_foreground_counts_as_opened(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """xdg-open runs some browsers in the foreground until they are closed: still running
    after the grace period means the link is open; its later exit changes nothing."""
    monkeypatch.setattr(browser, "GRACE_MS", 300)
    monkeypatch.setattr(browser, "REAP_MS", 100)
    closed = tmp_path / "browser-closed"  # the browser runs until the test closes it
    opener = LinkOpener(xdg_open=script(
        tmp_path, f"while [ ! -e '{closed}' ]; do sleep 0.02; done; exit 1"))
    said: list[str] = []
    opener.open("https://example.org/a", lambda: said.append("opened"), said.append)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said == ["opened"] and opener.running == 1
    closed.touch()
    qtbot.waitUntil(lambda: opener.running == 0, timeout=5000)  # reaped, no zombie
    assert said == ["opened"]


def test_a_missing_xdg_open_is_a_failure(qtbot: QtBot, tmp_path: Path) -> None:
    said: list[str] = []
    LinkOpener(xdg_open=str(tmp_path / "nowhere")).open(
        "https://example.org/a", lambda: said.append("opened"), said.append)
    assert said and said[0].startswith("No web browser")
