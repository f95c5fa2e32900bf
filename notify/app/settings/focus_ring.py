"""A ring around the control that has the keyboard, drawn over a Settings page.

The styles' own marks of the keyboard were too faint to find on the Sources page (Fusion, Qt's
style where the desktop gives none, as under GNOME): a button's, a check box's and a combo
box's mark changed no pixel by 3:1 or more (WCAG's least contrast for a focus indicator), a
field's only its caret, the list's a darker line around one cell, blue on the selection's blue.
The ring is drawn ``WIDTH_PX`` wide, ``GAP_PX`` outside the control, in the highlight colour
where it reads on the window's background by 3:1, else in the text's colour; it follows the
control when the layout moves it and goes when the keyboard leaves the page. It takes no
click (transparent for the mouse) and is not in the Tab order."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from notify.app.contrast import contrast, most_readable

WIDTH_PX = 2
GAP_PX = 1
LEAST_CONTRAST = 3.0  # WCAG 2.4.13: a focus indicator against what it replaces


class FocusRing(QWidget):
    """Rings the focused control among ``page``'s descendants (made as its child)."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._page = page
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []  # the target and its parents up to the page
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    @property
    def target(self) -> QWidget | None:
        """The control ringed now (None: the keyboard is not on the page)."""
        return self._target if self.isVisible() else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for watched in self._watched:
            watched.removeEventFilter(self)
        self._watched = []
        on_page = (new is not None and new is not self._page
                   and self._page.isAncestorOf(new) and new.window() is self._page.window())
        self._target = new if on_page else None
        if new is None or not on_page:
            self.hide()
            return
        along: QWidget | None = new  # its moves, and its parents' (a splitter dragged)
        while along is not None and along is not self._page:
            along.installEventFilter(self)
            self._watched.append(along)
            along = along.parentWidget()
        self._place()
        self._scroll_to(new)

    def _scroll_to(self, target: QWidget) -> None:
        """The page scrolled to ``target`` with its ring: Tab from the window's tabs to the add
        box above left the page scrolled down to the editor, the keyboard out of sight (the
        scroll area follows Tab only from a control of its own)."""
        area = self._page.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        content = area.widget() if area is not None else None
        if area is not None and content is not None and content.isAncestorOf(target):
            margin = WIDTH_PX + GAP_PX + 2
            area.ensureWidgetVisible(target, margin, margin)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                            QEvent.Type.Hide):
            self._place()
        return False

    def _place(self) -> None:
        target = self._target
        if target is None or not target.isVisible():
            self.hide()
            return
        out = WIDTH_PX + GAP_PX
        corner = target.mapTo(self._page, target.rect().topLeft())
        self.setGeometry(QRect(corner, target.size()).adjusted(-out, -out, out, out))
        self.show()
        self.raise_()
        self.update()

    def colour(self) -> QColor:
        """The ring's colour: the highlight where it reads on the window by 3:1, else the
        text's."""
        palette = self._page.palette()
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
