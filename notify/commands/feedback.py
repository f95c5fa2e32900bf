"""``notify feedback ITEM like|dismiss|open|ignore``, ``notify explain ITEM`` and
``notify notified`` (what was / would be notified, with scores; also ``notify items --notified``).

The core's sentences isolate right-to-left names (``bidi.isolate``); a terminal does not honour
isolates, nor does a JSON reader expect them: both get them ``bidi.plain``.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from notify.commands.output import (
    how_many,
    iso,
    item_id,
    paths_of,
    print_json,
    reader,
    say,
    when,
)
from notify.core.bidi import plain
from notify.core.errors import UserInputError
from notify.core.store import db

LABELS = ("like", "dismiss", "open", "ignore")
REACTED = {"like": "you liked it", "dismiss": "you dismissed it", "open": "you opened it",
           "ignore": "you ignored it"}


@contextmanager
def writer(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    paths = paths_of(args).ensure()
    conn = db.connect(paths.db)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def looking(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    """For a command that only reads through the ranking service (``explain``, ``profile
    show``/``export``): ``reader``'s connection (with no database yet, the empty one), so that
    looking creates nothing and works in a read-only data folder (it took the write
    connection, and was refused there as a command that writes)."""
    with reader(args) as (conn, _paths):
        yield conn


@contextmanager
def writer_if_any(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    """For a command that writes only to what is there (``feedback``: an item): the write
    connection, but with no database yet the empty one (it has no item either), so that
    nothing is created for a refusal."""
    if paths_of(args).has_db():
        with writer(args) as conn:
            yield conn
    else:
        with reader(args) as (conn, _paths):
            yield conn


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "feedback", help="tell Notify what you think of an item",
        description="Tell Notify what you think of an item. An item has one reaction: giving "
        "the same one again changes nothing, a different one replaces it ('notify profile "
        "undo' takes the last one back).")
    p.add_argument("item", type=item_id, metavar="ITEM", help="the item's id (see 'notify items')")
    p.add_argument("label", choices=LABELS, metavar="REACTION",
                   help="one of: like; dismiss (the whole story); open (a weak like); ignore "
                   "(let pass unread, like a notification that expires)")
    p.set_defaults(func=cmd_feedback)

    p = subparsers.add_parser(
        "explain", help="why an item was (not) notified",
        description="Why an item was (or was not) notified: what decided, in words, as the "
        "inbox's Why panel says it; then each feature's push on its score, strongest first.")
    p.add_argument("item", type=item_id, metavar="ITEM",
                   help="the item's id, as 'notify items' lists it")
    p.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    p.set_defaults(func=cmd_explain)

    p = subparsers.add_parser(
        "notified", help="what was notified, with scores and reasons",
        description="What was notified, newest first, with each item's score, when, why and "
        "your reaction (the same as 'notify items --notified').")
    p.add_argument("--would", action="store_true",
                   help="also what would be notified, is held for the digest, or was left out "
                   "over the day's budget, best first")
    p.add_argument("--limit", "-n", type=how_many, default=20, metavar="N",
                   help="at most N items (default 20)")
    p.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    p.set_defaults(func=cmd_notified)


def cmd_feedback(args: argparse.Namespace) -> int:
    from notify.core.ranking.service import RankingService

    with writer_if_any(args) as conn:  # no database yet: no item either, and none is made
        reacted = RankingService(conn).feedback(args.item, args.label)
    say(reacted.summary() + (" 'notify profile undo' takes it back." if reacted.learned
                             else ""))
    return 0


def decision_text(
    decision: str | None, reason: str | None, *, notified_at: float | None, backlog: bool,
    score: float | None = None,
) -> str:
    """What was decided for an item, with when it was shown in words (``policy.decision_words``,
    which the inbox's Why panel says too); ``score``: the decided score, printed beside it."""
    from notify.core import policy

    return plain(policy.decision_words(decision, reason, notified_at=notified_at,
                                       backlog=backlog, when=when, score=score))


def cmd_explain(args: argparse.Namespace) -> int:
    from notify.core import policy, why
    from notify.core.ranking.explain import UNIT
    from notify.core.ranking.service import RankingService
    from notify.core.store import items as items_store

    with looking(args) as conn:
        item = items_store.get(conn, args.item)
        exp = RankingService(conn).explain(args.item)
    if args.json:
        # a backlog item was never ranked (decision null): its reason is that it is backlog,
        # in the words the text form says
        backlog = item.backlog and exp.decision is None
        print_json({"item": args.item, "probability": exp.probability,
                    "decision": exp.decision,
                    "reason": policy.BACKLOG if backlog else _plain(exp.decision_reason),
                    "backlog": item.backlog,
                    "pin": exp.pin or None, "summary": plain(exp.summary()),
                    "headline": plain(why.headline(exp)),
                    "features": [{"feature": r.feature, "text": plain(r.text),
                                  "words": plain(r.words(exp.similar)),
                                  "contribution": round(r.contribution, 4)}
                                 for r in exp.reasons]})
        return 0
    say(plain(why.headline(exp)))
    decided = why.decided(exp, when)
    if decided:  # when it was shown, or a recorded reason the headline does not say
        say("Decision: " + plain(decided), hang=len("Decision: "))
    changed = policy.score_change(item.score if exp.decision is not None else None,
                                  exp.probability)
    if changed and not why.tells_change(exp):  # the headline says it ("11% when it came; now …")
        say(f"  ({changed}, with what Notify has learned since)")
    shown = [r for r in exp.reasons if abs(r.contribution) >= 0.01]
    if shown:
        say(f"What moved the score ({UNIT}):", hang=2)
    from notify.core.ranking.profile import feature_words, handle

    for r in shown:
        # in 'notify profile show's words, with what pin, unpin and forget take (it said "word
        # 'rust'" where profile show says the word “rust”  [keyword:rust])
        name = handle(r.feature)
        print(f"  {r.contribution:+6.2f}  {plain(feature_words(r.feature))}"
              + (f"  [{plain(name)}]" if name else ""))
    if any(handle(r.feature) for r in shown):
        say("[KIND:VALUE] is what 'notify profile pin', 'unpin' and 'forget' take.")
    return 0


def _plain(text: str | None) -> str | None:
    return None if text is None else plain(text)


def print_notified(args: argparse.Namespace, *, would: bool = False, limit: int = 20) -> int:
    """The listing behind ``notify notified`` and ``notify items --notified``."""
    from notify.core.ranking.explain import percent
    from notify.core.store import notifications as n_store

    if limit < 1:  # (0 said "Nothing notified yet."; a negative one listed everything)
        raise UserInputError(f"--limit must be at least 1 (got {limit}).")
    with reader(args) as (conn, _paths):
        rows = n_store.listing(conn, notified_only=not would, limit=limit)
    if getattr(args, "json", False):
        print_json({"items": [{"id": r.item_id, "title": r.title, "source": r.source_title,
                               "score": r.score, "decision": r.decision, "reason": _plain(r.reason),
                               "notified_at": iso(r.notified_at), "reaction": r.reaction}
                              for r in rows]})
        return 0
    if not rows:
        say("Nothing notified yet." if not would else "Nothing notified or held yet.")
        return 0
    for r in rows:
        score = f"{percent(r.score):>4}" if r.score is not None else "   -"
        text = decision_text(r.decision, r.reason, notified_at=r.notified_at, backlog=False,
                             score=r.score)
        print(f"{r.item_id:>6} {score}  {r.title[:60]} — {r.source_title}")
        reacted = REACTED.get(r.reaction, f"you: {r.reaction}") if r.reaction else ""
        say(f"{'':>12}{text}" + (f" [{reacted}]" if reacted else ""), hang=12)
    return 0


def cmd_notified(args: argparse.Namespace) -> int:
    return print_notified(args, would=args.would, limit=args.limit)
