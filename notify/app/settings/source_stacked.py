"""Settings → Sources' list in a narrow window: each source on two lines, its name, then its
group and kind in secondary text, their columns hidden (``SourceTree.stacked``), as the Profile
page's learned lists go one above the other when narrow.

Side by side at 480 px and 14 pt, four columns left the names "A feed named…" and the statuses
"Fail…"; stacked, the name has the width the Status column leaves, and the group and kind
are still read (and still found by the filter)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
)

Index = QModelIndex | QPersistentModelIndex


class StackedName(QStyledItemDelegate):
    """The Name cell: as usual while ``tree.stacked`` is False; else two lines, the name and
    the texts of the ``under`` columns of its row joined by " · "."""

    def __init__(self, tree: QTreeWidget, under: tuple[int, ...]) -> None:
        super().__init__(tree)
        self.tree = tree
        self.under = under

    def second_line(self, index: Index) -> str:
        """The group and kind of ``index``'s row, as its second line says them."""
        texts = (index.model().index(index.row(), column, index.parent()).data()
                 for column in self.under)
        return " · ".join(str(text) for text in texts if text)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if self.stacked():
            size.setHeight(size.height() + option.fontMetrics.lineSpacing())
        return size

    def stacked(self) -> bool:
        return bool(getattr(self.tree, "stacked", False))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not self.stacked():
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = opt.text
        opt.text = ""  # the background, selection and focus only
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        metrics = opt.fontMetrics
        line = metrics.lineSpacing()
        state = opt.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Normal if state & QStyle.StateFlag.State_Enabled
                 else QPalette.ColorGroup.Disabled)
        palette = opt.palette
        first = QRect(area.left() + margin, area.top() + max(area.height() - 2 * line, 0) // 2,
                      max(area.width() - 2 * margin, 0), line)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(first, flags, metrics.elidedText(
            name, opt.textElideMode, first.width()))
        second = first.translated(0, line)
        painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.PlaceholderText))
        painter.drawText(second, flags, metrics.elidedText(
            self.second_line(index), Qt.TextElideMode.ElideRight, second.width()))
        painter.restore()
