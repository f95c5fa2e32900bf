from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import keyring
import pytest
from hypothesis import settings as _hyp_settings
from keyring.backends import fail

if TYPE_CHECKING:
    from notify.app.collector import GuiThreadCollector

# Qt aborts the whole process without a platform: default to offscreen for widget tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# CI explores the same examples on every run (a failure there is reproducible, never a flake);
# developers' runs draw new examples each time and keep failures in .hypothesis/ to replay.
_hyp_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    _hyp_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's real data folder or proxies."""
    monkeypatch.delenv("NOTIFY_DATA_DIR", raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A command run in-process (``notify.cli.main``) configures the root logger as a process
    would: a handler on standard error and the level WARNING. Left in place, every later test
    logged through them (bubbles' warnings on the terminal, a level the test never chose);
    taken back here, except pytest's own capture handlers."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in handlers and not type(handler).__module__.startswith("_pytest"):
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in root.handlers and not type(handler).__module__.startswith("_pytest"):
            root.addHandler(handler)
    root.setLevel(level)


_COLLECTORS: list[GuiThreadCollector] = []


@pytest.fixture(scope="session")
def qapp(qapp: object) -> Iterator[object]:
    """pytest-qt's application, under the app's own collector policy (notify/app/collector.py):
    once widgets exist, every cyclic collection runs on the main thread. Left automatic, the
    collector ran on the threads of the tests' engines, readers and servers, and freed cycles
    holding widgets there (tests/app/test_collector.py names those threads)."""
    from notify.app.collector import GuiThreadCollector

    collector = GuiThreadCollector()
    _COLLECTORS.append(collector)
    yield qapp
    _COLLECTORS.remove(collector)
    collector.restore()


@pytest.fixture(autouse=True)
def _collections_between_tests() -> Iterator[None]:
    """Tests that run no event loop (the core's, after the app's) still have their garbage
    collected: what is due, on the main thread, after each of them."""
    yield
    for collector in _COLLECTORS:
        collector.collect_due()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine with no system keyring (no Secret Service): every keyring call fails."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)
