"""``notify.cli.main`` run as the process's own command line (no ``argv``) freezes what start-up
made before the command and everything at its end: the command's collections and the last one
at interpreter exit no longer walk every object of the process (~10 ms each). Called with an
``argv`` (tests, the app's own calls) it leaves the collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from notify.cli import main


def test_the_process_command_line_freezes_start_up_and_the_end(tmp_path: Path) -> None:
    script = (
        "import gc, sys\n"
        "from notify import cli\n"
        "seen = []\n"
        "real = cli._main\n"
        "def spy(argv, default_gc):\n"
        "    before = gc.get_freeze_count()\n"
        "    try:\n"
        "        return real(argv, default_gc)\n"
        "    finally:\n"
        "        seen.append((before, gc.get_freeze_count()))\n"
        "cli._main = spy\n"
        f"sys.argv = ['notify', '--data-dir', {str(tmp_path / 'data')!r}, 'status']\n"
        "rc = cli.main()\n"
        "(before, during), = seen\n"
        "print(rc, before, during > 1000, gc.get_freeze_count() >= during)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].split() == ["0", "0", "True", "True"]


def test_a_call_with_argv_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    before = gc.get_freeze_count()
    threshold = gc.get_threshold()
    assert main(["--data-dir", str(tmp_path / "data"), "status"]) == 0
    assert gc.get_freeze_count() == before
    assert gc.get_threshold() == threshold
