"""Desktop notifications through org.freedesktop.Notifications, spoken with jeepney.

One session-bus connection sends ``Notify`` and receives ``ActionInvoked`` and
``NotificationClosed`` (the server signals only the connection that called ``Notify``). The
socket is watched by a ``QSocketNotifier``: nothing here blocks the GUI thread after the
connection is open. Replies are matched by serial. PySide6's QtDBus cannot marshal the uint32
that ``Notify`` needs, hence jeepney.

What the server can do (``GetCapabilities``) is known before the first bubble goes out: the body
is marked up (and the item's text escaped) only for a server with ``body-markup``; Like and
Dismiss are offered only with ``actions``. Open is the default action (a click on the bubble;
dunst lists it in its action menu), not a second button that does the same. Once the person
acted on a bubble, Notify closes it (``CloseNotification``) and ignores any further action on
it: one reaction per notification. A notice of Notify's own has a click (the default action)
only when it was announced with one ("Show in Settings" for a source that keeps failing).

The server may change under Notify (dunst killed and started again, another daemon taking the
name): the bus says so (``NameOwnerChanged`` for org.freedesktop.Notifications); the old
server's bubbles are forgotten (their ids mean nothing to the new one) and the new server is
asked again what it can do, before the next bubble goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.low_level import Parser
from PySide6.QtCore import QCoreApplication, QRect, QSocketNotifier, QTimer

from notify.app.icons import APP_ICON
from notify.app.notifier.base import (
    ACTION_DEFAULT,
    ACTION_DISMISS,
    ACTION_IGNORE,
    ACTION_INBOX,
    ACTION_LIKE,
    Notifier,
    body_text,
    notice_parts,
    one_story,
    reaction_to,
    server_summary,
)
from notify.app.qtcompat import emit
from notify.core.events import NotificationPlanned

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
DBUS = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                   interface="org.freedesktop.DBus")
OBJECT_PATH = "/org/freedesktop/Notifications"
SERVER = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=BUS_NAME)
REASON_EXPIRED = 1
APP_NAME = "Notify"
ICON_NAME = "io.github.notify.Notify"
# The spec's categories are for devices, e-mail, chat, network, presence and transfers; a
# category of one's own has the form "x-vendor.class.name".
CATEGORY = {"single": "x-notify.news.arrived", "group": "x-notify.news.arrived",
            "digest": "x-notify.news.digest"}
CATEGORY_NOTICE = "x-notify.notice"  # Notify's own notices: no story, a click at most
# How long the first notifications wait for the server's capabilities before going out as
# plain text with actions (a server that does not answer GetCapabilities).
CAPABILITIES_WAIT_MS = 3000


class NoServerError(RuntimeError):
    """No notification server owns the name and none can be activated."""


def tr(text: str) -> str:
    return QCoreApplication.translate("FreedesktopNotifier", text)


@dataclass
class _Shown:
    note: NotificationPlanned
    acted: bool = False


def server_available(conn: DBusConnection, timeout: float = 2.0) -> bool:
    """Is a notification server running or D-Bus-activatable? Asks the bus, never the server."""
    reply = conn.send_and_get_reply(new_method_call(DBUS, "NameHasOwner", "s", (BUS_NAME,)),
                                    timeout=timeout)
    if reply.body and reply.body[0]:
        return True
    reply = conn.send_and_get_reply(new_method_call(DBUS, "ListActivatableNames"),
                                    timeout=timeout)
    return bool(reply.body) and BUS_NAME in reply.body[0]


class FreedesktopNotifier(Notifier):
    """Bubbles with Like / Dismiss / Open actions; the default action opens the item."""

    def __init__(self, conn: DBusConnection, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._conn = conn
        self._parser = Parser()
        self._pending: dict[int, Callable[[Message], None]] = {}
        self._shown: dict[int, _Shown] = {}  # server id -> what it shows
        # server id -> Notify's own notice still shown: its text, and whether it has a click
        self._notices: dict[int, tuple[str, bool]] = {}
        self.capabilities: tuple[str, ...] = ()
        self.capabilities_known = False
        self._waiting: list[NotificationPlanned] = []  # shown once the capabilities are known
        self.expire_ms = -1  # -1: the server's default; 0: never
        self._fallback: Notifier | None = None
        self.server_info: tuple[str, ...] = ()
        self._match_signals()
        conn.sock.setblocking(False)
        self._watch = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._on_readable)
        self._capabilities_wait = QTimer(self)
        self._capabilities_wait.setSingleShot(True)
        self._capabilities_wait.timeout.connect(self._no_capabilities)
        self._ask_server()

    def _ask_server(self) -> None:
        """What the server can do and who it is; bubbles wait for the answer (at most
        ``CAPABILITIES_WAIT_MS``)."""
        self._capabilities_wait.start(CAPABILITIES_WAIT_MS)
        self._call("GetCapabilities", "", (), self._got_capabilities)
        self._call("GetServerInformation", "", (), self._got_info)

    @classmethod
    def open(cls, parent: object = None) -> FreedesktopNotifier:
        """Connect to the session bus; raises NoServerError or OSError/TimeoutError."""
        conn = open_dbus_connection(bus="SESSION")
        try:
            if not server_available(conn):
                raise NoServerError(BUS_NAME)
        except BaseException:
            conn.close()
            raise
        return cls(conn, parent)

    # ----- the interface
    @property
    def supports_actions(self) -> bool:
        return not self.capabilities or "actions" in self.capabilities

    def present(self, note: NotificationPlanned) -> None:
        if not self.capabilities_known:
            self._waiting.append(note)
            return
        markup = "body-markup" in self.capabilities
        # "default" is the click on the bubble (servers are free not to list it): it opens the
        # item, so no second "Open" button; without actions it shows the item in the inbox. A
        # bubble of several stories (a burst's group, a digest) only shows them in the inbox.
        story = one_story(note)
        opens = self.supports_actions and story
        actions = [ACTION_DEFAULT, tr("Open") if opens else tr("Show in Notify")]
        if opens:
            actions += [ACTION_LIKE, tr("Like"), ACTION_DISMISS, tr("Dismiss")]
        hints = {"desktop-entry": ("s", ICON_NAME),
                 "category": ("s", CATEGORY.get(note.kind, CATEGORY["single"]))}
        args = (APP_NAME, 0, APP_ICON.as_uri(), server_summary(note),
                body_text(note, markup=markup),
                actions, hints, self.expire_ms)

        def shown(reply: Message) -> None:
            if reply.header.message_type == MessageType.error:
                log.error("the notification server refused notification %d: %s; showing it "
                          "in Notify's own window", note.notification_id,  # no title: privacy
                          "; ".join(str(part) for part in reply.body) or "no reason given")
                self._popup().present(note)
                return
            server_id = int(reply.body[0])
            self._shown[server_id] = _Shown(note)
            log.debug("notification %d shown as server id %d", note.notification_id, server_id)

        self._call("Notify", "susssasa{sv}i", args, shown)

    def announce(self, text: str, action: str = "") -> bool:
        """The notice as a bubble of the desktop's own, its headline as the title and the rest
        as the body (``notice_parts``; the server shows the app's name, its icon, and no
        buttons); with ``action``, a click on it (the default action, named ``action`` in the
        server's action menu) emits ``noticeClicked``. False once the bus is gone."""
        if not self._watch.isEnabled():
            return False
        summary, body = notice_parts(text, markup="body-markup" in self.capabilities)
        hints = {"desktop-entry": ("s", ICON_NAME), "category": ("s", CATEGORY_NOTICE)}
        actions = [ACTION_DEFAULT, action] if action and self.supports_actions else []
        args: tuple[object, ...] = (APP_NAME, 0, APP_ICON.as_uri(), summary, body, actions,
                                    hints, self.expire_ms)

        def shown(reply: Message) -> None:
            if reply.header.message_type == MessageType.error:
                log.error("the notification server refused Notify's notice: %s (it stands "
                          "in the inbox's footer)",
                          "; ".join(str(part) for part in reply.body) or "no reason given")
                return
            self._notices[int(reply.body[0])] = (text, bool(actions))

        self._call("Notify", "susssasa{sv}i", args, shown)
        return True

    def _popup(self) -> Notifier:
        """Notify's own window, for a bubble the server would not show."""
        if self._fallback is None:
            from notify.app.notifier.popup import PopupNotifier

            self._fallback = PopupNotifier(self)
            self._fallback.reacted.connect(self.reacted)
            if self._tray_area is not None:
                self._fallback.keep_clear_of(self._tray_area)
        return self._fallback

    def keep_clear_of(self, tray_area: Callable[[], QRect]) -> None:
        super().keep_clear_of(tray_area)
        if self._fallback is not None:
            self._fallback.keep_clear_of(tray_area)

    def withdraw(self, text: str) -> None:
        for server_id, (shown, _click) in list(self._notices.items()):
            if shown == text:
                del self._notices[server_id]
                self._call("CloseNotification", "u", (server_id,), None)

    def close_all(self) -> None:
        self._waiting.clear()
        if self._fallback is not None:
            self._fallback.close_all()
        for server_id in [*self._shown, *self._notices]:
            self._call("CloseNotification", "u", (server_id,), None)
        self._shown.clear()
        self._notices.clear()

    def shutdown(self) -> None:
        self.close_all()
        self._watch.setEnabled(False)
        self._conn.close()

    @property
    def shown_ids(self) -> tuple[int, ...]:
        """Server ids of the bubbles still open (tests read this)."""
        return tuple(self._shown)

    # ----- D-Bus plumbing
    def _call(self, method: str, signature: str, body: tuple[object, ...],
              on_reply: Callable[[Message], None] | None) -> None:
        msg = new_method_call(SERVER, method, signature or None, body)
        serial = next(self._conn.outgoing_serial)
        if on_reply is not None:
            self._pending[serial] = on_reply
        data = msg.serialise(serial=serial)
        self._conn.sock.setblocking(True)  # small message on a local socket: sendall is quick
        try:
            self._conn.sock.sendall(data)
        finally:
            self._conn.sock.setblocking(False)

    def _match_signals(self) -> None:
        rules = [MatchRule(type="signal", interface=BUS_NAME, member=member, path=OBJECT_PATH)
                 for member in ("ActionInvoked", "NotificationClosed")]
        owner = MatchRule(type="signal", sender=DBUS.bus_name, interface=DBUS.interface,
                          member="NameOwnerChanged", path=DBUS.object_path)
        owner.add_arg_condition(0, BUS_NAME)  # the notification server, no other name
        for rule in (*rules, owner):
            self._conn.send_and_get_reply(
                new_method_call(DBUS, "AddMatch", "s", (rule.serialise(),)), timeout=2.0)

    def _on_readable(self) -> None:
        try:
            while True:
                try:
                    data = self._conn.sock.recv(65536)
                except BlockingIOError:
                    break
                if not data:
                    log.error("the session bus closed Notify's connection; notifications stop")
                    self._watch.setEnabled(False)
                    emit(self.notice, tr("The desktop session bus went away; "
                                        "notifications are shown in Notify's own window."))
                    break
                self._parser.add_data(data)
            while (msg := self._parser.get_next_message()) is not None:
                self._dispatch(msg)
        except (OSError, ValueError) as err:
            log.exception("reading from the session bus failed: %s", err)

    def _dispatch(self, msg: Message) -> None:
        kind = msg.header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            serial = msg.header.fields.get(HeaderFields.reply_serial)
            callback = self._pending.pop(int(serial), None) if serial is not None else None
            if callback is not None:
                callback(msg)
            return
        if kind != MessageType.signal:
            return
        member = msg.header.fields.get(HeaderFields.member)
        if member == "NameOwnerChanged":
            if (msg.header.fields.get(HeaderFields.sender) == DBUS.bus_name
                    and msg.body and msg.body[0] == BUS_NAME):
                self._server_changed(str(msg.body[1]), str(msg.body[2]))
            return
        if member == "ActionInvoked":
            server_id, key = int(msg.body[0]), str(msg.body[1])
            if server_id in self._notices:
                self._notice_acted(server_id, key)
                return
            shown = self._shown.get(server_id)
            if shown is None:
                return
            if shown.acted:  # one reaction per notification: the bubble is already closing
                log.info("notification %d: %s ignored, it was already acted on",
                         shown.note.notification_id, key)
                return
            shown.acted = True
            if key == ACTION_DEFAULT and not (self.supports_actions and one_story(shown.note)):
                key = ACTION_INBOX  # no buttons, or several stories: the click opens the inbox
            # A server may leave the bubble up after an action (dunst does, for a choice in
            # its action menu): close it, so it cannot be acted on again.
            self._call("CloseNotification", "u", (server_id,), None)
            self._emit(shown.note, key)
        elif member == "NotificationClosed":
            server_id, reason = int(msg.body[0]), int(msg.body[1])
            self._notices.pop(server_id, None)
            shown = self._shown.pop(server_id, None)
            if (shown is not None and not shown.acted and reason == REASON_EXPIRED
                    and one_story(shown.note)):  # several stories expiring: about none of them
                self._emit(shown.note, ACTION_IGNORE)

    def _notice_acted(self, server_id: int, key: str) -> None:
        """A notice of Notify's own was clicked: once (then closed, as a bubble is)."""
        text, click = self._notices.pop(server_id)
        self._call("CloseNotification", "u", (server_id,), None)
        if not click or key != ACTION_DEFAULT:  # a notice offers its click alone, if any
            log.info("notice %d: action %r ignored (it offers %s)", server_id, key,
                     "a click alone" if click else "none")
            return
        log.info("notice %d clicked", server_id)
        emit(self.noticeClicked, text)

    def _server_changed(self, old: str, new: str) -> None:
        """Another notification server (or none) owns the name now: the old one's bubbles are
        gone with it (their ids would match the new server's bubbles), and what the new one can
        do (body markup, actions) is asked again before the next bubble goes out."""
        log.info("the notification server changed (%s -> %s): %d bubbles and %d notices of "
                 "the old one forgotten; asking the new one what it can do", old or "none",
                 new or "none", len(self._shown), len(self._notices))
        self._shown.clear()
        self._notices.clear()
        self.capabilities = ()
        self.server_info = ()
        self.capabilities_known = False
        if new:
            self._ask_server()
        else:  # none for now: bubbles wait for the next one, then go out as they can
            self._capabilities_wait.start(CAPABILITIES_WAIT_MS)

    def _emit(self, note: NotificationPlanned, action: str) -> None:
        log.info("notification %d: %s", note.notification_id, action)
        emit(self.reacted, reaction_to(note, action))

    def _got_capabilities(self, reply: Message) -> None:
        if reply.header.message_type == MessageType.method_return:
            self.capabilities = tuple(reply.body[0])
            log.info("notification server capabilities: %s", ", ".join(self.capabilities))
        else:
            log.warning("the notification server did not say what it can do (%s); "
                        "notifications go out as plain text", reply.body)
        self._capabilities_arrived()

    def _no_capabilities(self) -> None:
        if not self.capabilities_known:
            log.warning("the notification server did not answer GetCapabilities within %d ms; "
                        "notifications go out as plain text", CAPABILITIES_WAIT_MS)
            self._capabilities_arrived()

    def _capabilities_arrived(self) -> None:
        self._capabilities_wait.stop()
        self.capabilities_known = True
        waiting, self._waiting = self._waiting, []
        for note in waiting:
            self.present(note)

    def _got_info(self, reply: Message) -> None:
        if reply.header.message_type == MessageType.method_return:
            self.server_info = tuple(str(v) for v in reply.body)


__all__ = ["FreedesktopNotifier", "NoServerError", "server_available"]
