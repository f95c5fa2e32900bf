"""Which imported feeds are new, and which the user already follows. Pure: the engine, the CLI
and the app use it to add only the new ones and to say "N added, M already there"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notify.core.opml.model import OpmlEntry, OpmlImport
from notify.core.urls import dedupe_key


@dataclass(frozen=True)
class ImportPlan:
    new: tuple[OpmlEntry, ...]  # to add, in file order
    existing: tuple[OpmlEntry, ...]  # already subscribed (same dedupe_key as a source's URL)
    duplicates: int  # outlines merged inside the file
    skipped: int  # outlines that could not be used (see OpmlImport.skipped for why)

    def summary(self, added: int | None = None) -> str:
        """One line for the user. ``added`` is how many were actually stored, if known."""
        count = len(self.new) if added is None else added
        parts = [f"{count} added", f"{len(self.existing)} already there"]
        if self.duplicates:
            parts.append(
                f"{self.duplicates} duplicate{'s' if self.duplicates != 1 else ''} merged"
            )
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return ", ".join(parts) + "."


def plan_import(existing_urls: Iterable[str], imported: OpmlImport) -> ImportPlan:
    """Split ``imported.entries`` into new and already-subscribed, comparing by ``dedupe_key``."""
    known = {dedupe_key(url) for url in existing_urls}
    new: list[OpmlEntry] = []
    existing: list[OpmlEntry] = []
    for entry in imported.entries:
        (existing if dedupe_key(entry.url) in known else new).append(entry)
    return ImportPlan(tuple(new), tuple(existing), len(imported.duplicates), len(imported.skipped))
