"""Schema v7: what the profile learnt about a source is named as its items now name it.

Before, an item's source was its stored title, bare: a feed without a title of its own was
named after its host (``127.0.0.1``) in the ranking's features (``src:127.0.0.1``,
``sw:127.0.0.1|rust``), ``notify items --json`` and notifications, where ``notify sources list``,
Settings and the inbox said ``127.0.0.1:8731/feed.xml`` (``source_names.source_name``). Items
now carry that name everywhere; this moves the rows learnt under the old one (weights,
interests, pins, the reactions' records) to it: exactly for a source alone with its old name;
sources that shared one (several on one host) each get a copy of what they shared, so every
item is ranked as before (``ranking.source_renames``). No table changes.
"""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    from notify.core.ranking.source_renames import follow_upgrade

    follow_upgrade(conn)
