"""``RankingService``: the one entry point of ranking, over the engine's write connection.

- ``process_new(item_ids, now, backlog_source_ids=...)`` after each poll round: scores the new
  items, asks the policy, records score/decision/decision_reason/notified_at/group_key on the
  items and returns the notifications to show now (a digest of held items first when quiet
  hours are over; ``ranker``);
- ``feedback(item_id, label, now)`` (one reaction per item: the same one again changes nothing,
  a different one replaces it) / ``undo_last()`` (``reactions``, ``learning``, the first-run
  answers learnt as a set: ``first_run``) / ``explain(item_id)``;
- the profile operations: ``show``, ``export``, ``import_``, ``reset``, ``pin``, ``unpin``,
  ``forget``, ``interests``.

``rank_texts`` / ``learn_text`` / ``explain_text`` do the same on items that are not stored
(``notify rank --jsonl``): same features, same learner, same SQLite profile, same policy.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from notify.core import policy
from notify.core.events import NotificationPlanned
from notify.core.models import Decision
from notify.core.policy_state import policy_settings
from notify.core.ranking import alarm, profile_file
from notify.core.ranking import explain as explaining
from notify.core.ranking.features import ItemText
from notify.core.ranking.item_features import featurize, of_stored
from notify.core.ranking.learner import DAY, LearnerConfig
from notify.core.ranking.learning import Learning
from notify.core.ranking.outcomes import ProfileSummary, Ranked, Reacted, Undone
from notify.core.ranking.profile import Profile, Term
from notify.core.ranking.profile_groups import Lowered
from notify.core.ranking.ranker import Ranker
from notify.core.ranking.reactions import Reactions
from notify.core.store import items as items_store
from notify.core.store import notifications as n_store
from notify.core.store.sources import transaction


class RankingService:
    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        config: LearnerConfig | None = None,
        settings: policy.PolicySettings | None = None,
        explore: bool = True,
    ) -> None:
        self.conn = conn
        self.profile = Profile(conn, config)
        self._settings = settings
        self.alarm = alarm.Alarm(conn, self.profile)
        self._learning = Learning(conn, self.profile, self.alarm)
        self._reactions = Reactions(conn, self.profile, self.alarm, self._learning)
        self._ranker = Ranker(conn, self.profile, lambda: self.settings, explore=explore)

    @property
    def settings(self) -> policy.PolicySettings:
        return self._settings or policy_settings(self.conn)

    @property
    def explore(self) -> bool:
        """Exploration chooses items to notify for what their answer would teach."""
        return self._ranker.explore

    @explore.setter
    def explore(self, value: bool) -> None:
        self._ranker.explore = value

    def featurize(self, it: ItemText) -> tuple[dict[str, float], frozenset[str]]:
        return featurize(self.profile, it)

    # -- ranking (``ranker``) ------------------------------------------------------------

    def process_new(
        self, item_ids: Sequence[int], now: float, *, backlog_source_ids: Iterable[int] = ()
    ) -> list[NotificationPlanned]:
        return self._ranker.process_new(item_ids, now, backlog_source_ids=backlog_source_ids)

    def rank_texts(self, texts: Sequence[ItemText], now: float) -> list[Ranked]:
        """Score and decide for items that are not stored (ids are their positions)."""
        return self._ranker.rank_texts(texts, now)

    def searching(self, now: float) -> str:
        """Why Notify is searching for what the person likes now ("": it is not;
        ``exploration.search``)."""
        return self._ranker.searching(now)

    def decision_of(self, choice: policy.Choice) -> bool:
        return choice.decision is Decision.NOTIFY

    # -- reactions and undo (``reactions``) ----------------------------------------------

    def learn_text(
        self, it: ItemText, label: str, now: float, item_id: int | None = None,
        *, chosen: bool = True, record: Sequence[list[Any]] = (),
    ) -> None:
        """Learn from one reaction and record it (with what it changed, for undo).

        ``chosen``: a reaction to an item Notify chose to show (a notification). Only those
        teach the reading of this person's reactions (``reading.Reading``): an item the person
        picked in the inbox was liked *because* they wanted it, whatever Notify believed, so
        counting it would teach that their Likes are mis-taps. ``record``: more entries for
        the feedback row (``withdrawal.REPLACED_ROW``). Before the first ranking round, the
        answers are learnt as a set (``first_run.AnswerSet``)."""
        self._reactions.learn_text(it, label, now, item_id, chosen=chosen, record=record)

    def feedback(self, item_id: int, label: str, now: float | None = None) -> Reacted:
        """A reaction to a stored item. A Dismiss applies to the whole story group. An item has
        one reaction: the same one again changes nothing, a different one replaces it (the
        earlier one is taken back exactly, then the new one is learnt; ``replaces``)."""
        return self._reactions.feedback(item_id, label, now)

    def last_reaction(self) -> tuple[int | None, str] | None:
        """The reaction ``undo_last`` would take back, (item id, label); None: there is none."""
        return self._reactions.last_reaction()

    def cannot_undo(self) -> str:
        """Why the newest reaction can no longer be undone ("": it can, or there is none;
        ``withdrawal.cannot_undo``). ``undo_last`` then undoes nothing (None)."""
        return self._reactions.cannot_undo()

    def undo_last(self, now: float | None = None) -> Undone | None:
        """Undo the last reaction exactly; returns what was undone, or None. A reaction that
        replaced an earlier one to the same item gives the item that one back (learnt again,
        at ``now``): undo goes back to the answer before the change of mind."""
        return self._reactions.undo_last(now)

    def take_back(self, item_id: int) -> Undone | None:
        """Take back the reaction to one item, exactly, whichever came after it; the item is
        left without one. None: it had none (``Reactions.take_back``)."""
        return self._reactions.take_back(item_id)


    # -- explain -------------------------------------------------------------------------

    def explain_text(self, it: ItemText, now: float) -> explaining.Explanation:
        x, words = self.featurize(it)
        learner = self.profile.learner
        mode, term = self.profile.pin_for(it, words)
        return explaining.build(learner.contributions(x, now), learner.prob(x, now),
                                pin=f"{mode}: {term}" if mode else "")

    def explain(self, item_id: int, now: float | None = None) -> explaining.Explanation:
        now = time.time() if now is None else now
        item = items_store.get(self.conn, item_id)
        it = of_stored(self.conn, [item])[0]
        x, words = self.featurize(it)
        learner = self.profile.learner
        mode, term = self.profile.pin_for(it, words)
        similar = n_store.source_reactions(self.conn, item.source_id, exclude=item_id)
        return explaining.build(
            learner.contributions(x, now), learner.prob(x, now),
            pin=f"{mode}: {term}" if mode else "", decision=item.decision,
            decision_reason=item.decision_reason, similar=similar,
            notified_at=item.notified_at, backlog=item.backlog, decided_score=item.score)

    # -- the profile ---------------------------------------------------------------------

    def show(self, n: int = 20) -> ProfileSummary:
        learned = self.profile.top(n, time.time())
        reactions = int(self.conn.execute(
            "SELECT COUNT(*) FROM feedback WHERE undone = 0").fetchone()[0])
        changed = self.profile.meta.get("changed_at")
        search = self._ranker.search(time.time())
        until = search[0] + self.profile.config.renew_days * DAY if search else None
        meta = self.profile.meta
        imported_at = meta.get(profile_file.IMPORTED_AT)
        return ProfileSummary(learned.more_of, learned.less_of, list(self.profile.interests),
                              dict(self.profile.pins), reactions, self.profile.size_bytes(),
                              None if changed is None else float(changed), until,
                              meta.get(profile_file.IMPORTED_FROM),
                              None if imported_at is None else float(imported_at),
                              learned.not_a_reason, self.profile.narrowed(time.time()))

    def export(self, path: Path) -> None:
        profile_file.write(path, profile_file.dump(self.profile))

    def import_(self, path: Path) -> profile_file.ProfileData:
        """Replace the profile with the file's; ``show`` says where it came from, and when."""
        data = profile_file.read(path)
        with transaction(self.conn):
            profile_file.load_into(self.profile, data, path.name)
        return data

    def reset(self) -> None:
        with transaction(self.conn):
            self.profile.reset()
        self._learning.forget_reactions()

    def pin(self, term: Term, mode: str) -> str | None:
        """Pin ``term`` (``always`` or ``never``); returns its mode before (None: none)."""
        with transaction(self.conn):
            return self.profile.pin(term, mode)

    def unpin(self, term: Term) -> bool:
        with transaction(self.conn):
            return self.profile.unpin(term)

    def forget(self, term: Term) -> int:
        with transaction(self.conn):
            return self.profile.forget(term)

    def less_of(self, term: Term, now: float | None = None) -> Lowered:
        """"Less of this": halve the belief that the person cares about ``term``; returns the
        beliefs before and after (``Profile.less_of``)."""
        with transaction(self.conn):
            return self.profile.less_of(term, time.time() if now is None else now)

    def interests(self, add: Sequence[Term] = (), remove: Sequence[Term] = ()) -> list[Term]:
        with transaction(self.conn):
            for t in add:
                self.profile.add_interest(t)
            for t in remove:
                self.profile.remove_interest(t)
        return list(self.profile.interests)

    def onboard(self, terms: Sequence[Term], now: float) -> None:
        """Stated interests at first run: a strong prior on each."""
        with transaction(self.conn):
            for t in terms:
                self.profile.add_interest(t)
