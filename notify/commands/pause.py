"""``notify pause [WHEN]`` and ``notify resume``: notifications off for a while, as the tray's
and the inbox's "Pause notifications" (``notify.core.pause``). Items still reach the inbox; a
notification planned during the pause is not shown later."""

from __future__ import annotations

import argparse
import re
import time
from typing import Any

from notify.commands.output import engine_for, say
from notify.core import pause

KEY = pause.PAUSED_UNTIL


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "pause", help="pause notifications (for an hour unless told)",
        description="Pause notifications: nothing is notified until the pause ends (items "
        "still reach the inbox; what would have been notified meanwhile is not shown later, "
        "and a quiet hours' digest waits for the end of the pause).")
    p.add_argument("when", nargs="?", default="1h", metavar="WHEN",
                   help="how long: a duration such as 30m, 2h or 1d (default 1h), 'tomorrow' "
                   "(until 07:00 tomorrow) or 'until-resumed'")
    # "-5m" is a WHEN (refused by ``pause.parse`` in words: a pause takes a duration like 30m),
    # not an unknown option ("unrecognized arguments: -5m"): argparse takes an argument that
    # starts with "-" and a digit as a value only when it is a whole negative number, and
    # ``pause`` has no option of that form to mistake it for (Python 3.13 does this itself).
    setattr(p, "_negative_number_matcher", re.compile(r"^-\.?\d"))  # noqa: B010
    p.set_defaults(func=cmd_pause)
    p = subparsers.add_parser(
        "resume", help="end a pause of notifications",
        description="End a pause of notifications ('notify pause'): new items are notified "
        "again, and a digest held during quiet hours that are over comes at the next poll.")
    p.set_defaults(func=cmd_resume)


def cmd_pause(args: argparse.Namespace) -> int:
    now = time.time()
    until = pause.parse(args.when, now)
    with engine_for(args) as engine:
        engine.set_setting(KEY, until)
    say(f"Notifications paused {pause.describe(until, now)}; items still reach the inbox. "
        "'notify resume' ends the pause.")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    from notify.core import policy_state

    now = time.time()
    with engine_for(args) as engine:
        was = float(engine.setting(KEY))
        engine.set_setting(KEY, pause.NOT_PAUSED)
        held = policy_state.held_words(policy_state.read(engine.conn, now), now)
    if pause.is_paused(was, now):
        say("Notifications resumed." + (f" {held[0].upper()}{held[1:]}." if held else ""))
    else:
        say("Notifications were not paused: nothing changed.")
    return 0
