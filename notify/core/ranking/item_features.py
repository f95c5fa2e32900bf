"""What the ranker reads of an item for this profile: its features (``features``) and the
stated interests it matches; stored items with the size of their source's group."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from notify.core.models import Item
from notify.core.ranking.features import ItemText, features, from_item, lead, matches_term
from notify.core.ranking.profile import Profile
from notify.core.store import sources as sources_store


def of_stored(conn: sqlite3.Connection, items: Sequence[Item]) -> list[ItemText]:
    """What the ranker reads of stored items, each with its group's size."""
    sizes = sources_store.group_sizes(conn, (it.source_group for it in items))
    return [from_item(it, group_size=sizes.get(it.source_group, 1)) for it in items]


def featurize(profile: Profile, it: ItemText) -> tuple[dict[str, float], frozenset[str]]:
    """The item's features, with those of the profile's interests it matches, and its lead
    words."""
    lead_words = lead(it)  # tokenised once for the features and the interests
    x = features(it, lead_words)
    words = frozenset(lead_words)
    for term in profile.interests:
        if matches_term(it, words, term.kind, term.value):
            x[term.interest_feature] = 1.0
    return x, words
