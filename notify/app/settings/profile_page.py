"""Settings → Profile: interests, learned features (search, pin, forget), reset, export/import.

Every call goes to the engine's ranking service; this page only shows and forwards. When the
engine of this build has no profile operations yet, the page says so instead of failing.
"""

from __future__ import annotations

import json
import logging
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

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfilePage", text)


def feature_rows(profile: Any) -> list[tuple[str, float, bool]]:
    """(feature, weight, pinned) from the profile view, whatever its exact shape."""
    raw = getattr(profile, "features", None)
    if raw is None and isinstance(profile, dict):
        raw = profile.get("features", [])
    rows: list[tuple[str, float, bool]] = []
    for entry in raw or ():
        if isinstance(entry, dict):
            name = entry.get("name") or entry.get("feature")
            rows.append((str(name), float(entry.get("weight", 0.0)),
                         bool(entry.get("pinned", False))))
        elif isinstance(entry, tuple | list) and len(entry) >= 2:
            rows.append((str(entry[0]), float(entry[1]),
                         bool(entry[2]) if len(entry) > 2 else False))
        else:
            rows.append((str(getattr(entry, "name", entry)),
                         float(getattr(entry, "weight", 0.0)),
                         bool(getattr(entry, "pinned", False))))
    return rows


class ProfilePage(QWidget):
    message = Signal(str)

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.rows: list[tuple[str, float, bool]] = []
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
        layout.addWidget(QLabel(tr("What Notify has learned")))
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

    def _call(self, method: str, *args: Any, done: Any = None) -> None:
        def run(engine: Any) -> Any:
            target = getattr(engine, method, None)
            if target is None:
                raise RuntimeError(tr("This build of Notify cannot change the profile yet "
                                      "({0} is missing).").format(method))
            return target(*args)

        ops.Op(self, run, done).failure(self._failed).run_in_background(self.bridge)

    def load(self) -> None:
        self._call("profile_show", done=self._loaded)

    def _loaded(self, profile: Any) -> None:
        self.rows = feature_rows(profile)
        interests = getattr(profile, "interests", None)
        if interests is None and isinstance(profile, dict):
            interests = profile.get("interests")
        if interests is not None:
            self.interests.setText(", ".join(str(i) for i in interests))
        self._show()

    def _show(self) -> None:
        needle = self.search.text().strip().lower()
        self.features.clear()
        for name, weight, pinned in self.rows:
            if needle and needle not in name.lower():
                continue
            item = QListWidgetItem(f"{'📌 ' if pinned else ''}{name}  ({weight:+.2f})")
            item.setData(256, name)
            self.features.addItem(item)

    def _selected(self) -> str | None:
        item = self.features.currentItem()
        return str(item.data(256)) if item is not None else None

    def save_interests(self) -> None:
        words = [w.strip() for w in self.interests.text().split(",") if w.strip()]
        self._call("profile_interests", words, done=lambda _r: emit(self.message, tr("Saved.")))

    def pin(self) -> None:
        name = self._selected()
        if name:
            self._call("profile_pin", name, done=lambda _r: self.load())

    def forget(self) -> None:
        name = self._selected()
        if name:
            self._call("profile_forget", name, done=lambda _r: self.load())

    def reset(self) -> None:
        if QMessageBox.question(self, tr("Reset profile"),
                                tr("Forget everything Notify has learned about you?")
                                ) == QMessageBox.StandardButton.Yes:
            self._call("profile_reset", done=lambda _r: self.load())

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export profile"),
                                              str(Path.home() / "notify-profile.json"))
        if not path:
            return

        def write(doc: Any) -> None:
            text = doc if isinstance(doc, str) else json.dumps(doc, indent=2)
            Path(path).write_text(text, encoding="utf-8")
            emit(self.message, tr("Profile exported to {0}.").format(path))

        self._call("profile_export", done=write)

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import profile"), str(Path.home()))
        if path:
            text = Path(path).read_text(encoding="utf-8")
            self._call("profile_import", text, done=lambda _r: self.load())

    def _failed(self, err: BaseException) -> None:
        log.warning("profile page: %s", err)
        emit(self.message, str(err))
