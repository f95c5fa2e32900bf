"""The one list of source kinds. Adding a kind: write its module, add one line here."""

from __future__ import annotations

import importlib
import logging

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
log = logging.getLogger(__name__)


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


def warm() -> None:
    """Import every kind's module now (~0.12 s the first time), so that the first caller that
    lists the kinds (Settings → Sources, on the GUI thread) finds them loaded. The running
    app's engine calls it in a worker thread as it starts; ``notify poll`` imports only the
    kinds it polls. A kind that fails to load is logged here, and said by its callers."""
    for kind_id in kind_ids():  # a copy: a test may register a kind meanwhile
        try:
            get(kind_id)
        except Exception:
            log.exception("loading the source kind %r failed", kind_id)
