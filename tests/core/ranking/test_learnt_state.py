"""What a scripted month of reactions leaves in the profile, to the 9th decimal: a change in how
the profile is stored (docs/store.md, "The weights' log") must not change what is learnt.

The script goes through the public API (``RankingService``: ``onboard``, ``rank_texts``,
``learn_text``, and on stored items ``feedback`` with a change of mind and ``undo_last``) and
takes the paths a reaction can take: first-run thumbs, Likes, Dismissals, Ignores, Opens, the
change watch's alarm and the split of a source into a few of its words. The state is read back
from a fresh connection (what a restart loads), and compared with the figures the same script
gives on the code before the weights' log and the first-run set (23052ef). The first-run thumbs
are given Dismissals first, the order the first-run set learns them in, so the old code's
figures still apply."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from pathlib import Path
from typing import Any

from notify.core.policy import PolicySettings
from notify.core.ranking.features import ItemText
from notify.core.ranking.profile import Profile, parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store.sources import transaction
from tests.core.ranking.conftest import T0, Feed

DAY = 86400.0
WORDS = [f"word{i}" for i in range(400)]
SOURCES = ("sport", "politics", "science", "arts")


def text(rng: random.Random, source: str, *extra: str) -> ItemText:
    title = " ".join([*extra, *rng.sample(WORDS, 6)])
    return ItemText(title=title, summary=" ".join(rng.sample(WORDS, 20)), source=source,
                    authors=(f"Author {rng.randrange(12)}",), link=None)


def wanted(it: ItemText, day: int) -> bool:
    """The scripted person: the sport items about rugby, and science until day 18, then
    arts."""
    if it.source == "sport":
        return "rugby" in it.title.split()
    return it.source == ("science" if day < 18 else "arts")


def script(conn: sqlite3.Connection) -> RankingService:
    rng = random.Random(13)
    s = RankingService(conn, settings=PolicySettings(utc_offset_s=0), explore=True)
    s.onboard([parse_term("source:science")], T0)
    now = T0
    thumbs = [text(rng, "sport", "rugby"), text(rng, "sport"), text(rng, "politics")]
    # first-run thumbs, given in the order they are learnt in (Dismissals first: first_run.py),
    # so that the figures of the code before that order existed still hold
    for it in sorted(thumbs, key=lambda it: wanted(it, 0)):
        s.learn_text(it, "like" if wanted(it, 0) else "dismiss", now)
    for day in range(1, 31):
        now = T0 + day * DAY
        texts = [text(rng, SOURCES[i % 4], *(["rugby"] if i % 8 == 0 else [])) for i in range(24)]
        with transaction(conn):
            ranked = s.rank_texts(texts, now)
        order = sorted(range(len(texts)), key=lambda i: -ranked[i].p)
        for n, i in enumerate(order[:6]):
            it = texts[i]
            if wanted(it, day):
                label = "open" if n % 3 == 2 else "like"
            else:
                label = "ignore" if n % 2 else "dismiss"
            with transaction(conn):
                s.learn_text(it, label, now + 60 * n)
    feed = Feed(conn, "science")  # stored items: a change of mind, then an undo
    a = feed.add("word1 word2 word3 experiment", "word4 word5")
    b = feed.add("word6 word7 word8 telescope", "word9 word10")
    later = T0 + 31 * DAY
    s.feedback(a, "like", later)
    s.feedback(a, "dismiss", later + 10)
    s.feedback(b, "like", later + 20)
    s.undo_last(later + 30)
    s.feedback(b, "ignore", later + 40)
    return s


def learnt(path: Path) -> dict[str, Any]:
    """The profile as a restart loads it, and the recorded reactions."""
    conn = db.connect(path)
    try:
        profile = Profile(conn)
        weights = {n: [round(v, 9) for v in row] for n, row in profile.weights.table.items()}
        reactions = [[r[0], r[1], r[2], r[3]] for r in conn.execute(
            "SELECT label, at, undone, features FROM feedback ORDER BY id")]
        return {"weights": weights, "meta": profile.meta, "reactions": reactions,
                "size": profile.size_bytes()}
    finally:
        conn.close()


def digest(value: Any) -> str:
    def rounded(v: Any) -> Any:
        if isinstance(v, float):
            return round(v, 9)
        if isinstance(v, list):
            return [rounded(x) for x in v]
        if isinstance(v, dict):
            return {k: rounded(x) for k, x in v.items()}
        if isinstance(v, str) and v.startswith("[["):
            return rounded(json.loads(v))
        return v

    return hashlib.sha256(json.dumps(rounded(value), sort_keys=True).encode()).hexdigest()[:16]


def test_a_scripted_month_of_reactions_leaves_the_same_profile(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    conn = db.connect(path)
    s = script(conn)
    in_memory = {n: [round(v, 9) for v in row] for n, row in s.profile.weights.table.items()}
    conn.close()
    state = learnt(path)
    assert state["weights"] == in_memory  # what is stored is what was learnt
    # the script took the paths it is meant to cover
    assert "before_change" in state["meta"]  # the change watch raised its alarm
    assert any(n.startswith("sw:sport|") for n in state["weights"])  # the split
    assert [r[2] for r in state["reactions"]].count(1) == 2  # replaced, and undone
    # the figures of the code before the weights' log (23052ef)
    assert len(state["weights"]) == GOLDEN["rows"]
    assert round(sum(r[0] for r in state["weights"].values()), 6) == GOLDEN["evidence"]
    assert len(state["reactions"]) == GOLDEN["reactions"]
    assert state["size"] == GOLDEN["size"]
    assert {k: digest(state[k]) for k in ("weights", "meta", "reactions")} == GOLDEN["digests"]


GOLDEN: dict[str, Any] = {
    "rows": 755, "evidence": -1693.161017, "reactions": 187,
    # 11 bytes more than 23052ef's 35599: the emptied first-run record (first_run.py's value
    # "first_run" = "[]"), which that code did not have; and 4,406 more since the nineteenth
    # round: where items and the words followed occur (topicality.py's "places" and
    # "place_words"). Its meta differs from that code's in one count only: the last day's
    # tests ("explored" 2 -> 1; the script reacts to the six likeliest items, never to a test,
    # so what is learnt is the same)
    "size": 40016,
    "digests": {"weights": "7ea4459af629e317", "meta": "573857a52c961395",
                "reactions": "c4412ceb6781d94e"},
}
