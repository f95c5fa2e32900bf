"""One Notify per data folder: a second launch asks the running one to come forward."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from notify.app.qtcompat import emit

log = logging.getLogger(__name__)
TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir).encode("utf-8")).hexdigest()[:12]
    return f"notify-{os.getuid()}-{digest}"


def ask_running_instance(name: str, message: bytes = b"activate") -> bool:
    """True when another instance answered (and got ``message``)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(TIMEOUT_MS):
        return False
    sock.write(message + b"\n")
    sock.flush()
    sock.waitForBytesWritten(TIMEOUT_MS)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; emits ``activated`` when one asks."""

    activated = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self._clients: list[QLocalSocket] = []
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # a stale socket from a crashed run
            if not self.server.listen(name):
                log.error("cannot listen on %s: %s; a second launch will start a second "
                          "Notify", name, self.server.errorString())
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (sock := self.server.nextPendingConnection()) is not None:
            self._clients.append(sock)
            sock.readyRead.connect(self._read_ready)
            sock.disconnected.connect(self._gone)

    def _read_ready(self) -> None:
        for sock in list(self._clients):
            if sock.bytesAvailable():
                data = bytes(sock.readAll().data()).decode("utf-8", "replace").strip()
                emit(self.activated, data or "activate")

    def _gone(self) -> None:
        for sock in list(self._clients):
            if sock.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._clients.remove(sock)
                sock.deleteLater()

    def close(self) -> None:
        for sock in self._clients:
            sock.readyRead.disconnect(self._read_ready)
            sock.disconnected.disconnect(self._gone)
            sock.abort()
        self._clients.clear()
        self.server.close()
