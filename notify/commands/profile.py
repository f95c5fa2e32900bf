"""``notify profile show|export FILE|import FILE|reset|pin FEATURE|unpin FEATURE|
forget FEATURE|less FEATURE|interests [--add T] [--remove T]|undo [N]``: the learned profile
belongs to the user.

FEATURE is ``kind:value`` (source, group, author, tag, keyword, site) or a feature name from
``show`` such as ``w:rust``; a bare word is a keyword (``profile.parse_term``).

A request that would change nothing because its FEATURE is not there (``unpin`` of a term not
pinned, ``interests --remove`` of one that is not an interest) is a user error: one line, exit
status 2 (docs/cli.md), as likely a typo as not.
"""

from __future__ import annotations

import argparse
import difflib
import sqlite3
from pathlib import Path
from typing import Any

from notify.commands.feedback import looking, writer
from notify.commands.output import (
    EXIT_ANSWERED_NO,
    YES_HELP,
    confirm,
    how_many,
    iso,
    print_json,
    say,
    size,
)
from notify.core.errors import UserInputError

# The kinds are ``profile.TERM_KINDS`` (tests/commands/test_profile_commands.py checks it; the
# ranking modules are imported only when a command runs).
FEATURE_HELP = ("KIND:VALUE with KIND one of source, group, author, tag, keyword, site "
                "(keyword:rust, 'source:Hacker News'), or a feature name from 'notify profile "
                "show' (w:rust, src:LWN); a bare word is a keyword")


# Learned rows the reactions ruled out as reasons (``profile.NOT_A_REASON``): they push no
# item down, as Less of would say.
NOT_A_REASON_TITLE = ("Not a reason on its own (you passed over its items; an item with it "
                      "still needs something you like):")


def _count(text: str) -> int:
    """``undo N``: a whole number, 1 or more."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("profile", help="what Notify learned about you: see, edit, "
                                   "export, import, reset")
    sub = parser.add_subparsers(dest="profile_command", metavar="ACTION")

    p = sub.add_parser("show", help="what was learned (more of, less of, not a reason on its "
                       "own), interests and pins")
    p.add_argument("--limit", "-n", type=how_many, default=15, metavar="N",
                   help="features shown in each group (default 15)")
    p.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("export", help="write the profile to a readable JSON file")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="replace the profile with a (hand-edited) file")
    p.add_argument("file", type=Path, metavar="FILE", help="a file written by 'notify profile "
                   "export' (docs/profile-format.md)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("reset", help="forget everything learned, interests and pins")
    p.add_argument("--yes", "-y", action="store_true", help=YES_HELP)
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("pin", help="always (alert) or never (block) notify a feature")
    p.add_argument("feature", metavar="FEATURE", help=FEATURE_HELP)
    p.add_argument("--never", action="store_true", help="block instead of alert")
    p.set_defaults(func=cmd_pin)

    p = sub.add_parser("unpin", help="remove a pin")
    p.add_argument("feature", metavar="FEATURE", help=FEATURE_HELP + " (as pinned)")
    p.set_defaults(func=cmd_unpin)

    p = sub.add_parser("forget", help="drop what was learned about one feature")
    p.add_argument("feature", metavar="FEATURE", help=FEATURE_HELP)
    p.set_defaults(func=cmd_forget)

    p = sub.add_parser("less", help="less of one feature: halve how likely it alone makes an "
                       "item (not a block)")
    p.add_argument("feature", metavar="FEATURE", help=FEATURE_HELP)
    p.set_defaults(func=cmd_less)

    p = sub.add_parser("interests", help="list, add or remove stated interests",
                       description="List your stated interests; 'add FEATURE…' and 'remove "
                       "FEATURE…' (or --add and --remove, each repeatable) change them. "
                       "FEATURE: " + FEATURE_HELP + ".")
    p.add_argument("change", nargs="?", metavar="add|remove",
                   help="add or remove the FEATUREs that follow")
    p.add_argument("features", nargs="*", metavar="FEATURE", help="interests to add or remove")
    p.add_argument("--add", action="append", default=[], metavar="FEATURE",
                   help="a new interest (repeatable)")
    p.add_argument("--remove", action="append", default=[], metavar="FEATURE",
                   help="an interest to drop (repeatable)")
    p.set_defaults(func=cmd_interests)

    p = sub.add_parser("undo", help="undo your last reaction(s)")
    p.add_argument("count", type=_count, nargs="?", default=1, metavar="N",
                   help="how many of your last reactions to undo, newest first (default 1)")
    p.set_defaults(func=cmd_undo)


def _service(conn: Any) -> Any:
    from notify.core.ranking.service import RankingService

    return RankingService(conn)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _unknown_name(conn: sqlite3.Connection, term: Any, what: str) -> str:
    """A warning when ``term`` names a source or group that none of the sources has (""
    otherwise): the ``what`` (pin, interest) matches nothing until one has that name."""
    from notify.core.source_names import source_name
    from notify.core.store import sources as sources_store

    if term.kind not in ("source", "group"):
        return ""
    sources = sources_store.list_all(conn)
    # a source by the name its items carry (``source_name``, as ``notify sources list``)
    names = {source_name(s) if term.kind == "source" else s.group for s in sources} - {""}
    if term.value in names:
        return ""
    by_lower = {n.lower(): n for n in sorted(names)}
    close = [by_lower[n] for n in difflib.get_close_matches(term.value.lower(), list(by_lower),
                                                             n=3, cutoff=0.6)]
    hint = (" Did you mean " + " or ".join(f"'{n}'" for n in close) + "? Names must match "
            "exactly, case included.") if close else ""
    return (f"  warning: no {term.kind} is called '{term.value}' yet; the {what} applies once "
            f"one is.{hint}")


def cmd_show(args: argparse.Namespace) -> int:
    if args.limit < 1:  # (a negative one listed all but the last N features)
        raise UserInputError(f"--limit must be at least 1 (got {args.limit}).")
    with looking(args) as conn:
        s = _service(conn).show(args.limit)
    if args.json:
        def rows(views: list[Any]) -> list[dict[str, Any]]:
            return [{"feature": v.name, "text": v.text, "weight": round(v.weight, 4),
                     "certainty": round(v.certainty, 3), "pinned": v.pinned,
                     "group": v.group,
                     "push": None if v.push is None else round(v.push, 4)} for v in views]
        # ``negative``: every row with evidence against it, as before this split (docs/cli.md)
        print_json({"positive": rows(s.positive),
                    "negative": rows(s.negative + s.not_a_reason),
                    "interests": [str(t) for t in s.interests],
                    "narrowed": {str(t): sources for t, sources in s.narrowed.items()},
                    "pins": [{"term": str(t), "mode": m} for t, m in s.pins.items()],
                    "reactions": s.reactions, "bytes": s.size_bytes,
                    "taste_changed_at": iso(s.taste_changed_at),
                    "exploring_until": iso(s.exploring_until),
                    "imported_from": s.imported_from, "imported_at": iso(s.imported_at)})
        return 0
    from notify.core.ranking.learner import LearnerConfig
    from notify.core.ranking.profile import feature_words, handle, strength_word, term_words

    say(f"{s.learned_note()}; profile {size(s.size_bytes)}.")
    if s.search_note():
        say(s.search_note())
    say("Interests: " + (", ".join(term_words(t) for t in s.interests) or "none"), hang=11)
    if s.narrowed:  # a stated keyword the reactions narrowed to a few sources
        say(s.narrowed_note())
    say("Alerts:    " + (", ".join(term_words(t) for t, m in s.pins.items() if m == "always")
                         or "none") + " (always notified)", hang=11)
    say("Blocks:    " + (", ".join(term_words(t) for t, m in s.pins.items() if m == "never")
                         or "none") + " (never notified)", hang=11)
    for title, views in (("More of (pushes items up):", s.positive),
                         ("Less of (pushes items down):", s.negative),
                         (NOT_A_REASON_TITLE, s.not_a_reason)):
        say(title)
        for v in views:
            name = handle(v.name)
            words = feature_words(v.name, firm=True)  # a veto shown is a firm one
            print(f"  {v.shown:+6.2f}  {strength_word(v.shown, v.certainty):<12}{words}"
                  + (f"  [{name}]" if name else "")
                  + ("  (pinned)" if v.pinned else ""))
        if not views:
            print("  (nothing yet)")
    if s.positive or s.negative or s.not_a_reason:
        say("Under More of, a weight is the evidence learned for items with it: +2.3 makes an "
            "item ten times likelier to be wanted. Under Less of, it is how far the word lowers "
            "the chance of every item with it: −0.69 halves it, −2.3 divides it by ten. Under "
            "Not a reason on its own, it is the evidence that you do not want items for that "
            "alone: it pushes no item down, it no longer counts as a reason (an item with it "
            "is as likely as the rest of it makes it). Weights fade by half "
            f"every {LearnerConfig().half_life_days:g} days. [KIND:VALUE] is what pin, unpin "
            "and forget take; a word within one source has none.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with looking(args) as conn:
        _service(conn).export(args.file)
    say(f"Profile written to {args.file}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Replace the profile with the file's, unless the file holds what the profile holds: an
    import that would change nothing changes nothing (the reactions stay undoable; it replaced
    the profile by its copy all the same, and said they no longer were)."""
    from notify.core.ranking import profile_diff, profile_file

    data = profile_file.read(args.file)  # refused (a bad file) before the database is opened
    with writer(args) as conn:
        s = _service(conn)
        before = profile_diff.snapshot(s.profile)
        reactions = s.show(0).reactions
        names = profile_diff.followed(s.profile)
        imported = profile_diff.compare(before, data).any
        if imported:
            data = s.import_(args.file)
    if not imported:
        kept = (f"; your {_plural(reactions, 'earlier reaction')} can still be undone"
                if reactions else "")
        say(f"Nothing changed: {args.file} holds what your profile holds ({data.summary()}), "
            f"so it was not imported{kept}.")
        return 0
    changes = profile_diff.compare(before, data, names)
    say(f"Profile imported from {args.file}: {data.summary()}.")
    for line in changes.lines():
        say("  " + line, hang=2)
    if reactions:
        say(f"Your {_plural(reactions, 'earlier reaction')} can no longer be undone: the profile "
            f"{'it' if reactions == 1 else 'they'} taught was replaced.")
    return 0


_KEEP_A_COPY = "'notify profile export FILE' first keeps a copy you can import"


def cmd_reset(args: argparse.Namespace) -> int:
    if not args.yes:
        lost = _what_reset_loses(args)
        if not confirm(  # off a terminal: refused, saying what a reset would forget
                f"{lost} It cannot be undone: {_KEEP_A_COPY}. Forget all that?",
                unattended=f"Not resetting the profile: nobody can confirm when not at a "
                f"terminal. {lost} Add --yes to reset without asking ({_KEEP_A_COPY})."):
            say("Nothing changed.")
            return EXIT_ANSWERED_NO
    with writer(args) as conn:
        _service(conn).reset()
    say("Profile reset.")
    return 0


def _what_reset_loses(args: argparse.Namespace) -> str:
    """What a reset forgets, counted (``profile_diff.reset_loses``)."""
    from notify.core.ranking.profile_diff import reset_loses

    with looking(args) as conn:
        s = _service(conn)
        return reset_loses(s.profile, s.show(0).reactions)


def cmd_pin(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term, term_words

    term = parse_term(args.feature)
    mode = "never" if args.never else "always"
    with writer(args) as conn:
        before = _service(conn).pin(term, mode)
        warning = _unknown_name(conn, term, "pin")
    said = term_words(term)
    if before == mode:
        say(f"Already pinned: {mode} notify {said}.")
    elif before is not None:
        say(f"Changed the pin on {said} from {before} to {mode}: {mode} notify it.")
    else:
        say(f"Pinned: {mode} notify {said}.")
    if warning:
        say(warning)
    return 0


def cmd_unpin(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term, term_words

    term = parse_term(args.feature)
    with writer(args) as conn:
        s = _service(conn)
        if not s.unpin(term):
            pins = ", ".join(f"{m} {term_words(t)}" for t, m in s.profile.pins.items())
            raise UserInputError(f"{term_words(term)} is not pinned, so nothing changed. "
                                 + (f"Your pins: {pins}." if pins else "You have no pins."))
    say(f"Unpinned {term_words(term)}.")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term, term_words

    term = parse_term(args.feature)
    with writer(args) as conn:
        n = _service(conn).forget(term)
    say(f"Forgot {term_words(term)} ({_plural(n, 'learned weight')})." if n
        else f"Nothing learned about {term_words(term)}.")
    return 0


def cmd_less(args: argparse.Namespace) -> int:
    import shlex

    from notify.core.ranking.explain import percent
    from notify.core.ranking.profile import handle, parse_term, term_words

    term = parse_term(args.feature)
    with writer(args) as conn:
        lowered = _service(conn).less_of(term)
    said, name = term_words(term), shlex.quote(handle(term.feature) or term.feature)
    if lowered.was_reason:
        say(f"Less of {said}: on its own it now makes an item {percent(lowered.after)} likely "
            f"to interest you (it was {percent(lowered.before)}).")
    else:
        say(f"{said[:1].upper()}{said[1:]} is no reason to notify (on its own it makes an item "
            f"{percent(lowered.before)} likely to interest you), so nothing changed: less of "
            "lowers a reason, it never pushes items down. To keep its items away, "
            f"block it: notify profile pin --never {name}")
    return 0


def cmd_interests(args: argparse.Namespace) -> int:
    from notify.core.ranking.profile import parse_term, term_words

    change, named = getattr(args, "change", None), list(getattr(args, "features", []))
    if change not in (None, "add", "remove"):  # "interests rust": the verb left out
        change, named = None, [change, *named]
    if change is None and named:
        raise UserInputError(f"Say what to do with {' '.join(named)}: 'notify profile interests "
                             f"add {' '.join(named)}' or '… remove {' '.join(named)}'.")
    if change is not None and not named:
        raise UserInputError(f"Name the interest to {change}: 'notify profile interests "
                             f"{change} rust' (or 'source:Hacker News').")
    add = [parse_term(t) for t in [*args.add, *(named if change == "add" else [])]]
    remove = [parse_term(t) for t in [*args.remove, *(named if change == "remove" else [])]]
    with writer(args) as conn:
        s = _service(conn)
        current = list(s.profile.interests)
        missing = [t for t in remove if t not in current]
        if missing:
            listed = ", ".join(term_words(t) for t in current)
            raise UserInputError(
                f"{', '.join(term_words(t) for t in missing)} "
                f"{'is' if len(missing) == 1 else 'are'} "
                "not among your interests, so nothing changed. "
                + (f"Your interests: {listed}." if listed else "You have no stated interests."))
        terms = s.interests(add, remove)
        warnings = [_unknown_name(conn, t, "interest") for t in add if t not in current]
    for t in add:
        if t in current:
            say(f"{term_words(t)} was already an interest.")
    say("Interests: " + (", ".join(term_words(t) for t in terms) or "none"), hang=11)
    for w in filter(None, warnings):
        say(w)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from notify.core.errors import UnknownItemError
    from notify.core.store import items as items_store

    with writer(args) as conn:
        s = _service(conn)
        done: list[str] = []
        why_not = ""
        for _ in range(args.count):
            last = s.last_reaction()
            undone = s.undo_last()
            if undone is None:
                why_not = s.cannot_undo()  # given before a reset or an import
                break
            what = undone.what
            if last is not None and last[0] is not None:
                try:
                    title = items_store.get(conn, last[0]).title
                except UnknownItemError:
                    title = ""
                if title:  # which item it was, as the inbox shows it
                    shown = title if len(title) <= 60 else title[:59] + "…"
                    what = what.replace(f"item {last[0]}", f"item {last[0]} “{shown}”", 1)
            done.append(what)
    if not done:
        say(why_not or "No reaction to undo.")
    else:
        more = "; no more reactions to undo" if len(done) < args.count and not why_not else ""
        say("Undone: " + "; ".join(done) + more + ".")
        if why_not:
            say(why_not)
    return 0
