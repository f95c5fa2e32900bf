"""tests/support/processes.py: a helper process a test started is ended, whatever it does with
SIGTERM."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.support.processes import end


def test_a_process_that_ignores_sigterm_is_killed_and_reaped() -> None:
    stubborn = subprocess.Popen(
        [sys.executable, "-c", "import signal, sys, time; signal.signal(signal.SIGTERM, "
         "signal.SIG_IGN); sys.stdout.write('ready\\n'); sys.stdout.flush(); time.sleep(60)"],
        stdout=subprocess.PIPE)
    assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
    start = time.monotonic()
    end(stubborn, wait_s=0.3)
    assert stubborn.returncode == -9  # killed, and reaped: no ResourceWarning later
    assert time.monotonic() - start < 5
    stubborn.stdout.close()


def test_a_process_that_honours_sigterm_ends_by_it() -> None:
    plain = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    end(plain)
    assert plain.returncode == -15
    end(plain)  # already ended: nothing to do
