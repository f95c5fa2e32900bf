"""Settings → Sources → "Add a source": the kind, its address field (only for a kind that takes
one: ``address_hints``) and the generated form of every setting it declares (``KindForm``, the
same as the editor's). A feed's address is checked first: a web page is searched for the feeds
it announces (one is picked when it offers several: those already in the sources are marked,
and Cancel says that nothing was added); when the check fails, "Add anyway" adds it
as it is, as ``notify sources add --no-check``. Tokens typed here go to the OS keyring
(``source_secrets``) off the GUI thread.

Why an address cannot be added is said under the field it is about (the address, or the kind's
setting the message names: “GitHub token”), that field marked and given the keyboard with what
was typed selected, and in the window's status line. Enter in any of the box's fields adds.
"""

from __future__ import annotations

import logging
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.address_check import (
    CheckFailed,
    all_taken_text,
    checked_address,
    no_feed_text,
    pick_feed,
    subscribed_among,
)
from notify.app.settings.address_hints import Takes, hint_for
from notify.app.settings.field_error import FieldError
from notify.app.settings.flow_row import FlowRow
from notify.app.settings.kind_form import KindForm, secondary
from notify.app.settings.source_secrets import add_with_secrets, check_settings
from notify.app.untrusted_text import one_line
from notify.core.errors import SourceConfigError, UserInputError
from notify.core.logs import redact
from notify.core.models import Source
from notify.core.sources import registry

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class AddSourceBox(QGroupBox):
    message = Signal(str)  # a user-facing result line for the window's status
    added = Signal(object)  # the ``Source`` just added

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(tr("Add a source"), parent)
        self.bridge = bridge
        self._unchecked: CheckFailed | None = None  # what "Add anyway" adds
        layout = QVBoxLayout(self)
        self._layout = layout
        row = FlowRow()  # the address and Add under the kind when the window is narrow
        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Kind of source"))
        for kind in registry.all_kinds():
            self.kind.addItem(kind.label, kind.id)
            self.kind.setItemData(self.kind.count() - 1, kind.description,
                                  Qt.ItemDataRole.ToolTipRole)
        self.url = QLineEdit()
        self.url.setAccessibleName(tr("Address of the new source"))
        self.button = QPushButton(tr("Add"))
        self.button.setAccessibleName(tr("Add source"))
        self.button.clicked.connect(self.add)
        self.url.returnPressed.connect(self.add)
        self.anyway_button = QPushButton(tr("Add anyway"))
        self.anyway_button.setAccessibleName(tr("Add the source without checking it"))
        self.anyway_button.setToolTip(tr("Add the address as it is; each poll tries it "
                                         "again and Health shows the error"))
        self.anyway_button.clicked.connect(self.add_anyway)
        self.anyway_button.hide()
        self.url.textChanged.connect(lambda _t: self._forget_failed_check())
        row.addWidget(self.kind)
        row.addWidget(self.url)
        row.addWidget(self.button)
        row.addWidget(self.anyway_button)
        row.addStretch()  # takes the address field's room for a kind without one
        layout.addLayout(row)
        self.url_error = FieldError(self.url)  # what is wrong with it, under the field
        layout.addWidget(self.url_error)
        self.example = secondary(QLabel())
        self.example.setObjectName("add-example")
        self.example.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.example)
        self.form = KindForm(())
        self.form.hide()
        layout.addWidget(self.form)
        self.kind.currentIndexChanged.connect(lambda _i: self._rebuild_form())
        self._rebuild_form()

    def _kind_id(self) -> str:
        return str(self.kind.currentData() or "feed")

    def _rebuild_form(self) -> None:
        """The chosen kind's address field (when it takes one) and every setting it declares,
        in the same generated form as the editor's."""
        kind = registry.get(self._kind_id())
        hint = hint_for(kind)
        self.url_error.clear_error()  # about the kind chosen before
        self.url.setVisible(hint.takes is not Takes.NONE)
        self.url.setPlaceholderText(hint.placeholder)
        self.url.setToolTip(hint.example)
        self.example.setText(hint.example)
        self.example.setVisible(bool(hint.example))
        new = KindForm(kind.settings)
        new.submitted.connect(self.add)
        self._layout.replaceWidget(self.form, new)
        new.setVisible(bool(kind.settings))  # no empty gap for a kind that needs nothing more
        self.form.hide()
        self.form.deleteLater()
        self.form = new
        # Tab goes through what is filled in, then to Add: the kind, the address, the kind's
        # settings, Add (the settings, made after the buttons under the list, came after them)
        fields = [w for w in new.widgets.values() if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for before, after in pairwise([self.kind, self.url, *fields, self.button,
                                       self.anyway_button]):
            QWidget.setTabOrder(before, after)
        self._forget_failed_check()

    def add(self) -> None:
        kind = self._kind_id()
        hint = hint_for(registry.get(kind))
        url = self.url.text().strip() if hint.takes is not Takes.NONE else ""
        if not url and hint.takes is Takes.REQUIRED:
            text = tr("Type {0} first.").format(hint.what)
            self.url_error.show_error(text)
            self._say(text)
            return
        self.url_error.clear_error()
        self.form.clear_errors()
        values, typed = self.form.values(picked_choices_only=True), self.form.typed_secrets()
        self.button.setEnabled(False)
        self._say(tr("Looking at {0}…").format(redact(url)) if url
                  else tr("Adding {0}…").format(self.kind.currentText()))

        async def run(engine: Any) -> Any:
            if kind == "feed":
                check_settings(kind, url, values, typed)  # a malformed address: say so now
            address = await checked_address(engine, kind, url)
            if isinstance(address, CheckFailed):
                return address
            if not isinstance(address, str):  # a web page: the person picks one of its feeds
                offered = list(getattr(address, "candidates", ()))
                return address, subscribed_among(engine, offered) if len(offered) > 1 else {}
            return await add_with_secrets(engine, kind, address, values, typed)

        def done(result: Any) -> None:
            self.button.setEnabled(True)
            if isinstance(result, Source):
                self._added(result)
                return
            if isinstance(result, CheckFailed):
                self._check_failed(result)
                return
            probe, taken = result
            candidates = list(getattr(probe, "candidates", ()))
            if not candidates:  # the core says why (a page, or JSON that is not a feed)
                self._problem(no_feed_text(probe, url))
                return
            if len(candidates) > 1 and all(str(c.url) in taken for c in candidates):
                self._problem(all_taken_text(url, candidates, taken))
                return
            chosen = pick_feed(self, candidates, page=url, taken=taken,
                               ok_text=tr("Add this feed"))
            if chosen is None:  # Cancel or Escape: "Looking at…" is over
                self._say(tr("Nothing added: no feed of {0} was chosen.").format(redact(url)))
                return
            self.url.setText(chosen)
            self.add()

        def failed(err: BaseException) -> None:
            self.button.setEnabled(True)
            self._failed(err)

        ops.Op(self, run, done).failure(failed).run_in_background(self.bridge)

    def _added(self, source: Source) -> None:
        self.url_error.clear_error()
        self.form.clear_errors()
        self.url.clear()
        self.form.clear_secrets()
        self._forget_failed_check()
        emit(self.added, source)
        self._say(tr("Added {0}.").format(one_line(source.title) or redact(source.url)))

    def _check_failed(self, failed: CheckFailed) -> None:
        """Say why; offer to add the address all the same (it may be down for a while)."""
        self._unchecked = failed
        self.anyway_button.show()
        self._problem(tr("Could not add {0}: {1} If the address is right, \"Add anyway\" adds "
                         "it as it is: each poll tries it again.").format(
            redact(failed.url), failed.error.rstrip(".") + "."))

    def _forget_failed_check(self) -> None:
        self._unchecked = None
        self.anyway_button.hide()

    def add_anyway(self) -> None:
        """Add the address whose check failed, unchecked (``sources add --no-check``)."""
        failed = self._unchecked
        if failed is None or failed.url != self.url.text().strip():
            self._forget_failed_check()
            return
        values, typed = self.form.values(picked_choices_only=True), self.form.typed_secrets()
        self.anyway_button.setEnabled(False)

        async def run(engine: Any) -> Source:
            return await add_with_secrets(engine, failed.kind, failed.url, values, typed)

        def done(source: Source) -> None:
            self.anyway_button.setEnabled(True)
            self._added(source)

        def error(err: BaseException) -> None:
            self.anyway_button.setEnabled(True)
            self._failed(err)

        ops.Op(self, run, done).failure(error).run_in_background(self.bridge)

    def _say(self, text: str) -> None:
        emit(self.message, text)

    def _problem(self, text: str) -> None:
        """Why what was typed cannot be added: under the kind's setting ``text`` names, else
        under the address (when the kind takes one), and in the status line."""
        if not self.form.show_error(text) and self.url.isVisible():
            self.url_error.show_error(text)
        self._say(text)

    def _failed(self, err: BaseException) -> None:
        """Say what failed; the core's command-line advice in the words of the form. What
        was typed is wrong (the kind refused it): said under its field too."""
        ops.log_failure(log, "sources page", err)
        text = said(err)
        if isinstance(err, SourceConfigError | UserInputError):
            self._problem(text)
        else:
            self._say(text)
