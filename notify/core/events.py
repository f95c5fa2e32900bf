"""What the engine reports to its listener (the CLI's progress display, the app's bridge).

Events are frozen values, delivered on the engine's thread; a listener must return quickly.
Change flags, not reload-everything: each event says what changed so a window refreshes only that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notify.core.errors import Advised, Placed


@dataclass(frozen=True)
class SourceReport:
    """How one source fared in one poll round."""

    source_id: int
    title: str
    status: str  # "updated" | "not_modified" | "failed" | "skipped" | "moved" | "disabled"
    new_items: int = 0
    message: str | None = None  # user-facing error or notice (redacted), the CLI's words
    next_attempt: float | None = None
    advice: tuple[Placed, ...] = ()  # what to do, as data, where ``message`` says it

    @property
    def said(self) -> Advised | None:
        """``message`` with its advice as data, for a front end to say its way."""
        return None if self.message is None else Advised(self.message, self.advice)


@dataclass(frozen=True)
class PollSummary:
    started: float
    finished: float
    reports: tuple[SourceReport, ...] = ()

    @property
    def fetched(self) -> int:
        return sum(1 for r in self.reports if r.status in ("updated", "moved"))

    @property
    def not_modified(self) -> int:
        return sum(1 for r in self.reports if r.status == "not_modified")

    @property
    def failed(self) -> tuple[SourceReport, ...]:
        return tuple(r for r in self.reports if r.status in ("failed", "disabled"))

    @property
    def new_items(self) -> int:
        return sum(r.new_items for r in self.reports)


@dataclass(frozen=True)
class PollStarted:
    source_ids: tuple[int, ...]


@dataclass(frozen=True)
class SourcePolled:
    report: SourceReport
    done: int
    total: int


@dataclass(frozen=True)
class PollFinished:
    summary: PollSummary


@dataclass(frozen=True)
class ItemsAdded:
    item_ids: tuple[int, ...]


@dataclass(frozen=True)
class NotificationPlanned:
    """Show this now. ``item_ids[0]`` is the lead item; several ids: a group (same story in
    several sources, or a burst from one round). ``why`` is the one-line explanation."""

    notification_id: int
    kind: str  # "single" | "group" | "digest"
    title: str
    body: str
    why: str
    item_ids: tuple[int, ...]
    links: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SourcesChanged:
    source_ids: tuple[int, ...] = ()  # empty: the whole list


@dataclass(frozen=True)
class ItemsChanged:
    item_ids: tuple[int, ...]


@dataclass(frozen=True)
class ProfileChanged:
    pass


@dataclass(frozen=True)
class SettingsChanged:
    """Settings changed, here or by another process (``notify pause`` while the app runs: the
    engine notices at its next round, or when asked, ``Engine.check_settings``)."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class EngineError:
    message: str


Event = (
    PollStarted
    | SourcePolled
    | PollFinished
    | ItemsAdded
    | ItemsChanged
    | NotificationPlanned
    | SourcesChanged
    | ProfileChanged
    | SettingsChanged
    | EngineError
)
