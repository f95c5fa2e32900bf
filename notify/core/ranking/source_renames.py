"""What the profile learnt about a source follows the source when its name changes.

A source's features are named by its name (``src:NAME``, ``sw:NAME|word``: ``features``), and
so are a ``source`` interest (with its ``int:source:NAME`` row) and a ``source`` pin. The name
is the app's one rule (``source_names.source_name``), and it changes: the person renames the
source (``notify sources edit ID --title``), its feed gains or changes its own title, a source
named after its address gets a new one, or an upgrade names items by that rule where an older
Notify used the bare stored title (a feed without a title was ``127.0.0.1``, now
``127.0.0.1:8731/feed.xml``: schema migration 7). Without this, what was learnt stayed under
the old name, matching nothing, and the source started again from its prior, silently.

``follow`` moves every row of the old name to the new one: the weights, the interests and pins,
their scale and counts in the profile's values, the first-run answers, and the reactions'
records (so that undo restores the renamed rows, and ``split`` reads the source's reactions
under its new name). A name several sources shared (two feeds without a title on one host were
both ``127.0.0.1`` to the learner) cannot be split exactly: each of them gets a copy, so that
every item is ranked exactly as before, and from there each learns on its own. A reaction
whose item is still stored goes to its item's source alone. The old name's rows stay while a
source is still called so. A new name that already has rows (another source is called so)
keeps its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notify.core.models import Source
from notify.core.ranking.features import SOURCE, source_feature, source_word_feature
from notify.core.ranking.topicality import PLACES
from notify.core.source_names import name_of_source, source_name
from notify.core.store import feedback as store
from notify.core.store import profile_renames as renames_store

_INTEREST = "int:source:"  # ``profile.Term("source", NAME).interest_feature``
_WORD = "sw:"


@dataclass(frozen=True)
class SourceRename:
    """Source ``source_id`` was called ``old`` (its items' features learnt under it); now
    ``new``."""

    source_id: int
    old: str
    new: str


def _renamed(name: str, targets: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The names a feature of a renamed source's is given (None: it is no such feature)."""
    if name.startswith(SOURCE):
        news = targets.get(name[len(SOURCE):])
        return None if news is None else tuple(source_feature(n) for n in news)
    if name.startswith(_INTEREST):
        news = targets.get(name[len(_INTEREST):])
        return None if news is None else tuple(_INTEREST + n for n in news)
    if name.startswith(_WORD):
        source, sep, word = name[len(_WORD):].rpartition("|")  # a word has no "|"
        news = targets.get(source) if sep else None
        return None if news is None else tuple(source_word_feature(n, word) for n in news)
    return None


def _renamed_keys(value: Any, targets: Mapping[str, tuple[str, ...]]) -> Any:
    """``value`` (JSON) with every mapping key that is a renamed feature given to its new
    names (a key already there keeps its value)."""
    if isinstance(value, list):
        return [_renamed_keys(v, targets) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    copies: list[tuple[tuple[str, ...], Any]] = []
    for key, v in value.items():
        news = _renamed(key, targets)
        if news is None:
            out[key] = _renamed_keys(v, targets)
        else:
            copies.append((news, _renamed_keys(v, targets)))
    for news, v in copies:
        for new in news:
            out.setdefault(new, v)
    return out


def _terms(entries: list[list[Any]], targets: Mapping[str, tuple[str, ...]]) -> list[list[Any]]:
    """Interests ``[kind, value]`` or pins ``[kind, value, mode]``, a ``source`` one given to
    the new names (a term there already keeps its own)."""
    out: dict[tuple[str, str], list[Any]] = {}
    for kind, value, *rest in entries:
        news = targets.get(value) if kind == "source" else None
        for new in news or (value,):
            out.setdefault((kind, new), [kind, new, *rest])
    return list(out.values())


def follow(conn: sqlite3.Connection, renames: Sequence[SourceRename],
           others: Mapping[int, str]) -> bool:
    """Move what the profile holds under each rename's old name to its new one (see the module
    docstring); ``others``: the names of the sources not renamed, by id (an old name one of them
    still has keeps its rows). Call inside a transaction. False: the profile held nothing of
    the old names (nothing changed)."""
    renames = [r for r in renames if r.old and r.new and r.old != r.new]
    if not renames:
        return False
    still = set(others.values())
    grouped: dict[str, list[str]] = {}
    for r in renames:
        grouped.setdefault(r.old, []).append(r.new)
    targets = {old: tuple(dict.fromkeys([*news, *([old] if old in still else [])]))
               for old, news in grouped.items()}
    if not renames_store.mentioned(
            conn, [n for old in targets for n in (source_feature(old), _INTEREST + old)],
            [source_word_feature(old, "") for old in targets],
            [json.dumps(old, ensure_ascii=False)[1:-1] for old in targets]):
        return False  # nothing learnt of them yet (the reactions' records name only learnt rows)
    moves = {n: news for n in renames_store.weight_names(conn)
             if (news := _renamed(n, targets)) is not None}
    renames_store.copy_weights(conn, moves, [n for n, news in moves.items() if n not in news])
    # each source's (old, new) name: a renamed one's, or the old name one not renamed keeps
    by_source = {r.source_id: (r.old, r.new) for r in renames}
    by_source.update((i, (name, name)) for i, name in others.items() if name in targets)
    _values(conn, by_source, targets)
    _reactions(conn, by_source, targets)
    return True


def _values(conn: sqlite3.Connection, by_source: Mapping[int, tuple[str, str]],
            targets: Mapping[str, tuple[str, ...]]) -> None:
    for key in ("meta", "seen", PLACES):
        value = store.get_value(conn, key)
        if value is not None and (new := _renamed_keys(value, targets)) != value:
            store.set_value(conn, key, new)
    for key in ("interests", "pins"):
        value = store.get_value(conn, key)
        if value is not None and (new := _terms(value, targets)) != value:
            store.set_value(conn, key, new)
    answers = store.get_value(conn, "first_run")  # ``first_run.KEY``: the answers' texts
    if answers:
        own = _own_names(conn, by_source, [a.get("item_id") for a in answers])
        changed = False
        for a in answers:
            text = a.get("text") or {}
            new = own(a.get("item_id"), text.get("source", ""), targets)
            if new is not None:
                text["source"], changed = new, True
        if changed:
            store.set_value(conn, "first_run", answers)


def _own_names(conn: sqlite3.Connection, by_source: Mapping[int, tuple[str, str]],
               item_ids: Iterable[Any]) -> Any:
    """``own(item_id, old, targets)``: the new name of an item's source called ``old`` (None:
    unchanged: not renamed, or the item is gone and several sources had the name)."""
    sources = renames_store.item_sources(conn, [int(i) for i in item_ids if i is not None])

    def own(item_id: Any, old: str, targets: Mapping[str, tuple[str, ...]]) -> str | None:
        r = by_source.get(sources.get(int(item_id), -1)) if item_id is not None else None
        if r is not None and r[0] == old:
            return r[1] if r[1] != old else None
        news = targets.get(old)
        return news[0] if news is not None and len(news) == 1 else None

    return own


def _reactions(conn: sqlite3.Connection, by_source: Mapping[int, tuple[str, str]],
               targets: Mapping[str, tuple[str, ...]]) -> None:
    """The reactions' records: a reaction to an item still stored follows its own source (its
    new name, or the old one it keeps); one whose item is gone, every source of the name."""
    needles = [json.dumps(n, ensure_ascii=False)[:-1] + tail for old in targets
               for n, tail in ((source_feature(old), '"'), (_INTEREST + old, '"'),
                               (_WORD + old + "|", ""))]

    def change(source_id: int | None, source: str | None,
               record: list[Any]) -> tuple[str | None, list[Any]] | None:
        mine = by_source.get(source_id) if source_id is not None else None
        own = {mine[0]: (mine[1],)} if mine is not None else {}
        entries: list[Any] = []
        for entry in record:
            name = entry[0] if isinstance(entry, list) and entry else None
            news = _renamed(name, {**targets, **own}) if isinstance(name, str) else None
            entries += [entry] if news is None else [[n, *entry[1:]] for n in news]
        new_source = source
        if source is not None and source.startswith(SOURCE):
            news = {**targets, **own}.get(source[len(SOURCE):])
            if news is not None and len(news) == 1:
                new_source = source_feature(news[0])
        if entries == record and new_source == source:
            return None
        return new_source, entries

    renames_store.renamed_reactions(
        conn, [source_feature(old) for old in targets], needles, change)


def follow_source(conn: sqlite3.Connection, before: Source, after: Source) -> bool:
    """What was learnt about a source follows it when a change of its title or address
    changed its name (``source_name``); a change that keeps its name changes nothing. Call in
    the transaction that changed it. Returns whether the profile changed."""
    old, new = source_name(before), source_name(after)
    if old == new:
        return False
    others = {int(i): name_of_source(kind, url, title) for i, kind, url, title in conn.execute(
        "SELECT id, kind, url, title FROM sources WHERE id != ?", (after.id,))}
    return follow(conn, [SourceRename(after.id, old, new)], others)


def follow_upgrade(conn: sqlite3.Connection, old_titles: Mapping[int, str]) -> None:
    """An older Notify named an item's source by its stored title alone (``old_titles``: the
    titles it had, by id, where the upgrade changed them); this one by ``source_name``: a
    source still named after its host was ``127.0.0.1``, is now ``127.0.0.1:8731/feed.xml``.
    What was learnt under the old names follows (schema migration 7)."""
    renames: list[SourceRename] = []
    others: dict[int, str] = {}
    for source_id, kind, url, title in conn.execute("SELECT id, kind, url, title FROM sources"):
        name = name_of_source(kind, url, title)
        old = old_titles.get(int(source_id), title)
        if old and name != old:
            renames.append(SourceRename(int(source_id), str(old), name))
        else:
            others[int(source_id)] = name
    follow(conn, renames, others)
