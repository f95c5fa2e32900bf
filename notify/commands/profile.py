"""``notify profile show|export FILE|import FILE|reset|pin FEATURE|unpin FEATURE|
forget FEATURE|less FEATURE|interests [--add T] [--remove T]|undo``: the learned profile
belongs to the user.

FEATURE is ``kind:value`` (source, group, author, tag, keyword, site) or a feature name from
``show`` such as ``w:rust``; a bare word is a keyword.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from notify.commands.feedback import writer
from notify.commands.output import iso, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("profile", help="what Notify learned about you: see, edit, "
                                   "export, import, reset")
    sub = parser.add_subparsers(dest="profile_command", metavar="ACTION")

    p = sub.add_parser("show", help="top positive and negative features, interests and pins")
    p.add_argument("--limit", "-n", type=int, default=15, metavar="N")
    p.add_argument("--json", action="store_true", help="machine-readable")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("export", help="write the profile to a readable JSON file")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="replace the profile with a (hand-edited) file")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("reset", help="forget everything learned, interests and pins")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("pin", help="always (alert) or never (block) notify a feature")
    p.add_argument("feature", metavar="FEATURE")
    p.add_argument("--never", action="store_true", help="block instead of alert")
    p.set_defaults(func=cmd_pin)

    p = sub.add_parser("unpin", help="remove a pin")
    p.add_argument("feature", metavar="FEATURE")
    p.set_defaults(func=cmd_unpin)

    p = sub.add_parser("forget", help="drop what was learned about one feature")
    p.add_argument("feature", metavar="FEATURE")
    p.set_defaults(func=cmd_forget)

    p = sub.add_parser("less", help="less of one feature: lower its weight a step (not a block)")
    p.add_argument("feature", metavar="FEATURE")
    p.set_defaults(func=cmd_less)

    p = sub.add_parser("interests", help="list, add or remove stated interests")
    p.add_argument("--add", action="append", default=[], metavar="FEATURE")
    p.add_argument("--remove", action="append", default=[], metavar="FEATURE")
    p.set_defaults(func=cmd_interests)

    p = sub.add_parser("undo", help="undo your last reaction(s)")
    p.add_argument("count", type=int, nargs="?", default=1, metavar="N")
    p.set_defaults(func=cmd_undo)


def _service(conn: Any) -> Any:
    from notify.core.ranking.service import RankingService

    return RankingService(conn)


def cmd_show(args: argparse.Namespace) -> int:
    with writer(args) as conn:
        s = _service(conn).show(args.limit)
    if args.json:
        def rows(views: list[Any]) -> list[dict[str, Any]]:
            return [{"feature": v.name, "text": v.text, "weight": round(v.weight, 4),
                     "certainty": round(v.certainty, 3), "pinned": v.pinned} for v in views]
        print_json({"positive": rows(s.positive), "negative": rows(s.negative),
                    "interests": [str(t) for t in s.interests],
                    "pins": [{"term": str(t), "mode": m} for t, m in s.pins.items()],
                    "reactions": s.reactions, "bytes": s.size_bytes,
                    "taste_changed_at": iso(s.taste_changed_at),
                    "exploring_until": iso(s.exploring_until)})
        return 0
    plural = "" if s.reactions == 1 else "s"
    print(f"Learned from {s.reactions} reaction{plural}; profile {s.size_bytes / 1024:.1f} KiB.")
    if s.search_note():
        print(s.search_note())
    print("Interests: " + (", ".join(str(t) for t in s.interests) or "none"))
    print("Pins:      " + (", ".join(f"{m} {t}" for t, m in s.pins.items()) or "none"))
    for title, views in (("More of:", s.positive), ("Less of:", s.negative)):
        print(title)
        for v in views:
            print(f"  {v.weight:+6.2f}  {v.text}  [{v.name}]")
        if not views:
            print("  (nothing yet)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with writer(args) as conn:
        _service(conn).export(args.file)
    print(f"Profile written to {args.file}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with writer(args) as conn:
        data = _service(conn).import_(args.file)
    print(f"Profile imported: {len(data.weights)} features, {len(data.interests)} interests, "
          f"{len(data.pins)} pins.")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input("Forget everything Notify learned about you? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.")
            return 1
    with writer(args) as conn:
        _service(conn).reset()
    print("Profile reset.")
    return 0


def cmd_pin(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term

    term = parse_term(args.feature)
    mode = "never" if args.never else "always"
    with writer(args) as conn:
        _service(conn).pin(term, mode)
    print(f"Pinned: {'never' if args.never else 'always'} notify {term}.")
    return 0


def cmd_unpin(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term

    term = parse_term(args.feature)
    with writer(args) as conn:
        found = _service(conn).unpin(term)
    print(f"Unpinned {term}." if found else f"{term} was not pinned.")
    return 0 if found else 1


def cmd_forget(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term

    term = parse_term(args.feature)
    with writer(args) as conn:
        n = _service(conn).forget(term)
    print(f"Forgot {term} ({n} learned weights)." if n else f"Nothing learned about {term}.")
    return 0


def cmd_less(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term

    term = parse_term(args.feature)
    with writer(args) as conn:
        weight = _service(conn).less_of(term)
    print(f"Less of {term}: its weight is now {weight:+.2f}.")
    return 0


def cmd_interests(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term

    add = [parse_term(t) for t in args.add]
    remove = [parse_term(t) for t in args.remove]
    with writer(args) as conn:
        terms = _service(conn).interests(add, remove)
    print("Interests: " + (", ".join(str(t) for t in terms) or "none"))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with writer(args) as conn:
        s = _service(conn)
        done = [w for w in (s.undo_last() for _ in range(max(1, args.count))) if w]
    print("Undone: " + "; ".join(done) if done else "No reaction to undo.")
    return 0
