"""``notify sources list`` and ``notify sources show ID``: the sources with their health, read
from the database (a reader connection: no engine, no network); ``--json`` as in docs/cli.md.
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

from notify.commands.output import (
    ADD_A_SOURCE,
    SOURCE_ID_HELP,
    print_json,
    reader,
    say,
    setting_text,
    source_id,
    source_json,
    terminal_width,
    when,
    wrapped,
)
from notify.core.errors import NotifyError, UserInputError
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.source_names import source_name
from notify.core.sources import registry
from notify.core.sources.base import SettingType
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.state import RATE_WINDOW_S

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    ls = sub.add_parser("list", help="list sources with their health")
    ls.add_argument("--failing", action="store_true",
                    help="only the sources whose last poll failed, or disabled")
    ls.add_argument("--group", "-g", action="append", default=[], metavar="GROUP",
                    help="only the sources in this group (repeatable; case does not matter)")
    ls.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    ls.set_defaults(func=cmd_list)

    show = sub.add_parser("show", help="one source's details and health")
    show.add_argument("id", type=source_id, metavar="ID", help=SOURCE_ID_HELP)
    show.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    show.set_defaults(func=cmd_show)


def _health(state: Any, enabled: bool) -> str:
    if state.disabled_reason or not enabled:
        return "disabled"
    if state.consecutive_failures:
        return f"failing ({state.consecutive_failures}x)"
    if state.last_success is None:
        return "new"
    if state.last_warning:  # read, but not cleanly: see its warning
        return "ok, with a warning"
    return "ok"


def cmd_list(args: argparse.Namespace) -> int:
    with reader(args) as (conn, _paths):
        all_sources = sources_repo.list_all(conn)
        states = state_repo.all_states(conn)
        every = len(all_sources)
        if args.group and every:  # with hundreds of sources, one group of them
            all_sources = in_groups(all_sources, args.group)
        if args.failing:  # with hundreds of sources, the few to look at
            all_sources = [s for s in all_sources if _failing(s, states.get(s.id))]
        if args.json:
            print_json({"sources": [
                source_json(s, states.get(s.id) or state_repo.get(conn, s.id),
                            items_repo.count_by_source(conn, s.id))
                for s in all_sources
            ]})
            return 0
        if not all_sources:
            among = (f"in group {_named(args.group)}" if args.group else f"among your {every}")
            say(f"No failing or disabled source {among}." if args.failing and every
                else f"No sources yet. {ADD_A_SOURCE}")
            return 0
        rows = []
        for s in all_sources:
            st = states.get(s.id) or state_repo.get(conn, s.id)
            group = f" [{s.group}]" if s.group else ""
            muted = ", muted" if s.muted else ""  # as Settings → Sources' status does
            rows.append((f"{s.id:>4}", _health(st, s.enabled), f"{source_name(s)}{group}",
                         f"({s.kind}{muted}, last ok {when(st.last_success)})"))
    print("\n".join(list_lines(rows, terminal_width())))
    return 0


def in_groups(sources: list[Source], groups: list[str]) -> list[Source]:
    """The sources in any of ``groups`` (case does not matter). A group no source has is a
    user error that lists the groups there are."""
    there = {s.group for s in sources if s.group}
    folded = {g.casefold() for g in there}
    missing = [g for g in groups if g.strip().casefold() not in folded]
    if missing:
        listed = ", ".join(f"'{g}'" for g in sorted(there, key=lambda g: (g.casefold(), g)))
        raise UserInputError(
            f"No source is in group {_named(missing)}. "
            + (f"Your groups: {listed}." if listed else "None of your sources is in a group "
               "yet: 'notify sources edit ID --group NAME' puts one in."))
    wanted = {g.strip().casefold() for g in groups}
    return [s for s in sources if s.group and s.group.casefold() in wanted]


def _named(groups: list[str]) -> str:
    """'News' or 'News' or 'Tech': the groups as a sentence names them."""
    return " or ".join(f"'{g}'" for g in groups)


def _failing(source: Source, state: SourceState | None) -> bool:
    """``--failing``: its last poll failed, or it is disabled (by hand, or as gone)."""
    return not source.enabled or (state is not None and (
        state.consecutive_failures > 0 or state.disabled_reason is not None))


Row = tuple[str, str, str, str]  # id, health, name [group], (kind, last ok …)
MIN_NAME = 16  # a name is never cut shorter than this to fit the terminal


def list_lines(rows: list[Row], width: int | None) -> list[str]:
    """``sources list``'s lines. On a terminal (``width``), in columns that fit it: the names
    padded to one width (so the kinds line up), a name too long for it cut with "…". Else one
    line a source, the name whole and no padding (what a script or ``grep`` reads)."""
    health_w = max(len(h) for _i, h, _n, _x in rows)
    if width is None:
        health_w = max(health_w, len("failing (10x)") + 1)
        return [f"{i}  {h:<{health_w}} {n}  {x}" for i, h, n, x in rows]
    fixed = 4 + 2 + health_w + 1 + 2 + max(len(x) for _i, _h, _n, x in rows)
    name_w = max(MIN_NAME, min(max(len(n) for _i, _h, n, _x in rows), width - 1 - fixed))
    return [f"{i}  {h:<{health_w}} {shorten(n, name_w):<{name_w}}  {x}".rstrip()
            for i, h, n, x in rows]


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _next_poll(state: SourceState, enabled: bool) -> str:
    if not enabled:
        return "not polled (disabled)"
    if state.next_attempt is None or state.next_attempt <= time.time():
        return "due now"
    return when(state.next_attempt)


def _rate(state: SourceState) -> str:
    if state.item_rate_per_day is None:
        return "not known until its first successful poll"
    return f"{state.item_rate_per_day:.1f} (over the last {RATE_WINDOW_S // 86400} days)"


def settings_lines(source: Source) -> list[str]:
    """``show``: the settings of the source's kind, one line each (a token: only whether it has
    one), under a line that says how to change them; [] for a kind without settings."""
    try:
        kind = registry.get(source.kind)
    except NotifyError as err:  # a kind this Notify does not know: show the rest
        log.warning("source %d: %s", source.id, err)
        return []
    if not kind.settings:
        return []
    rows = []
    for setting in kind.settings:
        value = source.settings.get(setting.key)
        if setting.type is SettingType.SECRET:
            rows.append(("token", "in the system keyring" if value else "-"))
        else:
            rows.append((setting.key, setting_text(value)))
    width = max(len(label) for label, _ in rows)
    return [f"  settings:      (change with 'notify sources edit {source.id} -o KEY=VALUE')",
            *(f"    {label:<{width}}  {text}" for label, text in rows)]


SHOW_LABEL_WIDTH = len("  notifications: ")
PROSE_LABELS = ("  last error:", "  warning:", "  moved:", "  disabled:", "  settings:")


def cmd_show(args: argparse.Namespace) -> int:
    with reader(args) as (conn, _paths):
        s = sources_repo.get(conn, args.id)
        st = state_repo.get(conn, s.id)
        count = items_repo.count_by_source(conn, s.id)
    if args.json:
        print_json({"source": source_json(s, st, count)})
        return 0
    lines = [
        f"Source {s.id}: {source_name(s)}",
        f"  kind:          {s.kind}",
        f"  address:       {redact(s.url)}",
        f"  group:         {s.group or '-'}",
        f"  status:        {_health(st, s.enabled)}",
        f"  notifications: {'muted (its items reach the inbox only)' if s.muted else 'on'}",
        f"  last success:  {when(st.last_success)}",
        f"  last error:    {st.last_error or '-'}",
        *([f"  warning:       {st.last_warning}"] if st.last_warning else []),
        f"  next poll:     {_next_poll(st, s.enabled)}",
        f"  failures:      {st.consecutive_failures} in a row",
        f"  items:         {count} stored",
        f"  new per day:   {_rate(st)}",
        f"  interval:      {f'{s.interval_s / 60:g} min' if s.interval_s else 'default'}",
    ]
    lines.extend(settings_lines(s))
    if st.moved_notice:
        lines.append(f"  moved:         {st.moved_notice}")
    if st.disabled_reason:
        lines.append(f"  disabled:      {st.disabled_reason}")
    # the values that are sentences (an error, a notice) wrap under their column
    print("\n".join(wrapped(line, hang=SHOW_LABEL_WIDTH) if line.startswith(PROSE_LABELS)
                     else line for line in lines))
    return 0
