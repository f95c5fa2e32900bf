"""What the tray's badge counts: the stories notified since the person last looked at the inbox,
not yet dealt with through their bubble.

A story, not an item: the same story from several sources is one notification (docs/ranking.md,
the policy) and counts once, however many sources told it; a burst's group or a digest of 4
stories counts 4. A bubble of one story is one at once. A group's or a digest's items are each
counted until the store says which of them tell one story (their ``group_key``, as the daily
budget counts stories: ``store.notifications.stories_since``), read on the inbox's reader
thread: the badge said 12 for a burst of 5 stories from 12 sources.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from notify.app.inbox.reader import Reader
from notify.app.notifier.base import one_story
from notify.app.qtcompat import emit
from notify.core.events import NotificationPlanned
from notify.core.store.notifications import story_keys

log = logging.getLogger(__name__)


def _own(item_id: int) -> str:
    return f"item:{item_id}"


class UnseenStories(QObject):
    """``changed`` carries how many stories are unseen now."""

    changed = Signal(int)

    def __init__(self, reader: Reader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._stories: dict[str, frozenset[int]] = {}  # story key: its unseen items
        self._generation = 0  # cleared since a read was asked: its answer is stale

    @property
    def count(self) -> int:
        return len(self._stories)

    @property
    def stories(self) -> tuple[frozenset[int], ...]:
        """The unseen stories, each its items' ids (what the inbox shows when opened for
        them: ``inbox/new_stories.py``)."""
        return tuple(self._stories.values())

    def add(self, note: NotificationPlanned) -> None:
        """A bubble was shown while the person was not in the inbox."""
        ids = tuple(note.item_ids)
        if not ids:
            return
        if one_story(note):
            self._stories[_own(ids[0])] = frozenset(ids)
        else:
            for item_id in ids:
                self._stories[_own(item_id)] = frozenset({item_id})
            generation = self._generation
            self._reader.submit(
                lambda conn: story_keys(conn, list(ids)),
                lambda keys: self._grouped(generation, ids, keys),
                lambda message: log.warning("the tray counts each item of notification %d "
                                            "as a story: %s", note.notification_id, message),
                owner=self)
        emit(self.changed, self.count)

    def _grouped(self, generation: int, ids: tuple[int, ...], keys: dict[int, str]) -> None:
        """The stories of a group's or a digest's items: those told by several sources count
        once."""
        if generation != self._generation:
            return
        still = [i for i in ids if self._stories.get(_own(i)) == frozenset({i})]
        for item_id in still:
            del self._stories[_own(item_id)]
        for item_id in still:
            key = keys.get(item_id, _own(item_id))
            self._stories[key] = self._stories.get(key, frozenset()) | {item_id}
        emit(self.changed, self.count)

    def acted(self, item_ids: Iterable[int]) -> bool:
        """The person dealt with these items through their bubble: their stories no longer
        count. False when none of them was counted."""
        ids = set(item_ids)
        gone = [key for key, items in self._stories.items() if items & ids]
        for key in gone:
            del self._stories[key]
        if gone:
            emit(self.changed, self.count)
        return bool(gone)

    def clear(self) -> None:
        """The person came to the inbox: nothing is unseen."""
        self._generation += 1
        self._stories.clear()
        emit(self.changed, 0)
