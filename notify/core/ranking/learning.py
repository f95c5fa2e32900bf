"""Learning one reaction after those learnt before it (``Learning.learn``): the reading of the
person's reactions, the change watch and alarm, the learner's update, a source split into a few
words within it (``split``), and the feedback row recording what it changed, for undo
(``withdrawal``). ``mark``: the item marked with its reaction.

Reactions given before the first ranking round (the first-run answers, ``first_run``) are
learnt as examples the person picked, not reactions to what Notify chose: ``ONBOARD_WEIGHT``
times, without the reading, the watch or a split.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

from notify.core.models import Item, Reaction
from notify.core.ranking import alarm, split, withdrawal
from notify.core.ranking.features import ItemText, content_words, source_feature
from notify.core.ranking.item_features import featurize
from notify.core.ranking.learner import DAY, Assessment, logit, sigmoid
from notify.core.ranking.profile import Profile
from notify.core.ranking.reading import ChangeWatch, Reading
from notify.core.store import feedback as fb_store
from notify.core.store import notifications as n_store

log = logging.getLogger(__name__)

# Reactions given before the first ranking round (the first-run thumbs: examples the person
# picked, not reactions to what Notify chose) count this many times. Measured (100 users, in
# process): HuffPost utility 0.614 -> 0.630, cold start 0.203 -> 0.225.
ONBOARD_WEIGHT = 2.0
KEYWORD_INTEREST = "int:keyword:"  # a stated keyword's feature (``Term.interest_feature``)


class Learning:
    """Learns reactions into the profile; keeps the last reactions to each source in memory
    (for ``split``; ``forget_reactions`` when reactions are taken back)."""

    def __init__(self, conn: sqlite3.Connection, profile: Profile, alarm_: alarm.Alarm) -> None:
        self.conn = conn
        self.profile = profile
        self.alarm = alarm_
        self._by_source: dict[str, list[tuple[str, list[str]]]] = {}
        self._split_tested: dict[str, float] = {}  # source -> when (split.EVERY_S)

    def forget_reactions(self) -> None:
        """Reactions were taken back or forgotten: read those that are left again when
        needed."""
        self._by_source.clear()

    def learn(
        self, it: ItemText, label: str, now: float, item_id: int | None = None,
        *, chosen: bool = True, record: Sequence[list[Any]] = (),
    ) -> int:
        """One reaction, after those learnt before it (``RankingService.learn_text``: ``chosen``,
        ``record``); returns its feedback row."""
        x, words = featurize(self.profile, it)
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
                done = {row[0] for row in changes}
                changes += self._split(source, label, lead_words, seen, now, done)
                changes += self._split_interests(source, label, lead_words, seen, now, done)
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
        log.info("ranking: %s is not wanted as a whole, only items with %s", source,
                 ", ".join(sorted(proposal)))
        return self._narrow(source, 0.0, proposal, now, done)

    def _narrow(self, broad: str, back: float, narrow: dict[str, float], now: float,
                done: set[str]) -> list[list[Any]]:
        """A split's rows: ``broad`` down to the evidence ``back`` (never up), each feature
        of ``narrow`` up to its evidence (never down). Returns the rows as they were (those
        not in ``done``, which the reaction already rewrote), for undo."""
        weights = self.profile.weights
        table = weights.table
        rows: dict[str, list[float]] = {}
        was: list[list[Any]] = []
        for name, evidence in [(broad, back), *narrow.items()]:
            current, count = weights.get(name, now)
            evidence = min(current, evidence) if name == broad else max(current, evidence)
            if name not in done:
                was.append([name, *(table.get(name) or (None, None, None))])
                done.add(name)
            rows[name] = table[name] = [evidence, count, now]
        fb_store.save_weights(self.conn, rows)
        return was

    def _split_interests(self, source: str, label: str, lead_words: list[str],
                         seen: Assessment, now: float, done: set[str]) -> list[list[Any]]:
        """A Dismiss or Ignore of an item that a stated keyword interest makes sure: does the
        person want that word only in a few sources (``split.propose_interest``)? Then the
        interest goes back to an unknown word's belief (it stays stated) and the word within
        those sources gets the evidence of the reactions there. Returns the rows as they
        were, for undo."""
        c = self.profile.config
        was: list[list[Any]] = []
        for name, q in zip(seen.liked, seen.beliefs, strict=True):
            if not name.startswith(KEYWORD_INTEREST) or q < c.change_sure:
                continue
            parts = content_words(name.removeprefix(KEYWORD_INTEREST))
            word = parts[0] if len(parts) == 1 else ""  # a phrase is not narrowed
            if (word not in lead_words
                    or now - self._split_tested.get(name, -DAY) < split.EVERY_S):
                continue
            self._split_tested[name] = now
            entries = [(lab, src, self._weight(at, now)) for lab, src, _, at in
                       fb_store.reactions_with_word(self.conn, word, split.WINDOW - 1)]
            push = self.profile.learner.interest_push(name)
            prior = push + logit(c.p_word)  # the interest's prior now (an alarm softens it)
            proposal = split.propose_interest(word, [*entries, (label, source, 1.0)], c,
                                              sigmoid(prior))
            if proposal:
                log.info("ranking: the interest %s holds only within %s", name,
                         ", ".join(sorted(proposal)))
                # what the person said carries over to where they meant it: the word within
                # each chosen source starts from the interest's prior, not an unknown word's
                carried = prior - logit(c.p_source_word)
                was += self._narrow(name, -push, {n: e + carried for n, e in proposal.items()},
                                    now, done)
        return was

    def _weight(self, at: float, now: float) -> float:
        """How much a reaction learnt at ``at`` counts now, as the learner counts its evidence:
        faded by half every ``half_life_days``, and times ``change_keep`` when it came before
        the last change of taste (the alarm kept that share of what was learnt before it)."""
        c = self.profile.config
        faded: float = 0.5 ** (max(now - at, 0.0) / (c.half_life_days * DAY))
        changed = self.profile.meta.get("changed_at")
        return faded * (c.change_keep if changed is not None and at < changed else 1.0)


def mark(conn: sqlite3.Connection, item: Item, label: str) -> tuple[int, ...]:
    """Mark the item with its reaction (a Dismiss: the copies of its story too, but not
    one the person answered on its own); returns the copies marked."""
    copies: list[int] = []
    if label == Reaction.DISMISS and item.decision_reason is not None:
        copies = n_store.story_copies(conn, item.id, None)
    fb_store.set_item_reaction(conn, [item.id, *copies], label)
    return tuple(copies)
