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

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from notify.core import policy
from notify.core.models import Reaction
from notify.core.ranking.features import ItemText
from notify.core.ranking.learner import DAY, Assessment
from notify.core.ranking.profile import Profile
from notify.core.ranking.reading import Reading

# How an exploring notification says why it came (``policy.Candidate.exploring``).
EXPLORING = "exploring"
EXPLORING_AFTER_CHANGE = "exploring (your interests seem to have changed)"
EXPLORING_AT_START = "exploring (finding out what you like)"

# What tests of each kind have returned for this person (``calibration``): the model's own
# expectation at test time is worth this many tests.
TEST_PRIOR = 3.0
# A test not answered within this time is forgotten (not counted either way).
TEST_PENDING_S = 3 * DAY
HITS = (str(Reaction.LIKE), str(Reaction.OPEN))


def family(name: str) -> str:
    """The kind of a feature: "src", "grp", "tag", "auth", "w", "sw", "site"."""
    cut = name.find(":")
    return name[:cut] if cut > 0 else name


def test_key(title: str, source: str) -> str:
    """An item's key among the tests awaiting an answer (the same from ``Candidate`` and from
    ``ItemText``; items of ``notify rank --jsonl`` have no id)."""
    return hashlib.blake2b(f"{source}\n{title}".encode(), digest_size=8).hexdigest()


def calibration(meta: Mapping[str, Any]) -> dict[str, float]:
    """Per kind of feature, what its tests have returned for this person over what the model
    expected of them: the posterior mean of a Beta whose prior is the model's own expectation,
    worth ``TEST_PRIOR`` tests, over that expectation. 1: as expected (or no test yet)."""
    out: dict[str, float] = {}
    for fam, (n, hits, expected) in meta.get("tests", {}).items():
        if n > 0 and expected > 0:
            m = expected / n
            out[fam] = (hits + TEST_PRIOR * m) / ((n + TEST_PRIOR) * m)
    return out


def answered(profile: Profile, it: ItemText, label: str) -> None:
    """A reaction came: if it answers a test, count it for the test's kind (``calibration``).
    The caller saves the meta."""
    pending = profile.meta.get("tests_out")
    if not pending:
        return
    entry = pending.pop(test_key(it.title, it.source), None)
    if entry is None:
        return
    fam, expected = str(entry[0]), float(entry[1])
    row = profile.meta.setdefault("tests", {}).setdefault(fam, [0, 0, 0.0])
    row[0] += 1
    row[1] += 1 if label in HITS else 0
    row[2] = round(row[2] + expected, 4)


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
    rate = calibration(meta)
    most = max(1.0, *rate.values()) if rate else 1.0
    options: list[tuple[float, int, str, str]] = []
    for i, (cand, a) in enumerate(zip(cands, seen, strict=True)):
        if cand.p >= theta or cand.backlog or cand.notified or cand.muted or cand.pin:
            continue
        loss = cost * (1.0 - cand.p) - cand.p
        if not renewing and reach * most * max((q for q in a.beliefs if q <= 0.5),
                                               default=0.0) <= loss:
            continue  # no feature of it could be worth the test
        best, best_name, source = 0.0, "", ""
        for name, q in zip(a.liked, a.beliefs, strict=True):
            if renewing and name.startswith("src:"):
                source = name
            if q <= 0.5:
                q *= rate.get(family(name), 1.0)
                if renewing or reach * q > loss:
                    value = q * 0.8 * min(per_day(name, now) * c.explore_horizon_days,
                                          c.explore_cap)
                    if value > best:
                        best, best_name = value, name
        gain = c.explore_weight * best - loss
        if best_name and (renewing or gain > 0):
            options.append((gain, i, best_name, source))
    chosen: list[int] = []
    tested: set[str] = set()
    pending: dict[str, list[Any]] = {k: v for k, v in meta.get("tests_out", {}).items()
                                     if now - float(v[2]) < TEST_PENDING_S}
    like = Reading(c.plain_reading(), c.reading_strength, meta.get("reading"))
    hit = [sum(like.given(h)[k] for h in HITS) for k in (0, 1)]  # P(hit | (not) wanted)
    for _, i, name, source in sorted(options, reverse=True):
        if len(chosen) >= room:
            break
        if name not in tested and source not in tested:
            tested.update((name, source) if source else (name,))
            chosen.append(i)
            if not renewing:  # the search tests no one feature: its answers are not counted
                p = cands[i].p
                pending[test_key(cands[i].title, cands[i].source_title)] = [
                    family(name), round(p * hit[0] + (1.0 - p) * hit[1], 4), now]
    if chosen or len(pending) != len(meta.get("tests_out", {})):
        meta["explored"] = [today, (done[1] if done[0] == today else 0) + len(chosen)]
        meta["tests_out"] = pending
        profile.save_meta()
    return chosen
