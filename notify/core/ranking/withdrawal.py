"""Taking a recorded reaction back exactly (undo, or a reaction replaced by another).

Each feedback row records what the reaction changed: every profile row with the value it held
before, and entries that are no feature's (below). ``withdraw`` gives each profile row back
what it held before, unless a later reaction changed it too: then the row loses only this
reaction's own effect, faded as evidence fades, and keeps what came after (``_left_by``). What
the reaction taught the reading of the person's reactions is taken out of the counts, the
change watch's value goes back when nothing moved it since, the alarm's own record is undone,
and the item (with the copies of its story a Dismiss marked) loses its reaction.

A reaction given before the profile was reset or replaced by an import is forgotten
(``store.feedback.FORGOTTEN``): what it taught is gone with the rest, so there is nothing to take
back and it can no longer be undone (``cannot_undo`` says so); the item keeps its mark (it is a
fact of what the person did), which it shows again when a later reaction to it is taken back.
"""

from __future__ import annotations

import logging
import sqlite3

from notify.core.errors import UnknownItemError
from notify.core.models import Reaction
from notify.core.ranking import profile_file
from notify.core.ranking.alarm import Alarm
from notify.core.ranking.learner import DAY
from notify.core.ranking.profile import Profile
from notify.core.ranking.reading import Reading
from notify.core.store import feedback as fb_store
from notify.core.store import items as items_store
from notify.core.store import notifications as n_store

log = logging.getLogger(__name__)

# A feedback row's entries besides the profile rows it changed (their names are no feature's):
# what it taught the reading of the person's reactions, [READING_ROW, label, wanted, unwanted]
# (added to the counts: taken out exactly), and the change watch's value, [CHANGE_ROW, before,
# after] (a running maximum: put back only while nothing moved it since).
READING_ROW = "@reading"
CHANGE_ROW = "@change"
# ... and the reaction it replaced, [REPLACED_ROW, label] (undoing this one gives the item
# that reaction again).
REPLACED_ROW = "@replaced"
NOT_FEATURES = (READING_ROW, CHANGE_ROW, REPLACED_ROW)
# Replacing an earlier reaction takes its effect out of the rows later reactions changed too,
# looking this many half-lives after it at most (what it left has faded below 1 %).
_FADED = 7.0


def withdraw(conn: sqlite3.Connection, profile: Profile, alarm: Alarm, row: fb_store.FeedbackRow,
         *, last: bool) -> tuple[int, ...]:
    """Take a recorded reaction back (inside the caller's transaction). Each profile row
    it changed gets back what it held before, unless a later reaction changed it too: then
    the row loses only this reaction's own effect, faded as evidence fades, and keeps what
    came after (what this reaction left in the row is what the next one recorded as its
    old value, ``_left_by``). ``last``: no reaction came after it; a row changed since in
    another way ("less of", pruning) then gets its old value back, as undo always did;
    for an earlier reaction such a row is left as it is."""
    weights = profile.weights
    table = weights.table
    hl = profile.config.half_life_days * DAY

    def fade(since: float, until: float) -> float:
        return 0.5 ** ((until - since) / hl) if hl > 0 and until > since else 1.0

    meta = profile.meta
    left = {} if last else _left_by(conn, profile, row)
    restore: dict[str, list[float]] = {}
    drop: list[str] = []
    for entry in row.changes:
        if entry[0] == READING_ROW:
            _untaught(profile, entry[1], float(entry[2]), float(entry[3]))
            continue
        if entry[0] == CHANGE_ROW:
            if meta.get("change", 0.0) == entry[2]:
                meta["change"] = entry[1]
            continue
        if entry[0] == REPLACED_ROW:
            continue  # ``undo_last`` gives it back
        name, mean, prec, at = entry
        current = table.get(name)
        after = left.get(name)
        if name not in left and (last or (current is not None and current[2] == row.at)):
            if mean is None:  # untouched since (or the last reaction): as it was
                drop.append(name)
                table.pop(name, None)
            else:
                restore[name] = table[name] = [float(mean), float(prec), float(at)]
        elif current is not None and after is not None:
            k = fade(float(at), row.at) if mean is not None else 0.0
            effect = (after[0] - k * float(mean or 0.0), after[1] - k * float(prec or 0.0))
            k = fade(row.at, current[2])
            restore[name] = table[name] = [current[0] - k * effect[0],
                                           max(0.0, current[1] - k * effect[1]), current[2]]
        else:
            log.info("ranking: taking reaction %d back leaves %s as it is (forgotten, "
                     "pruned or lowered by 'less of' since)", row.id, name)
    fb_store.save_weights(conn, restore)
    fb_store.delete_weights(conn, drop)
    fb_store.mark_undone(conn, row.id)
    unmarked: list[int] = []
    if row.item_id is not None:
        unmarked.append(row.item_id)
        if row.label == Reaction.DISMISS:  # it marked its story's copies: unmark them
            unmarked += [
                i for i in n_store.story_copies(conn, row.item_id, str(Reaction.DISMISS))
                if fb_store.last_reaction_to(conn, i) is None]
        fb_store.set_item_reaction(conn, unmarked[1:], None)
        # the reaction given before a reset, if any, is the item's again (a fact, not learnt)
        fb_store.set_item_reaction(conn, unmarked[:1],
                                   fb_store.forgotten_reaction_to(conn, row.item_id))
    alarm.undo(row)
    if row.label == Reaction.LIKE:  # the search ends at the first Like: not this one
        like = fb_store.last_like_at(conn)
        if like is None:
            meta.pop("last_like_at", None)
        else:
            meta["last_like_at"] = like
    profile.save_meta()
    return tuple(unmarked)

def _left_by(conn: sqlite3.Connection, profile: Profile,
         row: fb_store.FeedbackRow) -> dict[str, list[float] | None]:
    """What the reaction ``row`` left in each profile row changed since (a row still
    stamped with its time and no later reaction of the same second: untouched, not asked):
    the old value the next reaction to change it recorded, if that reaction found it as
    ``row`` left it (else None: changed in between, by "less of"). Reads the later
    reactions' records, oldest first, until each is found, for ``_FADED`` half-lives at
    most: beyond, what ``row`` left has faded to nothing worth taking out. Only when an
    earlier reaction is replaced."""
    table = profile.weights.table
    same_second = fb_store.reacted_at(conn, row.at, after_id=row.id)
    pending = {str(e[0]) for e in row.changes if e[0] not in NOT_FEATURES
               and e[0] in table and (same_second or table[str(e[0])][2] != row.at)}
    hl = profile.config.half_life_days * DAY
    until = row.at + _FADED * hl if hl > 0 else None
    left: dict[str, list[float] | None] = {}
    for changes in fb_store.changes_after(conn, row.id, pending, until):
        for entry in changes:
            name = entry[0]
            if name in pending:
                pending.discard(name)
                _, mean, prec, at = entry
                left[name] = ([float(mean), float(prec)]
                              if mean is not None and at == row.at else None)
        if not pending:
            break
    return left

def _untaught(profile: Profile, label: str, wanted: float, unwanted: float) -> None:
    """Take what one reaction taught out of the reading of the person's reactions."""
    c = profile.config
    meta = profile.meta
    reading = Reading(c.plain_reading(), c.reading_strength, meta.get("reading"))
    for counts, taught in ((reading.wanted, wanted), (reading.unwanted, unwanted)):
        left = counts[label] - taught
        counts[label] = left if left > 1e-6 else 0.0  # the counts are kept to 4 places
    meta["reading"] = reading.state()


def forgotten_mark(conn: sqlite3.Connection, item_id: int, mark: str | None) -> bool:
    """Is the item's reaction mark ``mark`` its own reaction given before the profile was reset
    or replaced? (Asked when no reaction to it stands.) The profile knows nothing of it: the
    same reaction again is learnt, into the profile as it is now."""
    return mark is not None and fb_store.forgotten_reaction_to(conn, item_id) == mark


def cannot_undo(conn: sqlite3.Connection, profile: Profile) -> str:
    """Why the newest reaction can no longer be undone ("": it can, or there is none): it was
    given before the profile was reset or replaced by an import (user-facing: which reaction,
    why, what to do instead)."""
    row = fb_store.newest_forgotten(conn)
    if row is None:
        return ""
    what = f"Your {row.label}"
    if row.item_id is not None:
        try:
            title = items_store.get(conn, row.item_id).title
        except UnknownItemError:  # pruned or removed with its source since
            title = ""
        shown = title if len(title) <= 60 else title[:59] + "…"
        what += f" of item {row.item_id}" + (f" “{shown}”" if shown else "")
    imported = profile.meta.get(profile_file.IMPORTED_FROM)
    before = (f"the profile was replaced by the import of {imported}" if imported
              else "everything learned was reset")
    return (f"{what} was given before {before}: what it taught is gone already, so it can no "
            "longer be undone. The item keeps its mark; react to it again to teach the "
            "profile you have now.")

