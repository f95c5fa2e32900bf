"""``notify status``: sources, failing ones, last poll, items, database size (read-only)."""

from __future__ import annotations

import argparse
from typing import Any

from notify.commands.output import iso, print_json, reader, size, when
from notify.core.logs import redact
from notify.core.status import status_of
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("status", help="how Notify is doing")
    parser.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    parser.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    with reader(args) as (conn, paths):
        status = status_of(conn, paths)
        states = state_repo.all_states(conn)
        problems = []
        for source in sources_repo.list_all(conn):
            st = states.get(source.id)
            if st is None:
                continue
            if st.consecutive_failures or st.disabled_reason or st.moved_notice:
                problems.append((source, st))
    if args.json:
        print_json({
            "sources": status.sources,
            "enabled": status.enabled,
            "failing": status.failing,
            "last_poll": iso(status.last_poll),
            "next_poll": iso(status.next_poll),
            "items": status.items,
            "unread": status.unread,
            "db_bytes": status.db_bytes,
            "data_dir": str(paths.data_dir),
            "attention": [
                {
                    "id": s.id,
                    "title": s.title,
                    "last_error": st.last_error,
                    "consecutive_failures": st.consecutive_failures,
                    "disabled_reason": st.disabled_reason,
                    "moved_notice": st.moved_notice,
                }
                for s, st in problems
            ],
        })
        return 0
    print(f"Sources:   {status.sources} ({status.enabled} enabled, {status.failing} failing)")
    print(f"Last poll: {when(status.last_poll)}; next due {when(status.next_poll)}")
    print(f"Items:     {status.items} ({status.unread} unread)")
    print(f"Database:  {size(status.db_bytes)} in {paths.data_dir}")
    for source, st in problems:
        name = source.title or redact(source.url)
        text = st.disabled_reason or st.last_error or st.moved_notice
        print(f"  #{source.id} {name}: {text}")
    return 0
