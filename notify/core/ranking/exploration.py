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

from collections.abc import Sequence

from notify.core import policy
from notify.core.ranking.learner import DAY, Assessment
from notify.core.ranking.profile import Profile, feature_words
from notify.core.ranking.topicality import LEAD_WORD

# What a lead word whose items spread over every source is worth testing, as a share of a
# topical one's (docs/ranking.md, nineteenth round).
NOT_TOPICAL = 0.1

# How an exploring notification says why it came (``policy.Candidate.exploring``).
EXPLORING = "exploring"
EXPLORING_AFTER_CHANGE = "exploring (your interests seem to have changed)"
EXPLORING_AT_START = "exploring (finding out what you like)"
# A test by the value of finding out names what it tests (``testing``).
TESTING = EXPLORING + " whether you care about "


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


def worth(profile: Profile, name: str, q: float, now: float) -> float:
    """What finding out whether the person cares about feature ``name`` (belief ``q``) is
    worth: q × 0.8 (a Like) × its items a day over ``explore_horizon_days`` (capped); a
    lead word that is not topical (``Places.topical``: its items spread over every source,
    "set", "called") ``NOT_TOPICAL`` of that, as a person rarely cares about such a word."""
    c = profile.config
    value = q * 0.8 * min(profile.per_day(name, now) * c.explore_horizon_days, c.explore_cap)
    if name.startswith(LEAD_WORD) and not profile.places.topical(name[len(LEAD_WORD):]):
        value *= NOT_TOPICAL
    return value


def testing(name: str) -> str:
    """Why an item tested for feature ``name`` is notified, as the person reads it:
    "exploring whether you care about the word “rugby”"."""
    return TESTING + feature_words(name)


def choose(profile: Profile, cands: Sequence[policy.Candidate], seen: Sequence[Assessment],
           now: float, theta: float, *, renewing: bool = False) -> list[tuple[int, str]]:
    """The items to notify as exploring this round: (position, the feature whose value of
    finding out made it worth the test) (``theta``: the policy's bar; items above it are
    notified anyway). ``renewing``: while ``search`` says so."""
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
    options: list[tuple[float, int, str, str]] = []
    for i, (cand, a) in enumerate(zip(cands, seen, strict=True)):
        if cand.p >= theta or cand.backlog or cand.notified or cand.muted or cand.pin:
            continue
        loss = cost * (1.0 - cand.p) - cand.p
        if not renewing and reach * max((q for q in a.beliefs if q <= 0.5),
                                        default=0.0) <= loss:
            continue  # no feature of it could be worth the test
        best, best_name, source = 0.0, "", ""
        for name, q in zip(a.liked, a.beliefs, strict=True):
            if renewing and name.startswith("src:"):
                source = name
            if q <= 0.5 and (renewing or reach * q > loss):
                value = worth(profile, name, q, now)
                if value > best:
                    best, best_name = value, name
        gain = c.explore_weight * best - loss
        if best_name and (renewing or gain > 0):
            options.append((gain, i, best_name, source))
    chosen: list[tuple[int, str]] = []
    tested: set[str] = set()
    for _, i, name, source in sorted(options, reverse=True):
        if len(chosen) >= room:
            break
        if name not in tested and source not in tested:
            tested.update((name, source) if source else (name,))
            chosen.append((i, name))
    if chosen:
        meta["explored"] = [today, (done[1] if done[0] == today else 0) + len(chosen)]
        profile.save_meta()
    return chosen
