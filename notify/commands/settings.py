"""``notify settings show|set|reset``: the user settings (``notify/core/settings.py``, the same
schema the app's Notifications and "Polling and storage" pages are made from): the daily budget, the
sensitivity, quiet hours, grouping, poll intervals, retention…

    notify settings show
    notify settings set notify.daily_budget 5
    notify settings set quiet_enabled yes          # the part after the dot is enough
    notify settings set quiet_start 07:00 quiet_end 22:00   # several, saved together
    notify settings reset notify.quiet_start

The pause has commands of its own (``notify pause``, ``notify resume``).
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence
from typing import Any

from notify.commands.output import engine_for, print_json, reader, say
from notify.core import pause
from notify.core.errors import UserInputError
from notify.core.settings import BY_KEY, OPTIONS, QUIET_KEYS, Option, coerce
from notify.core.store import settings as settings_store

PAUSE_KEY = pause.PAUSED_UNTIL


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "settings", help="see and change the settings (daily budget, quiet hours, …)",
        description="See and change Notify's settings, as the app's Settings → Notifications "
        "and \"Polling and storage\" pages do. KEY is a setting's name from 'notify settings show' "
        "(notify.daily_budget), or its part after the dot when that is enough (daily_budget).")
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    p = sub.add_parser("show", help="every setting with its value")
    p.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser(
        "set", help="change settings", usage="notify settings set KEY VALUE [KEY VALUE]…",
        description="Change one setting, or several saved together (quiet hours from 07:00 to "
        "22:00: 'notify settings set quiet_start 07:00 quiet_end 22:00').")
    p.add_argument("pairs", nargs="+", metavar="KEY VALUE",
                   help="a setting and its value: a number, yes/no, or a time as HH:MM "
                   "(quiet hours)")
    p.set_defaults(func=cmd_set)
    p = sub.add_parser("reset", help="settings back to their defaults")
    p.add_argument("keys", nargs="+", metavar="KEY")
    p.set_defaults(func=cmd_reset)


def option_named(name: str) -> Option:
    """The option a command line names: its key, or the key's part after the dot when only
    one option has it. Raises ``UserInputError`` listing the keys."""
    name = name.strip()
    ends = [o for o in OPTIONS if o.key.partition(".")[2] == name]
    found = BY_KEY.get(name) or (ends[0] if len(ends) == 1 else None)
    if found is None:
        keys = [k for k in BY_KEY if k != PAUSE_KEY]
        close = difflib.get_close_matches(name, [*keys, *(k.partition(".")[2] for k in keys)],
                                          n=1, cutoff=0.75)
        # a part of a name ('budget', 'quiet'): the settings that have it
        close = close or [k.partition(".")[2] for k in keys if name and name.lower() in k]
        if len(close) > 1:
            raise UserInputError(f"There is no setting {name!r}; did you mean one of "
                                 f"{', '.join(map(repr, close))}? 'notify settings show' "
                                 "lists them all.")
        if close:
            raise UserInputError(f"There is no setting {name!r}; did you mean {close[0]!r}? "
                                 "'notify settings show' lists them all.")
        raise UserInputError(f"There is no setting {name!r}; the settings are: "
                             f"{', '.join(k for k in BY_KEY if k != PAUSE_KEY)} ('notify "
                             "settings show' lists them).")
    if found.key == PAUSE_KEY:
        raise UserInputError("Notifications are paused with 'notify pause [30m|2h|tomorrow|"
                             "until-resumed]' and resumed with 'notify resume'.")
    return found


def value_text(option: Option, value: Any, now: float | None = None) -> str:
    """A setting's value as a person reads it: yes/no, a number without trailing zeros, the
    pause in words."""
    if option.key == PAUSE_KEY:
        import time

        return pause.describe(float(value), time.time() if now is None else now) or "no"
    if option.type is bool:
        return "yes" if value else "no"
    if option.type is float:
        return f"{float(value):g}"
    return str(value)


def cmd_show(args: argparse.Namespace) -> int:
    with reader(args) as (conn, _paths):
        values = settings_store.read_all(conn)
    if args.json:
        print_json({"settings": [
            {"key": o.key, "value": values[o.key], "default": o.default, "label": o.label,
             "help": o.help, "minimum": o.minimum, "maximum": o.maximum}
            for o in OPTIONS]})
        return 0
    width = max(len(o.key) for o in OPTIONS)
    texts = {o.key: value_text(o, values[o.key]) for o in OPTIONS}
    value_width = max(len(t) for t in texts.values())
    for o in OPTIONS:
        label = o.label if o.key != PAUSE_KEY else "Notifications paused"
        changed = values[o.key] != o.default and o.key != PAUSE_KEY
        default = f" (default: {value_text(o, o.default)})" if changed else ""
        print(f"{o.key:<{width}}  {texts[o.key]:<{value_width}}  {label}{default}")
    say("Change one with 'notify settings set KEY VALUE', or go back to its default with "
        "'notify settings reset KEY'; pause with 'notify pause'.")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    pairs: Sequence[str] = args.pairs
    if len(pairs) % 2:
        raise UserInputError(f"{pairs[-1]!r} has no value: give each setting with its value "
                             "('notify settings set KEY VALUE [KEY VALUE]…').")
    changes = [(option_named(k), v) for k, v in zip(pairs[::2], pairs[1::2], strict=True)]
    for option, value in changes:
        _check_range(option, value)
    return _change(args, changes)


# Settings that are a local time of day, HH:MM (``notify.core.settings.coerce``'s rule).
CLOCK_KEYS = ("_start", "_end", "_time")


def _check_range(option: Option, value: str) -> None:
    """A number out of the setting's range, no number at all, a switch that is not yes or no,
    or a time that is not HH:MM is refused with the setting, what it takes and the value given
    (the shared rule says only "Notifications per day at most: at most 100.", "…: 'many' is not
    a whole number." or "Quiet hours start: use HH:MM, …"); any other refusal is the engine's
    to say."""
    low, high = option.minimum, option.maximum
    try:
        coerce(option.key, value)
        return
    except ValueError as err:
        refused = err
    if option.type is bool:  # the shared rule says "Quiet hours: 'maybe' is not yes or no."
        raise UserInputError(f"{option.label} ({option.key}) takes yes or no, not "
                             f"{value!r}.") from refused
    if option.type is str and option.key.endswith(CLOCK_KEYS):  # "…: use HH:MM, for …"
        raise UserInputError(f"{option.label} ({option.key}) takes a time of day as HH:MM, "
                             f"for example 07:30, not {value!r}.") from refused
    if low is None or high is None:
        return
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or (option.type is int and not number.is_integer()):
        what = "a whole number" if option.type is int else "a number"
        raise UserInputError(f"{option.label} ({option.key}) takes {what} from {low:g} to "
                             f"{high:g}, not {value!r}.") from refused
    if not low <= number <= high:
        raise UserInputError(f"{option.label} ({option.key}) must be from {low:g} to {high:g}, "
                             f"not {value}.") from refused


def cmd_reset(args: argparse.Namespace) -> int:
    options = [option_named(k) for k in args.keys]
    return _change(args, [(o, o.default) for o in options])


def _change(args: argparse.Namespace, changes: list[tuple[Option, Any]]) -> int:
    """Change the settings together (rules across settings see all of them: quiet hours moved
    from 22:00–07:00 to 07:00–22:00 in one command) and report each."""
    values = {o.key: v for o, v in changes}  # a key given twice: the last value
    options = list({o.key: o for o, _v in changes}.values())
    with engine_for(args) as engine:
        before = {o.key: engine.setting(o.key) for o in options}
        try:
            after = engine.set_settings(values)
        except UserInputError as err:
            raise UserInputError(_with_hint(str(err), values)) from err
    for o in options:
        _report(o, before[o.key], after[o.key])
    return 0


def _with_hint(message: str, values: dict[str, Any]) -> str:
    """A refused quiet-hours start or end given alone: say how to move both at once."""
    moved = {k for k in values if k in QUIET_KEYS[1:]}
    if len(moved) != 1 or "start and end" not in message:
        return message
    return (f"{message} To move both, give them together: 'notify settings set quiet_start "
            "HH:MM quiet_end HH:MM'.")


def _report(option: Option, before: Any, after: Any) -> None:
    old, new = value_text(option, before), value_text(option, after)
    if old == new:
        say(f"{option.label} ({option.key}) is already {new}: nothing changed.")
    else:
        say(f"{option.label} ({option.key}): {old} → {new}.")
