"""A settings tab's place for a page that is built the first time it is needed.

Building every page when Settings opens cost the GUI thread ~80 ms (their modules' imports,
their widgets, the layout of pages nobody looks at yet): the window felt slow to come up. The
window builds the page it shows at once and each other one in its slot when its tab is chosen,
or earlier in a quiet moment after the window is up (``SettingsWindow``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class PageSlot(QWidget):
    """Holds the page ``build`` makes, shown in ``wrap(page)`` (the page itself by default)."""

    def __init__(self, build: Callable[[], QWidget],
                 wrap: Callable[[QWidget], QWidget] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._wrap = wrap
        self.page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self.page is not None

    def ensure(self) -> QWidget:
        """The page, built now if it was not yet."""
        if self.page is None:
            page = self._build()
            shown = self._wrap(page) if self._wrap is not None else page
            layout = self.layout()
            assert layout is not None
            layout.addWidget(shown)
            shown.show()  # now, not at the next turn of the event loop (addWidget queues it)
            self.page = page
        return self.page
