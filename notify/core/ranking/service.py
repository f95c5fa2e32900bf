"""``RankingService``: the one entry point of ranking, over the engine's write connection.

- ``process_new(item_ids, now, backlog_source_ids=...)`` after each poll round: scores the new
  items, asks the policy, records score/decision/decision_reason/notified_at/group_key on the
  items and returns the notifications to show now (a digest of held items first when quiet
  hours are over);
- ``feedback(item_id, label, now)`` (one reaction per item: the same one again changes nothing,
  a different one replaces it) / ``undo_last()`` / ``explain(item_id)``;
- the profile operations: ``show``, ``export``, ``import_``, ``reset``, ``pin``, ``unpin``,
  ``forget``, ``interests``.

``rank_texts`` / ``learn_text`` / ``explain_text`` do the same on items that are not stored
(``notify rank --jsonl``): same features, same learner, same SQLite profile, same policy.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from notify.core import policy
from notify.core.dedupe import Story
from notify.core.errors import UnknownItemError, UserInputError
from notify.core.events import NotificationPlanned
from notify.core.models import Decision, Item, Reaction
from notify.core.policy_state import policy_settings
from notify.core.ranking import alarm, exploration, first_run, profile_file, split, withdrawal
from notify.core.ranking import explain as explaining
from notify.core.ranking.features import (
    ItemText,
    features,
    from_item,
    lead,
    matches_term,
    source_feature,
)
from notify.core.ranking.learner import DAY, Assessment, LearnerConfig
from notify.core.ranking.outcomes import (
    DONE,
    ProfileSummary,
    Ranked,
    Reacted,
    Undone,
    replaces,
)
from notify.core.ranking.profile import Profile, Term
from notify.core.ranking.reading import ChangeWatch, Reading
from notify.core.release import release
from notify.core.store import feedback as fb_store
from notify.core.store import items as items_store
from notify.core.store import notifications as n_store
from notify.core.store import sources as sources_store
from notify.core.store.sources import transaction

log = logging.getLogger(__name__)

STORY_MEMORY_S = 2 * DAY
# Reactions given before the first ranking round (the first-run thumbs: examples the person
# picked, not reactions to what Notify chose) count this many times. Measured (100 users, in
# process): HuffPost utility 0.614 -> 0.630, cold start 0.203 -> 0.225.
ONBOARD_WEIGHT = 2.0
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
        self.explore = explore
        self.alarm = alarm.Alarm(conn, self.profile)
        self._by_source: dict[str, list[tuple[str, list[str]]]] = {}
        self._split_tested: dict[str, float] = {}  # source -> when (split.EVERY_S)

    @property
    def settings(self) -> policy.PolicySettings:
        return self._settings or policy_settings(self.conn)

    # -- features ------------------------------------------------------------------------

    def _texts(self, items: Sequence[Item]) -> list[ItemText]:
        """What the ranker reads of stored items, each with its group's size."""
        sizes = sources_store.group_sizes(self.conn, (it.source_group for it in items))
        return [from_item(it, group_size=sizes.get(it.source_group, 1)) for it in items]

    def featurize(self, it: ItemText) -> tuple[dict[str, float], frozenset[str]]:
        lead_words = lead(it)  # tokenised once for the features and the interests
        x = features(it, lead_words)
        words = frozenset(lead_words)
        for term in self.profile.interests:
            if matches_term(it, words, term.kind, term.value):
                x[term.interest_feature] = 1.0
        return x, words

    # -- ranking -------------------------------------------------------------------------

    def _candidates(
        self, texts: Sequence[ItemText], ids: Sequence[int], now: float,
        flags: Sequence[dict[str, Any]],
    ) -> list[policy.Candidate]:
        learner = self.profile.learner
        cands: list[policy.Candidate] = []
        xs: list[dict[str, float]] = []
        seen: list[Assessment] = []
        for it, item_id, extra in zip(texts, ids, flags, strict=True):
            x, words = self.featurize(it)
            a = learner.assess(x, now)
            pin, term = self.profile.pin_for(it, words)
            cands.append(policy.Candidate(
                item_id, it.title, it.source, it.link, a.p, None, pin, term, **extra))
            xs.append(x)
            seen.append(a)
        counted = [x for x, c in zip(xs, cands, strict=True) if not c.backlog]
        self.profile.count_seen(counted, now)
        release(counted, xs)  # each item's features: a dict of a few dozen entries
        if self.explore:
            searching = self.searching(now)
            theta = policy.threshold(self.settings.sensitivity)
            for i in exploration.choose(self.profile, cands, seen, now, theta,
                                        renewing=bool(searching)):
                c = cands[i]
                cands[i] = policy.Candidate(
                    c.item_id, c.title, c.source_title, c.link, c.p, None, c.pin, c.pin_term,
                    c.muted, c.backlog, c.notified, exploring=searching or exploration.EXPLORING)
        release(seen)
        return cands

    def searching(self, now: float) -> str:
        """Why Notify is searching for what the person likes now ("": it is not;
        ``exploration.search``)."""
        found = self._search(now)
        return found[1] if found else ""

    def _search(self, now: float) -> tuple[float, str] | None:
        """``exploration.search``; but a profile imported with liked features knows the taste
        (``profile_file.knows_taste``): no search at the start, only after a change of taste."""
        found = exploration.search(self.profile, now)
        if found and found[1] == exploration.EXPLORING_AT_START \
                and profile_file.knows_taste(self.profile.meta):
            return None
        return found

    def rank_texts(self, texts: Sequence[ItemText], now: float) -> list[Ranked]:
        """Score and decide for items that are not stored (ids are their positions)."""
        self._touch(now)
        ids = list(range(len(texts)))
        cands = self._candidates(texts, ids, now, [{} for _ in texts])
        choices = policy.decide(cands, self.settings, now=now)
        return [Ranked(c.p, ch) for c, ch in zip(cands, choices, strict=True)]

    def _touch(self, now: float) -> None:
        meta = self.profile.meta
        if "created_at" not in meta:
            meta["created_at"] = now
        if not meta.get("rounds", 0):
            first_run.close(self.conn)  # the first-run answers stand as learnt
        meta["rounds"] = meta.get("rounds", 0) + 1
        self.profile.fold()  # the reactions' rows since the last round (``Profile.fold``)
        if now - meta.get("pruned_at", 0.0) >= DAY:
            meta["pruned_at"] = now
            self.profile.prune(now)
        self.profile.save_meta()

    def process_new(
        self, item_ids: Sequence[int], now: float, *, backlog_source_ids: Iterable[int] = ()
    ) -> list[NotificationPlanned]:
        backlog = set(backlog_source_ids)
        s = self.settings
        with transaction(self.conn):
            planned = self._deliver_digest(now, s)
            if not item_ids:
                return planned
            self._touch(now)
            items = items_store.get_existing(self.conn, item_ids)
            if len(items) < len(item_ids):  # a source removed since its items came in
                log.info("ranking: %d of %d new items are gone (their source was removed)",
                         len(item_ids) - len(items), len(item_ids))
                item_ids = [it.id for it in items]
            muted = {src.id for src in sources_store.list_all(self.conn) if src.muted}
            notified = n_store.already_notified(self.conn, list(item_ids))
            flags = [{"muted": it.source_id in muted,
                      "backlog": it.backlog or it.source_id in backlog,
                      "notified": it.id in notified} for it in items]
            texts = self._texts(items)
            cands = self._candidates(texts, item_ids, now, flags)
            release(texts, items, flags)  # a round's worth: not in one go (``release``)
            earlier = [Story(i, t, lk, g) for i, t, lk, g in
                       n_store.recent_stories(self.conn, now - STORY_MEMORY_S)]
            sent = n_store.stories_since(self.conn, policy.day_start(now, s.utc_offset_s))
            choices = policy.decide(cands, s, now=now, sent_today=sent, earlier=earlier)
            decided = [n_store.Decided(c.item_id, c.score, str(c.decision), c.reason,
                                       c.group_key) for c in choices]
            n_store.record_decisions(self.conn, decided)
            release(decided)
            for b in policy.plan(choices, cands, s):
                nid = n_store.add_notification(
                    self.conn, now, b.kind, b.title, b.body, b.why, b.item_ids)
                planned.append(NotificationPlanned(
                    nid, b.kind, b.title, b.body, b.why, b.item_ids, b.links))
            release(choices, cands, earlier)
        return planned

    def _deliver_digest(self, now: float, s: policy.PolicySettings) -> list[NotificationPlanned]:
        if policy.in_quiet_hours(now, s) or policy.paused(now, s):
            return []
        held = n_store.held_for_digest(self.conn, limit=1000)
        if not held:
            return []
        best, rest = held[:policy.DIGEST_MAX], held[policy.DIGEST_MAX:]
        items = [items_store.get(self.conn, i) for i, _ in best]
        bubble = policy.digest([
            policy.Candidate(it.id, it.title, it.source_title, it.link, score)
            for it, (_, score) in zip(items, best, strict=True)], more=len(rest))
        n_store.release_digest(self.conn, [i for i, _ in rest])
        if bubble is None:
            return []
        nid = n_store.add_notification(
            self.conn, now, bubble.kind, bubble.title, bubble.body, bubble.why, bubble.item_ids)
        return [NotificationPlanned(nid, bubble.kind, bubble.title, bubble.body, bubble.why,
                                    bubble.item_ids, bubble.links)]

    # -- reactions -----------------------------------------------------------------------

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
        answers are learnt as a set (``_answer_first_run``)."""
        label = str(Reaction(label))
        if self._first_run():
            self._answer_first_run(it, label, now, item_id, record)
            return
        self._learn(it, label, now, item_id, chosen=chosen, record=record)

    def _learn(
        self, it: ItemText, label: str, now: float, item_id: int | None = None,
        *, chosen: bool = True, record: Sequence[list[Any]] = (),
    ) -> int:
        """``learn_text``, one reaction after those learnt before it; returns its feedback
        row."""
        x, words = self.featurize(it)
        source = source_feature(it.source) if it.source else None
        profile = self.profile
        learner = profile.learner
        table = profile.weights.table
        seen = learner.assess(x, now)
        changes: list[list[Any]] = []
        first = profile.meta.get("rounds", 0) == 0
        c = profile.config
        meta = profile.meta
        reading = Reading(c.plain_reading(), c.reading_strength, meta.get("reading"))
        given = reading.given(label)
        raised = False
        answer = alarm.Answer()
        told: list[list[Any]] = []  # withdrawal.READING_ROW, CHANGE_ROW
        if not first:  # first-run thumbs are examples the person picked, not reactions
            told.append([withdrawal.CHANGE_ROW, meta.get("change", 0.0)])
            answer = self.alarm.answer(x, label, now)
            if answer.called_off:
                changes += answer.was
                seen = learner.assess(x, now)  # with the taste from before the alarm
            watch = ChangeWatch(c.change_threshold, c.change_sure, meta.get("change", 0.0))
            if watch.observe(seen.p, given):
                changes += self.alarm.raise_(now)
                raised = True
                seen = learner.assess(x, now)  # after softening
            if chosen:
                counted = reading.wanted[label], reading.unwanted[label]
                reading.observe(label, seen.p)
                told.append([withdrawal.READING_ROW, label, reading.wanted[label] - counted[0],
                             reading.unwanted[label] - counted[1]])
            meta["change"] = round(watch.value, 4)
            told[0].append(meta["change"])
            meta["reading"] = reading.state()
        written = learner.update(x, label, now, ONBOARD_WEIGHT if first else 1.0, given, seen)
        softened = {row[0] for row in changes}
        changes += [[n, *(row or (None, None, None))] for n, row in written.items()
                    if n not in softened]  # undo restores what was there first
        fb_store.save_weights(self.conn, {n: table[n] for n in written})
        lead_words = sorted(words)
        if source is not None:
            if not first and label in (Reaction.DISMISS, Reaction.IGNORE):
                changes += self._split(source, label, lead_words, seen, now,
                                       {row[0] for row in changes})
            if source in self._by_source:  # read from the database when first needed
                self._by_source[source].append((label, lead_words))
        changes += told
        changes += record
        fid = fb_store.add_feedback(self.conn, item_id, label, now, changes, source, lead_words)
        self.alarm.recorded(fid, label, answer, raised)
        if label == Reaction.LIKE:
            meta["last_like_at"] = now
        profile.save_meta()
        return fid

    def _reactions_to(self, source: str) -> list[tuple[str, list[str]]]:
        """The last reactions to the source's items (``split.WINDOW``), kept in memory."""
        found = self._by_source.get(source)
        if found is None:
            found = self._by_source[source] = fb_store.reactions_to_source(
                self.conn, source, split.WINDOW)
        elif len(found) >= 2 * split.WINDOW:
            del found[: -split.WINDOW]
        return found

    def _split(self, source: str, label: str, lead_words: list[str], seen: Assessment,
               now: float, done: set[str]) -> list[list[Any]]:
        """A Dismiss or Ignore of an item of a source the model is sure of: are the person's
        reactions to that source better explained by a few words within it
        (``split.propose``)? Then the source goes back to its prior and the words get their
        evidence. Returns the rows as they were, for undo."""
        c = self.profile.config
        q = next((b for n, b in zip(seen.liked, seen.beliefs, strict=True) if n == source), 0.0)
        if q < c.change_sure or now - self._split_tested.get(source, -DAY) < split.EVERY_S:
            return []
        self._split_tested[source] = now
        entries = [*self._reactions_to(source)[-split.WINDOW + 1:], (label, lead_words)]
        proposal = split.propose(source, entries, c)
        if not proposal:
            return []
        weights = self.profile.weights
        table = weights.table
        rows: dict[str, list[float]] = {}
        was: list[list[Any]] = []
        for name, evidence in [(source, 0.0), *proposal.items()]:
            current, count = weights.get(name, now)
            if name != source:
                evidence = max(current, evidence)
            if name not in done:
                was.append([name, *(table.get(name) or (None, None, None))])
            rows[name] = table[name] = [evidence, count, now]
        fb_store.save_weights(self.conn, rows)
        log.info("ranking: %s is not wanted as a whole, only items with %s", source,
                 ", ".join(sorted(proposal)))
        return was

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
        self.learn_text(self._texts([item])[0], label, now, item.id,
                        chosen=item.notified_at is not None,
                        record=[[withdrawal.REPLACED_ROW, replacing]] if replacing else [])
        return self._mark(item, label)

    def _mark(self, item: Item, label: str) -> tuple[int, ...]:
        """Mark the item with its reaction (a Dismiss: the copies of its story too, but not
        one the person answered on its own); returns the copies marked."""
        copies: list[int] = []
        if label == Reaction.DISMISS and item.decision_reason is not None:
            copies = n_store.story_copies(self.conn, item.id, None)
        fb_store.set_item_reaction(self.conn, [item.id, *copies], label)
        return tuple(copies)

    def last_reaction(self) -> tuple[int | None, str] | None:
        """The reaction ``undo_last`` would take back, (item id, label); None: there is none."""
        row = self._newest_reaction()
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
            row = self._newest_reaction()
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

    def _withdraw(self, row: fb_store.FeedbackRow, *, last: bool) -> tuple[int, ...]:
        """Take a recorded reaction back (``withdrawal.withdraw``; a first-run answer: the
        others are learnt again in set order, ``_take_back_first_run``); returns the items
        whose reaction it unmarked."""
        if self._first_run():
            taken = self._take_back_first_run(row)
            if taken is not None:
                return taken
        unmarked = withdrawal.withdraw(self.conn, self.profile, self.alarm, row, last=last)
        self._by_source.clear()  # read the reactions that are left again when needed
        return unmarked

    # -- the first-run answers, learnt as a set (``first_run``) --------------------------------

    def _first_run(self) -> bool:
        """Before the first ranking round: reactions are first-run answers."""
        return not self.profile.meta.get("rounds", 0)

    def _newest_reaction(self) -> fb_store.FeedbackRow | None:
        """The reaction undo takes back: the last one given (a first-run answer's row is not
        always the newest: ``first_run``)."""
        if self._first_run():
            answers = first_run.load(self.conn)
            if answers:
                row = fb_store.feedback_by_id(self.conn, answers[-1].row)
                if row is not None:
                    return row
                log.warning("ranking: the first-run answer %d is gone from the reactions; "
                            "undo takes back the newest reaction", answers[-1].row)
        return fb_store.last_feedback(self.conn)

    def _answer_first_run(self, it: ItemText, label: str, now: float, item_id: int | None,
                          record: Sequence[list[Any]]) -> None:
        """A first-run answer: learnt where the set order puts it (``first_run``)."""
        replaced = next((str(e[1]) for e in record if e[0] == withdrawal.REPLACED_ROW), None)
        given = first_run.load(self.conn)
        self._relearn_first_run(
            given, [*given, first_run.Answer(0, item_id, label, it, now, replaced)])

    def _take_back_first_run(self, row: fb_store.FeedbackRow) -> tuple[int, ...] | None:
        """Take back a first-run answer (undone or replaced) and learn the ones after it in
        set order again; returns the items whose reaction it unmarked (None: ``row`` is no
        first-run answer)."""
        given = first_run.load(self.conn)
        if all(a.row != row.id for a in given):
            return None
        unmarked = self._relearn_first_run(given, [a for a in given if a.row != row.id],
                                           dropped=row.id)
        self._by_source.clear()
        return unmarked

    def _relearn_first_run(self, given: list[first_run.Answer], answers: list[first_run.Answer],
                           dropped: int = 0) -> tuple[int, ...]:
        """From the first-run answers ``given`` (in the order given, as learnt) to ``answers``:
        take back the rows from the first one out of set order on, newest first, exactly,
        and learn them again in set order, each at the time it was given, each item marked
        again. Returns the items the taking back of the row ``dropped`` unmarked."""
        take_back, learn = first_run.plan(sorted(given, key=lambda a: a.row),
                                          first_run.in_set_order(answers))
        unmarked: tuple[int, ...] = ()
        for a in take_back:
            row = fb_store.feedback_by_id(self.conn, a.row)
            if row is None:
                raise RuntimeError(f"the first-run answer {a.row} is not among the standing "
                                   "reactions; the profile cannot be learnt again in set order")
            items = withdrawal.withdraw(self.conn, self.profile, self.alarm, row, last=True)
            if a.row == dropped:
                unmarked = items
        rows: dict[int, int] = {}  # id(answer) -> its row, learnt now
        for a in learn:
            rows[id(a)] = self._learn(
                a.text, a.label, a.at, a.item_id, chosen=False,
                record=[[withdrawal.REPLACED_ROW, a.replaced]] if a.replaced else [])
            if a.row and a.item_id is not None:  # learnt again: marked again
                try:
                    self._mark(items_store.get(self.conn, a.item_id), a.label)
                except UnknownItemError:
                    log.info("ranking: item %d is gone; its first-run %s is learnt again "
                             "without it", a.item_id, a.label)
        first_run.save(self.conn, [a.learnt(rows[id(a)]) if id(a) in rows else a
                                   for a in answers])
        return unmarked

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
        it = self._texts([item])[0]
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
        pos, neg = self.profile.top(n, time.time())
        reactions = int(self.conn.execute(
            "SELECT COUNT(*) FROM feedback WHERE undone = 0").fetchone()[0])
        changed = self.profile.meta.get("changed_at")
        search = self._search(time.time())
        until = search[0] + self.profile.config.renew_days * DAY if search else None
        meta = self.profile.meta
        imported_at = meta.get(profile_file.IMPORTED_AT)
        return ProfileSummary(pos, neg, list(self.profile.interests), dict(self.profile.pins),
                              reactions, self.profile.size_bytes(),
                              None if changed is None else float(changed), until,
                              meta.get(profile_file.IMPORTED_FROM),
                              None if imported_at is None else float(imported_at))

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
        self._by_source.clear()

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

    def less_of(self, term: Term, now: float | None = None) -> float:
        """"Less of this": lower what was learned about ``term`` one step; returns its weight."""
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

    def decision_of(self, choice: policy.Choice) -> bool:
        return choice.decision is Decision.NOTIFY
