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
from dataclasses import dataclass

from notify.core import policy
from notify.core.ranking.learner import DAY, Assessment
from notify.core.ranking.profile import Profile

# How an exploring notification says why it came (``policy.Candidate.exploring``).
EXPLORING = "exploring"
EXPLORING_AFTER_CHANGE = "exploring (your interests seem to have changed)"
EXPLORING_AT_START = "exploring (finding out what you like)"


@dataclass(frozen=True)
class Search:
    """Notify's search for what the person likes, as it stands at one moment."""

    since: float  # the change watch's alarm, or the first round that could notify
    why: str  # EXPLORING_AFTER_CHANGE or EXPLORING_AT_START
    room: int  # items it may notify in a round now (0: none due yet)
    fast_until: float  # the end of the first ``renew_days``: up to ``renew_max`` a day
    next_at: float | None = None  # after them: when its next item is due

    @property
    def slow(self) -> bool:
        return self.next_at is not None


def _slow_day(pace: int, k: int) -> float:
    """The day (since the search began) the ``k``-th item after the first week is due: one a
    day (pace 1), or after waits of 1, 2, 4, 8… days (pace 2 and 3)."""
    return k if pace == 1 else float(2 ** min(k, 30) - 1)


def search(profile: Profile, now: float) -> Search | None:
    """Is Notify searching for what the person likes at ``now``? None: it is not. After a
    change of taste, or from the first round when nothing is known (no stated interest, no
    Like); ``renew_max`` a day for ``renew_days``, until the first Like."""
    c = profile.config
    meta = profile.meta
    since, why = meta.get("changed_at"), EXPLORING_AFTER_CHANGE
    if since is None:
        if profile.interests or "last_like_at" in meta:
            return None
        since, why = meta.get("created_at"), EXPLORING_AT_START
    if since is None or float(meta.get("last_like_at", 0.0)) > float(since):
        return None
    since = float(since)
    fast_until = since + c.renew_days * DAY
    if now < fast_until:
        return Search(since, why, c.renew_max, fast_until)
    pace = int(c.renew_slow)
    if not pace or (why == EXPLORING_AFTER_CHANGE and not c.renew_slow_after_change):
        return None
    at, k = meta.get("slow_search", [since, 0])
    due = fast_until + _slow_day(pace, int(k) if float(at) == since else 0) * DAY
    return Search(since, why, 1 if now >= due else 0, fast_until, due)


def choose(profile: Profile, cands: Sequence[policy.Candidate], seen: Sequence[Assessment],
           now: float, theta: float, *, searching: Search | None = None) -> list[int]:
    """The positions of the items to notify as exploring this round (``theta``: the policy's
    bar; items above it are notified anyway). ``searching``: while ``search`` says so and
    has room."""
    c = profile.config
    meta = profile.meta
    renewing = searching is not None and searching.room > 0
    today = int(now // DAY)
    done = meta.get("explored", [today, 0])
    room = (min(searching.room, c.renew_max) if searching is not None and renewing
            else c.explore_max) - (done[1] if done[0] == today else 0)
    if room <= 0:
        return []
    cost = policy.FALSE_ALARM_COST
    reach = c.explore_weight * 0.8 * c.explore_cap  # the most a belief of 1 could be worth
    per_day = profile.per_day
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
                value = q * 0.8 * min(per_day(name, now) * c.explore_horizon_days,
                                      c.explore_cap)
                if value > best:
                    best, best_name = value, name
        gain = c.explore_weight * best - loss
        if best_name and (renewing or gain > 0):
            options.append((gain, i, best_name, source))
    fresh_first = renewing and searching is not None and searching.slow \
        and int(c.renew_slow) == 3
    before = {str(n) for n in meta.get("search_sources", [])} if renewing else set()
    chosen: list[int] = []
    tested: set[str] = set()
    picked: list[str] = []
    for *_, i, name, source in sorted(
            options, key=lambda o: ((o[3] not in before) if fresh_first else True, o[0], o[1]),
            reverse=True):
        if len(chosen) >= room:
            break
        if name not in tested and source not in tested:
            tested.update((name, source) if source else (name,))
            chosen.append(i)
            picked.append(source)
    if chosen:
        meta["explored"] = [today, (done[1] if done[0] == today else 0) + len(chosen)]
        if renewing and searching is not None:
            if int(c.renew_slow) == 3:
                meta["search_sources"] = sorted(before | {s for s in picked if s})
            if searching.slow:
                at, k = meta.get("slow_search", [searching.since, 0])
                k = int(k) if float(at) == searching.since else 0
                meta["slow_search"] = [searching.since, k + len(chosen)]
        profile.save_meta()
    return chosen
