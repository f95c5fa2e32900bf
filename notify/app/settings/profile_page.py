"""Settings → Profile: interests, learned features (search, pin, forget), reset, export/import.

Every call goes to the engine's ranking service (``engine.ranking()``, on the engine thread);
this page only shows and forwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.core.errors import NotifyError
from notify.core.ranking.profile import parse_term

log = logging.getLogger(__name__)
NAME_ROLE = 256  # Qt.UserRole: the feature's name
PROFILE_ROWS = 200


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfilePage", text)


class ProfilePage(QWidget):
    message = Signal(str)

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.rows: list[tuple[str, float, bool, str]] = []
        self.current_interests: list[Any] = []  # ranking.profile.Term values
        layout = QVBoxLayout(self)
        self.interests = QLineEdit()
        self.interests.setPlaceholderText(tr("What you care about, comma separated: rust, "
                                             "climate, local news"))
        self.interests.setAccessibleName(tr("Interests"))
        save_interests = QPushButton(tr("Save interests"))
        save_interests.setAccessibleName(tr("Save interests"))
        save_interests.clicked.connect(self.save_interests)
        row = QHBoxLayout()
        row.addWidget(self.interests, 1)
        row.addWidget(save_interests)
        layout.addWidget(QLabel(tr("Interests")))
        layout.addLayout(row)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search learned features"))
        self.search.setAccessibleName(tr("Search learned features"))
        self.search.textChanged.connect(lambda _t: self._show())
        self.features = QListWidget()
        self.features.setAccessibleName(tr("Learned features"))
        self.summary = QLabel(tr("What Notify has learned"))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.search)
        layout.addWidget(self.features, 1)
        buttons = QHBoxLayout()
        for key, label, slot in (("pin", tr("Pin"), self.pin),
                                 ("forget", tr("Forget"), self.forget),
                                 ("export", tr("Export…"), self.export_dialog),
                                 ("import", tr("Import…"), self.import_dialog),
                                 ("reset", tr("Reset…"), self.reset)):
            button = QPushButton(label)
            button.setObjectName(f"profile-{key}")
            button.setAccessibleName(label.rstrip("…"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        bridge.profileChanged.connect(lambda _e: self.load())
        if bridge.running:
            self.load()
        else:
            bridge.started.connect(self.load)

    def _call(self, fn: Callable[[Any], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run ``fn(ranking_service)`` on the engine thread (``engine.ranking()``)."""

        def run(engine: Any) -> Any:
            ranking = getattr(engine, "ranking", None)
            if ranking is None:
                raise RuntimeError(tr("This build of Notify has no ranking yet, so there is "
                                      "no profile to show."))
            return fn(ranking())

        ops.Op(self, run, done).failure(self._failed).run_in_background(self.bridge)

    def load(self) -> None:
        self._call(lambda svc: svc.show(PROFILE_ROWS), self._loaded)

    def _loaded(self, profile: Any) -> None:
        views = list(getattr(profile, "positive", [])) + list(getattr(profile, "negative", []))
        self.rows = [(str(v.name), float(v.weight), bool(v.pinned), str(v.text)) for v in views]
        self.current_interests = list(getattr(profile, "interests", []))
        self.interests.setText(", ".join(
            t.value if t.kind == "keyword" else f"{t.kind}:{t.value}"
            for t in self.current_interests))
        reactions = getattr(profile, "reactions", 0)
        note = profile.search_note() if hasattr(profile, "search_note") else ""
        learned = (tr("Learned from 1 reaction.") if reactions == 1
                   else tr("Learned from {0} reactions.").format(reactions))
        self.summary.setText(" ".join(p for p in (learned, note) if p))
        self._show()

    def _show(self) -> None:
        needle = self.search.text().strip().lower()
        self.features.clear()
        for name, weight, pinned, text in self.rows:
            if needle and needle not in text.lower() and needle not in name.lower():
                continue
            item = QListWidgetItem(f"{'📌 ' if pinned else ''}{text}  ({weight:+.2f})")
            item.setData(NAME_ROLE, name)
            item.setToolTip(name)
            self.features.addItem(item)

    def _selected(self) -> Any:
        item = self.features.currentItem()
        if item is None:
            emit(self.message, tr("Select a learned feature first."))
            return None
        try:
            return parse_term(str(item.data(NAME_ROLE)))
        except NotifyError as err:
            emit(self.message, str(err))
            return None

    def save_interests(self) -> None:
        try:
            wanted = [parse_term(w.strip()) for w in self.interests.text().split(",")
                      if w.strip()]
        except NotifyError as err:
            emit(self.message, str(err))
            return
        current = self.current_interests
        add = [t for t in wanted if t not in current]
        remove = [t for t in current if t not in wanted]
        self._call(lambda svc: svc.interests(add, remove),
                   lambda _r: self._reload_saying(tr("Interests saved.")))

    def pin(self) -> None:
        term = self._selected()
        if term is not None:
            self._call(lambda svc: svc.pin(term, "always"), lambda _r: self.load())

    def forget(self) -> None:
        term = self._selected()
        if term is not None:
            self._call(lambda svc: svc.forget(term), lambda _r: self.load())

    def reset(self) -> None:
        if QMessageBox.question(self, tr("Reset profile"),
                                tr("Forget everything Notify has learned about you?")
                                ) == QMessageBox.StandardButton.Yes:
            self._call(lambda svc: svc.reset(), lambda _r: self.load())

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export profile"),
                                              str(Path.home() / "notify-profile.json"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self._call(lambda svc: svc.export(path),
                   lambda _r: emit(self.message, tr("Profile exported to {0}.").format(path)))

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import profile"), str(Path.home()))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        self._call(lambda svc: svc.import_(path),
                   lambda _r: self._reload_saying(tr("Profile imported.")))

    def _reload_saying(self, text: str) -> None:
        emit(self.message, text)
        self.load()

    def _failed(self, err: BaseException) -> None:
        log.warning("profile page: %s", err)
        emit(self.message, str(err))
