"""FreedesktopNotifier against a notification server on a private session bus: a click on a
notice of Notify's own, and a server that changes while Notify runs (dunst killed and started
again, another daemon taking the name)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jeepney.io.blocking import open_dbus_connection
from pytestqt.qtbot import QtBot

from notify.app.notifier.freedesktop import FreedesktopNotifier
from notify.core.events import NotificationPlanned
from tests.app.notifier.notification_server import NotificationServer, private_bus

MARKUP = ("actions", "body", "body-markup")


@pytest.fixture
def bus() -> Iterator[str]:
    with private_bus() as address:
        yield address


@pytest.fixture
def server(bus: str) -> Iterator[NotificationServer]:
    s = NotificationServer(bus, MARKUP, name="first")
    yield s
    s.stop()


@pytest.fixture
def notifier(qtbot: QtBot, bus: str, server: NotificationServer) -> Iterator[FreedesktopNotifier]:
    n = FreedesktopNotifier(open_dbus_connection(bus=bus))
    qtbot.waitUntil(lambda: n.capabilities_known and bool(n.server_info), timeout=5000)
    yield n
    n.shutdown()


def story(nid: int) -> NotificationPlanned:
    return NotificationPlanned(nid, "single", f"Story {nid}", "Tom & <b>Jerry</b>", "",
                               (nid * 10,), (f"https://example.org/{nid}",))


def test_a_notice_with_an_action_is_clicked_once(
        qtbot: QtBot, notifier: FreedesktopNotifier, server: NotificationServer) -> None:
    """A walkthrough: "Beta News failed 2 times in a row" had no click; the person who
    clicked it landed nowhere. Announced with an action, its click says which notice."""
    text = "Beta News failed 2 times in a row: HTTP 404. Check its address."
    assert notifier.announce(text, "Show in Settings")
    qtbot.waitUntil(lambda: len(server.bubbles) == 1, timeout=5000)
    assert server.bubbles[0].actions == ["default", "Show in Settings"]
    clicks: list[str] = []
    notifier.noticeClicked.connect(clicks.append)
    with qtbot.waitSignal(notifier.noticeClicked, timeout=5000):
        server.click(server.bubbles[0].server_id)
    server.click(server.bubbles[0].server_id)  # a server that leaves it up: once only
    qtbot.wait(200)
    assert clicks == [text]


def test_a_notice_without_an_action_offers_none(
        qtbot: QtBot, notifier: FreedesktopNotifier, server: NotificationServer) -> None:
    clicks: list[str] = []
    notifier.noticeClicked.connect(clicks.append)
    assert notifier.announce("Poll now failed: the disk is full")
    qtbot.waitUntil(lambda: len(server.bubbles) == 1, timeout=5000)
    assert server.bubbles[0].actions == []
    server.click(server.bubbles[0].server_id)
    qtbot.wait(200)
    assert clicks == []


def test_a_notice_withdrawn_is_closed_and_its_click_does_nothing(
        qtbot: QtBot, notifier: FreedesktopNotifier, server: NotificationServer) -> None:
    """A notice dismissed in the inbox (or no longer true) has its bubble closed; a click
    that comes anyway (a server's late one) is not said. Other notices stay."""
    gone = "Beta News failed 2 times in a row: HTTP 404. Check its address."
    stays = "Poll now failed: the disk is full"
    assert notifier.announce(gone, "Show in Settings")
    assert notifier.announce(stays)
    qtbot.waitUntil(lambda: len(server.bubbles) == 2, timeout=5000)
    qtbot.wait(100)  # (the server's ids are in)
    clicks: list[str] = []
    notifier.noticeClicked.connect(clicks.append)
    notifier.withdraw(gone)
    qtbot.waitUntil(lambda: server.closed == [server.bubbles[0].server_id], timeout=5000)
    server.click(server.bubbles[0].server_id)
    qtbot.wait(200)
    assert clicks == []
    notifier.withdraw(stays)  # a notice without a click is closed too
    qtbot.waitUntil(lambda: server.closed[-1] == server.bubbles[1].server_id, timeout=5000)


def test_a_new_server_is_asked_what_it_can_do(
        qtbot: QtBot, bus: str, notifier: FreedesktopNotifier,
        server: NotificationServer) -> None:
    """dunst killed and another server started: Notify kept the first one's capabilities
    (body markup) and sent escaped markup to a server that shows it raw ("Tom &amp; …"),
    and kept the old bubbles' ids, which the new server gives to its own bubbles."""
    notifier.show(story(1))
    qtbot.waitUntil(lambda: len(notifier.shown_ids) == 1, timeout=5000)
    assert server.bubbles[0].body == "Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;"
    server.stop()
    qtbot.waitUntil(lambda: not notifier.shown_ids, timeout=5000)
    plain = NotificationServer(bus, ("actions", "body"), name="second")
    try:
        qtbot.waitUntil(lambda: notifier.server_info[:1] == ("second",), timeout=5000)
        assert notifier.capabilities == ("actions", "body")
        notifier.show(story(2))
        qtbot.waitUntil(lambda: len(plain.bubbles) == 1, timeout=5000)
        assert plain.bubbles[0].body == "Tom & <b>Jerry</b>"
        reactions: list[object] = []
        notifier.reacted.connect(reactions.append)
        with qtbot.waitSignal(notifier.reacted, timeout=5000):
            plain.click(plain.bubbles[0].server_id, "like")
        assert [(r.notification_id, r.action) for r in reactions] == [(2, "like")]  # type: ignore[attr-defined]
    finally:
        plain.stop()


def test_a_bubble_shown_while_no_server_runs_waits_for_the_next_one(
        qtbot: QtBot, bus: str, notifier: FreedesktopNotifier,
        server: NotificationServer) -> None:
    server.stop()
    qtbot.waitUntil(lambda: not notifier.capabilities_known, timeout=5000)
    notifier.show(story(3))  # waits: what the next server can do is not known
    plain = NotificationServer(bus, ("actions", "body"), name="second")
    try:
        qtbot.waitUntil(lambda: len(plain.bubbles) == 1, timeout=5000)
        assert plain.bubbles[0].body == "Tom & <b>Jerry</b>"
    finally:
        plain.stop()
