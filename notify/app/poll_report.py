"""What polling did, in words, for the tray's tooltip and the inbox's footer: what a round found
("12 sources checked, 5 new items, 1 failed") and, at the start, the last poll and the sources
that fail."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from notify.core import events as ev
from notify.core.logs import redact


def tr(text: str) -> str:
    return QCoreApplication.translate("Shell", text)


def round_result(summary: ev.PollSummary) -> str:
    """What a poll round found, in words: "12 sources checked, 5 new items, 1 failed"."""
    if not summary.reports:
        return tr("No enabled source to poll: add one (or enable one) in Settings")
    skipped = sum(1 for r in summary.reports if r.status == "skipped")
    whys = {r.message for r in summary.reports}
    if skipped == len(summary.reports) and len(whys) == 1 and None not in whys:
        # every source skipped for one reason (the round was put off: another process polls
        # the data folder, ``poll_lock``): that reason, not "0 sources checked, 3 skipped"
        why = str(next(iter(whys)))
        return why[:1].upper() + why[1:]
    checked = len(summary.reports) - skipped
    new, failed = summary.new_items, len(summary.failed)
    parts = [tr("1 source checked") if checked == 1 else
             tr("{0} sources checked").format(checked),
             tr("1 new item") if new == 1 else tr("{0} new items").format(new)]
    if failed:
        parts.append(tr("{0} failed").format(failed))
    if skipped:
        parts.append(tr("{0} skipped").format(skipped))
    return ", ".join(parts)


def poll_health(engine: Any) -> tuple[float | None, list[str]]:
    """(last poll time, names of failing sources), for the tray's tooltip at start."""
    failing = []
    for source in engine.sources():
        state = engine.source_state(source.id)
        if state.consecutive_failures or state.disabled_reason:
            failing.append(source.title or redact(source.url))
    return engine.status().last_poll, failing
