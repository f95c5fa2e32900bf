"""The profile: what Notify learned about the person, and what they told it. Stored in SQLite.

- learned weights: ``profile_weights`` (one row per feature, see ``learner``);
- stated interests (onboarding, ``notify profile interests``): priors that start strong;
- pins: a term that always notifies (a keyword alert) or never does (a block);
- meta: the exploration seed, the count of ranking rounds, when the last Like came.

Terms are ``kind:value`` with kind one of source, group, author, tag, keyword, site; a
feature name (``w:rust``, ``src:LWN``) is accepted wherever a term is and means the same.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from notify.core.errors import UserInputError
from notify.core.ranking.features import ItemText, describe, matches_term
from notify.core.ranking.learner import Learner, LearnerConfig, Weights
from notify.core.store import feedback as store

MAX_ROWS = 15_000  # learned weights kept at most (about 0.55 MB)
LESS_OF_STEP = 1.0  # how far one "less of" click lowers a weight (a like moves it ~0.5)
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
    def interest_feature(self) -> str:
        return f"int:{self.kind}:{self.value}"


def parse_term(text: str) -> Term:
    """``keyword:rust``, ``source:Hacker News`` or a feature name ``w:rust``; a bare word is a
    keyword. Raises ``UserInputError`` saying what is accepted."""
    kind, sep, value = text.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if not sep:
        kind, value = "keyword", text.strip()
    kind = _FEATURE_KIND.get(kind, kind)
    if kind not in TERM_KINDS or not value:
        raise UserInputError(
            f"{text!r} is not a feature Notify knows. Write KIND:VALUE with KIND one of "
            f"{', '.join(TERM_KINDS)} (for example keyword:rust or 'source:Hacker News'), "
            "or a feature name from 'notify profile show' such as w:rust."
        )
    if kind == "keyword":
        value = value.lower()
    return Term(kind, value)


@dataclass(frozen=True)
class FeatureView:
    name: str
    text: str
    weight: float
    certainty: float
    pinned: bool = False


class Profile:
    """The profile of one database, loaded once; every change is written through."""

    def __init__(self, conn: sqlite3.Connection, config: LearnerConfig | None = None):
        self.conn = conn
        self.config = config or LearnerConfig()
        self.weights = Weights(self.config, store.load_weights(conn))
        self.learner = Learner(self.weights)
        self.interests = [Term(k, v) for k, v in store.get_value(conn, "interests", [])]
        self.pins = {Term(k, v): mode for k, v, mode in store.get_value(conn, "pins", [])}
        self.meta: dict[str, Any] = dict(store.get_value(conn, "meta", {}))

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

    def pin(self, term: Term, mode: str) -> None:
        if mode not in ("always", "never"):
            raise UserInputError(f"A pin is 'always' or 'never', not {mode!r}.")
        self.pins[term] = mode
        self._save_terms()

    def unpin(self, term: Term) -> bool:
        found = self.pins.pop(term, None) is not None
        self._save_terms()
        return found

    def forget(self, term: Term) -> int:
        """Drop what was learned about a term (and its source × word pairs); returns rows."""
        names = [n for n in self.weights.table if n == term.feature or (
            term.kind == "keyword" and n.startswith("sw:") and n.endswith("|" + term.value))
            or n == term.interest_feature]
        for n in names:
            del self.weights.table[n]
        store.delete_weights(self.conn, names)
        return len(names)

    def less_of(self, term: Term, now: float, step: float = LESS_OF_STEP) -> float:
        """The user's graded correction "less of this": lower the term's weight by ``step``
        (and make it at least as certain as a prior), not a block. Returns the new weight."""
        name = term.feature
        mean, prec = self.weights.get(name, now)
        _, prior_prec = self.weights.prior(name)
        row = [mean - step, max(prec, prior_prec), now]
        self.weights.table[name] = row
        store.save_weights(self.conn, {name: row})
        return row[0]

    def reset(self) -> None:
        self.weights.table.clear()
        self.interests.clear()
        self.pins.clear()
        self.meta.clear()
        store.clear_weights(self.conn)
        store.clear_values(self.conn)
        store.clear_feedback(self.conn)

    def prune(self, now: float, max_rows: int = MAX_ROWS) -> int:
        """Drop weights that say (almost) nothing any more: back at their prior after
        forgetting, or the least informative beyond ``max_rows`` (keeps the profile small)."""
        info: list[tuple[float, str]] = []
        drop: list[str] = []
        for name in self.weights.table:
            if name == "bias" or name.startswith("int:"):
                continue
            mean, prec = self.weights.get(name, now)
            m0, q0 = self.weights.prior(name)
            if abs(mean - m0) < 0.02 and prec - q0 < 0.1:
                drop.append(name)
            else:
                info.append((abs(mean - m0) * prec, name))
        if len(info) > max_rows:
            info.sort()
            drop += [n for _, n in info[: len(info) - max_rows]]
        for n in drop:
            del self.weights.table[n]
        store.delete_weights(self.conn, drop)
        return len(drop)

    def save_meta(self) -> None:
        store.set_value(self.conn, "meta", self.meta)

    # -- reading -------------------------------------------------------------------------

    def pin_for(self, it: ItemText, words: frozenset[str]) -> tuple[str | None, str]:
        """("never"|"always"|None, the term) for an item; a block wins over an alert."""
        hit: tuple[str | None, str] = (None, "")
        for term, mode in self.pins.items():
            if matches_term(it, words, term.kind, term.value):
                if mode == "never":
                    return mode, str(term)
                hit = (mode, str(term))
        return hit

    def top(self, n: int = 20, now: float = 0.0) -> tuple[list[FeatureView], list[FeatureView]]:
        """The ``n`` strongest positive and negative learned features."""
        pinned = {t.feature for t in self.pins}
        views = []
        for name, row in self.weights.table.items():
            if name == "bias":
                continue
            mean, prec = self.weights.get(name, now or row[2])
            views.append(FeatureView(name, describe(name), mean, prec, name in pinned))
        pos = sorted((v for v in views if v.weight > 0), key=lambda v: -v.weight)[:n]
        neg = sorted((v for v in views if v.weight < 0), key=lambda v: v.weight)[:n]
        return pos, neg

    def size_bytes(self) -> int:
        return store.weights_bytes(self.conn) + store.values_bytes(self.conn)
