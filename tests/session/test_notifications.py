"""Real desktop notifications through dunst: actions, the action menu, closing."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from notify.app.notifier import open_notifier
from notify.app.notifier.base import BubbleReaction
from notify.app.notifier.freedesktop import FreedesktopNotifier
from notify.core.events import NotificationPlanned
from tests.session.conftest import displayed, dunstctl, pick_action


@pytest.fixture
def notifier(qtbot: QtBot) -> Iterator[FreedesktopNotifier]:
    n, notice = open_notifier()
    assert isinstance(n, FreedesktopNotifier), notice
    qtbot.waitUntil(lambda: bool(n.capabilities), timeout=5000)
    yield n
    n.shutdown()


def note(nid: int = 1, item: int = 11) -> NotificationPlanned:
    return NotificationPlanned(nid, "single", f"Story {nid}", "Something you care about",
                               "matches your interest 'rust'", (item,),
                               (f"https://example.org/{item}",))


def test_server_is_dunst_with_actions(notifier: FreedesktopNotifier) -> None:
    assert "actions" in notifier.capabilities
    assert notifier.server_info[0] == "dunst"


def test_bubble_with_actions_reaches_dunst(qtbot: QtBot, notifier: FreedesktopNotifier) -> None:
    notifier.show(note())
    qtbot.waitUntil(lambda: displayed() == 1, timeout=5000)
    qtbot.waitUntil(lambda: len(notifier.shown_ids) == 1)


def test_like_through_dunsts_action_menu(qtbot: QtBot, notifier: FreedesktopNotifier) -> None:
    notifier.show(note(3, 33))
    qtbot.waitUntil(lambda: len(notifier.shown_ids) == 1, timeout=5000)
    server_id = notifier.shown_ids[0]
    pick_action(f"[{server_id},like]")
    with qtbot.waitSignal(notifier.reacted, timeout=10_000) as blocker:
        proc = subprocess.Popen(["dunstctl", "context"])
    proc.wait(10)
    assert blocker.args == [BubbleReaction(3, (33,), "like", ("https://example.org/33",))]


def test_default_action_is_open(qtbot: QtBot, notifier: FreedesktopNotifier) -> None:
    notifier.show(note(4, 44))
    qtbot.waitUntil(lambda: displayed() == 1, timeout=5000)
    with qtbot.waitSignal(notifier.reacted, timeout=10_000) as blocker:
        dunstctl("action", "0")
    assert blocker.args[0].action == "default"


def test_closing_by_the_user_is_not_a_reaction(
        qtbot: QtBot, notifier: FreedesktopNotifier) -> None:
    reactions: list[BubbleReaction] = []
    notifier.reacted.connect(reactions.append)
    notifier.show(note(5, 55))
    qtbot.waitUntil(lambda: displayed() == 1, timeout=5000)
    dunstctl("close")
    qtbot.waitUntil(lambda: not notifier.shown_ids, timeout=5000)
    assert reactions == []


def test_a_bubble_that_expires_unread_counts_as_ignore(
        qtbot: QtBot, notifier: FreedesktopNotifier) -> None:
    notifier.expire_ms = 400
    with qtbot.waitSignal(notifier.reacted, timeout=10_000) as blocker:
        notifier.show(note(6, 66))
    assert blocker.args == [BubbleReaction(6, (66,), "ignore", ("https://example.org/66",))]
