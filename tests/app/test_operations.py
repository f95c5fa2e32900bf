"""A window's operation that comes after Notify stopped its engine on purpose (quitting) is no
error: its failure handler is not called (the inbox's footer and Settings → Sources logged
"… Notify's engine is not running" as ERRORs at every quit)."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from notify.app import operations as ops
from notify.app.bridge import EngineBridge, default_factory
from notify.app.inbox.footer import InboxFooter
from notify.core.paths import Paths


def test_an_operation_after_quitting_reaches_no_failure_handler(
        qtbot: QtBot, paths: Paths, caplog: pytest.LogCaptureFixture) -> None:
    bridge = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(bridge.started, timeout=10_000):
        bridge.start()
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    bridge.stop()
    with caplog.at_level(logging.DEBUG, logger="notify.app"):
        ops.Op(footer, lambda engine: engine.sources()).failure(footer.failed) \
            .run_in_background(bridge)
        qtbot.wait(50)
    assert footer.status.text() == ""
    assert [r.levelname for r in caplog.records] == ["DEBUG"]
    footer.failed(RuntimeError("The database is locked by another program."))  # a real one
    assert footer.status.text() == "The database is locked by another program."


def test_a_refusal_is_logged_as_information_and_a_failure_as_an_error(
        caplog: pytest.LogCaptureFixture) -> None:
    """A typed address that is refused, or no keyring, is the person's to fix, not an ERROR
    in the log (Settings → Sources and the inbox logged every refusal as one)."""
    from notify.core.errors import SecretStoreError, StoreError, UserInputError

    log = logging.getLogger("notify.app.test")
    with caplog.at_level(logging.DEBUG, logger="notify.app.test"):
        ops.log_failure(log, "sources page", UserInputError("Not an address."))
        ops.log_failure(log, "sources page", SecretStoreError("No keyring."))
        ops.log_failure(log, "sources page", StoreError("disk I/O error"))
        ops.log_failure(log, "sources page", RuntimeError("a bug"))
    assert [r.levelname for r in caplog.records] == ["INFO", "INFO", "ERROR", "ERROR"]
    assert caplog.records[0].getMessage() == "sources page: Not an address."
