"""Desktop notifications: one interface, a freedesktop back end and the app's own popup."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject

from notify.app.notifier.base import BubbleReaction, Notifier
from notify.app.notifier.popup import PopupNotifier

log = logging.getLogger(__name__)


def open_notifier(parent: QObject | None = None) -> tuple[Notifier, str | None]:
    """The best notifier this desktop offers, and a one-time notice when it had to fall back."""
    try:
        from notify.app.notifier.freedesktop import FreedesktopNotifier

        return FreedesktopNotifier.open(parent), None
    except Exception as err:  # no bus, no server, auth timeout: all mean "fall back"
        log.warning("no desktop notification server (%s: %s); using Notify's own popup",
                    type(err).__name__, err)
        notice = QCoreApplication.translate(
            "Notifier",
            "No desktop notification service is running, so Notify shows its own small "
            "window instead. Start your desktop's notification daemon to get regular bubbles.",
        )
        return PopupNotifier(parent), notice


__all__ = ["BubbleReaction", "Notifier", "PopupNotifier", "open_notifier"]
