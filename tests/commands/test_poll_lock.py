"""Two ``notify poll`` at once on one data folder (``notify.core.poll_lock``): the second waits
for the first, then polls what is still due, instead of fetching every due source a second
time alongside it (it did: both rounds polled the same sources, each reporting them)."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from notify.cli import main

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def held(data: Path) -> Iterator[None]:
    """The poll lock, held as a running ``notify poll`` holds it (its pid written in it)."""
    data.mkdir(parents=True, exist_ok=True)
    fd = os.open(data / "poll.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"4242\n")
        yield
    finally:
        os.close(fd)


def poll(data: Path, *argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "notify", "--data-dir", str(data), "poll",
                             *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)


def wait_for(path: Path, text: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never in {path}")


def test_a_second_poll_waits_for_the_first_then_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "sources", "add", "--no-check",
                 "http://127.0.0.1:9/feed.xml"]) == 0
    capsys.readouterr()
    with held(data):
        second = poll(data, "--json")
        try:
            time.sleep(1.5)
            assert second.poll() is None  # still waiting: it polled nothing beside the first
            assert main(["--data-dir", str(data), "sources", "show", "1", "--json"]) == 0
            shown = json.loads(capsys.readouterr().out)["source"]
            assert shown["health"]["last_attempt"] is None
        except BaseException:
            second.kill()
            second.communicate()
            raise
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert err.startswith("Another 'notify poll' (process 4242) is polling ")
    assert "waits for it to end" in err
    assert '"polled": 1' in out  # then its own round: the source was due
    assert (data / "poll.lock").read_text().strip().isdecimal()  # its pid, for the next one


def test_ctrl_c_stops_the_waiting(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with held(data), (tmp_path / "err").open("w") as stderr:
        second = subprocess.Popen(
            [sys.executable, "-m", "notify", "--data-dir", str(data), "poll"],
            stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, "PYTHONPATH": str(REPO)})
        wait_for(tmp_path / "err", "waits for it to end", second)
        second.send_signal(signal.SIGINT)
        assert second.wait(timeout=30) == 130
    err = (tmp_path / "err").read_text()
    assert err.splitlines()[-1] == "notify: interrupted" and "Traceback" not in err
