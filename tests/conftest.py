from __future__ import annotations

import os

import pytest

# Qt aborts the whole process without a platform: default to offscreen for widget tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's real data folder or proxies."""
    monkeypatch.delenv("NOTIFY_DATA_DIR", raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
