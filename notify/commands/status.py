"""``notify status``: sources, failing ones, last poll, whether Notify notifies now (paused,
quiet hours, a digest held), items, database size (read-only).

When most of the polled sources last failed because they could not reach their servers at all
(the rule of ``notify poll``'s ``offline:`` line), one line says so instead of one per source;
``-v`` and ``--json`` still list each.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from notify.commands.output import advice_json, iso, print_json, reader, say, size, when
from notify.core.fetch.failure_kinds import NETWORK_DOWN, seems_offline
from notify.core.models import Source, SourceState
from notify.core.source_names import source_name
from notify.core.status import status_of
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo

Problem = tuple[Source, SourceState]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status", help="how Notify is doing",
        description="How Notify is doing: how many sources (enabled, failing), the last poll "
        "and when the next is due, whether it notifies now (paused, quiet hours, a digest "
        "held), items and unread ones, the database's size, and each source that needs "
        "attention.")
    parser.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    parser.set_defaults(func=cmd_status)


def unreachable(sources: list[Source], states: dict[int, SourceState]) -> list[Problem]:
    """The enabled sources whose last poll failed because their servers could not be reached
    (name lookup, connection, time-out) when they are most of the sources polled so far (the
    computer seemed offline; ``notify.commands.poll.unreachable``'s rule); else []."""
    polled = [(s, states[s.id]) for s in sources
              if s.enabled and s.id in states and states[s.id].last_attempt is not None]
    down = [(s, st) for s, st in polled
            if st.consecutive_failures and not st.disabled_reason
            and st.last_error_kind in NETWORK_DOWN]
    return down if seems_offline(len(down), len(polled)) else []


def offline_line(down: list[Problem], *, verbose: bool, now: float) -> str:
    last = max(st.last_attempt or 0.0 for _s, st in down)
    retries = [st.next_attempt for _s, st in down if st.next_attempt is not None]
    if retries and min(retries) > now:
        retry = f" Notify tries them again {when(min(retries), now)}."
    else:
        retry = " They are due again at the next poll."
    details = "" if verbose else " Each source's reason: 'notify status -v' (or --json)."
    return (f"  offline: {len(down)} sources could not reach their servers when last polled "
            f"({when(last, now)}): this computer seemed to be offline. Check its internet "
            f"connection.{retry}{details}")


def next_poll_words(next_poll: float | None, now: float) -> str:
    """When the next round is due, as ``sources show`` says it: ``next due now`` for an overdue
    (or never polled) source, not "0 s ago"; nothing to poll without an enabled source."""
    if next_poll is None:
        return "nothing to poll (no enabled source)"
    if next_poll - now < 1:  # overdue: the core says "now" (its own clock, a moment later)
        return "next due now"
    return f"next due {when(next_poll, now)}"


def cmd_status(args: argparse.Namespace) -> int:
    from notify.core import policy_state  # the store's notifications and settings: not for --help

    now = time.time()
    with reader(args) as (conn, paths):
        status = status_of(conn, paths)
        policy = policy_state.read(conn, now)
        states = state_repo.all_states(conn)
        sources = sources_repo.list_all(conn)
    problems: list[Problem] = [
        (source, st) for source in sources if (st := states.get(source.id)) is not None
        and (st.consecutive_failures or st.disabled_reason or st.moved_notice
             or st.last_warning)
    ]
    down = unreachable(sources, states)
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
            "offline": bool(down),
            "notifications": {
                "paused": policy.paused,
                "paused_until": (None if not policy.paused else "until-resumed"
                                 if policy.paused_until < 0 else iso(policy.paused_until)),
                "quiet_hours": ({"start": policy.quiet_start, "end": policy.quiet_end}
                                if policy.quiet_enabled else None),
                "quiet_hours_now": policy.quiet_until is not None,
                "quiet_until": iso(policy.quiet_until),
                "held_for_digest": policy.held,
                "held_stories": policy.held_stories,
                "digest_at": iso(policy.digest_at),
            },
            "attention": [
                {
                    "id": s.id,
                    "title": s.title,
                    "last_error": st.last_error,
                    "consecutive_failures": st.consecutive_failures,
                    "last_success": iso(st.last_success),
                    "disabled_reason": st.disabled_reason,
                    "moved_notice": st.moved_notice,
                    "last_warning": st.last_warning,
                    **advice_json(st),
                }
                for s, st in problems
            ],
        })
        return 0
    verbose = args.verbose > 0
    say(f"Sources:   {sources_words(status.sources, status.enabled, status.warned, problems)}",
        hang=11)
    say(f"Last poll: {when(status.last_poll)}; {next_poll_words(status.next_poll, now)}",
        hang=11)
    say(f"Notifying: {policy_state.status_words(policy, now)}", hang=11)
    say(f"Items:     {status.items} ({status.unread} unread)")
    if paths.has_db():
        say(f"Database:  {size(status.db_bytes)} in {paths.data_dir}", hang=11)
    else:  # nothing added yet: a command that only reads creates no database (``reader``)
        say(f"Database:  none yet in {paths.data_dir} (made when you add a source: "
            "'notify sources add URL')", hang=11)
    if down:
        say(offline_line(down, verbose=verbose, now=now))
    hidden = set() if verbose else {s.id for s, _st in down}
    for source, st in problems:
        if source.id in hidden:
            continue
        text = st.disabled_reason or (st.last_error if st.consecutive_failures else None) \
            or st.moved_notice or f"warning: {st.last_warning}"
        since = "" if st.disabled_reason else failing_since(source, st, now)
        say(f"  #{source.id} {source_name(source)}{since}: {text}")
    return 0


def sources_words(count: int, enabled: int, warned: int, problems: list[Problem]) -> str:
    """"6 (5 enabled, 4 failing, 1 disabled)": failing counts the enabled sources whose last
    poll failed; a source disabled (by hand, or as gone: HTTP 410) is counted as disabled, not
    failing ("5 enabled, 5 failing" read as if every enabled source failed)."""
    failing = sum(1 for s, st in problems
                  if s.enabled and st.consecutive_failures and not st.disabled_reason)
    disabled = count - enabled
    parts = [f"{enabled} enabled", f"{failing} failing",
             *([f"{disabled} disabled"] if disabled else []),
             *([f"{warned} with a warning"] if warned else [])]
    return f"{count} ({', '.join(parts)})"


def failing_since(source: Source, state: SourceState, now: float) -> str:
    """How long a source has been failing, for a source that failed more than its last poll:
    " (48 failed polls since its last success 5 days ago)", " (61 failed polls; never read
    since it was added 9 days ago)"; "" otherwise. After days of failures the last error alone
    ("Notify will try again later") did not say that the source may be gone for good."""
    failures = state.consecutive_failures
    if failures < 2:
        return ""
    if state.last_success is not None:
        return f" ({failures} failed polls since its last success {when(state.last_success, now)})"
    if source.created_at:
        return (f" ({failures} failed polls; never read since it was added "
                f"{when(source.created_at, now)})")
    return f" ({failures} failed polls; never read)"
