"""What the person's action on a bubble does (``Notifier.reacted``): Like, Dismiss and an
expiry ("ignore") go to the engine as the story's reaction, on its lead item (a story from
several sources trains once); Open, once a browser took the link (else the item in the inbox,
saying why, and nothing recorded); Show in Notify, the item in the inbox. A bubble of several
stories (a burst's group, a digest) teaches nothing: any action but an expiry shows its lead
story in the inbox. An action that shows the person saw the bubble takes its stories off the
tray's count (``tray_count.py``); one that expired unread leaves them on it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.notifier import BubbleReaction
from notify.app.notifier.base import (
    ACTION_DEFAULT,
    ACTION_DISMISS,
    ACTION_IGNORE,
    ACTION_INBOX,
    ACTION_LIKE,
    ACTION_OPEN,
)
from notify.app.notifier.browser import LinkOpener
from notify.app.tray_count import UnseenStories

log = logging.getLogger(__name__)
# what the person does on a bubble that shows they saw it (not "ignore": it expired unread)
ACTED = frozenset({ACTION_LIKE, ACTION_DISMISS, ACTION_OPEN, ACTION_DEFAULT, ACTION_INBOX})


class BubbleActions(QObject):
    """``show_item(item_id)``: the item in the inbox; ``not_opened(item_id, why)``: there, with
    why no browser opened its link."""

    def __init__(self, bridge: EngineBridge, unseen: UnseenStories,
                 show_item: Callable[[int], None], not_opened: Callable[[int, str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.unseen = unseen
        self._show_item = show_item
        self._not_opened = not_opened
        self.links = LinkOpener(self)  # says whether a browser took a link (xdg-open's answer)

    def on_reaction(self, reaction: BubbleReaction) -> None:
        if not reaction.item_ids:
            return
        if reaction.action in ACTED:  # seen: its stories are dealt with
            self.unseen.acted(reaction.item_ids)
        lead = reaction.item_ids[0]
        action = reaction.action
        if not reaction.one_story:  # a burst's group or a digest: about no one story
            if action != ACTION_IGNORE:
                self._show_item(lead)
            return
        if action == ACTION_INBOX:
            self._show_item(lead)
            return
        if action in (ACTION_OPEN, ACTION_DEFAULT):
            if reaction.links:  # an "open" only once a browser took the link
                self.links.open(reaction.links[0], lambda: self._record(reaction, "open"),
                                lambda text: self._not_opened(lead, text))
                return
            self._show_item(lead)
            label = "open"
        elif action in (ACTION_LIKE, ACTION_DISMISS, ACTION_IGNORE):
            label = action
        else:
            log.warning("unknown notification action %r ignored", action)
            return
        self._record(reaction, label)

    def _record(self, reaction: BubbleReaction, label: str) -> None:
        def failed(err: BaseException) -> None:
            log.error("saving %s on notification %d failed: %s", label,
                      reaction.notification_id, err)

        # A group is one story: the reaction trains once, on its lead item.
        ops.feedback(self, reaction.item_ids[0], label).failure(failed).run_in_background(
            self.bridge)
