"""What the inbox says when it shows no item: the fact, in the footer (``empty_fact``); the next
step, with its button, in the item pane (``empty_words``).

The footer says the fact in one line, in the words of what the list shows (``empty_fact``):
"No items yet"; Unread: "No unread items: you're all caught up."; Saved: "Nothing saved yet:
press s to save the item shown for later."; Liked, Notified, Over today's budget, a source or
group with no items, a search that matches nothing (its words). The pane says what to do about
it, once, and offers it: with no source, Add a source (Settings → Sources); with sources but no
item yet, that they are being polled, or when the next round is, and Poll now; with every
source disabled, where to enable one; with a filter or a search that hides every item, Show all
items (Show → Unread with none left: you are all caught up). ``EmptyInboxWatch`` keeps the pane
told of what the inbox holds while its list is empty."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from notify.app import operations as ops
from notify.app.inbox import query
from notify.app.qtcompat import emit
from notify.app.untrusted_text import isolated

if TYPE_CHECKING:
    from notify.app.actions import AppActions
    from notify.app.bridge import EngineBridge
    from notify.app.inbox.filters import InboxFilters
    from notify.app.inbox.model import InboxModel
    from notify.app.inbox.pane import ItemPane

log = logging.getLogger(__name__)
SEARCH_CHARS = 40  # a search's words in the footer's line


def tr(text: str) -> str:
    return QCoreApplication.translate("ItemPane", text)


class Step(Enum):
    """The button the pane offers."""

    NONE = ""
    ADD_SOURCE = "add-source"  # Settings → Sources
    POLL = "poll"
    SHOW_ALL = "show-all"  # the filter and the search cleared


@dataclass(frozen=True)
class EmptyInbox:
    """What the inbox holds while the pane shows no item."""

    listed: int = 0  # rows in the list
    filtered: bool = False  # by the Show menu or a search
    caught_up: bool = False  # Show → Unread alone, and none is left
    sources: int | None = None  # None: not known (no engine yet)
    enabled: int = 0
    next_poll: float | None = None  # when the next round is due (``Status.next_poll``)
    polling: bool = False  # a round is on its way


@dataclass(frozen=True)
class EmptyWords:
    title: str
    text: str
    step: Step
    button: str = ""


def empty_words(state: EmptyInbox, now: float | None = None) -> EmptyWords:
    """What the pane says for ``state``: short, the next step first."""
    if state.listed:
        return EmptyWords(tr("No item selected"), tr("Choose one in the list."), Step.NONE)
    if state.caught_up:
        return EmptyWords(tr("You're all caught up"),
                          tr("Every item is read. New ones appear here as they arrive."),
                          Step.SHOW_ALL, tr("Show all items"))
    if state.filtered:
        return EmptyWords(tr("Clear the filter to see every item"), "", Step.SHOW_ALL,
                          tr("Show all items"))
    if state.sources is None:
        return EmptyWords(tr("No item selected"), "", Step.NONE)
    if state.sources == 0:
        return EmptyWords(tr("Add a source to start"),
                          tr("New items from the feeds and web pages you follow appear here."),
                          Step.ADD_SOURCE, tr("Add a source…"))
    if state.enabled == 0:
        return EmptyWords(tr("Every source is disabled"),
                          tr("Enable one in Settings → Sources to fetch its items."),
                          Step.ADD_SOURCE, tr("Open Sources…"))
    count = (tr("your source") if state.enabled == 1 else
             tr("your {0} sources").format(f"{state.enabled:,}"))
    if state.polling:
        return EmptyWords(tr("Fetching your sources…"),
                          tr("The first items of {0} appear here as they arrive.").format(count),
                          Step.NONE)
    return EmptyWords(tr("Waiting for the first items"),
                      tr("Notify polls {0} {1}.").format(count, when_next(state.next_poll, now)),
                      Step.POLL, tr("Poll now"))


def empty_fact(filt: query.InboxFilter, name: str = "",
               keys: Mapping[str, str] | None = None) -> str:
    """The footer's line when the list shows nothing under ``filt``: what it shows, in its own
    words. ``name``: the source or group shown, isolated ("" for none: ``filters.shown_name``);
    ``keys``: the item commands' keys by name ("save": "s", "like": "l"), for the way to fill
    Saved and Liked."""
    keys = keys or {}
    if filt.search:
        scope = {query.VIEW_UNREAD: tr("No unread item"),
                 query.VIEW_NOTIFIED: tr("No notified item"),
                 query.VIEW_LIKED: tr("No liked item"),
                 query.VIEW_SAVED: tr("No saved item"),
                 query.VIEW_OVER_BUDGET: tr("No item over today's budget"),
                 }.get(filt.view, tr("No item"))
        if name:
            scope = tr("{0} from {1}").format(scope, name)
        return tr("{0} matches “{1}”.").format(scope, isolated(filt.search, SEARCH_CHARS))
    where = tr(" from {0}").format(name) if name else ""
    if filt.view == query.VIEW_UNREAD:
        return tr("No unread items{0}: you're all caught up.").format(where)
    if filt.view == query.VIEW_SAVED:
        key = keys.get("save", "")
        return (tr("Nothing saved{0} yet: press {1} to save the item shown for later.").format(
            where, key)
                if key else tr("Nothing saved{0} yet: Item → Save for later keeps the item "
                               "shown.").format(where))
    if filt.view == query.VIEW_LIKED:
        key = keys.get("like", "")
        return (tr("No liked items{0} yet: press {1} to like the item shown.").format(where, key)
                if key else tr("No liked items{0} yet.").format(where))
    if filt.view == query.VIEW_NOTIFIED:
        return tr("No items{0} were notified yet.").format(where)
    if filt.view == query.VIEW_OVER_BUDGET:
        return tr("No items{0} were left silent over today's budget.").format(where)
    return tr("No items from {0} yet.").format(name) if name else tr("No items yet.")


def when_next(next_poll: float | None, now: float | None = None) -> str:
    """"at 14:05", "in a few seconds", "tomorrow at 07:00"; "regularly" when not known."""
    if next_poll is None:
        return tr("regularly")
    now = time.time() if now is None else now
    if next_poll - now < 60:
        return tr("within a minute")
    when, today = time.localtime(next_poll), time.localtime(now)
    clock = time.strftime("%H:%M", when)
    if when.tm_yday == today.tm_yday and when.tm_year == today.tm_year:
        return tr("next at {0}").format(clock)
    return tr("next on {0} at {1}").format(time.strftime("%a %d %b", when), clock)


class EmptyPart(QWidget):
    """The pane's place for what to do next (under the title, which says the step): a short
    note and the step's button, at the top of the text's place."""

    nextStep = Signal(str)  # the button was pressed: its ``Step``'s value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self)
        self.note.setObjectName("pane-empty-note")
        self.note.setAccessibleName(tr("What to do next"))
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.setObjectName("pane-next-step")
        self.button.clicked.connect(self._pressed)
        self.step = Step.NONE
        self.tips: dict[Step, str] = {}  # the step's button's tooltip (with its key)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.note)
        column.addLayout(row)
        column.addStretch(1)

    def say(self, words: EmptyWords) -> None:
        self.step = words.step
        self.note.setText(words.text)
        self.note.setVisible(bool(words.text))
        self.button.setText(words.button)
        self.button.setAccessibleName(words.button.rstrip("…"))
        self.button.setToolTip(self.tips.get(words.step, ""))
        self.button.setVisible(words.step is not Step.NONE)
        self.show()

    def _pressed(self) -> None:
        if self.step is not Step.NONE:
            emit(self.nextStep, self.step.value)


class EmptyInboxWatch(QObject):
    """Tells ``pane`` what the inbox holds (``EmptyInbox``) whenever its list is empty: after
    each page loaded, when sources change, when a round starts and ends; and does the step the
    pane's button offers (Add a source: ``sourcesRequested``, for Settings → Sources)."""

    sourcesRequested = Signal()

    def __init__(self, bridge: EngineBridge | None, model: InboxModel, pane: ItemPane,
                 filters: InboxFilters, actions: AppActions | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.model, self.pane = bridge, model, pane
        self.filters, self.actions = filters, actions
        self._polling = False
        pane.nextStep.connect(self.do_step)
        if actions is not None:
            from notify.app.actions import key_text

            keys = key_text(actions.action("poll"))
            pane.empty_part.tips[Step.POLL] = (
                tr("Fetch every source now ({0})").format(keys) if keys
                else tr("Fetch every source now"))
        if bridge is not None:
            bridge.sourcesChanged.connect(lambda _e: self.update())
            bridge.pollStarted.connect(lambda _e: self._set_polling(True))
            bridge.pollFinished.connect(lambda _e: self._set_polling(False))
            bridge.started.connect(self.update)

    def _set_polling(self, polling: bool) -> None:
        self._polling = polling
        self.update()

    def update(self) -> None:
        """Read what the pane needs (the sources, the next round) when the list is empty."""
        listed = self.model.rowCount()
        filt = self.model.filter
        state = EmptyInbox(listed=listed, filtered=filt != query.InboxFilter(),
                           caught_up=filt == query.InboxFilter(view=query.VIEW_UNREAD),
                           polling=self._polling)
        self.pane.show_empty(replace(state, sources=self.pane.empty.sources,
                                     enabled=self.pane.empty.enabled,
                                     next_poll=self.pane.empty.next_poll))
        bridge = self.bridge
        if listed or state.filtered or bridge is None or not bridge.running:
            return

        def got(status: Any) -> None:
            if self.model.rowCount() == 0:
                self.pane.show_empty(replace(state, sources=status.sources,
                                             enabled=status.enabled,
                                             next_poll=status.next_poll,
                                             polling=self._polling))

        ops.Op(self, lambda engine: engine.status(), got).failure(
            lambda err: log.warning("could not read the inbox's sources for its empty pane: "
                                    "%s", err)).run_in_background(bridge)

    def do_step(self, step: str) -> None:
        if step == Step.SHOW_ALL.value:
            self.filters.search.clear()
            self.filters.box.setCurrentIndex(0)  # All items
            self.filters.apply()
        elif step == Step.POLL.value and self.actions is not None:
            self.actions.action("poll").trigger()
        elif step == Step.ADD_SOURCE.value:
            emit(self.sourcesRequested)
