"""The first-run answers, learnt as a set: the reactions given before the first ranking round,
the first one that could notify (``Ranker._touch``: a round of only a new source's backlog does
not count): the first-run thumbs of ``notify rank --jsonl``'s onboarding, the answers on the
app's first-run page (on the items of its first poll, all backlog).

A person does not mean their first-run answers in an order, but an online update reads each
reaction after the ones before it: a Dismissal given after a Like of the same source was blamed
on the item's words (vetoes), given before it on the source (docs/ranking.md, twelfth and
thirteenth rounds). So the profile is always the one learnt from the answers that say no
(Dismiss, Ignore) first, then those that say yes (Like, Open), each group in the order given
(``in_set_order``). When an answer comes, is undone or is replaced, the reactions learnt after
the first one out of that order are taken back exactly (``withdrawal``) and learnt again in it
(``plan``; ``AnswerSet`` does it, for ``RankingService``).

Stored in the profile's value ``first_run`` (``load``, ``save``): the standing answers in the
order given, each with its feedback row and the item as the ranker read it (an item of
``notify rank --jsonl`` is stored nowhere else). Undo takes back the answer given last, not the
row learnt last. Emptied at the first ranking round; a reset or an import forgets it with the
rest of the profile.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from notify.core.errors import UnknownItemError
from notify.core.models import Reaction
from notify.core.ranking import withdrawal
from notify.core.ranking.alarm import Alarm
from notify.core.ranking.features import ItemText
from notify.core.ranking.learning import Learning, mark
from notify.core.ranking.profile import Profile
from notify.core.store import feedback as store
from notify.core.store import items as items_store

log = logging.getLogger(__name__)

KEY = "first_run"  # the profile value (``store.feedback.get_value``)
SAYS_NO = frozenset((str(Reaction.DISMISS), str(Reaction.IGNORE)))


@dataclass(frozen=True)
class Answer:
    """One first-run answer: its feedback row (0: not learnt yet), the item's id (None: an
    item of ``notify rank --jsonl``), the reaction, the item as the ranker reads it, when it
    was given (it is learnt again at that time: the same answers give the same profile), and
    the reaction it replaced (``withdrawal.REPLACED_ROW``; None: none)."""

    row: int
    item_id: int | None
    label: str
    text: ItemText
    at: float
    replaced: str | None = None

    def learnt(self, row: int) -> Answer:
        return replace(self, row=row)


def in_set_order(answers: Sequence[Answer]) -> list[Answer]:
    """The order the answers are learnt in: those that say no first, then those that say
    yes, each group in the order given."""
    return ([a for a in answers if a.label in SAYS_NO]
            + [a for a in answers if a.label not in SAYS_NO])


def plan(learnt: Sequence[Answer], wanted: Sequence[Answer]) -> tuple[list[Answer], list[Answer]]:
    """What to take back, newest first, and what to learn, in order, to go from the answers
    ``learnt`` (in the order of their rows) to ``wanted`` (in set order): the rows from the
    first one out of place on. A new answer (row 0) goes where ``wanted`` puts it."""
    same = 0
    for have, want in zip(learnt, wanted, strict=False):
        if have.row == 0 or have.row != want.row:
            break
        same += 1
    return list(reversed(learnt[same:])), list(wanted[same:])


def _text(raw: dict[str, Any]) -> ItemText:
    return ItemText(**{**raw, "authors": tuple(raw.get("authors") or ()),
                       "tags": tuple(raw.get("tags") or ())})


def load(conn: sqlite3.Connection) -> list[Answer]:
    """The standing first-run answers, in the order given."""
    return [Answer(int(a["row"]), a["item_id"], str(a["label"]), _text(a["text"]),
                   float(a["at"]), a.get("replaced"))
            for a in store.get_value(conn, KEY, [])]


def save(conn: sqlite3.Connection, answers: Sequence[Answer]) -> None:
    store.set_value(conn, KEY, [{"row": a.row, "item_id": a.item_id, "label": a.label,
                                 "text": asdict(a.text), "at": a.at, "replaced": a.replaced}
                                for a in answers])


def close(conn: sqlite3.Connection) -> None:
    """The first ranking round: the answers stand as learnt; nothing is reordered any more."""
    if store.get_value(conn, KEY):
        store.set_value(conn, KEY, [])


class AnswerSet:
    """The first-run answers of a profile, learnt as a set: a new one, one undone or replaced
    is learnt where the set order puts it, the rows after it taken back and learnt again."""

    def __init__(self, conn: sqlite3.Connection, profile: Profile, alarm: Alarm,
                 learning: Learning) -> None:
        self.conn = conn
        self.profile = profile
        self.alarm = alarm
        self.learning = learning

    def open(self) -> bool:
        """Before the first ranking round: reactions are first-run answers."""
        return not self.profile.meta.get("rounds", 0)

    def newest_reaction(self) -> store.FeedbackRow | None:
        """The reaction undo takes back: the last one given (a first-run answer's row is not
        always the newest)."""
        if self.open():
            answers = load(self.conn)
            if answers:
                row = store.feedback_by_id(self.conn, answers[-1].row)
                if row is not None:
                    return row
                log.warning("ranking: the first-run answer %d is gone from the reactions; "
                            "undo takes back the newest reaction", answers[-1].row)
        return store.last_feedback(self.conn)

    def answer(self, it: ItemText, label: str, now: float, item_id: int | None,
               record: Sequence[list[Any]]) -> None:
        """A first-run answer: learnt where the set order puts it."""
        replaced = next((str(e[1]) for e in record if e[0] == withdrawal.REPLACED_ROW), None)
        given = load(self.conn)
        self._relearn(given, [*given, Answer(0, item_id, label, it, now, replaced)])

    def take_back(self, row: store.FeedbackRow) -> tuple[int, ...] | None:
        """Take back a first-run answer (undone or replaced) and learn the ones after it in
        set order again; returns the items whose reaction it unmarked (None: ``row`` is no
        first-run answer)."""
        given = load(self.conn)
        if all(a.row != row.id for a in given):
            return None
        unmarked = self._relearn(given, [a for a in given if a.row != row.id], dropped=row.id)
        self.learning.forget_reactions()
        return unmarked

    def _relearn(self, given: list[Answer], answers: list[Answer],
                 dropped: int = 0) -> tuple[int, ...]:
        """From the first-run answers ``given`` (in the order given, as learnt) to ``answers``:
        take back the rows from the first one out of set order on, newest first, exactly,
        and learn them again in set order, each at the time it was given, each item marked
        again. Returns the items the taking back of the row ``dropped`` unmarked."""
        take_back, learn = plan(sorted(given, key=lambda a: a.row), in_set_order(answers))
        unmarked: tuple[int, ...] = ()
        for a in take_back:
            row = store.feedback_by_id(self.conn, a.row)
            if row is None:
                raise RuntimeError(f"the first-run answer {a.row} is not among the standing "
                                   "reactions; the profile cannot be learnt again in set order")
            items = withdrawal.withdraw(self.conn, self.profile, self.alarm, row, last=True)
            if a.row == dropped:
                unmarked = items
        rows: dict[int, int] = {}  # id(answer) -> its row, learnt now
        for a in learn:
            rows[id(a)] = self.learning.learn(
                a.text, a.label, a.at, a.item_id, chosen=False,
                record=[[withdrawal.REPLACED_ROW, a.replaced]] if a.replaced else [])
            if a.row and a.item_id is not None:  # learnt again: marked again
                try:
                    mark(self.conn, items_store.get(self.conn, a.item_id), a.label)
                except UnknownItemError:
                    log.info("ranking: item %d is gone; its first-run %s is learnt again "
                             "without it", a.item_id, a.label)
        save(self.conn, [a.learnt(rows[id(a)]) if id(a) in rows else a for a in answers])
        return unmarked
