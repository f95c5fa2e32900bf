"""Which items to notify for what their answer would teach (docs/ranking.md, "Exploration").

- ``choose``: the **value of finding out**. An uncertain feature (belief ≤ 0.5) that recurs
  often is worth testing once: its value is belief × 0.8 × its items a day × a horizon
  (capped), and an item is tested when 0.15 × the best such value among its features outweighs
  the expected cost of an unwanted notification. At most ``explore_max`` a day, one per
  feature.
- ``search``: when nothing is known of the person's taste (after a change of taste, or at the
  start without a stated interest or a Like), no single feature is worth a test by that rule
  and Notify would fall silent for good. Then, for ``renew_days`` days and until the first
  Like, ``choose(renewing=True)`` takes up to ``renew_max`` items a day, the best by the same
  gain whatever its sign, each from a different source.

Both keep their state in the profile's meta: ``explored`` ([day, how many]), ``changed_at``
(the change watch's last alarm), ``created_at``, ``last_like_at``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from notify.core import policy
from notify.core.ranking.learner import DAY, Assessment
from notify.core.ranking.profile import Profile
from notify.core.ranking.reading import Reading

# How an exploring notification says why it came (``policy.Candidate.exploring``).
EXPLORING = "exploring"
EXPLORING_AFTER_CHANGE = "exploring (your interests seem to have changed)"
EXPLORING_AT_START = "exploring (finding out what you like)"


def search(profile: Profile, now: float) -> tuple[float, str] | None:
    """(since when, why) Notify is searching for what the person likes at ``now``; None: it
    is not. After a change of taste, or from the first round when nothing is known (no stated
    interest, no Like); for ``renew_days``, until the first Like."""
    c = profile.config
    meta = profile.meta
    since, why = meta.get("changed_at"), EXPLORING_AFTER_CHANGE
    if since is None:
        if profile.interests or "last_like_at" in meta:
            return None
        since, why = meta.get("created_at"), EXPLORING_AT_START
    if since is None or now - float(since) >= c.renew_days * DAY \
            or float(meta.get("last_like_at", 0.0)) > float(since):
        return None
    return float(since), why


def choose(profile: Profile, cands: Sequence[policy.Candidate], seen: Sequence[Assessment],
           now: float, theta: float, *, renewing: bool = False) -> list[int]:
    """The positions of the items to notify as exploring this round (``theta``: the policy's
    bar; items above it are notified anyway). ``renewing``: while ``search`` says so."""
    c = profile.config
    meta = profile.meta
    today = int(now // DAY)
    done = meta.get("explored", [today, 0])
    room = (c.renew_max if renewing else c.explore_max) - (
        done[1] if done[0] == today else 0)
    if room <= 0:
        return []
    cost = policy.FALSE_ALARM_COST
    reach = c.explore_weight * 0.8 * c.explore_cap  # the most a belief of 1 could be worth
    per_day = profile.per_day
    options: list[tuple[float, int, str, str]] = []
    lookahead = not renewing and c.explore_lookahead > 0
    like = Reading(c.plain_reading(), c.reading_strength, meta.get("reading")).given("like")
    horizon = c.half_life_days / math.log(2.0)  # days a finding lasts, as evidence fades
    for i, (cand, a) in enumerate(zip(cands, seen, strict=True)):
        if cand.p >= theta or cand.backlog or cand.notified or cand.muted or cand.pin:
            continue
        loss = cost * (1.0 - cand.p) - cand.p
        if lookahead:
            found = unlocked(a, like, cost, lambda n: per_day(n, now) * horizon)
            if found is not None and found[0] > loss:
                options.append((found[0] - loss, i, found[1], ""))
            continue
        if not renewing and reach * max((q for q in a.beliefs if q <= 0.5),
                                        default=0.0) <= loss:
            continue  # no feature of it could be worth the test
        best, best_name, source = 0.0, "", ""
        for name, q in zip(a.liked, a.beliefs, strict=True):
            if renewing and name.startswith("src:"):
                source = name
            if q <= 0.5 and (renewing or reach * q > loss):
                value = q * 0.8 * min(per_day(name, now) * c.explore_horizon_days,
                                      c.explore_cap)
                if value > best:
                    best, best_name = value, name
        gain = c.explore_weight * best - loss
        if best_name and (renewing or gain > 0):
            options.append((gain, i, best_name, source))
    chosen: list[int] = []
    tested: set[str] = set()
    for _, i, name, source in sorted(options, reverse=True):
        if len(chosen) >= room:
            break
        if name not in tested and source not in tested:
            tested.update((name, source) if source else (name,))
            chosen.append(i)
    if chosen:
        meta["explored"] = [today, (done[1] if done[0] == today else 0) + len(chosen)]
        profile.save_meta()
    return chosen


def unlocked(a: Assessment, like: tuple[float, float], cost: float,
             items: Callable[[str], float]) -> tuple[float, str] | None:
    """The value of testing an item, looking one answer ahead: (value, the feature it would
    unlock), None when no answer could unlock anything.

    A Like of the item (probability p·P(like | wanted) + (1 − p)·P(like | not wanted), ``like``
    from this person's reading) raises each uncertain feature's belief q to q' by the update the
    learner would make (credit shared with the item's other features). An item that has the
    feature is worth notifying when that belief alone clears the bar: q − ``cost``·(1 − q) > 0;
    the test adds, per such item, what q' is worth over what q was (``items(name)``: how many
    items a finding lasts for). A feature one Like cannot lift over the bar is worth nothing: a
    word credited a little by one liked sample is not tested however often it occurs."""
    wanted, unwanted = like
    none = clean = 1.0
    for q in a.beliefs:
        none *= 1.0 - q
    for r in a.veto_beliefs:
        clean *= 1.0 - r
    if_liked = clean * wanted + (1.0 - clean) * unwanted
    p_like = a.p * wanted + (1.0 - a.p) * unwanted
    best: tuple[float, str] | None = None
    for name, q in zip(a.liked, a.beliefs, strict=True):
        if q > 0.5 or q <= 0.0:
            continue
        others = 1.0 - none / (1.0 - q)
        if_not = others * if_liked + (1.0 - others) * unwanted
        odds = q / (1.0 - q) * if_liked / if_not
        after = odds / (1.0 + odds)
        each = after - cost * (1.0 - after) - max(0.0, q - cost * (1.0 - q))
        if each <= 0.0:
            continue
        value = p_like * each * items(name)
        if best is None or value > best[0]:
            best = (value, name)
    return best
