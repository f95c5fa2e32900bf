"""Settings → Sources' editor of the selected source: name, address (a new one checked first:
``address_check``), group, interval, enable, mute, its kind's settings (``KindForm``, the same
generated form as for adding), Save, Check now, and its health. "Poll every: default" says what the
default is for that source (the engine's interval, from ``notify.core.settings``). Several
sources selected: a note takes the place of the fields, in the same height.

Tokens typed here go to the OS keyring (``notify.core.secrets``) off the GUI thread; the source
keeps only the reference. With no usable keyring the save is refused with the reason."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.advice_words import said, token_label
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.address_check import (
    CheckFailed,
    address_problem,
    checked_address,
    no_feed_text,
    pick_feed,
)
from notify.app.settings.address_hints import Takes, hint_for
from notify.app.settings.field_error import FieldError
from notify.app.settings.flow_row import FlowRow
from notify.app.settings.kind_form import KindForm, secondary
from notify.app.settings.page_feeds import PageFeedButton
from notify.app.settings.source_health import health_text, minutes_text
from notify.app.settings.source_secrets import store_typed_secrets
from notify.app.settings.wrapped_label import WrappedLabel
from notify.app.untrusted_text import one_line
from notify.core.errors import NotifyError, SourceConfigError, UserInputError
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.sources import registry

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


# what ``SourceEditor.values()`` holds, by the labels of its fields
FIELD_LABELS = (tr("Name"), tr("Address"), tr("Group"), tr("Poll every"), tr("Poll this source"),
                tr("Never notify"))


class SourceEditor(QGroupBox):
    """The fields of the source ``show_source`` was given; ``save`` stores what they hold."""

    message = Signal(str)  # a user-facing result line for the window's status

    def __init__(self, bridge: EngineBridge, current: Callable[[], Source | None],
                 parent: QWidget | None = None, *,
                 groups: Callable[[], Iterable[str]] = tuple) -> None:
        """``current``: the selected source as the page knows it now (None: none);
        ``groups``: the groups of the sources, offered while a group is typed."""
        super().__init__(tr("Selected source"), parent)
        self.bridge = bridge
        self._current = current
        self._groups = groups
        self._several = 0  # sources selected, when more than one
        self._filtered_out = False  # the filter hides the row of the source shown
        self.filled: tuple[Any, ...] = ()  # what the fields were filled with
        self.kind_filled: dict[str, Any] = {}  # and the kind's settings form
        # several sources selected: the note takes the place of the fields (one source's),
        # in the same height, so that the buttons above do not move under the pointer
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        # a label above its field when the window is too narrow for both side by side
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.several_note = QLabel(tr("Select a single source to edit its name, address, "
                                      "group, interval and settings."))
        self.several_note.setWordWrap(True)
        self.several_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.several_note.setAccessibleName(tr("Several sources selected"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.fields)
        self.pages.addWidget(self.several_note)
        QVBoxLayout(self).addWidget(self.pages)
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Name"))
        # a new address is checked as an added one is (``address_check``); the source keeps
        # its items, and a name Notify gave follows the new address
        self.address = QLineEdit()
        self.address.setAccessibleName(tr("Address"))
        self.address.returnPressed.connect(self.save)
        self.name.returnPressed.connect(self.save)  # Enter saves, in any field typed in
        self.group = QLineEdit()
        self.group.setAccessibleName(tr("Group"))
        self.group.returnPressed.connect(self.save)
        # the groups there are, offered as one is typed (a new one is typed as it is): read
        # when the field gets the keyboard, not at each change to the sources
        self._group_names = QStringListModel(self)
        completer = QCompleter(self._group_names, self.group)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.group.setCompleter(completer)
        self.group.installEventFilter(self)
        self.interval = QSpinBox()
        self.interval.setRange(0, 24 * 60)
        self.interval.setSpecialValueText(tr("default"))
        self.interval.setSuffix(tr(" min"))
        self.interval.setAccessibleName(tr("Poll interval in minutes"))
        self.interval.lineEdit().returnPressed.connect(self.save)
        # as wide as its longest text ("default (12 hours)", "1440 min") and no wider: at
        # 1280 px it took a third of the row (``_fit_interval``)
        self._interval_frame = self.interval.sizeHint().width() - self._interval_text()
        self._fit_interval()
        self.enabled = QCheckBox(tr("Poll this source"))
        # read by what it shows (a helper's "untick Poll this source" is what it is called)
        self.enabled.setAccessibleName(tr("Poll this source"))
        self.enabled.setAccessibleDescription(tr("Untick to stop polling it (it and its items "
                                                 "stay)"))
        # what it means beside it, on the next line in a narrow window: a check box's text
        # never wraps, and the whole of it kept the window from being made narrower
        self.muted = QCheckBox(tr("Never notify"))
        self.muted_note = secondary(QLabel(tr("(items still reach the inbox)")))
        self.muted_note.setWordWrap(False)
        self.muted_note.setObjectName("muted-note")
        self.muted.setAccessibleName(tr("Never notify (items still reach the inbox)"))
        self.muted.setAccessibleDescription(tr("Muted: its items are ranked and shown in the "
                                               "inbox, never notified"))
        self.health = WrappedLabel()  # every line, never cut mid-line (the page scrolls)
        self.health.setAccessibleName(tr("Health"))
        self.health.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_form = KindForm(())
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setAccessibleName(tr("Save source"))
        self.save_button.clicked.connect(lambda: self.save())
        # the source polled now, due or not (``SourcesPage.check_now``): beside its health
        self.check_button = QPushButton(tr("Check now"))
        self.check_button.setAccessibleName(tr("Check now"))
        self.check_button.setToolTip(tr("Poll this source now, due or not (once it is fixed)"))
        self.check_button.setAccessibleDescription(self.check_button.toolTip())
        form.addRow(tr("Name"), self.name)
        address_field = QWidget()
        address_column = QVBoxLayout(address_field)
        address_column.setContentsMargins(0, 0, 0, 0)
        address_column.setSpacing(2)
        address_column.addWidget(self.address)
        self.address_error = FieldError(self.address)  # what is wrong, under the field
        address_column.addWidget(self.address_error)
        form.addRow(tr("Address"), address_field)
        # the short fields two to a row: the list keeps more of the page's height
        group_row = FlowRow()  # Poll every under the group when the window is narrow
        group_row.addWidget(self.group)
        interval_label = QLabel(tr("Poll every"))
        interval_label.setBuddy(self.interval)
        interval_pair = QWidget()  # the label never on another line than its field
        pair = QHBoxLayout(interval_pair)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(interval_label)
        pair.addWidget(self.interval)
        group_row.addWidget(interval_pair)
        form.addRow(tr("Group"), group_row)
        form.addRow(self.kind_form)
        # Save beside the switches, above the health (read-only, often several lines): in
        # sight without scrolling the editor
        switches = FlowRow()
        switches.addWidget(self.enabled)
        switches.addWidget(self.muted)
        switches.addWidget(self.muted_note)
        switches.addStretch()
        switches.addWidget(self.save_button)
        # Check now beside Save (under the health it took two rows of a long list at
        # 820×720; beside the health, at 480 px, it squeezed it into a narrow column)
        switches.addWidget(self.check_button)
        form.addRow("", switches)
        # a web page where the feed should be: one click follows the feed it announces, under
        # the health that says so (hidden, it takes no room: the list keeps its rows)
        self.page_feed = PageFeedButton(bridge, current)
        self.page_feed.message.connect(self.message)
        health_field = QWidget()
        health_column = QVBoxLayout(health_field)
        health_column.setContentsMargins(0, 0, 0, 0)
        health_column.addWidget(self.health)
        health_column.addWidget(self.page_feed, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(tr("Health"), health_field)
        self._form = form

    def show_source(self, entry: tuple[Source, SourceState | None] | None,
                    default_s: int | None) -> None:
        """Fill the fields with ``entry``'s source (``default_s``: the interval "default" is for
        it, in seconds); None empties them."""
        self.address_error.clear_error()  # about what was typed for the source shown before
        if entry is None:  # nothing of the source shown before stays (greyed out)
            self.name.clear()
            self.address.clear()
            self.group.clear()
            self.health.clear()
            self.page_feed.show_for(None)
            self.interval.setSpecialValueText(tr("default"))
            self._fit_interval()
            self.interval.setValue(0)
            self.enabled.setChecked(False)
            self.muted.setChecked(False)
            self.set_kind_form(())
            return
        source, state = entry
        self.name.setText(one_line(source.title))
        self.address.setText(redact(source.url))
        fixed = hint_for(registry.get(source.kind)).takes is Takes.NONE
        self.address.setReadOnly(fixed)  # made from the settings below (Hacker News' list)
        self.address.setToolTip(
            tr("Made from this source's settings below") if fixed else
            tr("Where Notify fetches this source (secrets hidden). Type a new address to "
               "move the source there: it keeps its items."))
        self.group.setText(one_line(source.group))
        self.interval.setSpecialValueText(
            tr("default ({0})").format(minutes_text(default_s)) if default_s else tr("default"))
        self._fit_interval()
        self.interval.setValue((source.interval_s or 0) // 60)
        self.enabled.setChecked(source.enabled)
        self.muted.setChecked(source.muted)
        self.set_kind_form(kind_settings(source.kind))
        self.kind_form.set_values(source.settings)
        self.show_health(state)
        self.filled = self.values()
        self.kind_filled = self.kind_form.values()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.group and event.type() == QEvent.Type.FocusIn:
            self._group_names.setStringList(sorted(set(self._groups()), key=str.casefold))
        return super().eventFilter(watched, event)

    def show_health(self, state: SourceState | None) -> None:
        self.health.setText(health_text(state, token_field=token_label(self.kind_form.settings)))
        self.page_feed.show_for(state)

    def show_several(self, count: int, editable: bool) -> None:
        """``count`` sources selected: more than one, the note instead of the fields;
        ``editable``: a single source is shown."""
        several = count > 1
        self._several = count if several else 0
        self._title()
        self.setEnabled(not several and editable)
        self.pages.setCurrentWidget(self.several_note if several else self.fields)

    def show_filtered_out(self, hidden: bool) -> None:
        """Whether the list's filter hides the row of the source shown (``filter_follow``):
        said in the title, so that no one edits a source without knowing where it is."""
        self._filtered_out = hidden
        self._title()

    def show_no_match(self) -> None:
        """No source shown because the list's filter matches none: said in the title."""
        self.setTitle(tr("No source matches the filter"))

    def _title(self) -> None:
        if self._several:
            self.setTitle(tr("{0} sources selected: the buttons above act on all of them"
                             ).format(self._several))
        elif self._filtered_out and self._current() is not None:
            self.setTitle(tr("Selected source (the filter hides its row; clear the filter "
                             "to see it)"))
        else:
            self.setTitle(tr("Selected source"))

    def _interval_text(self) -> int:
        """The width of the longest text "Poll every" can show, in its font."""
        box = self.interval
        metrics = box.fontMetrics()
        return max(metrics.horizontalAdvance(text) for text in (
            box.specialValueText(), f"{box.prefix()}{box.maximum()}{box.suffix()}"))

    def _fit_interval(self) -> None:
        """"Poll every" as wide as its longest text (its default says more: "default (12
        hours)"), never the row's leftover room."""
        self.interval.setFixedWidth(self._interval_frame + self._interval_text())

    def unsaved(self) -> list[str]:
        """The labels of the fields changed since the source was shown or saved (its
        kind's settings too, a token typed), none when no source is shown."""
        if self._current() is None or not self.filled:
            return []
        names = [label for label, now, was in zip(FIELD_LABELS, self.values(), self.filled,
                                                   strict=True)
                 if (now.strip() if isinstance(now, str) else now)
                 != (was.strip() if isinstance(was, str) else was)]
        now_kind, typed = self.kind_form.values(), self.kind_form.typed_secrets()
        names += [s.label for s in self.kind_form.settings
                  if now_kind.get(s.key) != self.kind_filled.get(s.key) or s.key in typed]
        return names

    def discard(self) -> None:
        """The fields as the source has them (what is typed dropped)."""
        self.set_values(self.filled)
        self.kind_form.set_values(self.kind_filled)
        self.kind_form.clear_secrets()
        self.address_error.clear_error()

    def values(self) -> tuple[Any, ...]:
        """What the editor's own fields hold now (not the kind's settings form)."""
        return (self.name.text(), self.address.text(), self.group.text(), self.interval.value(),
                self.enabled.isChecked(), self.muted.isChecked())

    def set_values(self, values: tuple[Any, ...]) -> None:
        name, address, group, interval, enabled, muted = values
        self.name.setText(name)
        self.address.setText(address)
        self.group.setText(group)
        self.interval.setValue(interval)
        self.enabled.setChecked(enabled)
        self.muted.setChecked(muted)

    def set_kind_form(self, settings: Any) -> None:
        old = self.kind_form
        self.kind_form = KindForm(settings)
        self.kind_form.submitted.connect(self.save)
        self._form.replaceWidget(old, self.kind_form)
        self.kind_form.setVisible(bool(self.kind_form.settings))
        old.hide()
        old.deleteLater()
        # Tab goes through the kind's settings where they are drawn, between Poll every and
        # the switches beside Save (made after Save, they came after it)
        fields = [w for w in self.kind_form.widgets.values()
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for before, after in pairwise([self.interval, *fields, self.enabled]):
            QWidget.setTabOrder(before, after)

    def save(self, *, then: Callable[[], None] | None = None) -> None:
        """Store what the fields hold for the source shown; ``then()`` once it is stored
        (not when refused)."""
        current = self._current()
        if current is None:
            return
        source_id = current.id
        minutes = self.interval.value()
        # the name is the person's when they typed it (even the feed's own title): saving
        # another field does not make a name Notify gave, which follows the feed, theirs
        title = self.name.text().strip()
        changes: dict[str, Any] = {
            "title": title, **({"title_given": True} if title and self.name.isModified() else {}),
            "group": self.group.text().strip(),
            "interval_s": minutes * 60 if minutes else None,
            "enabled": self.enabled.isChecked(), "muted": self.muted.isChecked(),
        }
        form = self.kind_form
        values, typed = form.values(), form.typed_secrets()
        has_kind_settings = bool(form.settings)
        new_url = self.address.text().strip()
        moving = not self.address.isReadOnly() and new_url != redact(current.url)
        if moving and (problem := address_problem(current.kind, new_url)):
            self.address_error.show_error(problem)
            self._say(problem)
            return
        self.address_error.clear_error()
        if moving:
            self._say(tr("Looking at {0}…").format(redact(new_url)))

        async def run(engine: Any) -> Any:
            if moving:
                address = await checked_address(engine, current.kind, new_url)
                if not isinstance(address, str):
                    return address  # why not; or a web page: the person picks a feed
                changes["url"] = address
            if has_kind_settings:
                changes["settings"] = await store_typed_secrets(values, typed)
            return engine.update_source(source_id, **changes)

        def done(result: Any) -> None:
            if isinstance(result, Source):
                self.kind_form.clear_secrets()
                self._say(tr("Saved {0}.").format(one_line(result.title) or redact(result.url)))
                if (now := self._current()) is not None and now.id == source_id:
                    self.filled, self.kind_filled = self.values(), self.kind_form.values()
                if then is not None:
                    then()
            elif isinstance(result, CheckFailed):
                self._problem(tr("{0} was not saved: {1} Check the address; the source still "
                                 "uses {2}.").format(redact(result.url),
                                                     result.error.rstrip(".") + ".",
                                                     redact(current.url)), form)
            elif not (candidates := list(getattr(result, "candidates", ()))):
                self._problem(no_feed_text(result, new_url), form)
            elif (chosen := pick_feed(self, candidates)) is not None \
                    and (now := self._current()) is not None and now.id == source_id:
                self.address.setText(chosen)
                self.save(then=then)

        ops.Op(self, run, done).failure(lambda err: self._failed(err, form)
                                        ).run_in_background(self.bridge)

    def _say(self, text: str) -> None:
        emit(self.message, text)

    def _problem(self, text: str, form: KindForm) -> None:
        """What was typed cannot be saved: said under the kind's setting ``text`` names, else
        under the address (while the editor still shows that source: ``form`` is its form),
        and in the status line (the editor may be scrolled away from it)."""
        if form is self.kind_form and not form.show_error(text):
            self.address_error.show_error(text)
        self._say(text)

    def _failed(self, err: BaseException, form: KindForm) -> None:
        """Say what failed; the core's command-line advice in the words of ``form``. What was
        typed is wrong (the kind refused it): said under its field too."""
        ops.log_failure(log, "sources page", err)
        text = said(err)
        if isinstance(err, SourceConfigError | UserInputError):
            self._problem(text, form)
        else:
            self._say(text)


def kind_settings(kind_id: str) -> tuple[Any, ...]:
    """The declared settings of ``kind_id``; none for a kind this Notify does not know (a
    newer one wrote the database): shown, not a crash."""
    try:
        return tuple(registry.get(kind_id).settings)
    except NotifyError as err:
        log.error("a source has kind %r that this Notify does not know: %s", kind_id, err)
        return ()
