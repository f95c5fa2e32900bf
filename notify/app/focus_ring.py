"""A ring around the control that has the keyboard, drawn over a whole window.

The styles' own marks of the keyboard were too faint to find (Fusion, Qt's style where the
desktop gives none, as under GNOME): in a light theme a button's, a check box's, a combo box's,
a list's and the tab bar's mark changed no pixel by 3:1 or more (WCAG's least contrast for a
focus indicator), an empty field's only its caret; in a dark one the 1 px frame of a button or
field falls a few corner pixels short of an outline, and lists, check boxes and the tab bar
still show nothing. Only a field whose text Tab selects reads by itself, while it has text.
So every control is ringed, those included (a second mark there costs nothing; a field
emptied would lose its only one). One ring per top-level window (``ring_window``: Settings,
the inbox, the dialogs) rings whatever control of it has the keyboard, on every page of a tab
widget and inside scroll areas.

The ring is drawn ``WIDTH_PX`` wide, ``GAP_PX`` outside the control, in the highlight colour
where it reads on the window's background by 3:1, else in the text's colour. It follows the
control when the layout moves it (a splitter dragged, a page scrolled), stays inside the
scroll areas the control is in (drawn over the control's own edge where the control touches
the area's; never over a tab bar or a status line), and goes when the control hides (another
tab chosen) or the keyboard leaves the window. In a text whose links the keyboard walks (the
inbox's item text, after Enter), it rings the link the keyboard is on: the text browser's own
dotted line changed 8 pixels by 3:1 around a link whose outline is 76. A control that gets
the keyboard is scrolled into view, in every scroll area it is in (the scroll area follows
Tab only from a control of its own: Tab from the window's tabs to a page's first field left
it out of sight). The ring takes no click (transparent for the mouse) and is not in the Tab
order; only its outline is the widget's shape, so the control under it is seen and painted
as before."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QRegion, QTextCursor
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QWidget,
)

from notify.app.contrast import contrast, most_readable

WIDTH_PX = 2
GAP_PX = 1
LEAST_CONTRAST = 3.0  # WCAG 2.4.13: a focus indicator against what it replaces
OBJECT_NAME = "focus-ring"
LABEL_LEVELS = 3  # a label names a control this many parents up at most (a field, its row)


class FocusRing(QWidget):
    """Rings the focused control among ``scope``'s descendants (made as its child; ``scope``
    is a top-level window, or a part of one)."""

    def __init__(self, scope: QWidget) -> None:
        super().__init__(scope)
        self.setObjectName(OBJECT_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scope = scope
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []  # the target and its parents up to the scope
        self._text: QTextBrowser | None = None  # a target whose links the keyboard walks
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(_while_alive(self))
        self._focus_changed(None, QApplication.focusWidget())  # (made while one has it)

    @property
    def target(self) -> QWidget | None:
        """The control ringed now (None: the keyboard is not in the scope)."""
        return self._target if self.isVisible() else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for watched in self._watched:
            if shiboken6.isValid(watched):  # (a dialog's button goes with the dialog)
                watched.removeEventFilter(self)
        self._watched = []
        self._follow_links(None)
        inside = (new is not None and new is not self._scope and new is not self
                  and self._scope.isAncestorOf(new) and new.window() is self._scope.window())
        self._target = new if inside else None
        if new is None or not inside:
            self.hide()
            return
        along: QWidget | None = new  # its moves, and its parents' (a splitter dragged)
        while along is not None and along is not self._scope:
            along.installEventFilter(self)
            self._watched.append(along)
            along = along.parentWidget()
        if isinstance(new, QTextBrowser):
            self._follow_links(new)
        scroll_into_view(new)
        self._place()

    def _follow_links(self, text: QTextBrowser | None) -> None:
        """Follow the link of ``text`` the keyboard is on (Tab from link to link, the text
        scrolled), or stop following the last one's."""
        old = self._text
        if old is not None and shiboken6.isValid(old):
            old.cursorPositionChanged.disconnect(self._place)
            old.selectionChanged.disconnect(self._place)
            old.verticalScrollBar().valueChanged.disconnect(self._place)
            old.horizontalScrollBar().valueChanged.disconnect(self._place)
        self._text = text
        if text is not None:
            text.cursorPositionChanged.connect(self._place)
            text.selectionChanged.connect(self._place)
            text.verticalScrollBar().valueChanged.connect(self._place)
            text.horizontalScrollBar().valueChanged.connect(self._place)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "_target" not in self.__dict__:  # its window deleted with the keyboard in it: its
            return False  # Python side went first (a window Python owned, let go of)
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                            QEvent.Type.Hide):
            self._place()
        elif watched is self._text and event.type() == QEvent.Type.KeyPress:
            # Tab or Enter from link to link: the text browser says nothing of it (no
            # selection or cursor signal), once the key is handled, the link is another
            QTimer.singleShot(0, self, self._place)
        elif watched is self._text and event.type() == QEvent.Type.KeyRelease:
            self._place()
        return False

    def _place(self) -> None:
        target = self._target
        if target is None or not shiboken6.isValid(target) or not target.isVisible():
            self.hide()
            return
        out = WIDTH_PX + GAP_PX
        corner = target.mapTo(self._scope, QPoint(0, 0))
        ring = QRect(corner, target.size()).adjusted(-out, -out, out, out)
        clips = _viewports(target, self._scope)
        link = focused_link(target) if isinstance(target, QTextBrowser) else None
        if link is not None and isinstance(target, QTextBrowser):  # the link, in its text
            viewport = target.viewport()
            ring = QRect(viewport.mapTo(self._scope, link.topLeft()), link.size()).adjusted(
                -out, -out, out, out)
            clips.append(viewport)
        for viewport in clips:
            # inside the scroll areas it is in: a control touching a viewport's edge (the
            # inbox's Mute, as wide as the Why panel) is ringed over its own edge there, and
            # the ring of one half scrolled out runs along the edge, never over what is
            # around the area (the tabs, the status line)
            ring = ring.intersected(QRect(viewport.mapTo(self._scope, QPoint(0, 0)),
                                          viewport.size()))
        if ring.width() <= 2 * WIDTH_PX or ring.height() <= 2 * WIDTH_PX:
            self.hide()  # scrolled out of sight
            return
        self.setGeometry(ring)
        whole = QRect(0, 0, ring.width(), ring.height())
        inner = whole.adjusted(WIDTH_PX, WIDTH_PX, -WIDTH_PX, -WIDTH_PX)
        self.setMask(QRegion(whole).subtracted(QRegion(inner)))
        self.show()
        self.raise_()
        self.update()

    def colour(self) -> QColor:
        """The ring's colour: the highlight where it reads on the window by 3:1, else the
        text's."""
        palette = self._scope.palette()
        window = palette.color(QPalette.ColorRole.Window)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        if contrast(highlight, window) >= LEAST_CONTRAST:
            return highlight
        return most_readable((highlight, palette.color(QPalette.ColorRole.WindowText)), window)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.colour(), WIDTH_PX)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = WIDTH_PX / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))
        painter.end()


def _while_alive(ring: FocusRing) -> Callable[[QWidget | None, QWidget | None], None]:
    """``ring``'s answer to the keyboard moving, nothing once the ring is deleted (a window
    deleted with the keyboard in it moves the keyboard as its controls go, after its ring's
    Python side was let go of)."""
    held = weakref.ref(ring)

    def moved(old: QWidget | None, new: QWidget | None) -> None:
        alive = held()
        if alive is not None and shiboken6.isValid(alive):
            alive._focus_changed(old, new)

    return moved


def focused_link(text: QTextBrowser) -> QRect | None:
    """Where the link the keyboard is on is drawn in ``text``'s viewport (None: on none). A
    text browser marks it by a dotted line, changing about half an outline's pixels (8 of
    the 76 around "rust" measured by 3:1): ringed as a control is."""
    cursor = text.textCursor()
    if not cursor.hasSelection() or not cursor.charFormat().isAnchor():
        return None
    start, end = QTextCursor(cursor), QTextCursor(cursor)
    start.setPosition(cursor.selectionStart())
    end.setPosition(cursor.selectionEnd())
    first, last = text.cursorRect(start), text.cursorRect(end)
    if first.top() != last.top():  # broken over lines: the lines it is on, whole
        return QRect(0, first.top(), text.viewport().width(), last.bottom() - first.top() + 1)
    return first.united(last)


def ring_window(window: QWidget) -> FocusRing:
    """``window``'s ring (made the first time), around whatever of it has the keyboard."""
    ring = window.findChild(FocusRing, OBJECT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return ring if isinstance(ring, FocusRing) else FocusRing(window)


def _viewports(target: QWidget, scope: QWidget) -> list[QWidget]:
    """The scroll areas' viewports ``target`` is shown in, inside ``scope``."""
    found: list[QWidget] = []
    along = target.parentWidget()
    while along is not None and along is not scope:
        parent = along.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and parent.viewport() is along:
            found.append(along)
        along = parent
    return found


def scroll_into_view(target: QWidget) -> None:
    """``target`` and its ring scrolled into view in every scroll area it is in, the
    innermost first; its top left corner first where it is larger than the area. (Not
    ``ensureWidgetVisible``: for a field it shows the caret only, the field's bottom and its
    ring left under the area's edge.)"""
    margin = WIDTH_PX + GAP_PX + 2
    label = label_of(target)
    along = target.parentWidget()
    while along is not None:
        if isinstance(along, QScrollArea):
            content = along.widget()
            if content is not None and content.isAncestorOf(target):
                shown = QRect(target.mapTo(content, QPoint(0, 0)), target.size())
                if label is not None and content.isAncestorOf(label):
                    # its label with it, where both fit (a form's label above its field in a
                    # narrow window: the field in view, what it is for scrolled away)
                    with_label = shown.united(QRect(label.mapTo(content, QPoint(0, 0)),
                                                    label.size()))
                    if with_label.height() + 2 * margin <= along.viewport().height():
                        shown = with_label
                centre = shown.center()
                along.ensureVisible(centre.x(), centre.y(), shown.width() // 2 + margin,
                                    shown.height() // 2 + margin)
        along = along.parentWidget()


def label_of(target: QWidget) -> QLabel | None:
    """The label naming ``target`` (a form's row label: its buddy is ``target`` or the row's
    field ``target`` is in, a spin box with its help under it), if one is shown."""
    along: QWidget | None = target
    for _ in range(LABEL_LEVELS):
        parent = along.parentWidget() if along is not None else None
        if along is None or parent is None:
            return None
        label = next((lb for lb in parent.findChildren(QLabel)
                      if lb.buddy() is along and lb.isVisible()), None)
        if label is not None:
            return label
        along = parent
    return None
