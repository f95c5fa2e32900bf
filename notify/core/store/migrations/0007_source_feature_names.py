"""Schema v7: what the profile learnt about a source is named as its items now name it.

Before, an item's source was its stored title, bare: a feed without a title of its own was
named after its host (``127.0.0.1``) in the ranking's features (``src:127.0.0.1``,
``sw:127.0.0.1|rust``), ``notify items --json`` and notifications, where ``notify sources list``,
Settings and the inbox said ``127.0.0.1:8731/feed.xml`` (``source_names.source_name``). Items
now carry that name everywhere; this moves the rows learnt under the old one (weights,
interests, pins, the reactions' records) to it: exactly for a source alone with its old name;
sources that shared one (several on one host) each get a copy of what they shared, so every
item is ranked as before (``ranking.source_renames``).

A JSON API added with a login in its address was named with it (``bob:secret@host/api``, its
kind's default name then): such a name Notify gave is given again, without the login
(``jsonapi.default_title``), and what was learnt under it follows. No table changes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


def _login_named(conn: sqlite3.Connection) -> dict[int, str]:
    """Name JSON APIs again whose name Notify gave holds the login of their address; returns
    their old names by id."""
    from notify.core.sources import registry

    kind = registry.get("json")
    old: dict[int, str] = {}
    for source_id, url, title, settings in conn.execute(
            "SELECT id, url, title, settings FROM sources WHERE kind = 'json' "
            "AND title LIKE '%@%' AND title_given IS NOT 1"):
        try:
            parts = urlsplit(url)
        except ValueError as err:  # its name cannot hold a login Notify took from it
            log.warning("schema 7: source %s's address cannot be read (%s); its name is kept",
                        source_id, err)
            continue
        if "@" in parts.netloc and title == f"{parts.netloc}{parts.path}".rstrip("/"):
            new = kind.default_title(url, json.loads(settings or "{}"))
            conn.execute("UPDATE sources SET title = ? WHERE id = ?", (new, source_id))
            old[int(source_id)] = str(title)
    return old


def migrate(conn: sqlite3.Connection) -> None:
    from notify.core.ranking.source_renames import follow_upgrade

    follow_upgrade(conn, _login_named(conn))
