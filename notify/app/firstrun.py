"""The first run: import an OPML file or pick feeds from the built-in catalogue, say a few
interests, then one poll fills the inbox silently (a new source's backlog is never notified:
the engine marks it so)."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.settings.import_report import ImportReportDialog, has_details

log = logging.getLogger(__name__)
URL_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


@dataclass(frozen=True)
class CatalogueFeed:
    topic: str
    title: str
    url: str


def load_catalogue() -> list[CatalogueFeed]:
    text = (resources.files("notify.app") / "catalogue.json").read_text("utf-8")
    doc = json.loads(text)
    return [CatalogueFeed(t["topic"], f["title"], f["url"])
            for t in doc["topics"] for f in t["feeds"]]


@dataclass(frozen=True)
class FirstRunChoices:
    opml: bytes | None
    feeds: tuple[str, ...]
    interests: tuple[str, ...]


@dataclass(frozen=True)
class FirstRunResult:
    text: str  # what was done, in one line
    import_report: Any = None  # the OPML import's report (``subscriptions.ImportReport``)


async def apply_choices(engine: Any, choices: FirstRunChoices) -> FirstRunResult:
    """On the engine thread: import, add, set interests, then one silent poll."""
    notes: list[str] = []
    report = None
    if choices.opml:
        report = engine.import_opml(choices.opml)
        notes.append(report.summary() if hasattr(report, "summary") else str(report))
    added = 0
    for url in choices.feeds:
        try:
            engine.add_source("feed", url)
            added += 1
        except Exception as err:  # one bad catalogue entry must not stop the rest
            log.warning("first run: could not add %s: %s", url, err)
            notes.append(str(err))
    if added:
        notes.append(tr("{0} feeds added").format(added))
    if choices.interests:
        ranking = getattr(engine, "ranking", None)
        if ranking is not None:
            from notify.core.ranking.profile import parse_term

            ranking().onboard([parse_term(w) for w in choices.interests], time.time())
            notes.append(tr("{0} interests noted").format(len(choices.interests)))
        else:
            log.warning("first run: this engine has no ranking(); the interests %s were not "
                        "saved", choices.interests)
            notes.append(tr("your interests could not be saved in this version; add them "
                            "later in Settings → Profile"))
    summary = await engine.poll()
    notes.append(tr("{0} items in your inbox").format(getattr(summary, "new_items", 0)))
    return FirstRunResult("; ".join(notes), report)


class FirstRunDialog(QDialog):
    def __init__(self, bridge: EngineBridge, catalogue: list[CatalogueFeed] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.opml: bytes | None = None
        self.result_text = ""
        self.opml_name = ""
        self.import_report: Any = None  # what the OPML import found, once started
        self.setWindowTitle(tr("Welcome to Notify"))
        self.setAccessibleName(tr("Welcome to Notify"))
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("<b>Welcome.</b> Notify reads your feeds and learns, on this computer "
                          "only, what you care about. Start with some sources:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.opml_button = QPushButton(tr("Import an OPML file…"))
        self.opml_button.setAccessibleName(tr("Import an OPML file"))
        self.opml_button.clicked.connect(self._pick_opml)
        self.opml_label = QLabel()
        row.addWidget(self.opml_button)
        row.addWidget(self.opml_label, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel(tr("…or pick from well-known feeds:")))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("Catalogue of feeds"))
        topics: dict[str, QTreeWidgetItem] = {}
        self.feed_items: list[QTreeWidgetItem] = []
        for feed in catalogue if catalogue is not None else load_catalogue():
            parent_item = topics.get(feed.topic)
            if parent_item is None:
                parent_item = QTreeWidgetItem([feed.topic])
                self.tree.addTopLevelItem(parent_item)
                topics[feed.topic] = parent_item
            item = QTreeWidgetItem([feed.title])
            item.setToolTip(0, feed.url)
            item.setData(0, URL_ROLE, feed.url)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            parent_item.addChild(item)
            self.feed_items.append(item)
        self.tree.expandAll()
        layout.addWidget(self.tree, 1)
        layout.addWidget(QLabel(tr("A few interests (comma separated), to start ranking:")))
        self.interests = QLineEdit()
        self.interests.setPlaceholderText(tr("rust, climate, local news"))
        self.interests.setAccessibleName(tr("Interests"))
        layout.addWidget(self.interests)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Status"))
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.skip_button = QPushButton(tr("Skip"))
        self.skip_button.setAccessibleName(tr("Skip the welcome"))
        self.skip_button.clicked.connect(self.reject)
        self.start_button = QPushButton(tr("Start"))
        self.start_button.setAccessibleName(tr("Start with these sources"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)

    def import_report_dialog(self, parent: QWidget | None) -> ImportReportDialog | None:
        """The OPML import's warnings, skips and merges (as Settings → Sources shows them),
        when it had any."""
        report = self.import_report
        if report is None or not has_details(report):
            return None
        return ImportReportDialog(self.opml_name or tr("your OPML file"), report, parent)

    def checked_urls(self) -> list[str]:
        return [str(item.data(0, URL_ROLE)) for item in self.feed_items
                if item.checkState(0) == Qt.CheckState.Checked]

    def _pick_opml(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import OPML"), str(Path.home()),
                                              tr("OPML files (*.opml *.xml);;All files (*)"))
        if path:
            self.use_opml(Path(path))

    def use_opml(self, path: Path) -> None:
        try:
            self.opml = path.read_bytes()
        except OSError as err:
            self.status.setText(tr("Could not read {0}: {1}").format(path, err.strerror or err))
            return
        self.opml_name = path.name
        self.opml_label.setText(path.name)

    def choices(self) -> FirstRunChoices:
        words = tuple(w.strip() for w in self.interests.text().split(",") if w.strip())
        return FirstRunChoices(self.opml, tuple(self.checked_urls()), words)

    def start(self) -> None:
        choices = self.choices()
        if not choices.opml and not choices.feeds:
            self.status.setText(tr("Pick at least one feed or an OPML file, or Skip."))
            return
        self.start_button.setEnabled(False)
        self.skip_button.setEnabled(False)
        self.status.setText(tr("Adding your sources and reading them once (no notifications "
                               "for what is already there)…"))

        def done(result: FirstRunResult) -> None:
            self.result_text = result.text
            self.import_report = result.import_report
            self.accept()

        def failed(err: BaseException) -> None:
            self.start_button.setEnabled(True)
            self.skip_button.setEnabled(True)
            self.status.setText(str(err))

        ops.Op(self, lambda engine: apply_choices(engine, choices), done).failure(
            failed).run_in_background(self.bridge)
