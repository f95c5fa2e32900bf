"""A small org.freedesktop.Notifications server on a private bus (``dbus-daemon``), for the
tests of ``FreedesktopNotifier``: it says the capabilities it was given, numbers the bubbles,
records every ``Notify`` call, and sends ``ActionInvoked`` when a test clicks. Stopping it
drops its connection, so the bus says the name has no owner (as when dunst is killed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from jeepney import (
    DBusAddress,
    HeaderFields,
    Message,
    MessageType,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"


@contextmanager
def private_bus() -> Iterator[str]:
    """A session bus of the test's own; yields its address."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        raise RuntimeError("dbus-daemon is not installed: apt-get install dbus")
    proc = subprocess.Popen([daemon, "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


@dataclass
class Bubble:
    server_id: int
    summary: str
    body: str
    actions: list[str]


@dataclass
class NotificationServer:
    """Serves until ``stop``; ``bubbles`` holds what each ``Notify`` asked for, ``closed``
    the ids each ``CloseNotification`` named."""

    address: str
    capabilities: tuple[str, ...]
    name: str = "fake"
    first_id: int = 1
    bubbles: list[Bubble] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._conn: DBusConnection = open_dbus_connection(bus=self.address)
        reply = self._conn.send_and_get_reply(message_bus.RequestName(BUS_NAME, 4),
                                              timeout=5)
        assert reply.body[0] == 1, f"could not own {BUS_NAME}: {reply.body}"
        self._next_id = self.first_id
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def click(self, server_id: int, key: str = "default") -> None:
        """What the server says when the person clicks the bubble (or picks ``key``)."""
        emitter = DBusAddress(OBJECT_PATH, interface=BUS_NAME)
        with self._lock:
            self._conn.send(new_signal(emitter, "ActionInvoked", "us", (server_id, key)))

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(5)
        self._conn.close()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                msg = self._conn.receive(timeout=0.05)
            except TimeoutError:
                continue
            if msg.header.message_type != MessageType.method_call:
                continue
            reply = self._answer(msg)
            if reply is not None:
                with self._lock:
                    self._conn.send(reply)

    def _answer(self, msg: Message) -> Message | None:
        member = msg.header.fields.get(HeaderFields.member)
        if member == "GetCapabilities":
            return new_method_return(msg, "as", (list(self.capabilities),))
        if member == "GetServerInformation":
            return new_method_return(msg, "ssss", (self.name, "tests", "1", "1.2"))
        if member == "Notify":
            server_id, self._next_id = self._next_id, self._next_id + 1
            _app, _replaces, _icon, summary, body, actions, _hints, _expire = msg.body
            self.bubbles.append(Bubble(server_id, summary, body, list(actions)))
            return new_method_return(msg, "u", (server_id,))
        if member == "CloseNotification":
            self.closed.append(int(msg.body[0]))
            return new_method_return(msg)
        return None
