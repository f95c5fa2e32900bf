"""Notify: a private desktop notifier that learns on the device what one person cares about."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Notify"
APP_ID = "io.github.notify.Notify"
