"""Reactions and undo, for ``RankingService``: a reaction to a stored item (one per item: the
same one again changes nothing, a different one replaces it), a reaction to an item that is
not stored (``notify rank --jsonl``), and undo of the last one. Before the first ranking round
they are first-run answers, learnt as a set (``first_run.AnswerSet``); after it, each is learnt
after those before it (``learning.Learning``) and taken back exactly (``withdrawal``).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from notify.core.errors import UnknownItemError, UserInputError
from notify.core.models import Item, Reaction
from notify.core.ranking import withdrawal
from notify.core.ranking.alarm import Alarm
from notify.core.ranking.features import ItemText
from notify.core.ranking.first_run import AnswerSet
from notify.core.ranking.item_features import of_stored
from notify.core.ranking.learning import Learning, mark
from notify.core.ranking.outcomes import DONE, Reacted, Undone, replaces
from notify.core.ranking.profile import Profile
from notify.core.store import feedback as fb_store
from notify.core.store import items as items_store
from notify.core.store.sources import transaction

log = logging.getLogger(__name__)


class Reactions:
    """Reactions to the profile of ``conn`` and their undo."""

    def __init__(self, conn: sqlite3.Connection, profile: Profile, alarm: Alarm,
                 learning: Learning) -> None:
        self.conn = conn
        self.profile = profile
        self.alarm = alarm
        self.learning = learning
        self.first_run = AnswerSet(conn, profile, alarm, learning)

    def learn_text(
        self, it: ItemText, label: str, now: float, item_id: int | None = None,
        *, chosen: bool = True, record: Sequence[list[Any]] = (),
    ) -> None:
        """``RankingService.learn_text``: before the first ranking round, the answers are
        learnt as a set (``first_run.AnswerSet``)."""
        label = str(Reaction(label))
        if self.first_run.open():
            self.first_run.answer(it, label, now, item_id, record)
            return
        self.learning.learn(it, label, now, item_id, chosen=chosen, record=record)

    def feedback(self, item_id: int, label: str, now: float | None = None) -> Reacted:
        """A reaction to a stored item. A Dismiss applies to the whole story group. An item has
        one reaction: the same one again changes nothing, a different one replaces it (the
        earlier one is taken back exactly, then the new one is learnt; ``replaces``)."""
        now = time.time() if now is None else now
        try:
            label = str(Reaction(label))
        except ValueError as err:
            raise UserInputError(
                f"{label!r} is not a reaction; use like, dismiss, open or ignore.") from err
        item = items_store.get(self.conn, item_id)
        with transaction(self.conn):
            # only an item marked with a reaction can have one to replace (the common case
            # costs no query)
            earlier = (fb_store.last_reaction_to(self.conn, item_id)
                       if item.reaction is not None else None)
            # marked by its own reaction given before a reset or an import: the profile knows
            # nothing of it; the same one again is learnt, another replaces it as usual
            forgotten = earlier is None and withdrawal.forgotten_mark(
                self.conn, item_id, item.reaction)
            if forgotten and label != item.reaction and not replaces(label, str(item.reaction)):
                return Reacted(item_id, label, item.reaction, learned=False)
            if earlier is None and item.reaction == label and not forgotten:
                # marked by the Dismiss of its story (another copy's): dismissed already
                return Reacted(item_id, label, label, learned=False)
            if earlier is not None:
                if not replaces(label, earlier.label):
                    return Reacted(item_id, label, earlier.label, learned=False)
                last = fb_store.last_feedback(self.conn)
                self._withdraw(earlier, last=last is not None and last.id == earlier.id)
            copies = self._react(item, label, now,
                                 replacing=earlier.label if earlier else None)
        return Reacted(item_id, label, earlier.label if earlier else None, copies=copies)

    def _react(self, item: Item, label: str, now: float, *,
               replacing: str | None) -> tuple[int, ...]:
        """Learn a reaction to a stored item and mark it; returns the other copies of its
        story a Dismiss marked too (not one the person answered on its own: their answer
        stays theirs). ``replacing``: the reaction it replaces (undo gives it back)."""
        self.learn_text(of_stored(self.conn, [item])[0], label, now, item.id,
                        chosen=item.notified_at is not None,
                        record=[[withdrawal.REPLACED_ROW, replacing]] if replacing else [])
        return mark(self.conn, item, label)

    def last_reaction(self) -> tuple[int | None, str] | None:
        """The reaction ``undo_last`` would take back, (item id, label); None: there is none."""
        row = self.first_run.newest_reaction()
        return None if row is None else (row.item_id, row.label)

    def cannot_undo(self) -> str:
        """Why the newest reaction can no longer be undone ("": it can, or there is none;
        ``withdrawal.cannot_undo``): given before the profile was reset or replaced, it taught
        the profile as it is now nothing. ``undo_last`` then undoes nothing (None)."""
        return withdrawal.cannot_undo(self.conn, self.profile)

    def undo_last(self, now: float | None = None) -> Undone | None:
        """Undo the last reaction exactly; returns what was undone, or None. A reaction that
        replaced an earlier one to the same item gives the item that one back (learnt again,
        at ``now``): undo goes back to the answer before the change of mind."""
        now = time.time() if now is None else now
        with transaction(self.conn):
            row = self.first_run.newest_reaction()
            if row is None:
                return None
            items = self._withdraw(row, last=True)
            what = f"your {row.label}" + (f" of item {row.item_id}" if row.item_id else "")
            n = sum(1 for i in items if i != row.item_id)  # a story's copies its Dismiss marked
            if n and row.item_id:
                what += f" and of the same story's {n} other {'copy' if n == 1 else 'copies'}"
            earlier = next((str(e[1]) for e in row.changes
                            if e[0] == withdrawal.REPLACED_ROW), None)
            if earlier is not None and row.item_id is not None:
                try:
                    item = items_store.get(self.conn, row.item_id)
                except UnknownItemError:  # pruned since: nothing to give the reaction back to
                    log.info("ranking: item %d is gone; its earlier %s is not given back",
                             row.item_id, earlier)
                else:
                    items += self._react(item, earlier, now, replacing=None)
                    what += f" (it is {DONE.get(earlier, earlier)} again)"
        return Undone(what, tuple(dict.fromkeys(items)))

    def take_back(self, item_id: int) -> Undone | None:
        """Take back the reaction to one item, whether or not others came after it (the
        first-run page's second click on Like or Dismiss): exactly, as undo does (a first-run
        answer: the others are learnt again in set order); the item is left without a
        reaction (one it replaced is not given back). None: it has none to take back."""
        item = items_store.get(self.conn, item_id)
        if item.reaction is None:
            return None
        with transaction(self.conn):
            row = fb_store.last_reaction_to(self.conn, item_id)
            if row is None:  # marked by a copy's Dismiss, or before a reset: nothing learnt
                return None
            newest = fb_store.last_feedback(self.conn)
            items = self._withdraw(row, last=newest is not None and newest.id == row.id)
        return Undone(f"your {row.label} of item {item_id}", tuple(dict.fromkeys(items)))

    def _withdraw(self, row: fb_store.FeedbackRow, *, last: bool) -> tuple[int, ...]:
        """Take a recorded reaction back (``withdrawal.withdraw``; a first-run answer: the
        others are learnt again in set order, ``first_run.AnswerSet.take_back``); returns the
        items whose reaction it unmarked."""
        if self.first_run.open():
            taken = self.first_run.take_back(row)
            if taken is not None:
                return taken
        unmarked = withdrawal.withdraw(self.conn, self.profile, self.alarm, row, last=last)
        self.learning.forget_reactions()  # read the reactions that are left again when needed
        return unmarked

