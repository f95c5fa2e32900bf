"""``notify poll``: one round now, with a progress line on a terminal and a summary.

When most sources of the round could not reach their servers at all (name lookup, connection
or time-out failed), the summary says once that the computer seems to be offline instead of one line
per source; ``-v`` (and ``--json``) still give each source's reason.

New items that were worth notifying but were held for the quiet hours' digest, or not notified
because notifications are paused, are said in one line each ("3 stories held for the digest
(quiet hours until 07:00)", stories counted as the digest counts them): the round did not
forget them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notify.commands.output import (
    ADD_A_SOURCE,
    ProgressLine,
    iso,
    paths_of,
    print_json,
    reader,
    say,
    source_id,
    when,
)
from notify.core import poll_lock
from notify.core.bidi import plain
from notify.core.fetch.failure_kinds import NETWORK_DOWN, seems_offline
from notify.core.store import db
from notify.core.store import state as state_repo

if TYPE_CHECKING:  # the round's modules are imported when it runs (``_poll``), not by --help
    from notify.core.engine import Engine
    from notify.core.events import NotificationPlanned, PollSummary, SourceReport
    from notify.core.models import Source


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "poll", help="poll sources now", description="Poll every enabled source that is due, "
        "or the given ones (due or not), once; then print what happened."
    )
    parser.add_argument("--source", "-s", type=source_id, action="append", metavar="ID",
                        help="poll only this source (repeatable)")
    parser.add_argument("--all", action="store_true",
                        help="poll every enabled source, due or not")
    parser.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    parser.set_defaults(func=cmd_poll)


def unreachable(summary: PollSummary, failure_kinds: dict[int, str]) -> tuple[SourceReport, ...]:
    """The failed sources that could not reach their servers when they are most of the round
    (the computer seems to be offline); else (). ``failure_kinds``: source id -> the kind of
    its failure in this round (``FailureKind`` values)."""
    polled = polled_reports(summary)
    down = tuple(r for r in polled
                 if r.status == "failed" and failure_kinds.get(r.source_id) in NETWORK_DOWN)
    return down if seems_offline(len(down), len(polled)) else ()


@dataclass(frozen=True)
class Withheld:
    """The round's new items the policy wanted but did not notify now: ``held`` for the
    quiet hours' digest (until ``quiet_until``), ``paused`` (until ``paused_until``)."""

    held: int = 0
    held_stories: int = 0  # the stories the held items tell, as the digest counts them
    paused: int = 0
    quiet_until: float | None = None
    paused_until: float = 0.0


def withheld(args: argparse.Namespace, item_ids: Sequence[int], now: float) -> Withheld:
    """What the policy decided for the round's new items, read back (only when there are
    some: a round without new items loads none of this)."""
    if not item_ids:
        return Withheld()
    from notify.core import policy, policy_state
    from notify.core.models import Decision
    from notify.core.store import notifications as n_store

    with reader(args) as (conn, _paths):
        held, stories = policy_state.held_count(conn, item_ids)
        paused = n_store.decided_as(conn, item_ids, Decision.SILENT, policy.PAUSED)
        if not held and not paused:
            return Withheld()
        state = policy_state.read(conn, now)
    return Withheld(held, stories, paused, state.quiet_until, state.paused_until)


def withheld_lines(w: Withheld, now: float) -> list[str]:
    """"3 stories held for the digest (quiet hours until 07:00)" (stories as the digest
    counts them: "2 stories (4 items)" when one came from several sources), "notifications
    paused until 14:00: 2 items not notified …"."""
    # The common case, nothing withheld: policy_state (with the policy and the ranking modules
    # it imports, ~13 ms of CPU) is not imported.
    if not w.held and not w.paused:
        return []
    from notify.core import pause
    from notify.core.policy_state import items_text, stories_text

    lines = []
    if w.held:
        until = pause.describe(w.quiet_until, now) if w.quiet_until is not None else ""
        lines.append(f"  {stories_text(w.held, w.held_stories)} held for the digest "
                     f"(quiet hours{' ' + until if until else ''}).")
    if w.paused:
        until = pause.describe(w.paused_until, now)
        lines.append(f"  notifications paused{' ' + until if until else ''}: "
                     f"{items_text(w.paused)} not notified ('notify resume' ends the pause).")
    return lines


def skipped_reports(summary: PollSummary) -> tuple[SourceReport, ...]:
    """The round's sources it did not poll (``status`` "skipped"): their server asked Notify to
    wait (``Retry-After``, GitHub's ``X-Poll-Interval``), disabled, or removed meanwhile; each
    report's ``message`` says which."""
    return tuple(r for r in summary.reports if r.status == "skipped")


def polled_reports(summary: PollSummary) -> tuple[SourceReport, ...]:
    """The round's sources it polled (asked their servers, or tried to)."""
    return tuple(r for r in summary.reports if r.status != "skipped")


def summary_line(summary: PollSummary) -> str:
    """"Polled 2 sources in 1.2 s: 1 fetched, 1 not modified, 3 new items, 0 failed; 1 skipped."
    (the skipped ones are not counted as polled; "; N skipped" only when some were)."""
    n, skipped = len(polled_reports(summary)), len(skipped_reports(summary))
    more = f"; {skipped} skipped." if skipped else "."
    if n == 0:
        return f"Polled no source: {skipped} skipped (the reason{'s' * (skipped != 1)} below)."
    took = summary.finished - summary.started
    return (f"Polled {n} source{'s' if n != 1 else ''} in {took:.1f} s: {summary.fetched} "
            f"fetched, {summary.not_modified} not modified, {summary.new_items} new items, "
            f"{len(summary.failed)} failed{more}")


def summary_json(
    summary: PollSummary, planned: list[NotificationPlanned] | None = None,
    failure_kinds: dict[int, str] | None = None, held: Withheld | None = None,
) -> dict[str, Any]:
    return {
        "started": iso(summary.started),
        "finished": iso(summary.finished),
        "polled": len(polled_reports(summary)),
        "skipped": len(skipped_reports(summary)),
        "fetched": summary.fetched,
        "not_modified": summary.not_modified,
        "new_items": summary.new_items,
        "failed": len(summary.failed),
        "offline": bool(unreachable(summary, failure_kinds or {})),
        "held_for_digest": held.held if held else 0,
        "held_stories": held.held_stories if held else 0,
        "not_notified_paused": held.paused if held else 0,
        "sources": [
            {
                "id": r.source_id,
                "title": r.title,
                "status": r.status,
                "new_items": r.new_items,
                "message": r.message,
                "next_attempt": iso(r.next_attempt),
            }
            for r in summary.reports
        ],
        "notifications": [
            {"id": n.notification_id, "kind": n.kind, "title": plain(n.title),
             "body": plain(n.body), "why": plain(n.why), "item_ids": list(n.item_ids)}
            for n in planned or []
        ],
    }


NOT_DUE = "no enabled source is due. Use --all to poll every source now."


def nothing_to_poll(sources: Sequence[Source], *, every: bool) -> str:
    """Why a round polled no source, and what to do."""
    if not sources:
        return f"you have no source yet. {ADD_A_SOURCE}"
    if not any(s.enabled for s in sources):
        return (f"all {len(sources)} of your sources are disabled ('notify sources list' shows "
                "them; 'notify sources enable ID' enables one)." if len(sources) > 1 else
                f"your one source is disabled ('notify sources enable {sources[0].id}' "
                "enables it).")
    return NOT_DUE if not every else "no enabled source."


def print_summary(
    summary: PollSummary, planned: list[NotificationPlanned] | None = None,
    failure_kinds: dict[int, str] | None = None, *, verbose: bool = False,
    held: Withheld | None = None, nothing: str = "",
) -> None:
    n = len(summary.reports)
    if n == 0:
        # A round without sources still delivers a digest held during the quiet hours (notify
        # poll from cron in the morning): it is shown, or it would be gone unseen.
        why = nothing or NOT_DUE
        if not planned:
            say(f"Nothing to poll: {why}")
            return
        say("No enabled source is due (--all polls every source now); the digest held "
            "during the quiet hours:" if why == NOT_DUE else
            f"Nothing to poll ({why.removesuffix('.')}); the digest held during the quiet "
            "hours:")
        print_planned(planned)
        return
    say(summary_line(summary))
    down = unreachable(summary, failure_kinds or {})
    if down:
        retries = [r.next_attempt for r in down if r.next_attempt is not None]
        retry = f" Notify tries them again {when(min(retries))}." if retries else ""
        details = "" if verbose else " Each source's reason: 'notify poll -v' (or --json)."
        say(f"  offline: {len(down)} sources could not reach their servers; this computer "
            f"seems to be offline. Check its internet connection.{retry}{details}")
    hidden = set() if verbose else {r.source_id for r in down}
    alike = {} if verbose else failed_alike(summary, hidden)
    grouped = {sid for ids in alike.values() for sid in ids}
    for r in summary.reports:
        if r.source_id in hidden:
            continue
        if r.source_id in grouped:
            ids = alike.pop(r.message or "", None)
            if ids is not None:  # said once, at the group's first source
                say(f"  failed: {len(ids)} sources ({ids_text(ids)}): {r.message}")
            continue
        if r.status in ("failed", "disabled"):
            retry = f" Next try {when(r.next_attempt)}." if r.next_attempt else ""
            say(f"  {r.status}: {r.title} (#{r.source_id}): {r.message}{retry}")
        elif r.status in ("moved", "skipped") or r.message:
            say(f"  {r.status}: {r.title} (#{r.source_id}): {r.message}")
    print_planned(planned or [])
    for line in withheld_lines(held or Withheld(), summary.finished):
        say(line)


ALIKE = 3  # this many sources failing with the same words are said in one line


def failed_alike(summary: PollSummary, hidden: set[int]) -> dict[str, list[int]]:
    """The failures said in the very same words by ``ALIKE`` or more sources (a full disk, a
    database locked: none of them names its source), message -> their ids; one line says each
    instead of one per source (36 lines of "The disk … is full")."""
    by_message: dict[str, list[int]] = {}
    for r in summary.reports:
        if r.status == "failed" and r.message and r.source_id not in hidden:
            by_message.setdefault(r.message, []).append(r.source_id)
    return {m: ids for m, ids in by_message.items() if len(ids) >= ALIKE}


def ids_text(ids: Sequence[int], shown: int = 5) -> str:
    """"#1, #2, #3" or, for many, "#1, #2, #3, #4, #5 and 31 more"."""
    listed = ", ".join(f"#{i}" for i in ids[:shown])
    return listed if len(ids) <= shown else f"{listed} and {len(ids) - shown} more"


def print_planned(planned: Sequence[NotificationPlanned]) -> None:
    """One ``notify: TITLE (why)`` line per notification, then its body indented, as the
    notification shows it (the source and "also in: …", or a group's or digest's stories)."""
    for note in planned:
        print(plain(f"  notify: {note.title} ({note.why})"))  # a terminal: no isolates
        for line in plain(note.body).splitlines():
            print(f"    {line}")


def _failure_kinds(engine: Engine, summary: PollSummary, unstored: list[int]) -> dict[int, str]:
    """Source id -> the kind of its failure in this round (``source_state.last_error_kind``).
    ``unstored`` gets the failed sources whose attempt the database does not hold (their
    result could not be stored: a full disk, a database locked)."""
    kinds: dict[int, str] = {}
    for report in summary.failed:
        state = engine.source_state(report.source_id)
        if (state.last_attempt or 0) < summary.started:
            unstored.append(report.source_id)
        elif state.last_error_kind:
            kinds[report.source_id] = state.last_error_kind
    return kinds


def nothing_stored(summary: PollSummary, unstored: Sequence[int]) -> bool:
    """Whether the round polled sources and could store none of their results: the database
    refused it (a full disk, a database locked by another program). ``notify poll`` then
    exits with status 2, as a command the database refuses does: a cron job sees it."""
    polled = polled_reports(summary)
    return bool(polled) and len(set(unstored)) == len(polled)


class PollInterrupted(KeyboardInterrupt):
    """Ctrl-C during ``notify poll``; ``str()`` says what the round kept (``notify.cli`` prints
    "notify: interrupted; " and it, exit status 130)."""


def interrupted_text(started: Sequence[int], done: Sequence[SourceReport], *,
                     due: bool = True) -> str:
    """What a round interrupted after ``done`` of its ``started`` sources (``PollStarted``'s
    ids) kept. Each source's result is stored in a transaction of its own as it comes in
    (``notify.core.writer``): a source polled is stored whole, the others keep their state and
    their place in the schedule (``due``: the round polled the sources that were due, so the
    next ``notify poll`` polls them). The round's ranking did not run: its new items are in the
    inbox, and the next round ranks those it may notify (``rounds.LEFT_UNRANKED_S``)."""
    polled = [r for r in done if r.status != "skipped"]
    left = max(len(started) - len(done), 0)
    rest = ""
    if left:
        others = f"{left} source{'s' * (left != 1)}"
        rest = (f" The next 'notify poll' polls the {others} not polled yet." if due else
                f" The {others} not polled yet "
                f"{'keeps its' if left == 1 else 'keep their'} next poll.")
    if not polled:
        return "no source had been polled yet; nothing changed." + rest
    new = sum(r.new_items for r in polled)
    items = (f"{new} new item{'s' * (new != 1)}, in the inbox; the next poll ranks those it "
             "may notify" if new else "no new items")
    return (f"what the {len(polled)} source{'s' * (len(polled) != 1)} polled before it brought "
            f"is stored ({items}).{rest}")


def stored_unreported(args: argparse.Namespace, started: Sequence[int],
                      done: Sequence[SourceReport], since: float) -> list[SourceReport]:
    """The sources of an interrupted round whose result the database holds but whose event
    had not come yet (Ctrl-C between a source's commit and its ``SourcePolled``), read from
    the database itself."""
    told = {r.source_id for r in done}
    left = [sid for sid in started if sid not in told]
    if not left:
        return []
    from notify.core.events import SourceReport

    conn = db.connect(paths_of(args).db, readonly=True)
    try:
        stored = state_repo.attempted_since(conn, left, since)
    finally:
        conn.close()
    return [SourceReport(sid, "", "updated" if new else "not_modified", new)
            for sid, new in stored.items()]


def cmd_poll(args: argparse.Namespace) -> int:
    """One round, never two at once on one data folder (``poll_lock``): a second waits."""
    paths = paths_of(args)

    def waiting(busy: poll_lock.Busy) -> None:
        # an older Notify's lock names no one: most likely a 'notify poll' (as before)
        who = busy.words if busy.who else poll_lock.Busy(busy.pid, poll_lock.COMMAND).words
        say(f"{who[0].upper()}{who[1:]} is polling {paths.data_dir}; this one waits for it "
            "to end, then polls what is still due (Ctrl-C stops waiting).", file=sys.stderr)

    with poll_lock.holding(paths, waiting):
        return _poll(args)


def _poll(args: argparse.Namespace) -> int:
    import asyncio

    from notify.core import loopstats
    from notify.core.engine import Engine
    from notify.core.events import (
        Event,
        ItemsAdded,
        NotificationPlanned,
        PollStarted,
        SourcePolled,
    )

    planned: list[NotificationPlanned] = []
    new_ids: list[int] = []
    started: list[int] = []  # the round's sources (PollStarted)
    done: list[SourceReport] = []  # their results, each stored as it came (SourcePolled)

    def listen(event: Event) -> None:
        if isinstance(event, NotificationPlanned):
            planned.append(event)
        elif isinstance(event, ItemsAdded):
            new_ids.extend(event.item_ids)
        elif isinstance(event, PollStarted):
            started[:] = event.source_ids
        elif isinstance(event, SourcePolled):
            done.append(event.report)

    engine = Engine(paths_of(args), listener=listen).open()
    progress = ProgressLine(sys.stderr)

    failure_kinds: dict[int, str] = {}
    unstored: list[int] = []  # failed sources whose result the database could not take
    nothing: list[str] = []  # why a round polled no source (``nothing_to_poll``)

    async def round_() -> PollSummary:
        done: list[PollSummary] = []

        def figures() -> dict[str, Any]:
            s = done[0] if done else None
            return {} if s is None else {"new_items": s.new_items, "polled": len(s.reports),
                                         "failed": len(s.failed)}

        try:
            ids = args.source
            if ids is None and args.all:
                ids = [s.id for s in engine.sources() if s.enabled]
            # NOTIFY_BENCH_STATS: the poll benchmark's loop-lag figures (a no-op when unset)
            async with loopstats.bench_stats(figures):
                done.append(await engine.poll(ids, progress=progress))
            failure_kinds.update(_failure_kinds(engine, done[0], unstored))
            if not done[0].reports:
                nothing.append(nothing_to_poll(engine.sources(), every=args.all))
            return done[0]
        finally:
            await engine.stop()

    round_start = engine.now()
    try:
        summary = asyncio.run(round_())
    except KeyboardInterrupt:
        due = args.source is None and not args.all  # the round polled the sources due
        kept = done + stored_unreported(args, started, done, round_start)
        raise PollInterrupted(interrupted_text(started, kept, due=due)) from None
    finally:
        progress.clear()
        engine.close()
    held = withheld(args, new_ids, time.time())
    if args.json:
        print_json(summary_json(summary, planned, failure_kinds, held))
    else:
        print_summary(summary, planned, failure_kinds, verbose=args.verbose > 0, held=held,
                      nothing="".join(nothing))
    return EXIT_NOTHING_STORED if nothing_stored(summary, unstored) else 0


EXIT_NOTHING_STORED = 2  # the status of a command the database refuses (``notify.cli``)
