"""The socket audit used by the privacy tests really sees a process's connections."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

AUDIT_DIR = Path(__file__).resolve().parents[1] / "support" / "netaudit"


def test_audit_records_connect_and_lookup(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept()[0].close(), daemon=True).start()
    log = tmp_path / "net.jsonl"
    env = {**os.environ, "PYTHONPATH": str(AUDIT_DIR), "NOTIFY_NET_AUDIT": str(log)}
    code = (
        "import socket\n"
        "socket.getaddrinfo('localhost', 1)\n"
        f"s = socket.create_connection(('127.0.0.1', {port}))\n"
        "s.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    server.close()
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert {"event": "getaddrinfo", "target": "localhost"} in [
        {k: e[k] for k in ("event", "target")} for e in events
    ]
    assert ["127.0.0.1", port] in [e["target"] for e in events if e["event"] == "connect"]
