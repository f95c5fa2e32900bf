"""The inbox's toolbar: the Show menu, the search, then Poll now, Pause, Save, Undo and
Settings…, in that order, which is also the order in which they give way.

Where the words do not fit (at 14 pt below about 705 px: at 480 px Settings, Save and Undo
were in the toolbar's "»" menu, Undo from 640 px), the commands show as symbols instead, as the
item pane's ☆ does: ↻ Poll now, ❚❚ Pause, ☆ Save (★ while the item is saved), ↶ Undo, ⚙ Settings;
their tooltips and accessible names keep the words (a screen reader never says "↶"). At 480 px
and 14 pt every command then shows. Narrower still, the last ones go into "»" first: Settings
(also in the Notify menu and on ``Ctrl+,``), then Undo and Save (``s`` and ``Ctrl+Z`` whatever
the bar shows), so Poll now and Pause, which says whether notifications are paused, stay longest.

A toolbar shows an action's ``iconText`` (menus its ``text``): this module is the one place
that sets it for the inbox's commands. The Show menu and the search keep their least widths
(``filters.SEARCH_CHARS``); whether the words fit is worked out from them, not from the room
they take (they are stretched over what is left).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from notify.app.actions import AppActions
from notify.app.inbox.body import least
from notify.app.inbox.pause_button import PauseButton

POLL_SYMBOL = "↻"
SAVE_SYMBOLS = ("☆", "★")  # not saved, saved: as the item pane's star
UNDO_SYMBOL = "↶"
SETTINGS_SYMBOL = "⚙"


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


def plain_words(action: QAction) -> str:
    """An action's text as words to hear: without its "&" mnemonic and its "…"."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class InboxToolbar(QToolBar):
    def __init__(self, filter_box: QWidget, search: QWidget, actions: AppActions | None,
                 save: QAction, undo: QAction, parent: QWidget | None = None) -> None:
        super().__init__(tr("Inbox"), parent)
        self.setObjectName("inbox-toolbar")
        self.setMovable(False)
        self.filter_box, self.search = filter_box, search
        self.save = save
        self.compact = False  # the commands as symbols
        self.addWidget(filter_box)
        self.addWidget(search)
        # (action, its word on the bar, "" for its own text; its symbol)
        self._commands: list[tuple[QAction, str, str]] = []
        self.pause_button: PauseButton | None = None
        if actions is not None:
            self._add(actions.action("poll"), "", POLL_SYMBOL)
            # the app's Pause submenu and Resume, on one button that says until when
            self.pause_button = PauseButton(actions, self)
            self.addWidget(self.pause_button)
        # "Save" (its room: every command on the bar at 14 pt in 720 px)
        self._add(save, tr("Save"), SAVE_SYMBOLS[0])
        self._add(undo, tr("Undo"), UNDO_SYMBOL)
        if actions is not None:
            self._add(actions.action("settings"), "", SETTINGS_SYMBOL)
        self._label()

    def _add(self, action: QAction, word: str, symbol: str) -> None:
        self.addAction(action)
        self._commands.append((action, word, symbol))
        # its text changes ("Undo Save “…”"), its checked state (Save): its name and symbol
        action.changed.connect(self._label)

    def _symbol(self, action: QAction, symbol: str) -> str:
        if action is self.save:
            return SAVE_SYMBOLS[1] if action.isChecked() else SAVE_SYMBOLS[0]
        return symbol

    def _label(self) -> None:
        """Each command's words or symbol on the bar (setting them changes the action again:
        only what differs is set)."""
        for action, word, symbol in self._commands:
            # "": the words of its own text (Qt sets nothing, and says nothing, when equal)
            action.setIconText(self._symbol(action, symbol) if self.compact else word)
            button = self.widgetForAction(action)
            if button is not None:
                name = plain_words(action)
                if button.accessibleName() != name:
                    button.setAccessibleName(name)
        if self.pause_button is not None:
            self.pause_button.set_compact(self.compact)

    def words_width(self) -> int:
        """The width the bar needs to show every command in words, the Show menu and the search
        at their least."""
        layout = self.layout()
        assert layout is not None  # (a toolbar's own)
        margins = layout.contentsMargins()
        widths = [least(self.filter_box).width(), least(self.search).width()]
        for action, word, _symbol in self._commands:
            button = self.widgetForAction(action)
            if not isinstance(button, QToolButton):
                continue
            metrics = button.fontMetrics()
            flags = Qt.TextFlag.TextShowMnemonic
            text = word or plain_words(action)
            shown = button.text()
            widths.append(button.sizeHint().width() - metrics.size(flags, shown).width()
                          + metrics.size(flags, text).width())
        if self.pause_button is not None:
            widths.append(self.pause_button.words_width())
        return (sum(widths) + layout.spacing() * (len(widths) - 1)
                + margins.left() + margins.right())

    def fit(self) -> None:
        """Words when they fit in the bar's width, else symbols."""
        compact = self.width() < self.words_width()
        if compact != self.compact:
            self.compact = compact
            self._label()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.fit()  # a wider word ("Paused"), another font
        return done
