"""The inbox's Show menu (all items, notified, liked, each group, each source), searchable.

With 1,000 sources the menu is 1,000 entries long, and Qt's type-ahead only matches an entry's
start ("Source: …" for all of them). ``searchable`` lets the person type any part of a name in
the menu's field: the entries that contain it (any case) are offered under it, a click or Enter
on one shows it (and the keyboard goes back to the list); leaving the field without choosing
puts the shown entry's name back.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


def searchable(box: QComboBox, then: QWidget) -> None:
    """``then`` gets the keyboard focus once an entry is chosen (the inbox's list: its
    one-letter keys must not be typed into the menu's field)."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typing never adds an entry
    box.setMinimumContentsLength(24)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(15)
    box.setCompleter(completer)
    field = box.lineEdit()
    assert field is not None  # editable
    field.setAccessibleName(tr("Show: type part of a name"))
    field.setPlaceholderText(tr("Type a source or group"))
    field.setToolTip(tr("Choose what the list shows, or type part of a source's or group's "
                        "name"))

    def restore() -> None:  # (an editable box's currentText() is what the field holds)
        shown = box.itemText(box.currentIndex())
        if field.text() != shown:
            field.setText(shown)

    field.editingFinished.connect(restore)
    box.activated.connect(lambda _index: then.setFocus())
