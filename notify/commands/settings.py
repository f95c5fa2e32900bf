"""``notify settings show|set|reset``: the user settings (``notify/core/settings.py``, the same
schema the app's Notifications and Polling pages are made from): the daily budget, the
sensitivity, quiet hours, grouping, poll intervals, retention…

    notify settings show
    notify settings set notify.daily_budget 5
    notify settings set quiet_enabled yes          # the part after the dot is enough
    notify settings reset notify.quiet_start

The pause has commands of its own (``notify pause``, ``notify resume``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from notify.commands.output import engine_for, print_json, reader
from notify.core import pause
from notify.core.errors import UserInputError
from notify.core.settings import BY_KEY, OPTIONS, Option
from notify.core.store import settings as settings_store

PAUSE_KEY = pause.PAUSED_UNTIL


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "settings", help="see and change the settings (daily budget, quiet hours, …)",
        description="See and change Notify's settings, as the app's Settings → Notifications "
        "and Polling pages do. KEY is a setting's name from 'notify settings show' "
        "(notify.daily_budget), or its part after the dot when that is enough (daily_budget).")
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    p = sub.add_parser("show", help="every setting with its value")
    p.add_argument("--json", action="store_true", help="machine-readable")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("set", help="change a setting")
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE",
                   help="a number, yes/no, or a time as HH:MM (quiet hours)")
    p.set_defaults(func=cmd_set)
    p = sub.add_parser("reset", help="a setting back to its default")
    p.add_argument("key", metavar="KEY")
    p.set_defaults(func=cmd_reset)


def option_named(name: str) -> Option:
    """The option a command line names: its key, or the key's part after the dot when only
    one option has it. Raises ``UserInputError`` listing the keys."""
    name = name.strip()
    ends = [o for o in OPTIONS if o.key.partition(".")[2] == name]
    found = BY_KEY.get(name) or (ends[0] if len(ends) == 1 else None)
    if found is None:
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
    print("Change one with 'notify settings set KEY VALUE', or go back to its default with "
          "'notify settings reset KEY'; pause with 'notify pause'.")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    return _change(args, lambda option: args.value)


def cmd_reset(args: argparse.Namespace) -> int:
    return _change(args, lambda option: option.default)


def _change(args: argparse.Namespace, value_for: Callable[[Option], Any]) -> int:
    option = option_named(args.key)
    with engine_for(args) as engine:
        before = engine.setting(option.key)
        after = engine.set_setting(option.key, value_for(option))
    _report(option, before, after)
    return 0


def _report(option: Option, before: Any, after: Any) -> None:
    old, new = value_text(option, before), value_text(option, after)
    if old == new:
        print(f"{option.label} ({option.key}) is already {new}: nothing changed.")
    else:
        print(f"{option.label} ({option.key}): {old} → {new}.")
