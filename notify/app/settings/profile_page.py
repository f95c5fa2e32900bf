"""Settings → Profile: interests; alerts and blocks (pins: always / never notify, added by
keyword, source, author, tag, group or site, removed: ``profile_pins.PinsBox``); what Notify
learned, "more of", "less of" and "not a reason on its own" apart (search, always/never notify,
forget; ``profile.Profile.top`` says which row is which); reset,
export/import (``profile_files.ProfileFiles``).

Every call goes to the engine's ranking service on the engine thread: ``engine.ranking()`` to
read, ``engine.change_profile`` to change (it announces ``ProfileChanged``: the inbox's Why panel
and Undo hear of it, and this page reads the profile again on it); this page only shows and
forwards. The source and group names it offers while an alert or block
is typed are read when the page is shown after sources changed, and while it is shown, only the
sources changed are read again (not all 1,000 at each one removed elsewhere).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.profile_words import (
    ALWAYS,
    NEVER,
    feature_text,
    interest_of,
    learned_row,
    mode_label,
    pin_text,
    term_of,
    weight_legend,
)
from notify.app.qtcompat import emit
from notify.app.settings import unsaved
from notify.app.settings.field_error import FieldError
from notify.app.settings.flow_row import FlowRow
from notify.app.settings.profile_files import ProfileFiles
from notify.app.settings.profile_names import SourceNames
from notify.app.settings.profile_pins import NAME_ROLE, PinsBox
from notify.app.settings.profile_undo import UndoReactionButton
from notify.app.settings.side_by_side import SideBySide
from notify.app.settings.wrapped_label import WrappedLabel
from notify.core.errors import NotifyError
from notify.core.ranking.profile import Term, feature_words, parse_term
from notify.core.ranking.profile_groups import LESS_OF, MORE_OF, NOT_A_REASON

log = logging.getLogger(__name__)
PROFILE_ROWS = 200
# More of and Not a reason on its own show at least this many rows (the page scrolls); Less of,
# the words you cannot stand (a few, when any), this many
LEARNED_ROWS = 6
LESS_OF_ROWS = 3
# More of beside Less of over Not a reason only when each column has this many characters'
# width (a row: "the word “rust” in source “LWN”  +6.3 (strong)"); else one above the other
LEARNED_CHARS = 36


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfilePage", text)


class ProfilePage(QWidget):
    message = Signal(str)

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        # name, the number shown (``FeatureView.shown``), pinned, text
        self.rows: list[tuple[str, float, bool, str]] = []
        self.certainty: dict[str, float] = {}  # name -> the reactions its weight rests on
        self.group: dict[str, str] = {}  # name -> where it is listed (``FeatureView.group``)
        self.current_interests: list[Term] = []
        self._interests_filled = ""  # the interests as stored, as the field shows them
        self.source_names = SourceNames(bridge, self)  # offered while typing a pin's value
        layout = QVBoxLayout(self)

        # --- interests
        self.interests = QLineEdit()
        # short enough to be read whole at 480 px, 14 pt ("What you care about, comma
        # separated: …" was cut before its example); the label beside it says what it is
        self.interests.setPlaceholderText(tr("e.g. rust, climate, source:LWN"))
        self.interests.setToolTip(tr("What you care about, comma separated: words, or a "
                                     "source, author, tag, group or site as source:LWN"))
        self.interests.setAccessibleName(tr("Interests"))
        self.interests.returnPressed.connect(lambda: self.save_interests())
        save_interests = QPushButton(tr("Save interests"))
        save_interests.setAccessibleName(tr("Save interests"))
        save_interests.clicked.connect(lambda: self.save_interests())
        row = FlowRow()  # Save interests under the field when the window is narrow
        row.addWidget(QLabel(tr("Interests")))
        row.addWidget(self.interests)
        row.addWidget(save_interests)
        layout.addLayout(row)
        self.interests_error = FieldError(self.interests)  # what is wrong, under the field
        layout.addWidget(self.interests_error)

        # --- alerts and blocks (pins: profile_pins.py); its controls reached as the page's own
        self.pins_box = PinsBox(self._call, self.source_names, self)
        self.pins_box.message.connect(self.message)
        box = self.pins_box
        self.pin_list, self.pin_kind, self.pin_value = box.pin_list, box.pin_kind, box.pin_value
        self.add_alert_button, self.add_block_button = box.add_alert_button, box.add_block_button
        self.remove_pin_button, self.pin_error = box.remove_pin_button, box.pin_error
        layout.addWidget(self.pins_box)

        # --- what was learned
        # a group box's title never wraps, and sets its least width: short ("…from your
        # reactions" kept the page 414 px wide at 14 pt; the summary under it says so)
        learned_box = QGroupBox(tr("What Notify learned"), self)
        learned_box.setAccessibleName(tr("What Notify learned from your reactions"))
        learned = QVBoxLayout(learned_box)
        self.summary = QLabel(tr("What Notify has learned"))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it may name a file: never markup
        self.summary.setWordWrap(True)
        learned.addWidget(self.summary)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search learned features"))
        self.search.setAccessibleName(tr("Search learned features"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._show())
        learned.addWidget(self.search)
        self.more = QListWidget()
        self.more.setAccessibleName(tr("More of: what you like"))
        self.less = QListWidget()
        self.less.setAccessibleName(tr("Less of: words you cannot stand"))
        self.ruled_out = QListWidget()
        self.ruled_out.setAccessibleName(tr("Not a reason on its own: what you passed over"))
        self.views = {MORE_OF: self.more, LESS_OF: self.less, NOT_A_REASON: self.ruled_out}
        headings = []
        for text in (tr("<b>More of</b> (pushes items up)"),
                     tr("<b>Less of</b> (pushes items down)"),
                     tr("<b>Not a reason on its own</b> (you passed over its items; an item "
                        "with it still needs something you like)")):
            heading = QLabel(text)
            heading.setWordWrap(True)  # two lines each in a narrow window
            headings.append(heading)
        # one above the other when the page is narrow: side by side, a long name was cut
        self.lists = SideBySide((((headings[0], self.more),),
                                 ((headings[1], self.less), (headings[2], self.ruled_out))),
                                LEARNED_CHARS)
        learned.addWidget(self.lists, 1)
        for view in self.views.values():  # a long name is cut in its middle, never the weight
            view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows follow the list's width
            # several rows however short the window (the page scrolls), not one row squeezed
            # under the rest: a row is a line of text and its margins
            line = view.fontMetrics().height() + 2 * view.spacing() + 4
            rows = LESS_OF_ROWS if view is self.less else LEARNED_ROWS
            view.setMinimumHeight(rows * line + 2 * view.frameWidth())
        # Less of is as tall as its rows (``_fit_less``), LEARNED_ROWS at most: mostly empty,
        # it left Not a reason on its own half the column
        self._less_line = self.less.fontMetrics().height() + 2 * self.less.spacing() + 4
        legend = WrappedLabel(weight_legend())  # all its lines, never cut mid-line
        legend.setObjectName("profile-weight-legend")
        learned.addWidget(legend)
        for view in self.views.values():  # one selection across the lists: the buttons act on it
            view.itemPressed.connect(lambda _i, v=view: self._select_only(v))
            view.currentItemChanged.connect(
                lambda cur, _prev, v=view: self._select_only(v) if cur is not None else None)
            view.currentItemChanged.connect(lambda *_a: self._update_buttons())
        buttons = FlowRow()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, name, tip, slot in (
                ("pin", tr("Always notify"), tr("Always notify the selected feature"),
                 tr("An alert: items with it are always notified"), lambda: self.pin(ALWAYS)),
                ("block", tr("Never notify"), tr("Never notify the selected feature"),
                 tr("A block: items with it are never notified"), lambda: self.pin(NEVER)),
                ("forget", tr("Forget"), tr("Forget the selected feature"),
                 tr("Drop what was learned about it"), self.forget)):
            button = QPushButton(label)
            button.setObjectName(f"profile-{key}")
            button.setAccessibleName(name)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch()
        self.undo_button = UndoReactionButton(bridge, self)
        self.undo_button.message.connect(self.message)
        buttons.addWidget(self.undo_button)
        learned.addLayout(buttons)
        layout.addWidget(learned_box, 1)

        # Export, Import and Reset: the whole profile (profile_files.py)
        self.files = ProfileFiles(self._call, self, settle=self.settle)
        self.files.message.connect(self.message)
        self.buttons.update(self.files.buttons)
        layout.addWidget(self.files)
        self._update_buttons()
        bridge.profileChanged.connect(lambda _e: self.load())
        bridge.sourcesChanged.connect(
            lambda e: self.source_names.sources_changed(e, visible=self.isVisible()))
        if bridge.running:
            self.load()
        else:
            bridge.started.connect(self.load)
            bridge.started.connect(lambda: self.source_names.load() if self.isVisible() else None)

    def _call(self, fn: Callable[[Any], Any], done: Callable[[Any], None] | None = None,
              failed: Callable[[BaseException], None] | None = None, *,
              changes: bool = False) -> None:
        """Run ``fn(ranking_service)`` on the engine thread: to read (``engine.ranking()``), or,
        with ``changes``, to change the profile (``engine.change_profile``, which tells the
        rest of the app: the inbox's Why panel and Undo, this page)."""

        def run(engine: Any) -> Any:
            ranking = getattr(engine, "ranking", None)
            if ranking is None:
                raise RuntimeError(tr("This build of Notify has no ranking yet, so there is "
                                      "no profile to show."))
            return engine.change_profile(fn) if changes else fn(ranking())

        ops.Op(self, run, done).failure(failed or self._failed).run_in_background(self.bridge)

    # ----- loading and showing
    def load(self) -> None:
        self._call(lambda svc: svc.show(PROFILE_ROWS), self._loaded)

    # ----- source and group names (offered while typing an alert or block)
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.source_names.shown()

    def _select_only(self, view: QListWidget) -> None:
        for other in self.views.values():
            if other is not view:
                other.setCurrentRow(-1)

    def _loaded(self, profile: Any) -> None:
        views = [*profile.positive, *profile.negative, *profile.not_a_reason]
        self.rows = [(str(v.name), float(v.shown), bool(v.pinned), str(v.text)) for v in views]
        self.certainty = {str(v.name): float(v.certainty) for v in views}
        self.group = {str(v.name): str(v.group) for v in views}
        self.undo_button.refresh()
        self.pins_box.show_pins(dict(getattr(profile, "pins", {}) or {}))
        self.current_interests = list(getattr(profile, "interests", []))
        stored = ", ".join(t.value if t.kind == "keyword" else f"{t.kind}:{t.value}"
                           for t in self.current_interests)
        if not self.unsaved():  # interests being typed stay (a reaction elsewhere reloads)
            self.interests.setText(stored)
        self._interests_filled = stored
        note = profile.search_note() if hasattr(profile, "search_note") else ""
        learned = profile.learned_note() + "."  # where it came from (an import), then what since
        narrowed = profile.narrowed_note() if hasattr(profile, "narrowed_note") else ""
        self.summary.setText(" ".join(p for p in (learned, note, narrowed) if p))
        self._show()

    def _pin_mode_of(self, name: str) -> str | None:
        term = _term(name)
        return self.pins_box.pins.get(term) if term is not None else None

    def _show(self) -> None:
        needle = self.search.text().strip().lower()
        for view in self.views.values():
            view.clear()
        for name, weight, _pinned, _text in self.rows:
            group = self.group.get(name, MORE_OF if weight > 0 else NOT_A_REASON)
            shown, tip = learned_row(name, weight, self.certainty.get(name, 0.0), group)
            if needle and needle not in shown.lower() and needle not in name.lower():
                continue
            mode = self._pin_mode_of(name)
            marker = f"  [{mode_label(mode)}]" if mode else ""  # as the pin list says it
            item = QListWidgetItem(f"{shown}{marker}")
            item.setData(NAME_ROLE, name)
            item.setToolTip(tip)
            self.views[group].addItem(item)
        for view, empty in (
                (self.more, tr("Nothing yet: Like a few items.")),
                (self.less, tr("Nothing yet: a word you keep passing over, even in items "
                               "otherwise for you, shows here.")),
                (self.ruled_out, tr("Nothing yet: Dismiss what you do not want."))):
            # a feature's name is cut in its middle (its weight kept), but the note of an
            # empty list is a sentence: it wraps (cut, it read "Nothing yet: Dismi…t you do
            # not want." at 480 px)
            view.setWordWrap(view.count() == 0)
            if view.count() == 0:
                placeholder = QListWidgetItem(tr("No match.") if needle else empty)
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                view.addItem(placeholder)
        self._fit_less()
        self._update_buttons()

    def _fit_less(self) -> None:
        """Less of as tall as its rows, from ``LESS_OF_ROWS`` to ``LEARNED_ROWS`` (then it
        scrolls); the height to spare goes to Not a reason on its own."""
        rows = min(max(self.less.count(), LESS_OF_ROWS), LEARNED_ROWS)
        self.less.setMaximumHeight(rows * self._less_line + 2 * self.less.frameWidth())

    def _update_buttons(self) -> None:
        feature = self._selected_name()
        term = _term(feature) if feature else None
        for key in ("pin", "block", "forget"):
            self.buttons[key].setEnabled(term is not None)

    # ----- selection
    def _selected_name(self) -> str | None:
        for view in self.views.values():
            item = view.currentItem()
            if item is not None and item.data(NAME_ROLE):
                return str(item.data(NAME_ROLE))
        return None

    def _selected(self) -> Term | None:
        name = self._selected_name()
        if name is None:
            emit(self.message, tr("Select a learned feature first."))
            return None
        term = _term(name)
        if term is None:
            emit(self.message, tr("{0} is learned within one source; it cannot be pinned or "
                                  "forgotten alone.").format(feature_text(name)))
        return term

    # ----- changes not saved (unsaved.py): the interests typed
    def unsaved(self) -> list[str]:
        typed = [w.strip() for w in self.interests.text().split(",") if w.strip()]
        filled = [w.strip() for w in self._interests_filled.split(",") if w.strip()]
        return [tr("Interests")] if typed != filled else []

    def save_then(self, done: Callable[[], None]) -> None:
        self.save_interests(then=done)

    def discard(self) -> None:
        self.interests.setText(self._interests_filled)
        self.interests_error.clear_error()

    def settle(self, then: Callable[[], None]) -> None:
        """``then()`` now when no interests are typed and not saved; else once they are saved
        or discarded (asked: Save / Discard / Cancel, ``unsaved.ask``), never when cancelled
        or refused. Before an import or a reset, which replace the interests."""
        names = self.unsaved()
        if not names:
            then()
            return

        def answered(answer: str) -> None:
            if answer == unsaved.SAVE:
                self.save_then(then)
            elif answer == unsaved.DISCARD:
                self.discard()
                then()
            else:
                self.interests.setFocus()

        unsaved.ask(self, tr("the Profile page"), names, answered)

    # ----- actions
    def save_interests(self, *, then: Callable[[], None] | None = None) -> None:
        """Store the interests typed; ``then()`` once they are (not when refused)."""
        try:
            wanted = [parse_term(w.strip()) for w in self.interests.text().split(",")
                      if w.strip()]
        except NotifyError as err:
            self.interests_error.show_error(said(err))  # its advice in the app's words
            emit(self.message, said(err))
            return
        self.interests_error.clear_error()
        current = self.current_interests
        add = [t for t in wanted if t not in current]
        remove = [t for t in current if t not in wanted]
        typed = self.interests.text()

        def saved(_r: Any) -> None:
            self._interests_filled = typed
            self._said(tr("Interests saved."))
            if then is not None:
                then()

        self._call(lambda svc: svc.interests(add, remove), saved, changes=True)

    def add_pin(self, mode: str) -> None:
        """An alert (always) or a block (never) for what was typed, of the chosen kind."""
        self.pins_box.add_pin(mode)

    def remove_pin(self) -> None:
        self.pins_box.remove_pin()

    def pin(self, mode: str = ALWAYS) -> None:
        """Always (an alert) or never (a block) notify the selected learned feature."""
        term = self._selected()
        if term is not None:
            self._call(lambda svc: svc.pin(term, mode),
                       lambda _r: self._said(tr("Added: {0}.").format(
                           pin_text(term, mode))), changes=True)

    def forget(self) -> None:
        term = self._selected()
        if term is not None:
            # said as what it means for the person, not how many rows (a word's weight in
            # each source it was learned in) were dropped
            self._call(lambda svc: svc.forget(term), lambda n: self._said(
                tr("Forgot what was learned about {0}: it no longer moves items up or down.")
                .format(feature_words(term.feature)) if n else
                tr("Nothing was learned about {0}.").format(feature_words(term.feature))),
                changes=True)

    def _said(self, text: str) -> None:
        """A change is done: say it. The page reads the profile again when the engine says it
        changed (``bridge.profileChanged``), as the inbox does: once, and not for a change that
        changed nothing."""
        emit(self.message, text)

    def _failed(self, err: BaseException) -> None:
        log.warning("profile page: %s", err)
        emit(self.message, said(err))


def _term(feature: str) -> Term | None:
    """The term a learned row stands for, which the page's buttons pin, block or forget: a
    stated interest's row (what reactions taught about it) too; forgetting it gives the
    interest back its stated strength (it stays among the interests)."""
    return term_of(feature) or interest_of(feature)
