"""A ranking round, for ``RankingService``: score the new items, let exploration choose what to
notify for what its answer would teach (and search when nothing is known of the taste), ask the
policy, record the decisions and the bubbles; the digest of held items once quiet hours are
over. ``rank_texts``: the same on items that are not stored (``notify rank --jsonl``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from notify.core import policy
from notify.core.dedupe import Story
from notify.core.events import NotificationPlanned
from notify.core.ranking import exploration, first_run, profile_file
from notify.core.ranking.features import ItemText
from notify.core.ranking.item_features import featurize, of_stored
from notify.core.ranking.learner import DAY, Assessment
from notify.core.ranking.outcomes import Ranked
from notify.core.ranking.profile import Profile
from notify.core.release import release
from notify.core.store import items as items_store
from notify.core.store import notifications as n_store
from notify.core.store import sources as sources_store
from notify.core.store.sources import transaction

log = logging.getLogger(__name__)

STORY_MEMORY_S = 2 * DAY


class Ranker:
    """Ranks for the profile of ``conn``; ``settings`` gives the policy's settings of now;
    ``explore``: let exploration choose items to notify (off: the model's belief alone)."""

    def __init__(self, conn: sqlite3.Connection, profile: Profile,
                 settings: Callable[[], policy.PolicySettings], *, explore: bool) -> None:
        self.conn = conn
        self.profile = profile
        self._settings = settings
        self.explore = explore

    @property
    def settings(self) -> policy.PolicySettings:
        return self._settings()


    def _candidates(
        self, texts: Sequence[ItemText], ids: Sequence[int], now: float,
        flags: Sequence[dict[str, Any]],
    ) -> list[policy.Candidate]:
        learner = self.profile.learner
        cands: list[policy.Candidate] = []
        xs: list[dict[str, float]] = []
        seen: list[Assessment] = []
        for it, item_id, extra in zip(texts, ids, flags, strict=True):
            x, words = featurize(self.profile, it)
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
            for i, tested in exploration.choose(self.profile, cands, seen, now, theta,
                                                renewing=bool(searching)):
                c = cands[i]
                cands[i] = policy.Candidate(
                    c.item_id, c.title, c.source_title, c.link, c.p, None, c.pin, c.pin_term,
                    c.muted, c.backlog, c.notified,
                    exploring=searching or exploration.testing(tested))
        release(seen)
        return cands

    def searching(self, now: float) -> str:
        """Why Notify is searching for what the person likes now ("": it is not;
        ``exploration.search``)."""
        found = self.search(now)
        return found[1] if found else ""

    def search(self, now: float) -> tuple[float, str] | None:
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

    def _touch(self, now: float, *, could_notify: bool = True) -> None:
        """A ranking round begins. Only a round that could notify counts (``rounds``): the
        first one ends the first run (its answers stand as learnt) and starts the profile's
        clock (``created_at``: the search at the start, items a day). A round that ranks only
        the backlog of newly added sources (never notified: the welcome's first poll) leaves
        both alone, so the first-run page's answers that follow it are first-run answers."""
        meta = self.profile.meta
        if could_notify:
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
            self._touch(now, could_notify=not all(f["backlog"] for f in flags))
            texts = of_stored(self.conn, items)
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
        items = [items_store.get(self.conn, i) for i, _ in held]
        bubble = policy.digest([
            policy.Candidate(it.id, it.title, it.source_title, it.link, score)
            for it, (_, score) in zip(items, held, strict=True)])
        shown = set(bubble.item_ids) if bubble is not None else set()
        n_store.release_digest(self.conn, [i for i, _ in held if i not in shown])
        if bubble is None:
            return []
        nid = n_store.add_notification(
            self.conn, now, bubble.kind, bubble.title, bubble.body, bubble.why, bubble.item_ids)
        return [NotificationPlanned(nid, bubble.kind, bubble.title, bubble.body, bubble.why,
                                    bubble.item_ids, bubble.links)]

