"""The lines under the inbox: standing notices the person must act on (``set_notices``: no
notification service, the session bus gone…), on lines of their own that nothing else replaces
until they no longer hold or the person dismisses them; below it results and
errors (``say``), the count of a page just loaded (unless a result was said within
``SAY_KEEP_S``) or that it is empty, in the words of what the list shows
(``empty_state.empty_fact``; the item pane says what to do then); whether today's
notification budget is used while more stories were left out for it (``set_budget``), with the
way to them and to Settings; whether it is quiet hours, and whether notifications are paused,
with the way back."""

from __future__ import annotations

import logging
import time
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStyle, QVBoxLayout, QWidget

from notify.app import operations as ops
from notify.app.actions import AppActions
from notify.app.inbox import query
from notify.app.inbox.budget import Budget, footer_text
from notify.app.inbox.empty_state import empty_fact
from notify.app.inbox.link_label import LinkLabel
from notify.app.untrusted_text import one_line, one_line_keeping_isolates

log = logging.getLogger(__name__)
SAY_KEEP_S = 4.0  # a result said in the footer is not replaced by a page's count this soon


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class InboxFooter(QWidget):
    noticeDismissed = Signal()  # the person closed the standing notices
    overBudgetRequested = Signal()  # "Show them": the items left silent over today's budget
    budgetRequested = Signal()  # "Raise the budget": Settings → Notifications

    def __init__(self, actions: AppActions | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_actions = actions
        # the item commands' keys by name ("save": "s"), for the empty Saved and Liked lines
        self.keys: dict[str, str] = {}
        self.notices: list[str] = []  # the standing notices shown
        self.notice_row = QWidget(self)
        icon = QLabel(self.notice_row)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.notice = LinkLabel(self.notice_row)  # its links follow the theme
        self.notice.setAccessibleName(tr("Notice"))
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setWordWrap(True)
        # its Dismiss reached from the keyboard too (Tab, then Enter): nothing else dismisses
        # a standing notice (a mouse click on the link only, before)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.notice.linkActivated.connect(self._link)
        row = QHBoxLayout(self.notice_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon)
        row.addWidget(self.notice, 1)
        self.notice_row.hide()
        self.status = QLabel(self)
        self._said_at = 0.0  # when ``say`` last put a result in the footer (monotonic)
        self._count_said = False  # the line says how many items the list has
        self.status.setAccessibleName(tr("Status"))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.linkActivated.connect(self._link)
        self.paused_note = LinkLabel(self)
        self.paused_note.setAccessibleName(tr("Notifications paused"))
        self.paused_note.setTextFormat(Qt.TextFormat.RichText)
        self.paused_note.linkActivated.connect(self._link)
        self.paused_note.hide()
        self.quiet_note = LinkLabel(self)
        self.quiet_note.setAccessibleName(tr("Quiet hours"))
        self.quiet_note.setTextFormat(Qt.TextFormat.RichText)
        self.quiet_note.linkActivated.connect(self._link)
        self.quiet_note.hide()
        self.budget_note = LinkLabel(self)
        self.budget_note.setAccessibleName(tr("Today's notifications"))
        self.budget_note.setTextFormat(Qt.TextFormat.RichText)
        self.budget_note.linkActivated.connect(self._link)
        self.budget_note.hide()
        # each on a line of its own, wrapped: side by side on one line, the empty inbox's
        # hint, the quiet hours and the pause made an 820 px window 1,417 px wide
        for label in (self.status, self.budget_note, self.quiet_note, self.paused_note):
            label.setWordWrap(True)
        # none of them ever widens the window: a word longer than the line (a source's name
        # or an address in a result) is cut at the window's edge; a 300-character one made
        # the inbox 2,823 px wide, and at restart the saved place fitted no screen
        for label in (self.notice, self.status, self.budget_note, self.quiet_note,
                      self.paused_note):
            policy = label.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            label.setSizePolicy(policy)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(0, 0, 0, 0)  # as rows of the window's own layout
        lines.setSpacing(2)
        for part in (self.notice_row, self.status, self.budget_note, self.quiet_note,
                     self.paused_note):
            lines.addWidget(part)

    def set_notices(self, texts: list[str]) -> None:
        """Notices the person must act on ("No desktop notification service is running…"),
        one a line, on lines of their own with Dismiss: results, counts and hints do not
        replace them. An empty list hides them."""
        self.notices = list(texts)
        if not texts:
            self.notice.clear()
            self.notice_row.hide()
            return
        lines = "<br>".join(escape(one_line(text)) for text in texts)
        self.notice.setText(tr("{0} · <a href=\"dismiss\">Dismiss</a>").format(lines))
        self.notice_row.show()

    def say(self, text: str) -> None:
        """A plain line (results, errors); a page loaded within ``SAY_KEEP_S`` does not replace
        it with its count."""
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setText(one_line(text))
        self._said_at = time.monotonic()
        self._count_said = False  # (``_say_count`` says it is one)

    def failed(self, err: BaseException) -> None:
        """An inbox operation failed: say why (the core's message says what to do)."""
        ops.log_failure(log, "inbox operation failed", err)
        self.say(str(err))

    def loaded(self, count: int, filt: query.InboxFilter | None = None, name: str = "") -> None:
        """The list under ``filt`` holds ``count`` items (all of them, not only the rows paged
        in), its page just loaded under ``filt`` (the Show menu's choice and the
        search; None: all items), ``name`` the source or group it shows, isolated. What an
        empty page says ("No items yet", "Nothing saved yet…") is no result to keep: the next
        page with items replaces it at once, even within ``SAY_KEEP_S`` of a result said
        before it (the list showed 70 items under "No items yet")."""
        if count:
            if time.monotonic() - self._said_at >= SAY_KEEP_S:  # a result just said stays
                self._say_count(count, filt)
        else:
            self._say_empty(filt or query.InboxFilter(), name)

    def rows_arrived(self, count: int, filt: query.InboxFilter | None = None,
                     name: str = "") -> None:
        """Items came to or left the list under ``filt``, whose view now holds ``count``: the
        count it says, if it says one, is that one (it said "55 items" over 80 rows after a
        poll), or that it holds none (the last unread item read, its row not left yet). A
        result or "Polling…" stays."""
        if not self._count_said:
            return
        if count:
            self._say_count(count, filt)
        else:
            self._say_empty(filt or query.InboxFilter(), name)

    def view_changed(self) -> None:
        """The Show menu or the search changed what the list shows: the next page's count
        says what it shows now, even within ``SAY_KEEP_S`` of a result (a search said "Your
        dismiss of … was undone" over its results)."""
        self._said_at = 0.0

    def _say_count(self, count: int, filt: query.InboxFilter | None = None) -> None:
        # how many the view holds, not how many rows are paged in ("400 items loaded" under
        # an inbox of 26,547): the window counts them (``query.count``)
        self.say(count_words(count, filt or query.InboxFilter()))
        self._said_at = 0.0
        self._count_said = True

    def _say_empty(self, filt: query.InboxFilter, name: str) -> None:
        """The fact only, in the words of the view (``empty_fact``): the item pane says what
        to do next, with its button (``empty_state.py``), once."""
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setText(one_line_keeping_isolates(empty_fact(filt, name, self.keys)))
        self._said_at = 0.0  # no result to keep
        self._count_said = False

    def _link(self, target: str) -> None:
        if target == "dismiss":
            self.set_notices([])
            self.noticeDismissed.emit()
            return
        if target == "over-budget":
            self.overBudgetRequested.emit()
            return
        if target == "budget":
            self.budgetRequested.emit()
            return
        actions = self.app_actions
        if actions is not None and target in ("settings", "poll", "resume"):
            actions.action(target).trigger()

    def set_paused(self, paused: bool, until: str = "") -> None:
        """Say that notifications are paused, ``until`` when ("until 14:30"), what happens
        meanwhile, and the way back."""
        when = f" {escape(until)}" if until else ""
        self.paused_note.setText(
            tr("Notifications paused{0}; items found meanwhile stay in the inbox · "
               "<a href=\"resume\">Resume</a>").format(when))
        self.paused_note.setVisible(paused)

    def set_budget(self, state: Budget) -> None:
        """Today's budget is used and stories were left out for it: a standing line says so,
        with the way to them and to a larger budget (``budget.py``); gone when it no longer
        holds (the day turned, the budget was raised)."""
        if state.spent:
            self.budget_note.setText(footer_text(state))
        self.budget_note.setVisible(state.spent)

    def set_quiet(self, on: bool, until: str = "") -> None:
        """Say that it is quiet hours, ``until`` when ("until 07:00"), and what that means."""
        when = f" {escape(until)}" if until else ""
        self.quiet_note.setText(
            tr("Quiet hours{0}: notifications are held for the digest · "
               "<a href=\"settings\">Settings</a>").format(when))
        self.quiet_note.setVisible(on)


# what a view's count counts, in its words ("37 unread items"): one and several
_COUNTED = {
    query.VIEW_UNREAD: ("1 unread item", "{0} unread items"),
    query.VIEW_NOTIFIED: ("1 notified item", "{0} notified items"),
    query.VIEW_LIKED: ("1 liked item", "{0} liked items"),
    query.VIEW_SAVED: ("1 saved item", "{0} saved items"),
}


def count_words(count: int, filt: query.InboxFilter) -> str:
    """How many items the view holds, said as what it counts: "984 items", "37 unread items"
    (Unread said "984 items", all of them read or not in the person's eyes)."""
    one, several = _COUNTED.get(filt.view, ("1 item", "{0} items"))
    return tr(one) if count == 1 else tr(several).format(f"{count:,}")
