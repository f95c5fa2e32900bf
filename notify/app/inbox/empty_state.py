"""What the inbox says when it shows no item: the fact, in the footer (``empty_fact``); the next
step, with its button, in the item pane (``empty_words``).

The footer says the fact in one line, in the words of what the list shows (``empty_fact``):
"No items yet"; Unread: "No unread items: you're all caught up."; Saved: "Nothing saved yet:
press s to save the item shown for later."; Liked, Notified, Over today's budget, a source or
group with no items, a search that matches nothing (its words). The pane says what to do about
it, once, and offers it: with no source, Add a source (Settings → Sources); with sources but no
item yet, that they are being polled, or when the next round is, and Poll now; with sources
that fail and no item yet (``failing_words``), that they fail, in the words of the source
health the engine keeps (the first one's last error), and Open Sources (the failing ones, the
first selected) beside Poll now; with every source disabled, where to enable one; with a
filter or a search that hides every item, Show all items (Show → Unread with none left: you are
all caught up). ``EmptyInboxWatch`` keeps the pane told of what the inbox holds while its list
is empty."""

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
    FAILING = "failing-sources"  # Settings → Sources, the first failing source selected
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
    # enabled sources whose last poll failed (``consecutive_failures``) or that Notify stopped
    # polling, first the one whose error ``failure`` quotes ("Name: what failed, what to do")
    failing: tuple[int, ...] = ()
    failure: str = ""
    # their servers could not be reached (name lookup, connection, time-out) for most of the
    # sources polled: the computer seems to be offline (``FailingNow.offline``)
    offline: bool = False


@dataclass(frozen=True)
class EmptyWords:
    title: str
    text: str
    step: Step
    button: str = ""
    more: Step = Step.NONE  # a second step, beside the first
    more_button: str = ""


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
    if state.failing:
        return failing_words(state, count, when_next(state.next_poll, now))
    return EmptyWords(tr("Waiting for the first items"),
                      tr("Notify polls {0} {1}.").format(count, when_next(state.next_poll, now)),
                      Step.POLL, tr("Poll now"))


# More than this share of the enabled sources failing, and no item: the title says that they
# fail, not that items are awaited (25 of 26 failing is no wait for the first items).
MOST_FAILING = 0.5


def failing_words(state: EmptyInbox, count: str, when: str) -> EmptyWords:
    """No item yet and sources failing: all of them (None of your 26 sources could be read),
    most (25 of your 26…), or some (Waiting for the first items, and how many failed). The
    first one's error as the engine keeps it; Open Sources… (each one's error) and Poll now."""
    failing, enabled = len(state.failing), state.enabled
    first = state.failure
    each = tr(" Settings → Sources says each one's error.") if failing > 1 else ""
    offline = (tr("This computer seems to be offline: their servers could not be reached. "
                  "Check its internet connection.\n") if state.offline else "")
    if failing >= enabled:
        if enabled == 1:
            title = tr("Your source could not be read")
            text = tr("{0}\nNotify tries again {1}.").format(first, when)
        else:
            title = tr("None of your {0} sources could be read").format(f"{enabled:,}")
            text = tr("{0}Each one failed at its last poll; the first, {1}\n{2}Notify tries "
                      "again {3}.").format(offline, first, each.lstrip() + " " if each else "",
                                           when)
        return EmptyWords(title, text, Step.FAILING, tr("Open Sources…"), Step.POLL,
                          tr("Poll now"))
    if failing > enabled * MOST_FAILING:
        title = tr("{0} of your {1} sources could not be read").format(
            f"{failing:,}", f"{enabled:,}")
        text = tr("{0}The others have no items yet; Notify polls again {1}.\n{2}{3}").format(
            offline, when, first, each)
        return EmptyWords(title, text, Step.FAILING, tr("Open Sources…"), Step.POLL,
                          tr("Poll now"))
    failed = (tr("1 of them failed at its last poll: {0}").format(first) if failing == 1 else
              tr("{0} of them failed at their last poll; the first, {1}{2}").format(
                  f"{failing:,}", first, each))
    return EmptyWords(tr("Waiting for the first items"),
                      tr("Notify polls {0} {1}.").format(count, when) + "\n" + failed,
                      Step.POLL, tr("Poll now"), Step.FAILING, tr("Open Sources…"))


@dataclass(frozen=True)
class FailingNow:
    """The enabled sources failing now, the first one's error in the words the person reads
    ("Name: what failed. What to do."), and whether the computer seems to be offline: by the
    kinds of the stored failures, the rule of ``notify status``'s offline line (at least
    ``OFFLINE_SHARE`` of the sources polled, and two, could not reach their servers)."""

    ids: tuple[int, ...] = ()
    failure: str = ""
    offline: bool = False


def failing_now(engine: Any) -> FailingNow:
    """On the engine thread: ``FailingNow`` from the sources' stored health."""
    from notify.app.poll_report import failing_sources
    from notify.core.fetch.failure_kinds import NETWORK_DOWN, seems_offline

    enabled = {source.id for source in engine.sources() if source.enabled}
    failing = [f for f in failing_sources(engine) if f.source_id in enabled]
    if not failing:
        return FailingNow()
    states = [engine.source_state(source_id) for source_id in enabled]
    polled = [st for st in states if st.last_attempt is not None]
    down = [st for st in polled if st.consecutive_failures and not st.disabled_reason
            and st.last_error_kind in NETWORK_DOWN]
    first = failing[0]
    return FailingNow(tuple(f.source_id for f in failing),
                      tr("{0}: {1}").format(isolated(first.title, 60),
                                            first.message.rstrip(".") + "."),
                      seems_offline(len(down), len(polled)))


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
        self.more_button = QPushButton(self)
        self.more_button.setObjectName("pane-more-step")
        self.more_button.clicked.connect(self._more_pressed)
        self.step = self.more = Step.NONE
        self.tips: dict[Step, str] = {}  # the step's button's tooltip (with its key)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.more_button)
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
        self.more = words.more
        self.more_button.setText(words.more_button)
        self.more_button.setAccessibleName(words.more_button.rstrip("…"))
        self.more_button.setToolTip(self.tips.get(words.more, ""))
        self.more_button.setVisible(words.more is not Step.NONE)
        self.show()

    def _pressed(self) -> None:
        if self.step is not Step.NONE:
            emit(self.nextStep, self.step.value)

    def _more_pressed(self) -> None:
        if self.more is not Step.NONE:
            emit(self.nextStep, self.more.value)


class EmptyInboxWatch(QObject):
    """Tells ``pane`` what the inbox holds (``EmptyInbox``) whenever its list is empty: after
    each page loaded, when sources change, when a round starts and ends; and does the step the
    pane's button offers (Add a source: ``sourcesRequested``, for Settings → Sources; Open
    Sources for the failing ones: the same, with their ids, the one to select first)."""

    sourcesRequested = Signal(list)

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
        pane.empty_part.tips[Step.FAILING] = tr(
            "Settings → Sources: each failing source's error, and its address to fix")
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
        known = self.pane.empty
        self.pane.show_empty(replace(state, sources=known.sources, enabled=known.enabled,
                                     next_poll=known.next_poll, failing=known.failing,
                                     failure=known.failure, offline=known.offline))
        bridge = self.bridge
        if listed or state.filtered or bridge is None or not bridge.running:
            return

        def read(engine: Any) -> tuple[Any, FailingNow]:
            status = engine.status()  # (its count first: no source's state read for none)
            return status, failing_now(engine) if status.failing else FailingNow()

        def got(result: tuple[Any, FailingNow]) -> None:
            status, failing = result
            if self.model.rowCount() == 0:
                self.pane.show_empty(replace(state, sources=status.sources,
                                             enabled=status.enabled,
                                             next_poll=status.next_poll,
                                             polling=self._polling, failing=failing.ids,
                                             failure=failing.failure,
                                             offline=failing.offline))

        ops.Op(self, read, got).failure(
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
            emit(self.sourcesRequested, [])
        elif step == Step.FAILING.value:
            emit(self.sourcesRequested, list(self.pane.empty.failing))
