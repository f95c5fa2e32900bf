"""The ring around the control that has the keyboard (``notify/app/focus_ring.py``), on its
own: it rings a control anywhere in its window, follows it, is cut where a scroll area cuts
it, scrolls it into view, goes when it hides or the keyboard leaves the window, and takes no
click. The measure the windows' tests use (``marked``, ``tab_through``) is here too: how many
pixels change by 3:1 when a control gets the keyboard (WCAG 2.4.13's measure of a focus
indicator)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from notify.app.focus_ring import GAP_PX, WIDTH_PX, FocusRing, label_of, ring_window

AROUND_PX = 4  # the pixels around a control looked at too (its ring is 3 px outside it)


def _luminance(image: QImage) -> np.ndarray:
    """Each pixel's relative luminance (WCAG), as an array of the image's shape."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        height, image.bytesPerLine())[:, :width * 4].reshape(height, width, 4)
    rgb = raw[..., 2::-1].astype(np.float64) / 255.0  # BGRA in memory
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return np.asarray(linear @ np.array([0.2126, 0.7152, 0.0722]))


def changed_by_3(a: QImage, b: QImage) -> int:
    """How many pixels differ between ``a`` and ``b`` with a contrast of 3:1 at least."""
    la, lb = _luminance(a), _luminance(b)
    ratio = (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)
    return int(np.count_nonzero(ratio >= 3.0))


def marked(window: QWidget, widget: QWidget) -> int:
    """How many pixels of ``widget`` and a few around it change by 3:1 when it gets the
    keyboard (it has it; left without it for the second look, then given it back)."""
    around = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).adjusted(
        -AROUND_PX, -AROUND_PX, AROUND_PX, AROUND_PX)
    focused = window.grab(around).toImage()
    widget.clearFocus()
    unfocused = window.grab(around).toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    return changed_by_3(focused, unfocused)


def outline(widget: QWidget) -> int:
    """A one-pixel outline's worth of pixels around ``widget``: the least a mark changes."""
    return 2 * (widget.width() + widget.height())


def in_view(widget: QWidget) -> bool:
    """``widget`` is seen whole, or as much of it as its scroll area's viewport can show."""
    seen = widget.visibleRegion().boundingRect()
    if seen.isEmpty():
        return False
    along = widget.parentWidget()
    height, width = widget.height(), widget.width()
    while along is not None:
        if isinstance(along, QScrollArea):
            height = min(height, along.viewport().height())
            width = min(width, along.viewport().width())
        along = along.parentWidget()
    return seen.height() >= height and seen.width() >= width


def label_in_view(widget: QWidget) -> bool:
    """The label naming ``widget`` (its buddy) is in view too, where both fit."""
    label = label_of(widget)
    if label is None or in_view(label):
        return True
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is None or area.widget() is None:
        return True
    content = area.widget()
    both = QRect(widget.mapTo(content, QPoint(0, 0)), widget.size()).united(
        QRect(label.mapTo(content, QPoint(0, 0)), label.size()))
    return both.height() + 10 > area.viewport().height()


@dataclass(frozen=True)
class Stop:
    name: str  # the control's accessible name, else its class and object name
    widget: QWidget
    marked: int  # pixels changed by 3:1 when it gets the keyboard
    seen: bool  # in view when it has the keyboard

    @property
    def ringed(self) -> bool:
        return self.marked >= outline(self.widget)


def name_of(widget: QWidget) -> str:
    """Its accessible name, else its text (a message box's buttons), else its class."""
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return (widget.accessibleName() or (shown if isinstance(shown, str) else "")
            or f"{type(widget).__name__} {widget.objectName()!r}")


def tab_through(window: QWidget, qtbot: QtBot, *, limit: int = 60) -> list[Stop]:
    """From the control that has the keyboard, Tab until it has it again: every stop, its
    mark measured and whether it was in view."""
    start = window.focusWidget()
    assert start is not None, "nothing in the window has the keyboard"
    stops: list[Stop] = []
    widget = start
    for _ in range(limit):
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w, timeout=2000)
        stops.append(Stop(name_of(widget), widget, marked(window, widget),
                          in_view(widget) and label_in_view(widget)))
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        following = window.focusWidget()
        assert following is not None, f"Tab from {name_of(widget)} left the window"
        if following is start or any(s.widget is following for s in stops):
            # back where it started, from the other end: in view again (the page scrolled
            # back up to it from its last control), its label too
            qtbot.waitUntil(lambda f=following: QApplication.focusWidget() is f, timeout=2000)
            back = in_view(following) and label_in_view(following)
            return [replace(s, seen=s.seen and back) if s.widget is following else s
                    for s in stops]
        widget = following
    raise AssertionError(f"Tab never came back to {name_of(start)}: "
                         + ", ".join(s.name for s in stops))


def faults(stops: list[Stop]) -> list[tuple[str, int, int, bool]]:
    """The stops not ringed (fewer pixels changed by 3:1 than an outline) or not in view."""
    return [(s.name, s.marked, outline(s.widget), s.seen) for s in stops
            if not s.ringed or not s.seen]


# ----- the ring on its own
def _window(qtbot: QtBot) -> tuple[QWidget, QScrollArea, list[QLineEdit], QPushButton]:
    """A window: a scroll area of 30 fields, a short one, and a button under it."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as Settings' pages: no stop of its own
    content = QWidget()
    column = QVBoxLayout(content)
    fields = [QLineEdit(f"field {n}") for n in range(30)]
    for field in fields:
        column.addWidget(field)
    area.setWidget(content)
    area.setFixedHeight(150)
    layout.addWidget(area)
    button = QPushButton("Go")
    layout.addWidget(button)
    window.resize(300, 260)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window, area, fields, button


def test_one_ring_per_window_around_what_has_the_keyboard(qtbot: QtBot) -> None:
    window, _area, fields, button = _window(qtbot)
    ring = ring_window(window)
    assert ring_window(window) is ring  # asked again: the same ring
    button.setFocus()
    qtbot.waitUntil(lambda: ring.target is button, timeout=2000)
    out = WIDTH_PX + GAP_PX
    assert ring.geometry() == QRect(button.pos(), button.size()).adjusted(-out, -out, out, out)
    assert marked(window, button) >= outline(button)
    fields[0].setFocus()
    qtbot.waitUntil(lambda: ring.target is fields[0], timeout=2000)
    assert marked(window, fields[0]) >= outline(fields[0])
    window.grab().save("/tmp/focus-ring-own.png")


def test_a_field_scrolled_to_is_in_view_and_its_ring_cut_by_the_scroll_area(
        qtbot: QtBot) -> None:
    """Tab into a scroll area from outside it left the field out of sight; a ring drawn for
    the whole window must not spill over what is around the scroll area."""
    window, area, fields, button = _window(qtbot)
    ring = ring_window(window)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Backtab)  # to the last field, far below
    qtbot.waitUntil(lambda: ring.target is fields[-1], timeout=2000)
    assert in_view(fields[-1])
    viewport = QRect(area.viewport().mapTo(window, QPoint(0, 0)), area.viewport().size())
    field = QRect(fields[-1].mapTo(window, QPoint(0, 0)), fields[-1].size())
    assert ring.geometry().contains(field)
    area.verticalScrollBar().setValue(area.verticalScrollBar().value() - 10)  # half out
    assert ring.isVisible() and viewport.contains(ring.geometry()), (viewport, ring.geometry())
    area.verticalScrollBar().setValue(0)  # scrolled away with the wheel: no ring left over
    assert not ring.isVisible()


def test_a_control_as_wide_as_its_scroll_area_is_ringed_over_its_own_edge(
        qtbot: QtBot) -> None:
    """The inbox's "Mute this source" fills the Why panel's width: the ring's sides, outside
    the panel, were cut away (872 pixels of 3:1 where its outline is 922)."""
    window, area, fields, _button = _window(qtbot)
    area.widget().layout().setContentsMargins(0, 0, 0, 0)
    ring = ring_window(window)
    fields[0].setFocus()
    qtbot.waitUntil(lambda: ring.target is fields[0], timeout=2000)
    viewport = QRect(area.viewport().mapTo(window, QPoint(0, 0)), area.viewport().size())
    assert viewport.contains(ring.geometry())
    assert marked(window, fields[0]) >= outline(fields[0])


def test_the_ring_follows_the_control_and_goes_with_it(qtbot: QtBot) -> None:
    window, _area, _fields, button = _window(qtbot)
    ring = ring_window(window)
    button.setFocus()
    qtbot.waitUntil(lambda: ring.target is button, timeout=2000)
    button.move(button.x() + 20, button.y())
    assert ring.geometry().topLeft() == button.pos() - QPoint(WIDTH_PX + GAP_PX,
                                                              WIDTH_PX + GAP_PX)
    button.hide()  # (the keyboard goes to the next control: ringed instead)
    assert ring.target is not button
    assert not ring.geometry().intersects(button.geometry())


def test_the_ring_goes_when_the_keyboard_leaves_the_window(qtbot: QtBot) -> None:
    window, _area, _fields, button = _window(qtbot)
    ring = ring_window(window)
    button.setFocus()
    qtbot.waitUntil(lambda: ring.target is button, timeout=2000)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus, timeout=2000)
    assert ring.target is None and not ring.isVisible()


def test_the_ring_takes_no_click_nor_the_keyboard(qtbot: QtBot) -> None:
    window, _area, _fields, button = _window(qtbot)
    ring = ring_window(window)
    button.setFocus()
    qtbot.waitUntil(lambda: ring.target is button, timeout=2000)
    assert ring.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert ring.focusPolicy() == Qt.FocusPolicy.NoFocus
    # only its outline is its shape: the control under it is seen through
    assert not ring.mask().contains(ring.rect().center())


def test_a_page_of_a_stack_hidden_takes_its_ring_away(qtbot: QtBot) -> None:
    """A tab chosen hides the page that had the keyboard: no ring left where it was."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    tabs = QTabBar()
    tabs.addTab("One")
    tabs.addTab("Two")
    stack = QStackedWidget()
    first, second = QLineEdit("one"), QLineEdit("two")
    stack.addWidget(first)
    stack.addWidget(second)
    layout.addWidget(tabs)
    layout.addWidget(stack)
    ring = FocusRing(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    first.setFocus()
    qtbot.waitUntil(lambda: ring.target is first, timeout=2000)
    stack.setCurrentIndex(1)  # (Qt gives the keyboard to the next control: ringed instead)
    assert ring.target is not first
    assert not ring.isVisible() or ring.target is second


def test_a_control_deleted_with_the_keyboard_on_it_leaves_no_error(qtbot: QtBot) -> None:
    """A button deleted while it has the keyboard (a dialog's, rebuilt): the keyboard's move
    asked the deleted button to drop the ring's watch ("Internal C++ object already
    deleted": every recovery test but the first of their file failed)."""
    window, _area, fields, button = _window(qtbot)
    ring = ring_window(window)
    button.setFocus()
    qtbot.waitUntil(lambda: ring.target is button, timeout=2000)
    button.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(button), timeout=2000)
    fields[0].setFocus()
    qtbot.waitUntil(lambda: ring.target is fields[0], timeout=2000)


def test_a_fields_label_is_scrolled_into_view_with_it(qtbot: QtBot) -> None:
    """Settings → Polling at 480 px, 14 pt: Tab from the tabs showed the first spin box at
    the top of the page, its label ("Default poll interval") above it, out of sight."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    window = QWidget()
    qtbot.addWidget(window)
    area = QScrollArea(window)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    content = QWidget()
    form = QFormLayout(content)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above fields
    fields = [QLineEdit() for _ in range(12)]
    for n, field in enumerate(fields):
        form.addRow(f"Field {n}", field)
    area.setWidget(content)
    area.setGeometry(0, 0, 200, 120)
    window.resize(200, 120)
    ring_window(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    fields[1].setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.waitUntil(fields[1].hasFocus, timeout=2000)
    label = form.labelForField(fields[1])
    assert isinstance(label, QLabel)
    assert in_view(fields[1]) and in_view(label)
