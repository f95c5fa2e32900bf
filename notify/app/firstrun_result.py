"""What the first run's Start does, on the engine's thread (``apply_choices``: import, add,
save the interests, one silent poll, the samples for "Tell Notify what you like"), and what it
found, for the person to read (``FirstRunResult.text``). The welcome is ``firstrun.py``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from notify.app.settings.import_report import report_note
from notify.core.errors import NotifyError
from notify.core.first_run_samples import Sample
from notify.core.logs import redact
from notify.core.ranking.profile import Term, parse_term

log = logging.getLogger(__name__)
# sources that could not be read named in the result, at most (an old OPML file may hold
# dozens of dead feeds: each one's lines made the dialog taller than the screen)
FAILED_SHOWN = 3
ADDED_SHOWN = 10  # the names of the sources added, at most


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


@dataclass(frozen=True)
class FirstRunChoices:
    opml: bytes | None
    feeds: tuple[str, ...]
    interests: tuple[str, ...]
    titles: dict[str, str] = field(default_factory=dict)  # url -> its name in the list


@dataclass(frozen=True)
class FirstRunResult:
    """What the first run did, for the person to read."""

    added: tuple[str, ...] = ()  # the sources' names
    failed: tuple[tuple[str, str], ...] = ()  # (source, why), from adding or the first poll
    opml: str = ""  # the OPML import's summary
    interests: tuple[str, ...] = ()
    new_items: int = 0
    import_report: Any = None  # the OPML import's report (``subscriptions.ImportReport``)
    read: int = -1  # sources the first poll read (fetched or unchanged); -1: not counted
    samples: tuple[Sample, ...] = ()  # for "Tell Notify what you like" (none: no page)

    def text(self) -> str:
        lines: list[str] = []
        if self.opml:
            opml = tr("From the OPML file: {0}").format(self.opml)
            note = report_note(self.import_report) if self.import_report is not None else ""
            if note:  # its report opens over the inbox: say so, or it comes unannounced
                opml += " " + tr("{0}, shown when you open the inbox.").format(
                    note.rstrip("."))
            lines.append(opml)
        if self.added:
            names = ", ".join(self.added[:ADDED_SHOWN])
            if len(self.added) > ADDED_SHOWN:
                names = tr("{0} and {1:,} more").format(names, len(self.added) - ADDED_SHOWN)
            lines.append(tr("Added {0}: {1}.").format(
                tr("1 source") if len(self.added) == 1
                else tr("{0:,} sources").format(len(self.added)), names))
        if self.interests:
            lines.append(tr("Your interests: {0}.").format(", ".join(self.interests)))
        if self.failed and self.read == 0:
            # nothing could be read: said first, with the likeliest cause (26 lookups failed
            # on a machine without a network read as three errors and "23 more")
            lines.append(tr("None of your sources could be read, so your inbox is empty for "
                            "now. When every one fails, check this computer's internet "
                            "connection first."))
        else:
            lines.append(tr("{0} in your inbox, none notified (they were already there)."
                            ).format(tr("1 item") if self.new_items == 1
                                     else tr("{0:,} items").format(self.new_items)))
        if self.failed:
            lines.append(tr("Could not read {0}:").format(
                tr("1 source") if len(self.failed) == 1
                else tr("{0:,} sources").format(len(self.failed))))
            lines += [f"• {name}: {why}" for name, why in self.failed[:FAILED_SHOWN]]
            if len(self.failed) > FAILED_SHOWN:
                lines.append(tr("• and {0:,} more (Settings → Sources says why for each)."
                                ).format(len(self.failed) - FAILED_SHOWN))
            lines.append(tr("Notify tries again at each poll; check, fix or remove them in "
                            "Settings → Sources."))
        return "\n".join(lines)


async def apply_choices(engine: Any, choices: FirstRunChoices) -> FirstRunResult:
    """On the engine thread: import, add, set interests, then one silent poll."""
    opml = ""
    report = None
    if choices.opml:
        report = engine.import_opml(choices.opml)
        opml = report.summary() if hasattr(report, "summary") else str(report)
    added: dict[int, str] = {}  # source id -> its name in the list
    failed: list[tuple[str, str]] = []
    for url in choices.feeds:
        name = choices.titles.get(url) or redact(url)
        try:
            source = engine.add_source("feed", url)
        except NotifyError as err:  # one bad address must not stop the rest
            log.warning("first run: could not add %s: %s", redact(url), err)
            failed.append((name, str(err)))
            continue
        added[source.id] = choices.titles.get(url) or source.title or name
    saved: tuple[str, ...] = ()
    if choices.interests:
        save_interests(engine, choices.interests)
        saved = choices.interests
    summary = await engine.poll()
    added = named_as_read(engine, added)
    failed += [(added.get(r.source_id) or r.title or tr("a source"),
                r.message or tr("it could not be read")) for r in summary.failed]
    read = int(getattr(summary, "fetched", 0)) + int(getattr(summary, "not_modified", 0))
    samples = tuple(engine.first_run_samples())
    return FirstRunResult(tuple(added.values()), tuple(failed), opml, saved,
                          int(getattr(summary, "new_items", 0)), report, read, samples)


def named_as_read(engine: Any, added: dict[int, str]) -> dict[int, str]:
    """The sources just added by the names the rest of Notify gives them once read (the feed's
    own title: the inbox, Settings and ``notify sources list`` say "Release notes from gulp"
    where the page's link said "Example Tech Blog: all posts", and the result named a source
    the person then found nowhere); one that has no title of its own yet (it could not be
    read) keeps its name in the list."""
    from notify.core.source_names import address_name, source_name

    named = {}
    for source in engine.sources():
        if source.id in added:
            name = source_name(source)
            if name != address_name(source.url):  # a title of its own, not its host's
                named[source.id] = name
    return {sid: named.get(sid, name) for sid, name in added.items()}


def interest_terms(words: tuple[str, ...]) -> list[Term]:
    """The typed interests as profile terms; raises ``UserInputError`` saying which is not."""
    return [parse_term(w) for w in words]


def save_interests(engine: Any, words: tuple[str, ...]) -> None:
    terms = interest_terms(words)
    engine.change_profile(lambda ranking: ranking.onboard(terms, time.time()))
