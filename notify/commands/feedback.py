"""``notify feedback ITEM like|dismiss|open|ignore``, ``notify explain ITEM`` and
``notify notified`` (what was / would be notified, with scores; also ``notify items --notified``).
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from notify.commands.output import iso, paths_of, print_json, reader, when
from notify.core.store import db

LABELS = ("like", "dismiss", "open", "ignore")


@contextmanager
def writer(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    paths = paths_of(args).ensure()
    conn = db.connect(paths.db)
    try:
        yield conn
    finally:
        conn.close()


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "feedback", help="tell Notify what you think of an item",
        description="Tell Notify what you think of an item. An item has one reaction: giving "
        "the same one again changes nothing, a different one replaces it ('notify profile "
        "undo' takes the last one back).")
    p.add_argument("item", type=int, metavar="ITEM", help="the item's id (see 'notify items')")
    p.add_argument("label", choices=LABELS, metavar="REACTION",
                   help="one of: like; dismiss (the whole story); open (a weak like); ignore "
                   "(let pass unread, like a notification that expires)")
    p.set_defaults(func=cmd_feedback)

    p = subparsers.add_parser("explain", help="why an item was (not) notified")
    p.add_argument("item", type=int, metavar="ITEM")
    p.add_argument("--json", action="store_true", help="machine-readable")
    p.set_defaults(func=cmd_explain)

    p = subparsers.add_parser("notified", help="what was notified, with scores and reasons")
    p.add_argument("--would", action="store_true",
                   help="also what would be notified or is held for the digest, best first")
    p.add_argument("--limit", "-n", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true", help="machine-readable")
    p.set_defaults(func=cmd_notified)


def cmd_feedback(args: argparse.Namespace) -> int:
    from notify.core.ranking.service import RankingService

    with writer(args) as conn:
        reacted = RankingService(conn).feedback(args.item, args.label)
    print(reacted.summary() + (" 'notify profile undo' takes it back." if reacted.learned
                               else ""))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from notify.core.ranking.service import RankingService

    with writer(args) as conn:
        exp = RankingService(conn).explain(args.item)
    if args.json:
        print_json({"item": args.item, "probability": exp.probability,
                    "decision": exp.decision, "reason": exp.decision_reason,
                    "pin": exp.pin or None, "summary": exp.summary(),
                    "features": [{"feature": r.feature, "text": r.text,
                                  "contribution": round(r.contribution, 4)}
                                 for r in exp.reasons]})
        return 0
    print(exp.summary())
    if exp.decision:
        print(f"Decision: {exp.decision} ({exp.decision_reason})")
    for r in exp.reasons:
        if abs(r.contribution) >= 0.01:
            print(f"  {r.contribution:+6.2f}  {r.text}")
    return 0


def print_notified(args: argparse.Namespace, *, would: bool = False, limit: int = 20) -> int:
    """The listing behind ``notify notified`` and ``notify items --notified``."""
    from notify.core.store import notifications as n_store

    with reader(args) as (conn, _paths):
        rows = n_store.listing(conn, notified_only=not would, limit=limit)
    if getattr(args, "json", False):
        print_json({"items": [{"id": r.item_id, "title": r.title, "source": r.source_title,
                               "score": r.score, "decision": r.decision, "reason": r.reason,
                               "notified_at": iso(r.notified_at), "reaction": r.reaction}
                              for r in rows]})
        return 0
    if not rows:
        print("Nothing notified yet.")
        return 0
    for r in rows:
        score = f"{r.score:4.0%}" if r.score is not None else "   -"
        at = when(r.notified_at) if r.notified_at else (r.decision or "")
        print(f"{r.item_id:>6} {score} {at:>12}  {r.title[:60]} — {r.source_title}")
        print(f"{'':>19}  {r.reason or ''}" + (f" [{r.reaction}]" if r.reaction else ""))
    return 0


def cmd_notified(args: argparse.Namespace) -> int:
    return print_notified(args, would=args.would, limit=args.limit)
