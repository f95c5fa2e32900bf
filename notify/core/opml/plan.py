"""Which imported feeds are new, and which the user already follows. Pure: the engine, the CLI
and the app use it to add only the new ones and to say "N added, M already there".

A feed whose secret an export removed (``…&key=•••``, see ``notify.core.redacted``) is
already followed when a subscription's address, redacted the same way, is the same: it is merged
into that subscription (``existing``, and named in ``warnings()``). Otherwise it goes to
``needs_secret``: the engine adds it disabled, saying the secret must be added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notify.core.opml.model import OpmlEntry, OpmlImport
from notify.core.redacted import has_redacted_secret, redacted_key
from notify.core.urls import dedupe_key

NAMED = 3  # feeds named in one warning; the rest are counted


@dataclass(frozen=True)
class ImportPlan:
    new: tuple[OpmlEntry, ...]  # to add, in file order
    existing: tuple[OpmlEntry, ...]  # already subscribed (same dedupe_key as a source's URL)
    duplicates: int  # outlines merged inside the file
    skipped: int  # outlines that could not be used (see OpmlImport.skipped for why)
    needs_secret: tuple[OpmlEntry, ...] = ()  # new, but an export removed their secret (•••)
    secret_kept: tuple[OpmlEntry, ...] = ()  # in ``existing``: exported without their secret

    def summary(self, added: int | None = None) -> str:
        """One line for the user. ``added`` is how many were actually stored, if known."""
        count = len(self.new) + len(self.needs_secret) if added is None else added
        return import_summary(count, len(self.existing), self.duplicates, self.skipped,
                              len(self.needs_secret))

    def warnings(self) -> tuple[str, ...]:
        """What the person should know about the plan, beyond the counts (redacted)."""
        if not self.secret_kept:
            return ()
        names = [e.describe() for e in self.secret_kept[:NAMED]]
        more = len(self.secret_kept) - len(names)
        listed = ", ".join(repr(n) for n in names) + (f" and {more} more" if more else "")
        return (
            f"{listed}: the file holds {'it' if len(self.secret_kept) == 1 else 'them'} without "
            "the secret the export removed (•••); you already follow "
            f"{'it' if len(self.secret_kept) == 1 else 'them'} with the secret, which is kept.",
        )


def import_summary(added: int, existing: int, duplicates: int, skipped: int,
                   needs_secret: int = 0) -> str:
    """"3 added, 1 already there, 1 duplicate merged, 2 skipped.": an import in one line, as
    the plan announces it and as the engine reports what it did (duplicates and skips only
    when there are any)."""
    parts = [f"{added} added", f"{existing} already there"]
    if needs_secret:
        parts[0] += f" ({needs_secret_note(needs_secret)})"
    if duplicates:
        parts.append(f"{duplicates} duplicate{'s' if duplicates != 1 else ''} merged")
    if skipped:
        parts.append(f"{skipped} skipped")
    return ", ".join(parts) + "."


def needs_secret_note(count: int) -> str:
    """The summary's words for feeds added disabled because an export removed their secret."""
    return f"{count} disabled until you add the secret the export removed"


def plan_import(existing_urls: Iterable[str], imported: OpmlImport) -> ImportPlan:
    """Split ``imported.entries`` into new and already-subscribed, comparing by ``dedupe_key``
    (for an address whose secret an export removed: by ``redacted_key``)."""
    urls = list(existing_urls)
    known = {dedupe_key(url) for url in urls}
    known_redacted = {redacted_key(url) for url in urls}
    # subscriptions that have their secret (not ones imported earlier without it)
    with_secret = {redacted_key(url) for url in urls if not has_redacted_secret(url)}
    new: list[OpmlEntry] = []
    existing: list[OpmlEntry] = []
    needs_secret: list[OpmlEntry] = []
    secret_kept: list[OpmlEntry] = []
    for entry in imported.entries:
        if not has_redacted_secret(entry.url):
            (existing if dedupe_key(entry.url) in known else new).append(entry)
        elif redacted_key(entry.url) in with_secret:
            existing.append(entry)
            secret_kept.append(entry)
        elif redacted_key(entry.url) in known_redacted:
            existing.append(entry)  # already imported without its secret
        else:
            needs_secret.append(entry)
    return ImportPlan(tuple(new), tuple(existing), len(imported.duplicates),
                      len(imported.skipped), tuple(needs_secret), tuple(secret_kept))
