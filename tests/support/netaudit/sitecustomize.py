"""Records every socket a Python process opens (imported automatically when this folder is on
PYTHONPATH). Each ``connect``/``connect_ex``/``sendto`` target and each ``getaddrinfo`` host is
appended as one JSON line to the file named by ``NOTIFY_NET_AUDIT``. Used by the privacy tests to
prove where Notify's processes connect; never shipped in the package."""

from __future__ import annotations

import json
import os
import socket
import threading

_PATH = os.environ.get("NOTIFY_NET_AUDIT")
_lock = threading.Lock()


def _record(event: str, target: object) -> None:
    if not _PATH:
        return
    if isinstance(target, tuple):
        target = list(target[:2])
    elif isinstance(target, bytes):
        target = target.decode("utf-8", "replace")
    line = json.dumps({"pid": os.getpid(), "event": event, "target": target}, default=str)
    with _lock, open(_PATH, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


if _PATH:
    _orig_connect = socket.socket.connect
    _orig_connect_ex = socket.socket.connect_ex
    _orig_sendto = socket.socket.sendto
    _orig_getaddrinfo = socket.getaddrinfo

    def _connect(self: socket.socket, address: object) -> None:
        _record("connect", address)
        return _orig_connect(self, address)  # type: ignore[arg-type]

    def _connect_ex(self: socket.socket, address: object) -> int:
        _record("connect", address)
        return _orig_connect_ex(self, address)  # type: ignore[arg-type]

    def _sendto(self: socket.socket, *args: object) -> int:
        _record("sendto", args[-1])
        return _orig_sendto(self, *args)  # type: ignore[arg-type]

    def _getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        _record("getaddrinfo", host)
        return _orig_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = _sendto  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]
