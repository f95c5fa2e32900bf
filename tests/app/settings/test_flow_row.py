"""FlowRow: controls side by side while they fit, wrapped to more lines when they do not."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from notify.app.settings.flow_row import FIELD_LEAST_CHARS, FlowRow


def _row(qtbot: QtBot, *, stretch: bool = False) -> tuple[QWidget, FlowRow, list[QWidget]]:
    holder = QWidget()
    qtbot.addWidget(holder)
    row = FlowRow(holder)
    field = QLineEdit()
    buttons = [QPushButton(text) for text in ("Import OPML…", "Export OPML…", "Remove…")]
    row.addWidget(field)
    if stretch:
        row.addStretch()
    for button in buttons:
        row.addWidget(button)
    holder.show()
    return holder, row, [field, *buttons]


def test_wide_enough_the_controls_share_one_line_and_the_field_takes_the_rest(
        qtbot: QtBot) -> None:
    holder, row, (field, *buttons) = _row(qtbot)
    holder.resize(row.sizeHint().width() + 200, 100)
    qtbot.wait(10)
    assert len({w.y() for w in (field, *buttons)}) == 1
    assert field.width() >= field.sizeHint().width() + 200 - 1  # the room left is the field's
    assert buttons[-1].geometry().right() <= holder.width()


def test_narrow_they_wrap_and_the_row_asks_only_for_its_widest_control(qtbot: QtBot) -> None:
    holder, row, widgets = _row(qtbot)
    widest = max(w.minimumSizeHint().width() for w in widgets)
    assert row.minimumSize().width() == max(widest, row.minimumSize().width())
    assert row.minimumSize().width() < row.sizeHint().width() // 2
    holder.resize(row.minimumSize().width(), row.heightForWidth(row.minimumSize().width()))
    qtbot.wait(10)
    assert len({w.y() for w in widgets}) >= 3
    assert all(w.geometry().right() <= holder.width() for w in widgets)
    # taller as it is narrower; the height it asks for is what it takes
    assert row.heightForWidth(row.minimumSize().width()) > row.heightForWidth(2000)
    bottom = max(w.geometry().bottom() for w in widgets)
    assert bottom <= row.heightForWidth(holder.width())


def test_a_field_stays_on_its_line_while_it_gets_its_least_width(qtbot: QtBot) -> None:
    holder, _row_layout, (field, first, *_rest) = _row(qtbot)
    least = holder.fontMetrics().averageCharWidth() * FIELD_LEAST_CHARS
    holder.resize(least + first.sizeHint().width() + 24, 300)  # 24: room for the gap
    qtbot.wait(10)
    assert field.y() == first.y()
    assert field.width() >= least


def test_a_stretch_keeps_what_follows_it_right_aligned_and_never_starts_a_line(
        qtbot: QtBot) -> None:
    holder, row, (field, *buttons) = _row(qtbot, stretch=True)
    field.hide()
    holder.resize(row.sizeHint().width() + 300, 100)
    qtbot.wait(10)
    assert buttons[-1].geometry().right() >= holder.width() - 1
    holder.resize(buttons[0].sizeHint().width() + 20, 300)
    qtbot.wait(10)
    assert all(b.x() == 0 for b in buttons)


def test_a_field_goes_to_the_next_line_with_its_button_not_without_it(qtbot: QtBot) -> None:
    """Seen at 530 px and 14 pt: "Feed (RSS, Atom, JSON Feed) [Address of …]" on one line and
    Add alone on the next."""
    from PySide6.QtWidgets import QComboBox

    holder = QWidget()
    qtbot.addWidget(holder)
    row = FlowRow(holder)
    kind, field, add = QComboBox(), QLineEdit(), QPushButton("Add")
    kind.addItem("Feed (RSS, Atom, JSON Feed)")
    for widget in (kind, field, add):
        row.addWidget(widget)
    holder.show()
    least = holder.fontMetrics().averageCharWidth() * FIELD_LEAST_CHARS
    # room for the kind and the field at its least, not for the button too
    holder.resize(kind.sizeHint().width() + least + 30, 300)
    qtbot.wait(10)
    assert field.y() == add.y() > kind.y()
    assert field.x() == 0 and add.geometry().right() <= holder.width()


def test_placed_in_fewer_lines_than_it_takes_it_has_the_layout_above_done_again(
        qtbot: QtBot) -> None:
    """Regression: Settings → Sources at 14 pt over 101 sources: the switches' row ("Poll this
    source", "Never notify", its note, Save) wrapped to two lines in the width it was given,
    but its form, laid out from an answer for another width and not done again when the page
    grew, gave it one line's height: the Health line was drawn over Save. A row placed in
    less height than its lines take has the layouts above it done again."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel

    window = QWidget()
    qtbot.addWidget(window)
    form = QFormLayout(window)
    row = FlowRow()
    for text in ("Poll this source", "Never notify", "(items still reach the inbox)"):
        row.addWidget(QCheckBox(text))
    row.addStretch()
    row.addWidget(QPushButton("Save"))
    form.addRow("Name", QLineEdit())
    form.addRow("", row)
    form.addRow("Health", QLabel("Last success: never"))
    window.resize(row.sizeHint().width() // 2 + 100, 400)
    window.show()
    qtbot.waitExposed(window)
    width = row.geometry().width()
    assert row.heightForWidth(width) > row.minimumSize().height()  # two lines at least
    one_line = QRect(row.geometry().topLeft(), row.minimumSize())
    one_line.setWidth(width)
    qtbot.wait(100)  # every layout done
    row.setGeometry(one_line)  # what the stale form gave it
    assert row.geometry().height() < row.heightForWidth(width)
    qtbot.waitUntil(lambda: row.geometry().height() >= row.heightForWidth(width), timeout=2000)
    # and a row that cannot have more asks once, not at every pass
    asked: list[int] = []
    row.invalidate = lambda: asked.append(1)  # type: ignore[method-assign]
    shorter = one_line.adjusted(0, 0, 0, -1)
    row.setGeometry(shorter)
    row.setGeometry(row.geometry().adjusted(0, 0, 0, 40))  # placed elsewhere meanwhile
    row.setGeometry(QRect(shorter))
    qtbot.wait(50)
    assert len(asked) == 1
