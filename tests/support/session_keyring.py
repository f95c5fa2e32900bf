"""The gate of tests that need the real gnome-keyring (Secret Service) that
``tests/session/keyring_env.sh`` starts (``make test`` runs them there, through
``tests/run-all.sh``); elsewhere they are skipped with that reason."""

from __future__ import annotations

import os

import pytest

needs_session_keyring = pytest.mark.skipif(
    os.environ.get("NOTIFY_SESSION_KEYRING") != "1",
    reason="needs the real gnome-keyring: run under tests/session/keyring_env.sh or run.sh",
)
