"""What an import changed, in words: the profile before (``snapshot``) against the file's
(``compare``), so that the person sees their edits land ("1 learned feature changed: source
“LWN” +5.20 → +9.00"; "1 alert or block added: never notify author “X”") rather than only
totals. What was learned is said as Settings → Profile says it: learned features (a weight is
the file's word).

Names of sources and groups that the file's rows, interests and pins hold but none of the
person's sources has (``followed``: a file exported before a rename, or from another machine)
are said too: what was learned of them counts once a source has that name.

A weight counts as changed when it moved by more than ``CHANGED``: what an export rounds, and
what fades between an export and its import (a weight halves every 10 days), is no change. A
stated interest kept counts as changed when its strength (what a change of taste left of it,
``profile_file``) moved by more than ``STRENGTH_CHANGED``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from notify.core.ranking.profile import Profile, Term, feature_words, term_words
from notify.core.ranking.profile_file import ProfileData
from notify.core.source_names import source_name
from notify.core.store import sources as sources_store

CHANGED = 0.05  # of a weight, at least this much (and 5 % of it) is a change
SHOWN = 5  # of each kind of change, named at most this many; the others are counted
STRENGTH_CHANGED = 0.005  # of an interest's strength (0 to 1): less is an export's rounding


def snapshot(profile: Profile, now: float | None = None) -> ProfileData:
    """The profile as it stands, as an import's ``ProfileData`` (weights as believed now)."""
    now = time.time() if now is None else now
    weights = {name: profile.weights.get(name, now) for name in profile.weights.table}
    scale = profile.learner.interest_scale
    strength = {t.interest_feature: float(scale[t.interest_feature]) for t in profile.interests
                if scale.get(t.interest_feature, 1.0) < 1.0}  # as an export writes it
    return ProfileData(list(profile.interests), dict(profile.pins), strength, weights)


@dataclass(frozen=True)
class ProfileChanges:
    interests_added: tuple[Term, ...] = ()
    interests_removed: tuple[Term, ...] = ()
    # an interest in both whose strength (``ProfileData.strength``) moved: term, before, now
    interests_changed: tuple[tuple[Term, float, float], ...] = ()
    pins_added: tuple[tuple[Term, str], ...] = ()
    pins_removed: tuple[tuple[Term, str], ...] = ()
    pins_changed: tuple[tuple[Term, str, str], ...] = ()  # term, mode before, mode now
    weights_added: tuple[tuple[str, float], ...] = ()
    weights_removed: tuple[tuple[str, float], ...] = ()
    weights_changed: tuple[tuple[str, float, float], ...] = ()  # name, before, now
    unchanged: tuple[int, int, int] = (0, 0, 0)  # weights, interests, pins
    # sources and groups the file names that none of the person's sources has, as terms
    not_followed: tuple[Term, ...] = ()

    def brief(self) -> str:
        """The changes counted, in one line, in the words Settings → Profile uses for what
        was learned: "2 learned features changed, 1 alert or block added" ("nothing
        changed")."""
        counted = [_count(len(named), what, _MANY.get(what, "")) for what, named in (
            (LEARNED + " changed", self.weights_changed),
            (LEARNED + " added", self.weights_added),
            (LEARNED + " removed", self.weights_removed),
            ("interest added", self.interests_added),
            ("interest removed", self.interests_removed),
            ("interest strength changed", self.interests_changed),
            ("alert or block added", self.pins_added),
            ("alert or block removed", self.pins_removed),
            ("alert or block changed", self.pins_changed)) if named]
        return ", ".join(counted) or "nothing changed"

    @property
    def any(self) -> bool:
        return any((self.interests_added, self.interests_removed, self.interests_changed,
                    self.pins_added,
                    self.pins_removed, self.pins_changed, self.weights_added,
                    self.weights_removed, self.weights_changed))

    def lines(self) -> list[str]:
        """Each kind of change in one sentence, the largest weight changes named first; the
        last line counts what stayed as it was."""
        out: list[str] = []

        def said(what: str, named: list[str]) -> None:
            if named:
                shown = "; ".join(named[:SHOWN])
                more = f"; and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
                out.append(f"{_count(len(named), what, _MANY.get(what, ''))}: {shown}{more}.")

        said(LEARNED + " changed", [f"{feature_words(n)} {a:+.2f} → {b:+.2f}" for n, a, b in
                                sorted(self.weights_changed, key=lambda r: -abs(r[2] - r[1]))])
        said(LEARNED + " added", [f"{feature_words(n)} {w:+.2f}" for n, w in
                              sorted(self.weights_added, key=lambda r: -abs(r[1]))])
        said(LEARNED + " removed", [f"{feature_words(n)} (was {w:+.2f})" for n, w in
                                sorted(self.weights_removed, key=lambda r: -abs(r[1]))])
        said("interest added", [term_words(t) for t in self.interests_added])
        said("interest removed", [term_words(t) for t in self.interests_removed])
        said("interest strength changed", [f"{term_words(t)} {_share(a)} → {_share(b)}"
                                           for t, a, b in self.interests_changed])
        said("alert or block added", [_pin(t, m) for t, m in self.pins_added])
        said("alert or block removed", [_pin(t, m) for t, m in self.pins_removed])
        said("alert or block changed", [f"{_pin(t, a)} → {m}" for t, a, m in self.pins_changed])
        weights, interests, pins = self.unchanged
        # only the kinds something of stayed: "1 alert or block added" then "… 0 alerts or
        # blocks as before" read as a contradiction
        kept = [_count(n, one, many) for n, one, many in (
            (weights, LEARNED, LEARNED_MANY), (interests, "interest", "interests"),
            (pins, "alert or block", "alerts or blocks")) if n]
        listed = (", ".join(kept[:-1]) + " and " + kept[-1]) if len(kept) > 1 else "".join(kept)
        if self.not_followed:
            named = [term_words(t) for t in self.not_followed]
            more = f" and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
            out.append(
                f"{_count(len(named), 'name', 'names')} in the file no source of yours has: "
                f"{'; '.join(named[:SHOWN])}{more}. What was learned of them counts once a "
                "source (or group) has that name: rename it (Settings → Sources, or 'notify "
                "sources edit ID --title NAME'), or the name in the file.")
        if out and kept:
            out.append(f"Nothing else changed: {listed} as before.")
        elif not out:
            out.append(f"Nothing changed: the file holds what your profile held: {listed}."
                       if kept else "Nothing changed: the file and your profile are both empty.")
        return out


# What was learned (a weight on a feature), as Settings → Profile says it ("Search learned
# features", "Forget the selected feature"): "weight" is the file's word, not the person's.
LEARNED, LEARNED_MANY = "learned feature", "learned features"
_MANY = {LEARNED + " changed": LEARNED_MANY + " changed",
         LEARNED + " added": LEARNED_MANY + " added",
         LEARNED + " removed": LEARNED_MANY + " removed",
         "interest strength changed": "interest strengths changed",
         "alert or block added": "alerts or blocks added",
         "alert or block removed": "alerts or blocks removed",
         "alert or block changed": "alerts or blocks changed"}


def _count(n: int, what: str, many: str = "") -> str:
    if n == 1:
        return f"1 {what}"
    if many:
        return f"{n} {many}"
    noun, _, rest = what.partition(" ")
    return f"{n} {noun}s{' ' + rest if rest else ''}"


def _pin(term: Term, mode: str) -> str:
    return f"{'always' if mode == 'always' else 'never'} notify {term_words(term)}"


def _share(strength: float) -> str:
    """An interest's strength as a share of its full strength: "20 %", "full"."""
    return "full" if strength >= 1.0 else f"{strength:.0%}".replace("%", " %")


def _moved(before: float, after: float) -> bool:
    return abs(after - before) > max(CHANGED, 0.05 * abs(before))


def followed(profile: Profile) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the person's sources (as their items carry them, ``source_name``) and of
    their groups."""
    sources = sources_store.list_all(profile.conn)
    return (frozenset(source_name(s) for s in sources),
            frozenset(s.group for s in sources if s.group))


def named(data: ProfileData) -> list[Term]:
    """The sources and groups a profile's rows, interests and pins name, as terms."""
    terms: set[Term] = {t for t in [*data.interests, *data.pins] if t.kind in ("source", "group")}
    for name in data.weights:
        kind, _, value = name.partition(":")
        if kind == "int":
            kind, _, value = value.partition(":")
            kind = {"source": "src", "group": "grp"}.get(kind, "")
        elif kind == "sw":
            value = value.rpartition("|")[0]  # "sw:LWN|rust": the source, before its word
            kind = "src"
        if kind in ("src", "grp") and value:
            terms.add(Term("source" if kind == "src" else "group", value))
    return sorted(terms, key=lambda t: (t.kind != "source", t.value.lower(), t.value))


def compare(before: ProfileData, after: ProfileData,
            names: tuple[frozenset[str], frozenset[str]] | None = None) -> ProfileChanges:
    """What replacing ``before`` by ``after`` changes; ``names``: the person's sources and
    groups (``followed``), to say which of those the file names none of them has."""
    sources, groups = names if names is not None else (None, None)
    strangers = () if sources is None or groups is None else tuple(
        t for t in named(after) if t.value not in (sources if t.kind == "source" else groups))
    old_w = {n: w for n, (w, _c) in before.weights.items()}
    new_w = {n: w for n, (w, _c) in after.weights.items()}
    changed = tuple((n, old_w[n], w) for n, w in new_w.items()
                    if n in old_w and _moved(old_w[n], w))
    same_pins = [t for t, m in after.pins.items() if before.pins.get(t) == m]
    kept = [t for t in after.interests if t in before.interests]
    strengths = tuple((t, before.strength.get(t.interest_feature, 1.0),
                       after.strength.get(t.interest_feature, 1.0)) for t in kept)
    restrengthened = tuple((t, a, b) for t, a, b in strengths
                           if abs(b - a) > STRENGTH_CHANGED)
    return ProfileChanges(
        interests_added=tuple(t for t in after.interests if t not in before.interests),
        interests_removed=tuple(t for t in before.interests if t not in after.interests),
        interests_changed=restrengthened,
        pins_added=tuple((t, m) for t, m in after.pins.items() if t not in before.pins),
        pins_removed=tuple((t, m) for t, m in before.pins.items() if t not in after.pins),
        pins_changed=tuple((t, before.pins[t], m) for t, m in after.pins.items()
                           if t in before.pins and before.pins[t] != m),
        weights_added=tuple((n, w) for n, w in new_w.items() if n not in old_w),
        weights_removed=tuple((n, w) for n, w in old_w.items() if n not in new_w),
        weights_changed=changed,
        unchanged=(sum(1 for n in new_w if n in old_w) - len(changed),
                   len(kept) - len(restrengthened), len(same_pins)),
        not_followed=strangers,
    )


def reset_loses(profile: Profile, reactions: int) -> str:
    """What a reset forgets, counted: "Resetting forgets 1,463 learned features, 2 interests,
    1 alert and 1 block; your 33 reactions can no longer be undone." (``reactions``: those
    that could be undone now)."""
    pins = list(profile.pins.values())
    lost = [_count(len(profile.weights.table), LEARNED, LEARNED_MANY),
            _count(len(profile.interests), "interest"),
            _count(pins.count("always"), "alert"), _count(pins.count("never"), "block")]
    also = (f"; your {_count(reactions, 'reaction')} can no longer be undone" if reactions
            else "")
    return f"Resetting forgets {', '.join(lost[:-1])} and {lost[-1]}{also}."
