"""Ctrl-C during ``notify poll``, in a real process against a slow server on 127.0.0.1: the
command says what the round kept, and that is what the database holds (a source polled before
the interrupt is stored; the other one is untouched and polled by the next ``notify poll``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from notify.cli import main
from tests.support.sigint import default_sigint, sigint_raises

REPO = Path(__file__).resolve().parents[2]


def rss(name: str, n: int) -> bytes:
    items = "".join(f"<item><title>{name} {i}</title><guid>urn:{name}:{i}</guid></item>"
                    for i in range(n))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}'
            "</channel></rss>").encode()


class SlowServer:
    """``/fast`` answers at once; ``/slow`` answers once ``release`` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.slow_asked = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/slow":
                    server.slow_asked.set()
                    server.release.wait(30)
                body = rss(self.path.strip("/"), 3)
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def slow_server() -> Iterator[SlowServer]:
    server = SlowServer()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


def cli_json(data: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(["--data-dir", str(data), *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ctrl_c_during_a_poll_says_what_was_kept_and_keeps_it(
    tmp_path: Path, slow_server: SlowServer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    for path in ("/fast", "/slow"):
        assert main(["--data-dir", str(data), "sources", "add", "--no-check",
                     slow_server.url(path)]) == 0
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    poll = subprocess.Popen([sys.executable, "-m", "notify", "--data-dir", str(data), "poll"],
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=default_sigint)
    try:
        assert slow_server.slow_asked.wait(20), "the slow source was never asked"
        deadline = time.monotonic() + 20
        while not cli_json(data, capsys, "sources", "show", "1")["source"]["health"][
                "last_success"]:
            assert time.monotonic() < deadline, "the fast source was never stored"
            time.sleep(0.05)
        poll.send_signal(signal.SIGINT)
        out, err = poll.communicate(timeout=20)
    finally:
        if poll.poll() is None:
            poll.kill()
            poll.communicate()
    assert poll.returncode == 130
    # was "notify: interrupted" alone
    assert (out, err) == ("", "notify: interrupted; what the 1 source polled before it brought "
                              "is stored (3 new items, in the inbox; the next poll ranks those it "
                              "may notify). The next 'notify poll' polls the 1 source not polled "
                              "yet.\n")
    fast = cli_json(data, capsys, "sources", "show", "1")["source"]["health"]
    slow = cli_json(data, capsys, "sources", "show", "2")["source"]["health"]
    assert fast["last_success"] and fast["consecutive_failures"] == 0
    assert slow["last_success"] is None and slow["last_error"] is None
    assert len(cli_json(data, capsys, "items")["items"]) == 3

    slow_server.release.set()  # the next round polls the source the interrupt left out
    polled = cli_json(data, capsys, "poll")
    assert [(s["id"], s["status"]) for s in polled["sources"]] == [(2, "updated")]


def test_what_an_interrupt_kept_in_each_case() -> None:
    from notify.commands.poll import interrupted_text
    from notify.core.events import SourceReport

    assert interrupted_text([1, 2], []) == (
        "no source had been polled yet; nothing changed. The next 'notify poll' polls the 2 "
        "sources not polled yet.")
    done = [SourceReport(1, "A", "not_modified", 0), SourceReport(2, "B", "skipped", 0, "…")]
    assert interrupted_text([1, 2, 3], done, due=False) == (
        "what the 1 source polled before it brought is stored (no new items). The 1 source not "
        "polled yet keeps its next poll.")


def test_ctrl_c_after_a_source_is_stored_but_before_its_event_counts_it(
    tmp_path: Path, slow_server: SlowServer, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: a Ctrl-C between a source's commit and its ``SourcePolled`` event said "no
    source had been polled yet; nothing changed" while its items were stored."""
    from notify.core import engine as engine_module
    from notify.core.events import SourcePolled

    data = tmp_path / "data"
    for path in ("/fast", "/slow"):
        assert main(["--data-dir", str(data), "sources", "add", "--no-check",
                     slow_server.url(path)]) == 0

    class Interrupted(engine_module.Engine):
        def emit(self, event: object) -> None:
            if isinstance(event, SourcePolled):  # stored, not told yet: Ctrl-C now
                signal.raise_signal(signal.SIGINT)
                return
            super().emit(event)  # type: ignore[arg-type]

    # ``notify poll`` imports the engine when its round starts
    monkeypatch.setattr(engine_module, "Engine", Interrupted)
    capsys.readouterr()
    with sigint_raises():
        assert main(["--data-dir", str(data), "poll"]) == 130
    assert capsys.readouterr().err == (
        "notify: interrupted; what the 1 source polled before it brought is stored (3 new "
        "items, in the inbox; the next poll ranks those it may notify). The next 'notify poll' "
        "polls the 1 source not polled yet.\n")
    assert len(cli_json(data, capsys, "items")["items"]) == 3
