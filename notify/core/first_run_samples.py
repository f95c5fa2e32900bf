"""The sample items of the first run's "Tell Notify what you like" page: a few varied items of
the sources just read (the welcome's first poll), for a Like or a Dismiss that the ranking learns
as first-run answers (``ranking.first_run``: learnt as a set, counted twice).

Varied: the newest item of each source in turn (the sources in the order of their newest item),
then the second newest of each, and so on, until ``SAMPLES``; an item without a title, or with the
title of one already picked (one story from two sources), is passed over. Each is shown by its
title, its source's name (``source_names.source_name``, as everywhere else), a short summary
(``SUMMARY_CHARS`` at most, cut at a word) and its link. No Qt: the engine offers them
(``EngineItems.first_run_samples``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from notify.core.models import Item
from notify.core.source_names import source_name
from notify.core.store import items as items_store
from notify.core.store import sources as sources_store
from notify.core.store.items import ItemQuery

SAMPLES = 10  # items on the page: a few answers, not a chore
SUMMARY_CHARS = 120  # two lines of the page at its usual width, four at 480 px and 14 pt
SCAN = 1000  # the newest items read to find the sources' newest (a first poll's are all there)


@dataclass(frozen=True)
class Sample:
    """One sample item: what the page shows of it, and the answer given so far (None: none)."""

    item_id: int
    title: str
    source: str
    summary: str
    link: str | None
    reaction: str | None = None


def short(text: str, limit: int = SUMMARY_CHARS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters ("…" where cut)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def pick(items: Sequence[Item], names: Mapping[int, str], limit: int = SAMPLES) -> list[Sample]:
    """Up to ``limit`` samples of ``items`` (newest first): one per source in turn, the sources
    in the order of their newest item, then a second of each, and so on."""
    by_source: dict[int, list[Item]] = {}
    for item in items:
        by_source.setdefault(item.source_id, []).append(item)
    queues = list(by_source.values())
    chosen: list[Sample] = []
    titles: set[str] = set()
    depth = 0
    while len(chosen) < limit and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth >= len(queue) or len(chosen) >= limit:
                continue
            item = queue[depth]
            key = " ".join(item.title.split()).casefold()
            if not key or key in titles:
                continue
            titles.add(key)
            chosen.append(Sample(item.id, " ".join(item.title.split()),
                                 names.get(item.source_id) or item.source_title,
                                 short(item.summary_text), item.link, item.reaction))
        depth += 1
    return chosen


def of_store(conn: sqlite3.Connection, limit: int = SAMPLES) -> list[Sample]:
    """The samples of the items stored (at the first run: the first poll's). A source whose
    items are all older than the newest ``SCAN`` of the others is read on its own, while the
    sources found are fewer than ``limit``."""
    names = {s.id: source_name(s) for s in sources_store.list_all(conn)}
    items = items_store.query(conn, ItemQuery(limit=SCAN))
    found = {item.source_id for item in items}
    if len(items) == SCAN and len(found) < limit:  # one busy source may hide the others
        for source_id in names:
            if source_id not in found:
                items += items_store.query(conn, ItemQuery(source_ids=(source_id,),
                                                           limit=limit))
    return pick(items, names, limit)
