"""What the ranking service answers (``service.RankingService``): an item's score and choice
(``Ranked``), what a reaction did (``Reacted``, and ``replaces``: which reaction replaces an
item's earlier one), and the profile as a person sees it (``ProfileSummary``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from notify.core import policy
from notify.core.bidi import isolate
from notify.core.models import Reaction
from notify.core.ranking.profile import Term
from notify.core.ranking.profile_groups import FeatureView


@dataclass(frozen=True)
class Ranked:
    """One item's score and the policy's choice (``rank_texts``)."""

    p: float
    choice: policy.Choice


DONE = {  # a reaction, as what the person did to an item
    "like": "liked", "dismiss": "dismissed", "open": "opened", "ignore": "ignored"}


def replaces(label: str, earlier: str) -> bool:
    """Whether a reaction to an item replaces the one it already has. A different answer
    does; the same one again changes nothing, nor does silence (an expired notification)
    after an answer, nor opening an item already liked (opening it is what the Like said)."""
    return label != earlier and label != Reaction.IGNORE and not (
        label == Reaction.OPEN and earlier == Reaction.LIKE)


@dataclass(frozen=True)
class Undone:
    """What undoing the last reaction did (``RankingService.undo_last``)."""

    what: str  # "your dismiss of item 23 (it is liked again)"
    item_ids: tuple[int, ...]  # the items whose reaction changed


@dataclass(frozen=True)
class Reacted:
    """What a reaction to a stored item did (``RankingService.feedback``)."""

    item_id: int
    label: str
    earlier: str | None = None  # the reaction the item had before (None: none)
    learned: bool = True  # False: nothing changed (``replaces``)
    copies: tuple[int, ...] = ()  # the story's other copies a Dismiss marked too

    def summary(self, subject: str = "") -> str:
        """One sentence for the person; ``subject``: how to name the item ("item 23" when
        not given; the app says "this item")."""
        item = subject or f"item {self.item_id}"
        if self.learned:
            instead = f", instead of your earlier {self.earlier}" if self.earlier else ""
            n = len(self.copies)
            also = (f" and on the same story's {n} other {'copy' if n == 1 else 'copies'}"
                    if n else "")
            return f"Noted: {self.label} on {item}{also}{instead}."
        was = f"{item[0].upper()}{item[1:]} is already {DONE.get(str(self.earlier), self.earlier)}"
        if self.label == self.earlier:
            return f"{was}: nothing changed."
        if self.label == Reaction.OPEN:
            return f"{was}: opening it changes nothing."
        return f"{was}: letting it pass (ignore) changes nothing."


@dataclass(frozen=True)
class ProfileSummary:
    """The profile as a person sees it (``notify profile show``, Settings → Profile). The
    learned rows in three groups (``profile.Profile.top``): ``positive`` push items up (More
    of), ``negative`` push them down (Less of: words the person cannot stand),
    ``not_a_reason`` were ruled out as reasons by the reactions, pushing no item down."""

    positive: list[FeatureView]
    negative: list[FeatureView]
    interests: list[Term]
    pins: dict[Term, str]
    reactions: int
    size_bytes: int
    # When the reactions last said the person's taste changed, and until when Notify explores
    # for the new one (None: not now).
    taste_changed_at: float | None = None
    exploring_until: float | None = None
    # The file the profile was imported from (its name) and when (None: never imported since
    # the profile began or was reset); ``reactions`` are then those given since.
    imported_from: str | None = None
    imported_at: float | None = None
    not_a_reason: list[FeatureView] = field(default_factory=list)
    # Stated keywords the reactions narrowed to a few sources (``Profile.narrowed``).
    narrowed: dict[Term, list[str]] = field(default_factory=dict)

    def narrowed_note(self) -> str:
        """One sentence per stated keyword the reactions narrowed ("": none): "Your interest
        “rugby”: only in Sport, as you passed over its items elsewhere"."""
        return " ".join(
            f"Your interest “{isolate(term.value)}”: only in "
            + " and ".join(isolate(s) for s in sources)
            + ", as you passed over its items elsewhere." for term, sources in
            self.narrowed.items())

    def learned_note(self) -> str:
        """Where the profile came from, without a full stop: "Learned from 3 reactions", or
        after an import (which replaces what was learned and the reactions that taught it)
        "Imported from profile.json on 30 Nov 2026; learned from 3 reactions since"; the
        date is local."""
        counted = f"{self.reactions} reaction{'' if self.reactions == 1 else 's'}"
        if self.imported_from is None:
            return f"Learned from {counted}"
        on = ""
        if self.imported_at is not None:
            t = time.localtime(self.imported_at)
            on = f" on {t.tm_mday} {time.strftime('%b %Y', t)}"
        since = f"learned from {counted} since" if self.reactions else "no reactions since"
        return f"Imported from {self.imported_from}{on}; {since}"

    def search_note(self) -> str:
        """One sentence on Notify's search for what the person likes ("": nothing to say);
        dates are local."""
        def day(ts: float | None) -> str:
            return time.strftime("%Y-%m-%d", time.localtime(ts)) if ts is not None else "?"

        if self.exploring_until is not None:
            return ((f"Your reactions of {day(self.taste_changed_at)} said your interests "
                     "changed: what was learned before counts less now, and"
                     if self.taste_changed_at is not None
                     # after an import its lists may be full: not "nothing is known"
                     else "No Like since the import, and the profile has no stated interest:"
                     if self.imported_from is not None
                     else "Nothing is known yet of what you like (no interest, no Like):")
                    + " Notify tries a few items a day from different sources until you like "
                    f"one (at the latest until {day(self.exploring_until)}).")
        if self.taste_changed_at is not None:
            return f"Last change of interests noticed: {day(self.taste_changed_at)}."
        return ""
