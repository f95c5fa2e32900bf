"""The README's two commands, ``make run`` and ``make test``, on a machine whose Python is too
old or missing: one line that says which Python it found and what to run instead, before
anything is installed (pip said "requires a different Python: 3.10.12 not in '>=3.11'" after
creating .venv; Ubuntu 22.04's python3 is 3.10)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("goal", "python", "found"), [
    ("run", "py310", "Python 3.10.12"),
    ("test", "py310", "Python 3.10.12"),
    ("run", "/nonexistent/python3", "not found"),
])
def test_a_python_older_than_3_11_is_refused_before_anything_is_installed(
    tmp_path: Path, goal: str, python: str, found: str
) -> None:
    shutil.copy(REPO / "Makefile", tmp_path)
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    fake = tmp_path / "py310"
    fake.write_text('#!/bin/sh\n[ "$1" = "--version" ] && echo "Python 3.10.12" && exit 0\n'
                    "exit 1\n")
    fake.chmod(0o755)
    python = str(fake) if python == "py310" else python
    done = subprocess.run(["make", "-s", goal, f"PYTHON={python}"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert done.stderr.splitlines()[0] == (
        f"Notify needs Python 3.11 or newer, and {python} is: {found}. Install Python 3.11 or "
        f"newer, then give it: make {goal} PYTHON=python3.11")
    assert not (tmp_path / ".venv").exists()
