"""The values an OPML import produces. Pure data: the engine decides what to store."""

from __future__ import annotations

from dataclasses import dataclass

from notify.core.errors import Advised, Placed
from notify.core.logs import redact


@dataclass(frozen=True)
class OpmlEntry:
    """One subscription read from an OPML file.

    ``url`` is normalised (``notify.core.urls.normalise_user_url``) but otherwise exactly as the
    file held it: a per-user key in its query string is the user's own data and is kept (it is
    redacted wherever it is printed). ``group`` is the folder path, ``"Parent/Child"``; ``""``
    at the top level.
    """

    url: str
    title: str
    group: str = ""
    html_url: str = ""
    kind: str = "feed"
    line: int | None = None  # where the outline starts in the file, when known

    def describe(self) -> str:
        """A short, redacted name for messages: the title, else the URL."""
        return redact(self.title or self.url)


@dataclass(frozen=True)
class OpmlDuplicate:
    """An outline whose feed was already in the file (same ``dedupe_key``); ``kept`` is the
    first occurrence, which is the one imported."""

    entry: OpmlEntry
    kept: OpmlEntry

    def describe(self) -> str:
        where = f"folder {self.entry.group!r}" if self.entry.group else "the top level"
        kept_where = f"folder {self.kept.group!r}" if self.kept.group else "the top level"
        return redact(
            f"{self.entry.title or self.entry.url!r} in {where} is the same feed as "
            f"{self.kept.title or self.kept.url!r} in {kept_where}; kept the first"
        )


@dataclass(frozen=True)
class OpmlSkipped:
    """An outline that could not become a source, and why: ``reason``, redacted, in the command
    line's words; where the person can do something about it (look at the page it links to,
    follow a scheme-less address of their network), ``advice`` places that in it as data, so
    that each front end says it its way (``advised``; ``errors.Advised``)."""

    title: str
    group: str
    reason: str
    line: int | None = None
    advice: tuple[Placed, ...] = ()

    @property
    def advised(self) -> Advised:
        """The reason with its advice as data."""
        return Advised(self.reason, self.advice)


@dataclass(frozen=True)
class OpmlImport:
    """Everything read from one OPML file.

    ``entries`` are unique feeds in file order; ``duplicates`` were merged into an earlier entry;
    ``skipped`` could not be used; ``warnings`` are redacted sentences for the user.
    """

    entries: tuple[OpmlEntry, ...]
    warnings: tuple[str, ...] = ()
    duplicates: tuple[OpmlDuplicate, ...] = ()
    skipped: tuple[OpmlSkipped, ...] = ()
    title: str = ""  # the file's <head><title>
    repaired: bool = False  # the file was not well-formed and was repaired or salvaged

    @property
    def groups(self) -> tuple[str, ...]:
        """The distinct non-empty groups, in file order."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            if entry.group:
                seen.setdefault(entry.group, None)
        return tuple(seen)
