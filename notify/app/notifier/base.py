"""The one small interface every desktop-notification back end implements.

A back end shows a ``NotificationPlanned`` (from the engine) and reports what the person did
with it as a ``BubbleReaction``. Linux talks to org.freedesktop.Notifications
(``freedesktop.py``); without a server the app's own ``popup.py`` stands in. macOS and Windows
back ends can follow behind the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from notify.core.events import NotificationPlanned

# What a reaction on a bubble means. "default" is a click on the bubble itself.
ACTION_LIKE = "like"
ACTION_DISMISS = "dismiss"
ACTION_OPEN = "open"
ACTION_DEFAULT = "default"
ACTION_IGNORE = "ignore"  # closed unread (expired)
ACTION_INBOX = "inbox"  # a click on a bubble of a server without actions: show it in the inbox


@dataclass(frozen=True)
class BubbleReaction:
    notification_id: int
    item_ids: tuple[int, ...]
    action: str  # one of the ACTION_* values
    links: tuple[str, ...] = ()


class Notifier(QObject):
    """Shows notifications; emits ``reacted(BubbleReaction)`` on the GUI thread."""

    reacted = Signal(object)
    # A one-line, user-facing notice (e.g. "no notification server; using Notify's own popup").
    notice = Signal(str)

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def supports_actions(self) -> bool:
        return True

    def show(self, note: NotificationPlanned) -> None:
        """Show one notification. Every back end overrides this (the interface's one duty;
        a QObject cannot also use ABCMeta, so the base raises)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement show()")

    def close_all(self) -> None:
        """Withdraw every bubble still shown (at quit)."""

    def shutdown(self) -> None:
        self.close_all()


def body_text(note: NotificationPlanned, *, markup: bool) -> str:
    """The bubble's body: the item text, then a line that says why it was shown (without bidi
    controls: a feed's U+202E must not turn the words around)."""
    from html import escape

    from notify.app.untrusted_text import no_bidi_controls

    body = no_bidi_controls(note.body).strip()
    why = no_bidi_controls(note.why).strip()
    why_line = QCoreApplication.translate("Notifier", "Why: {0}").format(why) if why else ""
    if not markup:
        return "\n".join(p for p in (body, why_line) if p)
    parts = [escape(body)] if body else []
    if why_line:
        parts.append(f"<i>{escape(why_line)}</i>")
    return "\n".join(parts)


SUMMARY_CHARS = 200  # a bubble's title: one line, not a wall


def summary_text(note: NotificationPlanned) -> str:
    """The bubble's title: one line, without bidi controls, cut at ``SUMMARY_CHARS``."""
    from notify.app.untrusted_text import clipped

    return clipped(note.title, SUMMARY_CHARS)
