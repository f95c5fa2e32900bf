"""What polling did, in words, for the tray's tooltip and the inbox's footer: what a round found
("12 sources checked, 5 new items, 1 failed: LWN") and, at the start, the last poll and the
sources that fail; and which sources fail now, kept from round to round (``FailingSources``),
so that a source that keeps failing is said once, with what failed and what to do."""

from __future__ import annotations

from dataclasses import dataclass
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
        # the data folder, ``poll_lock``; a disabled source): that reason, its advice in the
        # app's words, not "0 sources checked, 3 skipped"
        from notify.app.advice_words import about_source

        why = about_source(summary.reports[0].said)
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


def round_sentence(summary: ev.PollSummary) -> str:
    """The footer's sentence after a Poll now: what the round found and, when sources failed,
    which ("3 sources checked, 0 new items, 1 failed: Beta News.")."""
    names = [r.title for r in summary.failed]
    if not names:
        return round_result(summary) + "."
    return tr("{0}: {1}.").format(round_result(summary), named(names))


def named(names: list[str], most: int = 3) -> str:
    """"A", "A, B and C", "A, B, C and 4 more": source names, each on one line and clipped."""
    from notify.app.untrusted_text import isolated

    shown = [isolated(name, 60) for name in names[:most]]
    more = len(names) - len(shown)
    if more > 0:
        return tr("{0} and {1} more").format(", ".join(shown), more)
    if len(shown) == 1:
        return shown[0]
    return tr("{0} and {1}").format(", ".join(shown[:-1]), shown[-1])


# A source is said to be failing (a notice, once) from its second failure in a row: one failure
# is often a moment's outage that the next poll gets past. A source Notify stopped polling
# (disabled: gone for good) is said at once.
TELL_AFTER_FAILURES = 2


@dataclass(frozen=True)
class SourceFailure:
    """A source that fails now: its name, the error in the words the person reads (its advice
    in the app's words, ``advice_words.about_source``), how many polls in a row failed, and
    whether Notify stopped polling it."""

    source_id: int
    title: str
    message: str
    failures: int = 1
    disabled: bool = False

    def notice(self) -> str:
        """The notice that says it: for which source, what failed, what to do."""
        from notify.app.untrusted_text import isolated

        if self.disabled:  # the core's reason names the source and says what to do
            return self.message
        return tr("{0} failed {1} times in a row: {2} Its address and settings are in "
                  "Settings → Sources.").format(isolated(self.title, 60), self.failures,
                                                 self.message.rstrip(".") + ".")

    @property
    def to_tell(self) -> bool:
        return self.disabled or self.failures >= TELL_AFTER_FAILURES


def failing_sources(engine: Any) -> list[SourceFailure]:
    """The sources failing now (on the engine thread), from their stored state."""
    from notify.app.advice_words import about_source

    failing = []
    for source in engine.sources():
        state = engine.source_state(source.id)
        if state.consecutive_failures or state.disabled_reason:
            failing.append(SourceFailure(
                source.id, source.title or redact(source.url),
                about_source(state.disabled or state.error),
                max(1, int(state.consecutive_failures)), bool(state.disabled_reason)))
    return failing


def poll_health(engine: Any) -> tuple[float | None, list[str]]:
    """(last poll time, names of failing sources), for the tray's tooltip at start."""
    return engine.status().last_poll, [f.title for f in failing_sources(engine)]


class FailingSources:
    """Which sources fail now, across rounds. A round polls only the sources due: one that
    failed in an earlier round and was not polled since still fails (the tray's tooltip went
    on to say only the last round's failures). A failed report adds the source or counts one
    more failure; a report that fetched it (or found it unchanged) removes it; a skipped one
    changes nothing."""

    def __init__(self) -> None:
        self._now: dict[int, SourceFailure] = {}

    def seed(self, failing: list[SourceFailure]) -> None:
        """What the store says at start (sources failing before this run); a round's reports,
        newer, win."""
        for failure in failing:
            self._now.setdefault(failure.source_id, failure)

    def update(self, summary: ev.PollSummary) -> tuple[list[SourceFailure], list[int]]:
        """Take a round's reports: (the failures now, of the sources it polled, the ids of
        the sources that work again)."""
        from notify.app.advice_words import about_source

        failed: list[SourceFailure] = []
        working: list[int] = []
        for r in summary.reports:
            if r.status in ("failed", "disabled"):
                before = self._now.get(r.source_id)
                failure = SourceFailure(r.source_id, r.title, about_source(r.said),
                                        before.failures + 1 if before else 1,
                                        r.status == "disabled")
                self._now[r.source_id] = failure
                failed.append(failure)
            elif (r.status in ("updated", "not_modified", "moved")
                  and self._now.pop(r.source_id, None) is not None):
                working.append(r.source_id)
        return failed, working

    def forget(self, source_ids: set[int]) -> None:
        """Sources that are gone (removed): they fail no more."""
        for source_id in source_ids:
            self._now.pop(source_id, None)

    @property
    def names(self) -> list[str]:
        return [f.title for f in self._now.values()]

    @property
    def ids(self) -> set[int]:
        return set(self._now)


__all__ = ["FailingSources", "SourceFailure", "failing_sources", "named", "poll_health",
           "round_result", "round_sentence"]
