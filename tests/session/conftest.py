"""Session tests: a real X server, session bus, dunst, gnome-keyring and trayer.

Started by tests/session/run.sh (see its header); outside it these tests are skipped with that
reason. Helpers here talk to dunst through ``dunstctl``, as a person's tools would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

SESSION_DIR = os.environ.get("NOTIFY_SESSION_DIR")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.session)
            if not SESSION_DIR:
                item.add_marker(pytest.mark.skip(
                    reason="needs the desktop session started by tests/session/run.sh"))


def dunstctl(*args: str) -> str:
    out = subprocess.run(["dunstctl", *args], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, f"dunstctl {' '.join(args)} failed: {out.stderr}"
    return out.stdout.strip()


def displayed() -> int:
    return int(dunstctl("count", "displayed") or 0)


def history() -> list[dict[str, object]]:
    data = json.loads(dunstctl("history"))
    return list(data.get("data", [[]])[0])


def close_all() -> None:
    dunstctl("close-all")


def pick_action(text: str) -> Path:
    """Tell the dmenu script which action line to choose next."""
    pick = Path(os.environ["NOTIFY_DMENU_PICK"])
    pick.write_text(text)
    return pick


def notification_server_pid() -> int | None:
    """The process owning org.freedesktop.Notifications, asked of the bus (never of the
    server: a call to it with no owner would start one by D-Bus activation, with the
    desktop's own config), None while nobody owns it."""
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                      interface="org.freedesktop.DBus")
    with open_dbus_connection(bus="SESSION") as conn:
        reply = conn.send_and_get_reply(new_method_call(
            bus, "GetConnectionUnixProcessID", "s", ("org.freedesktop.Notifications",)),
            timeout=5)
    if reply.header.message_type == MessageType.error:
        return None
    return int(reply.body[0])


def restart_dunst(markup: str = "full") -> int:
    """Kill the running dunst and start another with the session's config, its ``markup``
    set as given ("no": a server without body markup). Returns the new dunst's pid, which
    run.sh stops at the end (``$NOTIFY_SESSION_DIR/pids``)."""
    work = Path(os.environ["NOTIFY_SESSION_DIR"])
    old = notification_server_pid()
    assert old is not None, "no notification server runs"
    os.kill(old, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while notification_server_pid() is not None:
        assert time.monotonic() < deadline, f"dunst (pid {old}) did not stop within 10 s"
        time.sleep(0.05)
    config = work / f"dunstrc-{markup}"
    config.write_text((work / "dunstrc").read_text().replace(
        "markup = full", f"markup = {markup}"))
    # started by a shell that leaves it running on its own, as run.sh's dunst is (a Popen
    # still running when the test ends is a ResourceWarning)
    started = subprocess.run(
        ["sh", "-c", 'dunst -config "$1" >> "$2" 2>&1 & echo $!', "sh", str(config),
         str(work / "dunst.log")], capture_output=True, text=True, timeout=10, check=True)
    pid = int(started.stdout.strip())
    with open(work / "pids", "a") as pids:
        pids.write(f"{pid}\n")
    while notification_server_pid() != pid:
        assert Path(f"/proc/{pid}").exists(), "the new dunst exited: see dunst.log"
        assert time.monotonic() < deadline + 10, "the new dunst did not take the bus name"
        time.sleep(0.05)
    return pid


@pytest.fixture(autouse=True)
def _clean_dunst() -> None:
    if SESSION_DIR:
        close_all()


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NOTIFY_TEST_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
