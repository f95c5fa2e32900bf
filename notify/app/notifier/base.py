"""The one small interface every desktop-notification back end implements.

A back end shows a ``NotificationPlanned`` (from the engine) and reports what the person did
with it as a ``BubbleReaction``. Linux talks to org.freedesktop.Notifications
(``freedesktop.py``); without a server the app's own ``popup.py`` stands in. macOS and Windows
back ends can follow behind the same interface.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRect, QTimer, Signal

from notify.core.events import NotificationPlanned
from notify.core.policy import line_title

log = logging.getLogger(__name__)

# What a reaction on a bubble means. "default" is a click on the bubble itself.
ACTION_LIKE = "like"
ACTION_DISMISS = "dismiss"
ACTION_OPEN = "open"
ACTION_DEFAULT = "default"
ACTION_IGNORE = "ignore"  # closed unread (expired)
ACTION_INBOX = "inbox"  # a click on a bubble of a server without actions: show it in the inbox
# How long a notification waits for the engine's explanation of its lead item before it is
# shown with the engine's own one-line why (the engine thread may be busy with a poll round).
EXPLAIN_TIMEOUT_MS = 1500


@dataclass(frozen=True)
class BubbleReaction:
    notification_id: int
    item_ids: tuple[int, ...]
    action: str  # one of the ACTION_* values
    links: tuple[str, ...] = ()
    kind: str = "single"  # the notification's kind (``NotificationPlanned.kind``)

    @property
    def one_story(self) -> bool:
        return self.kind == "single"


def one_story(note: NotificationPlanned) -> bool:
    """Does the bubble tell one story (one item, or one story from several sources)? A burst's
    group ("4 new stories from LWN, Ars and Verge") and a digest list several: a Like, a
    Dismiss or an Open of the bubble would land on whichever story happened to be first, and
    letting it expire says nothing about any one of them. Those bubbles offer only "Show in
    Notify" (the inbox, where each story has its own buttons) and teach nothing."""
    return note.kind == "single"


def reaction_to(note: NotificationPlanned, action: str) -> BubbleReaction:
    """What a back end reports for ``action`` on the bubble of ``note``."""
    return BubbleReaction(note.notification_id, note.item_ids, action, note.links, note.kind)


class Notifier(QObject):
    """Shows notifications; emits ``reacted(BubbleReaction)`` on the GUI thread.

    ``show`` first asks the engine (when ``explain_with`` gave it the bridge) why the lead
    item ranked as it did, and words the strongest reasons (``why.py``); each back end then
    ``present``s the note."""

    reacted = Signal(object)
    # A one-line, user-facing notice (e.g. "no notification server; using Notify's own popup").
    notice = Signal(str)
    # the text of a notice of Notify's own the person clicked (one ``announce``d with an action)
    noticeClicked = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge: Any = None
        self._tray_area: Callable[[], QRect] | None = None

    def explain_with(self, bridge: Any) -> None:
        """Word each notification's reasons from the engine's explanation of its lead item
        (``bridge.submit(op, success, failure)``: the ``EngineBridge``; nothing blocks)."""
        self._bridge = bridge

    def keep_clear_of(self, tray_area: Callable[[], QRect]) -> None:
        """Where the tray icon is (its global geometry, asked when needed): a back end that
        places its own windows keeps them away from it."""
        self._tray_area = tray_area

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def supports_actions(self) -> bool:
        return True

    def show(self, note: NotificationPlanned) -> None:
        """Show one notification, its why line in words when the engine can say it."""
        bridge = self._bridge
        if bridge is None or note.kind != "single" or not note.item_ids:
            self.present(note)  # a group or digest says its own why ("held during quiet…")
            return
        done = False
        timer = QTimer(self)
        timer.setSingleShot(True)

        def finish(shown: NotificationPlanned) -> None:
            nonlocal done
            if done:
                return
            done = True
            timer.stop()
            timer.deleteLater()
            self.present(shown)

        def explained(explanation: Any) -> None:
            from notify.app.notifier.why import why_line

            finish(replace(note, why=why_line(note.why, explanation)))

        def failed(err: BaseException) -> None:
            log.warning("notification %d: no explanation of item %d (%s); showing the "
                        "engine's why", note.notification_id, note.item_ids[0], err)
            finish(note)

        def late() -> None:
            log.warning("notification %d: the explanation of item %d took over %d ms; "
                        "showing the engine's why", note.notification_id, note.item_ids[0],
                        EXPLAIN_TIMEOUT_MS)
            finish(note)

        timer.timeout.connect(late)
        timer.start(EXPLAIN_TIMEOUT_MS)
        from notify.app import operations as ops

        lead = note.item_ids[0]
        ops.Op(self, lambda engine: engine.explain(lead), explained).failure(
            failed).run_in_background(bridge)

    def present(self, note: NotificationPlanned) -> None:
        """Put one notification on screen, as it is. Every back end overrides this (the
        interface's one duty; a QObject cannot also use ABCMeta, so the base raises)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement present()")

    def announce(self, text: str, action: str = "") -> bool:
        """Say a notice of Notify's own ("Poll now failed: …"; no story, nothing learned) the
        way the desktop shows notifications. ``action``: what a click on it does, in words
        ("Show in Settings"; empty: a click only closes it); a click emits ``noticeClicked``
        with ``text``. False when this back end cannot: the caller says it another way."""
        return False

    def withdraw(self, text: str) -> None:
        """Close the bubble of the notice ``text`` (``announce``), if it is still shown: it no
        longer stands (dismissed in the inbox, or no longer true), and a click on it would act
        on what is no longer said."""

    def close_all(self) -> None:
        """Withdraw every bubble still shown (at quit)."""

    def shutdown(self) -> None:
        self.close_all()


def body_text(note: NotificationPlanned, *, markup: bool) -> str:
    """The bubble's body: the item text, then a line that says why it was shown. Bidi controls
    are dropped (a feed's U+202E must not turn the words around) except the balanced isolates
    the core sets around right-to-left names in its sentences (``bidi.display``: "also in:
    ⁨חדשות⁩, sport" keeps its order)."""
    from html import escape

    from notify.core.bidi import display

    body = display(note.body).strip()
    why = display(note.why).strip()
    why_line = QCoreApplication.translate("Notifier", "Why: {0}").format(why) if why else ""
    if not markup:
        return "\n".join(p for p in (body, why_line) if p)
    parts = [escape(body)] if body else []
    if why_line:
        parts.append(f"<i>{escape(why_line)}</i>")
    return "\n".join(parts)


SUMMARY_CHARS = 120  # a bubble's title: two or three lines at most, not a wall of bold text


def summary_text(note: NotificationPlanned) -> str:
    """The bubble's title: one line, cut before ``SUMMARY_CHARS`` at a word's end where there is
    one ("…mainline acceptance…", not "…m…"), without bidi controls but the core's balanced
    isolates around right-to-left names ("6 new stories from ⁨הארץ⁩, LWN and 3 other
    sources": ``bidi.display``, again after the cut, which may split an isolate)."""
    from notify.app.untrusted_text import one_line_keeping_isolates
    from notify.core.bidi import display

    line = (one_line_keeping_isolates(note.title)
            or QCoreApplication.translate("Notifier", "(no title)"))
    return display(line_title(line, SUMMARY_CHARS))


def server_summary(note: NotificationPlanned) -> str:
    """The title as a notification server gets it: ``summary_text``, isolated (FSI … PDI) when
    it holds right-to-left text. The server sets it in a line of its own making (dunst puts
    "(A)" before it), whose direction is left-to-right: an Arabic or Hebrew title read its
    words in the wrong order there. A left-to-right title goes as it is, as the core's
    ``bidi.isolate`` leaves one: isolated, every title carried two invisible characters into
    dunst's action menu ("#Like (⁨Rust …⁩)", where typing "Like (Rust" matched nothing),
    its history and a menu font's boxes."""
    from notify.app.untrusted_text import FSI, PDI
    from notify.core.bidi import right_to_left

    text = summary_text(note)
    return f"{FSI}{text}{PDI}" if right_to_left(text) else text


def needed_isolates(text: str) -> str:
    """A sentence of ours for a bubble: the isolates (FSI … PDI) that hold right-to-left text
    kept, those around a left-to-right name dropped. The footer isolates every name it says
    ("⁨Local Daily⁩ failed 2 times in a row"); in a bubble those two invisible characters
    reached dunst's action menu and history, as the titles' did (``server_summary``)."""
    import re

    from notify.app.untrusted_text import FSI, PDI
    from notify.core.bidi import right_to_left

    return re.sub(f"{FSI}([^{FSI}{PDI}]*){PDI}",
                  lambda m: m.group(0) if right_to_left(m.group(1)) else m.group(1), text)


NOTICE_HEAD_CHARS = 80  # a notice's headline: what happened, on one line of a bubble


def notice_parts(text: str, *, markup: bool) -> tuple[str, str]:
    """A notice of Notify's own as a bubble's summary and body. The specification's summary is
    "a single line overview"; the whole notice as the summary was a wall of bold text ("Beta
    News failed 3 times in a row: 127.0.0.1 has nothing at this address (HTTP 404 Not
    Found). Check the address; …" in five bold lines). The headline is what comes before the
    first ": " ("Poll now failed"), the body the rest, capitalised ("The disk is full"),
    escaped for a server that takes markup; a notice without such a headline is the summary
    alone."""
    from html import escape

    text = needed_isolates(text)
    head, sep, rest = text.partition(": ")
    rest = rest.strip()
    if not sep or not rest or not head.strip() or len(head) > NOTICE_HEAD_CHARS:
        return text, ""
    body = rest[:1].upper() + rest[1:]
    return head.strip(), escape(body) if markup else body
