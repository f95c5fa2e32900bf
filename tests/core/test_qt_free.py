"""The core knows no screen: every notify.core module imports with PySide6 unimportable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import notify.core


def _core_modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages(notify.core.__path__, prefix="notify.core.")
    ]


def test_core_has_modules() -> None:
    assert "notify.core.store.db" in _core_modules()


def test_every_core_module_imports_without_pyside6() -> None:
    code = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.startswith('PySide6.') for m in sys.modules)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
