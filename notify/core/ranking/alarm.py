"""The life of a change-of-taste alarm (docs/ranking.md, "The change watch").

``reading.ChangeWatch`` raises the alarm; ``Alarm.raise_`` then softens what was learnt in
favour of features and stated interests (``Profile.soften``), and the search for a new taste
begins (``exploration.search``). An alarm can be false: a person who likes most of a section
lets a few sure items expire in a row, or dismisses one they did not want. So:

- ``answer``: a Like, the first since the alarm and within ``renew_days``, of an item the taste
  from *before* the alarm was sure of (``change_sure``) calls the alarm off: what it softened
  is put back (keeping what was learnt since), the stated interests get their strength back,
  and the search stops. A first Like of anything else settles the alarm (the new taste is
  being found);
- ``undo``: undoing the reaction that raised, called off or settled it puts the alarm back as
  it was.

All of it lives in the profile's meta: ``before_change`` (the alarm: its time, feedback id, how
many rows it softened, the Like that settled it), ``changed_at``, ``false_alarm`` (what calling
it off changed, for undo). The softened rows themselves are in the alarm's feedback row.

Measured (docs/ranking.md, sixth round): also *asking* about the old taste after an alarm
(one notification a day of its surest item) cost drifting users more than it saved the
others at the change watch's threshold, so Notify only listens.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from notify.core.models import Reaction
from notify.core.ranking.learner import DAY
from notify.core.ranking.profile import Profile
from notify.core.store import feedback as fb_store


@dataclass(frozen=True)
class Answer:
    """What a reaction said about the alarm: whether it called it off, and then the rows it
    put back as they were (for undo)."""

    was: list[list[Any]] = field(default_factory=list)
    called_off: bool = False


class Alarm:
    def __init__(self, conn: sqlite3.Connection, profile: Profile) -> None:
        self.conn = conn
        self.profile = profile
        self._away: tuple[int, dict[str, tuple[float, float]]] | None = None

    # -- state ---------------------------------------------------------------------------

    @staticmethod
    def settled(before: Mapping[str, Any]) -> bool:
        return "settled_by" in before

    def away(self, now: float) -> dict[str, tuple[float, float]] | None:
        """What the last alarm softened (``Profile.softened_away``) while it is open (not
        settled, within ``renew_days``); else None."""
        profile = self.profile
        before = profile.meta.get("before_change")
        if not before or "id" not in before or self.settled(before) \
                or now - float(before["at"]) >= profile.config.renew_days * DAY:
            return None
        fid = int(before["id"])
        if self._away is None or self._away[0] != fid:
            row = fb_store.feedback_by_id(self.conn, fid)
            if row is None:
                return None
            self._away = (fid, profile.softened_away(
                row.changes[: int(before.get("softened", 0))], profile.config.change_keep))
        return self._away[1]

    # -- raise, answer --------------------------------------------------------------------

    def raise_(self, now: float) -> list[list[Any]]:
        """Soften what was learnt; returns the rows as they were (for undo)."""
        profile = self.profile
        meta = profile.meta
        meta.pop("false_alarm", None)
        before: dict[str, Any] = {
            "at": now, "changed_at": meta.get("changed_at"),
            "interest_scale": dict(meta.get("interest_scale", {}))}
        was = profile.soften(profile.config.change_keep, now)
        before["softened"] = len(was)
        meta["before_change"] = before
        meta["changed_at"] = now
        return was

    def answer(self, x: Mapping[str, float], label: str, now: float) -> Answer:
        """What a reaction to an item says about the open alarm (before it is learnt)."""
        profile = self.profile
        meta, c = profile.meta, profile.config
        if label != Reaction.LIKE:
            return Answer()
        away = self.away(now)
        if away is None:
            return Answer()
        before = meta["before_change"]
        if profile.p_before(x, now, away, before["interest_scale"]) < c.change_sure:
            return Answer()
        table = profile.weights.table
        rows = profile.unsoftened(away, now)
        was = [[n, *(table.get(n) or (None, None, None))] for n in rows]
        table.update(rows)
        fb_store.save_weights(self.conn, rows)
        meta["false_alarm"] = {"before_change": before, "changed_at": meta.get("changed_at"),
                               "interest_scale": dict(meta.get("interest_scale", {}))}
        meta["change"] = 0.0
        profile.undo_change(before["interest_scale"], before["changed_at"])
        return Answer(was=was, called_off=True)

    def recorded(self, feedback_id: int, label: str, answer: Answer, raised: bool) -> None:
        """The reaction was stored as ``feedback_id``: note it where undo will look."""
        meta = self.profile.meta
        before = meta.get("before_change")
        if raised and before is not None:
            before["id"] = feedback_id
        elif answer.called_off:
            meta["false_alarm"]["id"] = feedback_id
        elif before is not None and not self.settled(before) and label == Reaction.LIKE:
            before["settled_by"] = feedback_id  # a first Like of something else

    # -- undo ------------------------------------------------------------------------------

    def undo(self, row: fb_store.FeedbackRow) -> None:
        """Undo what the reaction ``row`` did to the alarm (its rows come back on their own)."""
        profile = self.profile
        meta = profile.meta
        before = meta.get("before_change")
        if before and before.get("id", row.id) == row.id and before["at"] == row.at:
            profile.undo_change(before["interest_scale"], before["changed_at"])  # it raised it
        elif before and before.get("settled_by") == row.id:
            del before["settled_by"]
            profile.save_meta()
        called_off = meta.get("false_alarm")
        if called_off and called_off.get("id") == row.id:
            profile.redo_change(called_off)
