"""How Settings → Sources says a source's health and kind: its status word in the list ("OK",
"Warning", "Failing"…, in sentence case as every label of the app; the command line's
``notify sources list`` keeps its own words), the kind's name in the list ("Feed", "Hacker
News": the kind's label as the Add box shows it, without its parenthesis), the health lines of
the selected source, an interval in words."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from notify.app.advice_words import about_source
from notify.core.errors import NotifyError
from notify.core.fetch.failure_kinds import FailureKind
from notify.core.models import Source, SourceState
from notify.core.sources import registry


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


def health_text(state: SourceState | None, now: float | None = None, *,
                token_field: str = "") -> str:
    """The health lines of a source (its last error's and the reason it is disabled's advice,
    stored as data, in the app's words, ``advice_words.about_source``: a feed that gives JSON
    is followed with the JSON API kind in Add a source, a token typed in its ``token_field``,
    not with a command)."""
    if state is None:
        return tr("Not polled yet")
    now = time.time() if now is None else now

    def when(ts: float | None) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else tr("never")

    lines = [tr("Last success: {0}").format(when(state.last_success))]
    if state.disabled_reason:
        lines.append(tr("Disabled: {0}").format(about_source(state.disabled)))
    # a source disabled by its last failure (410 Gone): the reason says it; the error that
    # disabled it, in other words, would say it twice
    said_by_reason = bool(state.disabled_reason) and state.last_error_kind == FailureKind.GONE
    if state.last_error and not said_by_reason:
        error = about_source(state.error, token_field=token_field)
        lines.append(tr("Last error: {0}").format(error))
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
        return disabled_word()
    if state is not None and state.last_error and state.consecutive_failures:
        return failing_word()
    if source.muted:
        return tr("Muted")
    if state is None or not state.last_success:
        return tr("New")
    if state.last_warning:
        return tr("Warning")
    return tr("OK")


def failing_word() -> str:
    return tr("Failing")


def disabled_word() -> str:
    return tr("Disabled")


def kind_name(kind_id: str) -> str:
    """The kind's name in a list: its label without the parenthesis ("Feed (RSS, Atom, JSON
    Feed)" is "Feed"); an unknown kind (a newer Notify's) by its id."""
    try:
        label = registry.get(kind_id).label
    except NotifyError:  # said where it matters: the editor (sources_page.kind_settings)
        return kind_id
    return label.partition(" (")[0].strip() or label


def spoken_health(source: Source, state: SourceState | None, *, token_field: str = "") -> str:
    """The status word and, when something is wrong, why, on one line: what a screen reader
    says after a source's name, group and kind ("Failing: Could not connect to …")."""
    word = status_word(source, state)
    reason = ""
    if state is not None:
        if not source.enabled and state.disabled_reason:
            reason = about_source(state.disabled)
        elif word == failing_word():
            reason = about_source(state.error, token_field=token_field)
        elif word == tr("Warning"):
            reason = state.last_warning or ""
    reason = " ".join(reason.split())  # one line
    return tr("{0}: {1}").format(word, reason) if reason else word


def spoken_row(name: str, group: str, kind: str, health: str) -> str:
    """A source's row as a screen reader says it, whichever columns show: "LWN, group Linux,
    Feed, Failing: …" (the stacked rows hide the Group and Kind columns)."""
    if group:
        return tr("{0}, group {1}, {2}, {3}").format(name, group, kind, health)
    return tr("{0}, {1}, {2}").format(name, kind, health)
