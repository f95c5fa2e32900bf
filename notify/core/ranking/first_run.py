"""The first-run answers, learnt as a set: the reactions given before the first ranking round
(the first-run thumbs of ``notify rank --jsonl``'s onboarding, a reaction in the app before its
first poll).

A person does not mean their first-run answers in an order, but an online update reads each
reaction after the ones before it: a Dismissal given after a Like of the same source was blamed
on the item's words (vetoes), given before it on the source (docs/ranking.md, twelfth and
thirteenth rounds). So the profile is always the one learnt from the answers that say no
(Dismiss, Ignore) first, then those that say yes (Like, Open), each group in the order given
(``in_set_order``). When an answer comes, is undone or is replaced, the reactions learnt after
the first one out of that order are taken back exactly (``withdrawal``) and learnt again in it
(``plan``; ``RankingService`` does it).

Stored in the profile's value ``first_run`` (``load``, ``save``): the standing answers in the
order given, each with its feedback row and the item as the ranker read it (an item of
``notify rank --jsonl`` is stored nowhere else). Undo takes back the answer given last, not the
row learnt last. Emptied at the first ranking round; a reset or an import forgets it with the
rest of the profile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from notify.core.models import Reaction
from notify.core.ranking.features import ItemText
from notify.core.store import feedback as store

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
