"""The settings window: one tab per page, and a status line for results and errors.

Only the page shown first (Sources) is built when the window opens: each other page is built
in its tab's ``PageSlot`` when its tab is chosen, or before, one page per turn of the event
loop once the window has been up for ``IDLE_BUILD_DELAY_MS`` (so that a tab chosen later shows
its data at once). The pages' modules are imported then too. ``window.notifications``,
``.polling``, ``.profile`` and ``.general`` build their page when asked for it;
``show_page(page)`` brings a page's tab to the front.

The status line says the last message of the page shown: a page's message ("Added source 3…")
belongs to it and is shown again, not on another page, when its tab is chosen again. The
keyboard starts where the person most likely acts on each page (``focus_target()`` of a page
that has one, else its first field), and comes back, when a tab is chosen again, to where it
was on that page; wherever it is, it is ringed (``focus_ring.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from notify.app.actions import AppActions, shortcuts
from notify.app.bridge import EngineBridge
from notify.app.elided_label import ElidedLabel
from notify.app.focus_ring import ring_window
from notify.app.settings.page_slot import PageSlot
from notify.app.settings.sources_page import SourcesPage
from notify.app.settings.unsaved import DISCARD, SAVE, HoldsChanges, ask, ask_several
from notify.app.text_size import text_size, text_width
from notify.app.untrusted_text import no_bidi_controls
from notify.core.paths import Paths

if TYPE_CHECKING:
    from notify.app.settings.general_page import GeneralPage
    from notify.app.settings.notifications_page import OptionsPage
    from notify.app.settings.profile_page import ProfilePage

STATUS_LINES = 8  # a status message longer than this many lines is elided
# after the window shows: its first paint and the sources' rows come first
IDLE_BUILD_DELAY_MS = 300
SIZE_IN_TEXT = (137, 51)  # characters, lines: 820×720 at the usual 9 pt, more for more
# The narrowest the window can be made: 480 px at 14 pt, 290 at 9 pt (half a 1024 px screen
# with room to spare). Every page fits it without scrolling sideways: its rows wrap (``FlowRow``),
# its form's labels go above their fields, its text wraps.
MIN_WIDTH_CHARS = 48


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsWindow", text)


class SettingsWindow(QWidget):
    def __init__(self, bridge: EngineBridge, paths: Paths, parent: QWidget | None = None,
                 *, actions: AppActions | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Notify: settings"))
        self.setAccessibleName(tr("Settings"))
        self.resize(text_size(self, *SIZE_IN_TEXT))
        self.setMinimumWidth(text_width(self, MIN_WIDTH_CHARS))
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(tr("Settings pages"))
        self.slots: dict[str, PageSlot] = {}
        self.messages: dict[str, str] = {}  # each page's last message, by its key
        self._focused: dict[str, QWidget] = {}  # where the keyboard was on each page
        for spec in pages(bridge, paths):
            slot = PageSlot(self._page_maker(spec.key, spec.build, spec.title), spec.wrap)
            self.slots[spec.key] = slot
            self.tabs.addTab(slot, spec.title)
        self.sources = cast(SourcesPage, self.slots["sources"].ensure())  # shown first
        self.sources.set_asker(self._ask)  # before another source is shown over changes
        self._shown_key: str | None = "sources"  # the page shown (before a tab is chosen)
        self._showing = False  # a page brought back or forward by ``settled`` itself
        self.question: QMessageBox | None = None  # the question about changes, while asked
        self.tabs.currentChanged.connect(self._tab_chosen)
        self._idle_build = QTimer(self)
        self._idle_build.setSingleShot(True)
        self._idle_build.timeout.connect(self._build_next)
        # results and errors, whole: wrapped (a long address or path anywhere, never widening
        # the window), each of their lines on its own, the line as tall as they need, at most
        # ``STATUS_LINES`` (then elided: the whole in its tooltip and "Copy all"); selectable
        self.status = ElidedLabel(STATUS_LINES, self)
        self.status.setObjectName("settings-status")
        self.status.setAccessibleName(tr("Status"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        # the keys every window of Notify takes, as in the inbox: Ctrl+W closes it, Ctrl+Q
        # quits, F5 polls (not Escape: it would throw away a source's edits being typed)
        close = QAction(tr("Close window"), self)
        close.setShortcuts(shortcuts(QKeySequence.StandardKey.Close, "Ctrl+W",
                                     extra_first=True))
        close.triggered.connect(self.close)
        self.addAction(close)
        if actions is not None:
            for key in ("poll", "quit"):
                self.addAction(actions.action(key))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        # the control that has the keyboard, ringed on every page (the style's own mark
        # hardly showed): focus_ring.py
        self.focus_ring = ring_window(self)

    # ----- the pages, built when needed
    @property
    def notifications(self) -> OptionsPage:
        return cast("OptionsPage", self.slots["notifications"].ensure())

    @property
    def polling(self) -> OptionsPage:
        return cast("OptionsPage", self.slots["polling"].ensure())

    @property
    def profile(self) -> ProfilePage:
        return cast("ProfilePage", self.slots["profile"].ensure())

    @property
    def general(self) -> GeneralPage:
        return cast("GeneralPage", self.slots["general"].ensure())

    def show_page(self, page: QWidget) -> None:
        """Bring ``page``'s tab to the front."""
        for slot in self.slots.values():
            if slot.page is page:
                self.tabs.setCurrentWidget(slot)
                return
        raise ValueError(f"{type(page).__name__} is not a page of this window")

    def _page_maker(self, key: str, build: Callable[[], QWidget],
                    title: str) -> Callable[[], QWidget]:
        def make() -> QWidget:
            page = build()
            page.setAccessibleName(title)
            # every page has ``message = Signal(str)``: a result line for the status
            page.message.connect(  # type: ignore[attr-defined]
                lambda text: self._page_said(key, text))
            return page
        return make

    def _current_key(self) -> str | None:
        slot = self.tabs.currentWidget()
        return next((key for key, s in self.slots.items() if s is slot), None)

    def _page_said(self, key: str, text: str) -> None:
        """A page's message: shown now if its page is, kept for when its tab is chosen."""
        self.messages[key] = text
        if key == self._current_key():
            self.say(text)

    def _tab_chosen(self, index: int) -> None:
        before, self._shown_key = self._shown_key, self._current_key()
        if (not self._showing and before is not None and before != self._shown_key
                and not self.settled(lambda: self.tabs.setCurrentIndex(index), (before,))):
            return  # the page left holds changes: back on it, asked about them
        slot = self.tabs.widget(index)
        if isinstance(slot, PageSlot):
            slot.ensure()
        key = self._current_key()
        self.say(self.messages.get(key, "") if key is not None else "")
        self.focus_page()

    # ----- changes not saved (unsaved.py)
    def settled(self, then: Callable[[], None], keys: Iterable[str] | None = None) -> bool:
        """True when no page (of ``keys``, else any) holds changes not saved. Else False: the
        first such page is shown and the window asks about the changes, once for all the
        pages that hold some (each named with its fields: ``unsaved.ask_several``); ``then()``
        is called once they are saved or discarded, never when cancelled or refused."""
        holding: list[tuple[PageSlot, HoldsChanges, str, list[str]]] = []
        for key, slot in self.slots.items():
            page = slot.page
            if (keys is None or key in keys) and isinstance(page, HoldsChanges) \
                    and (names := page.unsaved()):
                holding.append((slot, page, self._where(slot, page), names))
        if not holding:
            return True
        self._show_slot(holding[0][0])  # (a tab chosen while asked: back on it)
        if self.question is not None:  # asked once at a time (a second Quit meanwhile)
            return False

        def again() -> None:  # asked again if changes were made meanwhile
            if self.settled(then, keys):
                then()

        if len(holding) == 1:
            _slot, holder, where, names = holding[0]
            self._ask(where, names, holder, again)
        else:
            self._ask_several(holding, again)
        return False

    def _where(self, slot: PageSlot, page: HoldsChanges) -> str:
        """Where ``page``'s changes are, in the question: "the Notifications page", or what
        the page says (``unsaved_where``: source “Alpha”)."""
        where = getattr(page, "unsaved_where", None)
        return (where() if callable(where) else
                tr("the {0} page").format(self.tabs.tabText(self.tabs.indexOf(slot))))

    def _ask_several(self, holding: list[tuple[PageSlot, HoldsChanges, str, list[str]]],
                     then: Callable[[], None]) -> None:
        """Ask once about the changes on several pages: Save all saves them a page after the
        other, each page shown while it is saved (a value refused stays on it, said under its
        field, and nothing goes on), then ``then()``; Discard discards them all, then
        ``then()``; Cancel keeps them."""

        def save_from(i: int) -> None:
            if i == len(holding):
                then()
                return
            slot, page = holding[i][:2]
            self._show_slot(slot)
            page.save_then(lambda: save_from(i + 1))

        def answered(answer: str) -> None:
            self.question = None
            if answer == SAVE:
                save_from(0)
            elif answer == DISCARD:
                for _slot, page, _where, _names in holding:
                    page.discard()
                then()
            else:
                self.focus_page()

        self._to_front()
        self.question = ask_several(self, [(where, names) for _s, _p, where, names in holding],
                                    answered)

    def _ask(self, where: str, names: list[str], page: HoldsChanges,
             then: Callable[[], None]) -> None:
        """Ask about ``page``'s changes to ``names`` on ``where``: saved then ``then()``,
        discarded then ``then()``, or kept and nothing more."""
        if self.question is not None:
            return
        self._to_front()

        def answered(answer: str) -> None:
            self.question = None
            if answer == SAVE:
                page.save_then(then)
            elif answer == DISCARD:
                page.discard()
                then()
            else:
                self.focus_page()

        self.question = ask(self, where, names, answered)

    def _to_front(self) -> None:
        if self.isVisible():  # in front, the question with it (asked from the tray's Quit)
            self.raise_()
            self.activateWindow()

    def _show_slot(self, slot: PageSlot) -> None:
        """``slot``'s page in front, not asked about the page left (``settled`` asks)."""
        self._showing = True
        try:
            self.tabs.setCurrentWidget(slot)
        finally:
            self._showing = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed with changes not saved: asked first, closed once they are saved or
        discarded; still open when cancelled."""
        if self.settled(self._close_again):
            super().closeEvent(event)
        else:
            event.ignore()

    def _close_again(self) -> None:
        self.close()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Remember where the keyboard is on the page it is in (for when its tab comes back)."""
        if new is None or not shiboken6.isValid(self) or new.window() is not self:
            return
        for key, slot in self.slots.items():
            if slot.isAncestorOf(new):
                self._focused[key] = new
                return

    def focus_page(self) -> None:
        """The keyboard where it was on the page shown, else where the person most likely acts
        there (not on the tab bar: a keyboard user had to press Tab once for nothing)."""
        key = self._current_key()
        if key is None:
            return
        slot = self.slots[key]
        target = self._focused.get(key)
        if target is None or not usable(target) or not slot.isAncestorOf(target):
            page = slot.ensure()
            chosen = getattr(page, "focus_target", None)
            target = chosen() if callable(chosen) else None
            if target is None or not usable(target):
                target = first_field(page)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_page()
        if not all(slot.built for slot in self.slots.values()):
            self._idle_build.start(IDLE_BUILD_DELAY_MS)

    def _build_next(self) -> None:
        """One page not built yet, in its tab's order; the next one at the next turn."""
        if not self.isVisible():
            return  # again when the window shows
        waiting = [slot for slot in self.slots.values() if not slot.built]
        if waiting:
            waiting[0].ensure()
        if len(waiting) > 1:
            self._idle_build.start(0)

    def say(self, text: str) -> None:
        self.status.set_full_text(no_bidi_controls(text))


@dataclass(frozen=True)
class PageSpec:
    key: str  # the window's attribute for it
    title: str
    build: Callable[[], QWidget]  # imports the page's module, then makes it
    wrap: Callable[[QWidget], QWidget] | None = None  # what the tab shows around it


def pages(bridge: EngineBridge, paths: Paths) -> list[PageSpec]:
    """The window's pages, in their tabs' order."""

    def notifications() -> QWidget:
        from notify.app.settings.notifications_page import OptionsPage
        return OptionsPage(bridge, ("notify.",))

    def polling() -> QWidget:
        from notify.app.settings.notifications_page import OptionsPage
        return OptionsPage(bridge, ("poll.", "fetch.", "store."))

    def profile() -> QWidget:
        from notify.app.settings.profile_page import ProfilePage
        return ProfilePage(bridge)

    def general() -> QWidget:
        from notify.app.settings.general_page import GeneralPage
        return GeneralPage(paths)

    return [PageSpec("sources", tr("Sources"), lambda: SourcesPage(bridge), scrolling),
            PageSpec("notifications", tr("Notifications"), notifications, scrolling),
            PageSpec("polling", tr("Polling and storage"), polling, scrolling),
            PageSpec("profile", tr("Profile"), profile, scrolling),
            PageSpec("general", tr("General"), general, scrolling)]


def usable(widget: QWidget) -> bool:
    """``widget`` still exists and can take the keyboard now."""
    return (shiboken6.isValid(widget) and widget.isEnabled() and widget.isVisibleTo(widget.window())
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))


def first_field(page: QWidget) -> QWidget | None:
    """The first widget Tab reaches on ``page``."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if page.isAncestorOf(widget) and usable(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: a page taller than a small window (a kind with
    many settings in "Add a source", a narrow window's wrapped lines at 14 pt) scrolls up and
    down instead of squeezing its lines. Never sideways: every page fits ``MIN_WIDTH_CHARS``."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own, showing no focus
    area.setWidget(page)
    return area
