"""The inbox's footer line: what it says when an operation fails."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from notify.app.bridge import EngineStopped
from notify.app.inbox.footer import InboxFooter


def test_a_failure_is_said_and_logged_but_a_call_while_quitting_is_not(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    with caplog.at_level(logging.DEBUG, logger="notify.app.inbox.footer"):
        footer.failed(EngineStopped("Notify is quitting."))
        assert footer.status.text() == ""
        footer.failed(RuntimeError("The database is locked by another program."))
    assert footer.status.text() == "The database is locked by another program."
    assert [r.levelname for r in caplog.records] == ["DEBUG", "ERROR"]
