"""The one list of source kinds. Adding a kind: write its module, add one line here."""

from __future__ import annotations

import importlib

from notify.core.errors import SourceConfigError
from notify.core.sources.base import SourceKind

# kind id -> module defining ``KIND``. The id is stored in the database: never rename one.
_MODULES: dict[str, str] = {
    "feed": "notify.core.sources.feed",
    "json": "notify.core.sources.jsonapi",
    "github-notifications": "notify.core.sources.github",
    "github-repo": "notify.core.sources.github_repo",
    "hackernews": "notify.core.sources.hackernews",
    "reddit": "notify.core.sources.reddit",
    "mastodon": "notify.core.sources.mastodon",
    "youtube": "notify.core.sources.youtube",
}

_cache: dict[str, SourceKind] = {}


def kind_ids() -> list[str]:
    return list(_MODULES)


def get(kind_id: str) -> SourceKind:
    if kind_id not in _MODULES:
        known = ", ".join(_MODULES)
        raise SourceConfigError(f"Unknown source kind {kind_id!r}. Known kinds: {known}.")
    if kind_id not in _cache:
        module = importlib.import_module(_MODULES[kind_id])
        kind: SourceKind = module.KIND
        if kind.id != kind_id:
            raise RuntimeError(f"{_MODULES[kind_id]}.KIND.id is {kind.id!r}, expected {kind_id!r}")
        _cache[kind_id] = kind
    return _cache[kind_id]


def all_kinds() -> list[SourceKind]:
    return [get(k) for k in _MODULES]
