"""The profile: what Notify learned about the person, and what they told it. Stored in SQLite.

- learned weights: ``profile_weights`` (one row per feature, see ``learner``; what reactions
  changed is appended to its log until a ranking round folds it in: ``fold``);
- stated interests (onboarding, ``notify profile interests``): priors that start strong;
- pins: a term that always notifies (a keyword alert) or never does (a block);
- meta: the exploration seed, the count of ranking rounds, when the last Like came;
- what recurs and where, for exploring: ``seen`` (items a day per feature) and ``places``
  (``topicality``: where the words a reaction made likelier occur), counted from the items
  ranked.

Terms are ``kind:value`` with kind one of source, group, author, tag, keyword, site; a
feature name (``w:rust``, ``src:LWN``) is accepted wherever a term is and means the same.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notify.core.errors import UnknownFeatureError, UserInputError
from notify.core.ranking import topicality
from notify.core.ranking.features import ItemText, matches_term
from notify.core.ranking.learner import (
    DAY,
    VETO,
    Learner,
    LearnerConfig,
    Weights,
    capped_belief,
    logit,
)
from notify.core.ranking.profile_groups import Learned, Lowered, grouped
from notify.core.ranking.topicality import Places
from notify.core.store import feedback as store

MAX_ROWS = 15_000  # learned weights kept at most (about 0.55 MB)
# What one "less of" click keeps of the belief that the person cares about a feature: a source
# that alone made an item 98 % likely makes it 49 % (still notified on its own), 25 % after a
# second click (no longer). A fixed step of evidence did next to nothing to a well-learned
# feature (98 % → 95 %).
LESS_OF_SHARE = 0.5
MAX_SEEN = 20_000  # features whose frequency is kept (for exploring)
_COUNTED = ("src:", "grp:", "auth:", "tag:", "site:", "w:")
TERM_KINDS = ("source", "group", "author", "tag", "keyword", "site")
_FEATURE_KIND = {"src": "source", "grp": "group", "auth": "author", "tag": "tag", "w": "keyword",
                 "site": "site"}
_KIND_FEATURE = {v: k for k, v in _FEATURE_KIND.items()}


@dataclass(frozen=True)
class Term:
    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.value}'" if self.kind in ("keyword", "tag") else (
            f"{self.kind} {self.value}")

    @property
    def feature(self) -> str:
        value = self.value.lower() if self.kind in ("keyword", "tag") else self.value
        return _KIND_FEATURE[self.kind] + ":" + value

    @property
    def words(self) -> str:
        """As a person reads it in a sentence: “rust” for a keyword, source “LWN” otherwise
        (the Profile page's list says the same: Always notify: “rust”)."""
        return f"“{self.value}”" if self.kind == "keyword" else f"{self.kind} “{self.value}”"

    @property
    def interest_feature(self) -> str:
        return f"int:{self.kind}:{self.value}"


def parse_term(text: str) -> Term:
    """``keyword:rust``, ``source:Hacker News`` or a feature name ``w:rust``; a bare word is a
    keyword. Raises ``UnknownFeatureError`` saying what is accepted."""
    kind, sep, value = text.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if not sep:
        kind, value = "keyword", text.strip()
    kind = _FEATURE_KIND.get(kind, kind)
    if kind not in TERM_KINDS or not value:
        raise UnknownFeatureError(text, TERM_KINDS)
    if kind == "keyword":
        value = value.lower()
    return Term(kind, value)


# The words a feature name's kind is said with (``feature_words``).
_KIND_WORDS = {"src": "source", "grp": "group", "auth": "author", "tag": "tag", "site": "site",
               "w": "the word", "ww": "the phrase"}
# How strong a weight is, in words: (at least this evidence, word). +2.3 makes an item ten
# times likelier to be wanted (or, negative, ten times less).
_STRENGTHS = ((10.0, "very strong"), (5.0, "strong"), (2.0, "moderate"), (0.0, "weak"))
# A weight is said firmly ("moderate", "strong"…) only once this many reactions' worth of
# evidence stand behind it (``strength_word``): before, one or two reactions more can undo it.
FIRM_REACTIONS = 5.0


def feature_words(name: str, *, firm: bool = False) -> str:
    """A feature name as a person reads it, the name quoted: ``src:LWN`` -> source “LWN”,
    ``w:rust`` -> the word “rust”, ``sw:LWN|rust`` -> the word “rust” in source “LWN”,
    ``int:keyword:rust`` -> your interest “rust”, ``not:w:go`` -> the word “go” (in items
    you passed over: dismissed, or whose notification you let expire), or with ``firm``
    (``top`` shows it: ``profile_groups.FIRM_VETO``), which you cannot stand.
    (``features.describe`` is the shorter wording of ``notify explain``.)"""
    if name.startswith(VETO):
        return feature_words(name[len(VETO):]) + (", which you cannot stand" if firm
                                                  else " (in items you passed over)")
    if name == "bias":
        return "how often anything is wanted"
    kind, _, rest = name.partition(":")
    if kind == "sw":
        source, _, word = rest.rpartition("|")
        return f"the word “{word}” in source “{source}”"
    if kind == "int":
        what, _, value = rest.partition(":")
        return (f"your interest “{value}”" if what == "keyword"
                else f"your interest in {what} “{value}”")
    if kind in _KIND_WORDS:
        return f"{_KIND_WORDS[kind]} “{rest}”"
    return name


def strength_word(weight: float, certainty: float | None = None) -> str:
    """How strong a learned weight is: "very strong", "strong", "moderate" or "weak"; said
    only as firmly as the ``certainty`` behind it (the reactions' worth of evidence,
    ``FeatureView.certainty``) allows, when given: "tentative" until ``FIRM_REACTIONS`` stand
    behind a weight more than weak. (By the weight alone, one Like and one Dismiss showed a
    source at "+7.4 (strong)".)"""
    word = next(word for floor, word in _STRENGTHS if abs(weight) >= floor)
    if certainty is not None and word != "weak" and certainty < FIRM_REACTIONS:
        return "tentative"
    return word


def term_words(term: Term) -> str:
    """A term as a person reads it: the word “rust”, source “LWN”."""
    return feature_words(term.feature) if term.kind != "keyword" or " " not in term.value \
        else f"the words “{term.value}”"


def handle(name: str) -> str | None:
    """What ``notify profile pin|forget`` takes for a learned feature (``keyword:rust``,
    ``source:LWN``), or None when none takes it alone (a word within one source, a phrase, a
    stated interest)."""
    base = name.removeprefix(VETO)
    kind, sep, value = base.partition(":")
    if not sep or kind not in _FEATURE_KIND or not value:
        return None
    return f"{_FEATURE_KIND[kind]}:{value}"


class Profile:
    """The profile of one database, loaded once; every change is written through."""

    def __init__(self, conn: sqlite3.Connection, config: LearnerConfig | None = None):
        self.conn = conn
        self.config = config or LearnerConfig()
        self.weights = Weights(self.config, store.load_weights(conn))
        self.interests = [Term(k, v) for k, v in store.get_value(conn, "interests", [])]
        self.pins = {Term(k, v): mode for k, v, mode in store.get_value(conn, "pins", [])}
        self.meta: dict[str, Any] = dict(store.get_value(conn, "meta", {}))
        self.learner = Learner(self.weights, self.meta.get("interest_scale", {}))
        self._seen: dict[str, int] | None = None
        self._seen_names: list[str] | None = None  # ``seen``'s names, sorted (``count_seen``)
        self._places: Places | None = None

    # -- the parts the user made ---------------------------------------------------------

    def _save_terms(self) -> None:
        store.set_value(self.conn, "interests", [[t.kind, t.value] for t in self.interests])
        store.set_value(self.conn, "pins", [[t.kind, t.value, m] for t, m in self.pins.items()])

    def add_interest(self, term: Term) -> None:
        if term not in self.interests:
            self.interests.append(term)
            self._save_terms()

    def remove_interest(self, term: Term) -> None:
        if term in self.interests:
            self.interests.remove(term)
            self.weights.table.pop(term.interest_feature, None)
            store.delete_weights(self.conn, [term.interest_feature])
            self._save_terms()
            scale = self.meta.get("interest_scale", {})
            if scale.pop(term.interest_feature, None) is not None:
                self.save_meta()

    def pin(self, term: Term, mode: str) -> str | None:
        """Pin a term; returns the mode it was pinned with before (None: it was not)."""
        if mode not in ("always", "never"):
            raise UserInputError(f"A pin is 'always' or 'never', not {mode!r}.")
        before = self.pins.get(term)
        if before != mode:
            self.pins[term] = mode
            self._save_terms()
        return before

    def unpin(self, term: Term) -> bool:
        found = self.pins.pop(term, None) is not None
        if found:
            self._save_terms()
        return found

    def forget(self, term: Term) -> int:
        """Drop what was learned about a term (its source × word pairs and its veto too);
        returns rows."""
        names = [n for n in self.weights.table if n in (
            term.feature, term.interest_feature, VETO + term.feature) or (
            term.kind == "keyword" and n.startswith("sw:") and n.endswith("|" + term.value))]
        for n in names:
            del self.weights.table[n]
        store.delete_weights(self.conn, names)
        return len(names)

    def less_of(self, term: Term, now: float, share: float = LESS_OF_SHARE) -> Lowered:
        """The user's graded correction "less of this": the belief that the person cares about
        the term's feature becomes ``share`` of what it was (as reactions would lower it), not
        a block; it counts as one reaction. A feature that is no reason to notify (no likelier
        than an unknown one) is left as it is: lowering it would change nothing a person sees.
        Returns the beliefs before and after."""
        name = term.feature
        [atom], _ = self.learner.atoms({name: 1.0})  # a term's feature is always one
        before = self.learner.belief(atom, now)
        unknown = capped_belief(atom.prior)
        if before <= unknown:
            return Lowered(before, before, unknown)
        after = before * share
        _evidence, count = self.weights.get(name, now)
        row = [logit(after) - atom.prior, count + 1.0, now]
        self.weights.table[name] = row
        store.save_weights(self.conn, {name: row})
        return Lowered(before, self.learner.belief(atom, now), unknown)

    def soften(self, keep: float, now: float) -> list[list[Any]]:
        """After a change of taste (``reading.ChangeWatch``): keep only ``keep`` of the
        evidence in favour of each feature and of each stated interest's strength. Returns the
        rows as they were (name, evidence, reactions, time; None when there was no row), so
        that undoing the reaction restores them."""
        before: list[list[Any]] = []
        rows: dict[str, list[float]] = {}
        table = self.weights.table
        for name in [n for n in table if not n.startswith(VETO)]:
            evidence, count = self.weights.get(name, now)
            if evidence > 0:
                before.append([name, *table[name]])
                rows[name] = table[name] = [evidence * keep, count, now]
        store.save_weights(self.conn, rows)
        scale = self.meta.setdefault("interest_scale", {})
        for term in self.interests:
            scale[term.interest_feature] = scale.get(term.interest_feature, 1.0) * keep
        self.learner.interest_scale = scale
        return before

    @staticmethod
    def softened_away(softened: Sequence[Sequence[Any]],
                      keep: float) -> dict[str, tuple[float, float]]:
        """What an alarm's ``soften`` took from each row (``softened``: the rows it returned):
        name -> (evidence taken, when)."""
        return {str(name): ((1.0 - keep) * float(evidence), float(at))
                for name, evidence, _count, at in softened if evidence is not None}

    def unsoftened(self, away: Mapping[str, tuple[float, float]], now: float,
                   names: Iterable[str] | None = None) -> dict[str, list[float]]:
        """The rows as they would be had an alarm's ``soften`` not happened (``away``: from
        ``softened_away``): what it took, faded to ``now``, added back to each row as it is
        now, so that what was learnt since the alarm stays. ``names``: only these."""
        hl = self.config.half_life_days * DAY
        out: dict[str, list[float]] = {}
        for name in (away if names is None else [n for n in names if n in away]):
            taken, at = away[name]
            if hl > 0 and now > at:
                taken *= 0.5 ** ((now - at) / hl)
            current, count = self.weights.get(name, now)
            out[name] = [current + taken, count, now]
        return out

    def p_before(self, x: Mapping[str, float], now: float,
                 away: Mapping[str, tuple[float, float]],
                 interest_scale: Mapping[str, float]) -> float:
        """P(wanted) of an item by the taste from before a change alarm (``unsoftened``)."""
        table = self.weights.table
        trial = self.unsoftened(away, now, names=x)
        kept = {n: table.get(n) for n in trial}
        scale = self.learner.interest_scale
        try:
            table.update(trial)
            self.learner.interest_scale = interest_scale
            return self.learner.assess(x, now).p
        finally:
            self.learner.interest_scale = scale
            for n, old in kept.items():
                if old is None:
                    table.pop(n, None)
                else:
                    table[n] = old

    def undo_change(self, interest_scale: dict[str, float], changed_at: float | None) -> None:
        """Undo a change alarm's ``soften`` of the stated interests (the rows come back with
        the reaction's own undo) and its time."""
        self.meta["interest_scale"] = dict(interest_scale)
        self.learner.interest_scale = self.meta["interest_scale"]
        if changed_at is None:
            self.meta.pop("changed_at", None)
        else:
            self.meta["changed_at"] = changed_at
        self.meta.pop("before_change", None)
        self.save_meta()

    def redo_change(self, called_off: dict[str, Any]) -> None:
        """Undo the Like that called a change alarm off (``alarm.Alarm.answer``):
        the alarm stands again (the rows come back with the reaction's own undo)."""
        self.meta["interest_scale"] = dict(called_off["interest_scale"])
        self.learner.interest_scale = self.meta["interest_scale"]
        self.meta["changed_at"] = called_off["changed_at"]
        self.meta["before_change"] = called_off["before_change"]
        self.meta.pop("false_alarm", None)
        self.save_meta()

    def reset(self) -> None:
        self.weights.table.clear()
        self.interests.clear()
        self.pins.clear()
        self.meta.clear()
        self.learner.interest_scale = {}
        self._seen = {}
        self._seen_names = None
        self._places = Places()
        store.clear_weights(self.conn)
        store.clear_values(self.conn)
        store.forget_feedback(self.conn)  # the reactions stay facts; undo no longer takes them

    def fold(self) -> int:
        """Fold the weights' log into their table (``store.fold_weights``): once a ranking
        round, so that a reaction only appends the rows it changed. Returns the rows folded."""
        return store.fold_weights(self.conn)

    def prune(self, now: float, max_rows: int = MAX_ROWS) -> int:
        """Drop weights that say (almost) nothing any more: back at their prior after
        forgetting, or the least informative beyond ``max_rows`` (keeps the profile small)."""
        info: list[tuple[float, str]] = []
        drop: list[str] = []
        for name in self.weights.table:
            if name.startswith("int:"):
                continue
            evidence, count = self.weights.get(name, now)
            if abs(evidence) < 0.02:  # nothing (left) to say about it
                drop.append(name)
            else:
                info.append((abs(evidence) + 0.01 * count, name))
        if len(info) > max_rows:
            info.sort()
            drop += [n for _, n in info[: len(info) - max_rows]]
        for n in drop:
            del self.weights.table[n]
        store.delete_weights(self.conn, drop)
        if self.places.keep(self._liked_word):
            self._save_places()
        return len(drop)

    # -- how often things recur (what exploring for them is worth) ------------------------

    @property
    def seen(self) -> dict[str, int]:
        if self._seen is None:
            self._seen = dict(store.get_value(self.conn, "seen", {}))
        return self._seen

    def count_seen(self, xs: list[dict[str, float]], now: float) -> None:
        """Count, per source, author, tag and word, the items it appeared in, and where each
        word occurs (``places``). The ~20,000 counts are stored a slice at a time
        (``store.set_mapping``), in the order of their names kept sorted here as new ones
        come: neither the sort nor the text is made in one long call that holds the GIL (and
        so stalls the GUI thread) on the engine thread."""
        if not xs:
            return
        seen = self.seen
        names = self._seen_names
        if names is None or len(names) != len(seen):  # first round (or changed elsewhere)
            names = sorted(seen)  # read back in this order already: quick
        new: list[str] = []
        for x in xs:
            for name in x:
                if name.startswith(_COUNTED):
                    count = seen.get(name)
                    if count is None:
                        new.append(name)
                        count = 0
                    seen[name] = count + 1
        if new:  # a few hundred a round: sorted, and merged in one step per name
            names = list(heapq.merge(names, sorted(new)))
        if len(seen) > MAX_SEEN:  # keep the most frequent
            keep = sorted(seen.items(), key=lambda kv: -kv[1])[: MAX_SEEN * 3 // 4]
            self._seen = seen = dict(keep)
            names = [n for n in names if n in seen]
        self._seen_names = names
        store.set_mapping(self.conn, "seen", seen, names)
        self.places.count(xs, self._liked_word)
        self._save_places()

    def _liked_word(self, word: str) -> bool:
        """Whether a reaction made a lead word likelier (``places`` follows it)."""
        row = self.weights.table.get(topicality.LEAD_WORD + word)
        return row is not None and row[0] > 0

    def _save_places(self) -> None:
        places = self.places
        store.set_value(self.conn, topicality.PLACES, places.places)
        store.set_mapping(self.conn, topicality.WORDS, places.words, places.names)

    @property
    def places(self) -> Places:
        """Where lead words occur (``topicality``): which words say what an item is about."""
        if self._places is None:
            self._places = Places(store.get_value(self.conn, topicality.PLACES, {}),
                                  store.get_value(self.conn, topicality.WORDS, {}))
        return self._places

    def per_day(self, name: str, now: float) -> float:
        """Items a day that have a feature (a source × word: a share of the rarer one)."""
        days = 1.0 + max(0.0, now - float(self.meta.get("created_at", now))) / DAY
        seen = self.seen
        if name.startswith("sw:"):
            src, _, word = name[3:].rpartition("|")
            count = 0.3 * min(seen.get("src:" + src, 0), seen.get("w:" + word, 0))
        else:
            count = seen.get(name, 0)
        return float(count) / days

    def save_meta(self) -> None:
        store.set_value(self.conn, "meta", self.meta)

    # -- reading -------------------------------------------------------------------------

    def pin_for(self, it: ItemText, words: frozenset[str]) -> tuple[str | None, str]:
        """("never"|"always"|None, the term) for an item; a block wins over an alert."""
        hit: tuple[str | None, str] = (None, "")
        for term, mode in self.pins.items():
            if matches_term(it, words, term.kind, term.value):
                if mode == "never":
                    return mode, term.words
                hit = (mode, term.words)
        return hit

    def narrowed(self, now: float) -> dict[Term, list[str]]:
        """The stated keywords the reactions narrowed to a few sources (``split``'s
        ``propose_interest``): those whose reactions took away at least half of what stating
        the interest adds, with the sources in which the word is believed liked
        (``sw:SOURCE|word``), strongest first."""
        out: dict[Term, list[str]] = {}
        liked = -logit(self.config.p_source_word)  # the evidence that makes it likelier
        for term in self.interests:
            name = term.interest_feature
            # narrowed: back at an unknown word's belief, then fading like all evidence (a
            # narrowing whose Dismissals have faded by half is no longer said)
            if term.kind != "keyword" or (
                    self.weights.get(name, now)[0] > -self.learner.interest_push(name) / 2):
                continue
            found = []
            for row in self.weights.table:
                source, bar, word = row.removeprefix("sw:").rpartition("|")
                if row.startswith("sw:") and bar and word == term.value:
                    evidence = self.weights.get(row, now)[0]
                    if evidence >= liked:
                        found.append((evidence, source))
            if found:
                out[term] = [source for _, source in sorted(found, reverse=True)]
        return out

    def top(self, n: int = 20, now: float = 0.0) -> Learned:
        """The ``n`` strongest rows of each group (``profile_groups.grouped``)."""
        return grouped(self.learner, {t.feature for t in self.pins}, n, now)

    def size_bytes(self) -> int:
        return store.weights_bytes(self.conn) + store.values_bytes(self.conn)
