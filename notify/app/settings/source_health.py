"""How Settings → Sources says a source's health: its status word in the list ("ok",
"warning", "failing"…), the health lines of the selected source, an interval in words."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from notify.core.models import Source, SourceState


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


def health_text(state: SourceState | None, now: float | None = None) -> str:
    if state is None:
        return tr("Not polled yet")
    now = time.time() if now is None else now

    def when(ts: float | None) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else tr("never")

    lines = [tr("Last success: {0}").format(when(state.last_success))]
    if state.disabled_reason:
        lines.append(tr("Disabled: {0}").format(state.disabled_reason))
    if state.last_error:
        lines.append(tr("Last error: {0}").format(state.last_error))
    if state.last_warning:  # read, but not cleanly (until a clean read clears it)
        lines.append(tr("Warning: {0}").format(state.last_warning))
    if state.moved_notice:
        lines.append(state.moved_notice)
    if state.next_attempt:
        lines.append(tr("Next poll: {0}").format(when(state.next_attempt)))
    return "\n".join(lines)


def minutes_text(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return tr("1 hour") if hours == 1 else tr("{0} hours").format(hours)
    return tr("{0} min").format(minutes)


def status_word(source: Source, state: SourceState | None) -> str:
    if not source.enabled:
        return tr("disabled")
    if state is not None and state.last_error and state.consecutive_failures:
        return tr("failing")
    if source.muted:
        return tr("muted")
    if state is None or not state.last_success:
        return tr("new")
    if state.last_warning:
        return tr("warning")
    return tr("ok")
