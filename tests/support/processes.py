"""Ending a helper process a test started (an X server, a tray): asked first, then made to."""

from __future__ import annotations

import subprocess


def end(process: subprocess.Popen[bytes], wait_s: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it is still there after ``wait_s``, and reap it. An Xvfb that
    took longer than 10 s to honour SIGTERM (a CI run on a busy machine) failed the teardown of
    a test that had passed, and its unreaped process failed the next test's setup with a
    ResourceWarning."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(wait_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
