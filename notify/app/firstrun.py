"""The first run: import an OPML file, pick feeds from the built-in catalogue or type the
address of a feed or web page (checked, and a page searched for its feeds, as Settings →
Sources does), say a few interests; then one poll fills the inbox silently (a new source's
backlog is never notified: the engine marks it so) and the dialog says what was added and
what failed, and why (``firstrun_result.py``); below it, "Tell Notify what you like": a few
items of that poll to Like or Dismiss, the first-run answers (``firstrun_samples.py``), then
Skip or Done opens the inbox.

"Add sources later" skips the sources, not the interests typed so far: they are saved.
"""

from __future__ import annotations

import json
import logging
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
from notify.app.firstrun_result import (
    FirstRunChoices,
    FirstRunResult,
    apply_choices,
    interest_terms,
    save_interests,
)
from notify.app.firstrun_samples import SamplesPanel
from notify.app.focus_ring import ring_window
from notify.app.settings.import_report import ImportReportDialog, has_details
from notify.app.text_size import text_size
from notify.core.errors import NotifyError
from notify.core.logs import redact

log = logging.getLogger(__name__)
URL_ROLE = Qt.ItemDataRole.UserRole + 1
SIZE_IN_TEXT = (107, 50)  # characters, lines: 640×700 at the usual 9 pt, more for more


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


def adding_text() -> str:
    return tr("Adding your sources and reading them once (no notifications for what is "
              "already there)…")


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


class FirstRunDialog(QDialog):
    def __init__(self, bridge: EngineBridge, catalogue: list[CatalogueFeed] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.opml: bytes | None = None
        self.outcome: FirstRunResult | None = None
        self.result_text = ""
        self._start_after_check = False
        self._working = False  # the sources are being added, or the interests saved
        self._reading = False  # Start's sources are being added and read once
        self.opml_name = ""
        self.import_report: Any = None  # what the OPML import found, once started
        self.setWindowTitle(tr("Welcome to Notify"))
        self.setAccessibleName(tr("Welcome to Notify"))
        self.resize(text_size(self, *SIZE_IN_TEXT))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("<b>Welcome.</b> Notify reads your feeds and learns, on this computer "
                          "only, what you care about. Start with some sources:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.samples: SamplesPanel | None = None  # "Tell Notify what you like", after Start
        row = QHBoxLayout()
        self.opml_button = QPushButton(tr("Import an OPML file…"))
        self.opml_button.setAccessibleName(tr("Import an OPML file"))
        self.opml_button.clicked.connect(self._pick_opml)
        self.opml_label = QLabel()
        row.addWidget(self.opml_button)
        row.addWidget(self.opml_label, 1)
        layout.addLayout(row)
        address_label = QLabel(tr("…type the address of a feed or of a web site (its feeds "
                                  "are found for you):"))
        layout.addWidget(address_label)
        row = QHBoxLayout()
        self.address = QLineEdit()
        self.address.setPlaceholderText(tr("https://example.org or https://example.org/feed.xml"))
        self.address.setAccessibleName(tr("Address of a feed or web site"))
        self.address.returnPressed.connect(self.check_address)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.setAccessibleName(tr("Add this address"))
        self.add_button.setToolTip(tr("Check the address (a web site is searched for its feeds) "
                                      "and put it in the list below"))
        self.add_button.clicked.connect(self.check_address)
        row.addWidget(self.address, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.tree_label = QLabel(tr("…or pick from well-known feeds:"))
        layout.addWidget(self.tree_label)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("Feeds to start with"))
        self.topics: dict[str, QTreeWidgetItem] = {}
        self.feed_items: list[QTreeWidgetItem] = []
        for feed in catalogue if catalogue is not None else load_catalogue():
            self._add_feed_item(feed.topic, feed.title, feed.url, checked=False)
        self.tree.expandAll()
        layout.addWidget(self.tree, 1)
        interests_label = QLabel(tr("A few interests (comma separated), to start ranking:"))
        layout.addWidget(interests_label)
        self.interests = QLineEdit()
        self.interests.setPlaceholderText(tr("rust, climate, local news"))
        self.interests.setAccessibleName(tr("Interests"))
        layout.addWidget(self.interests)
        # what Start has done its part with: the result and the samples take their room
        self.setup_widgets: tuple[QWidget, ...] = (
            intro, self.opml_button, self.opml_label, address_label, self.address,
            self.add_button, self.tree_label, self.tree, interests_label, self.interests)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(tr("Status"))
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.skip_button = QPushButton(tr("Add sources later"))
        self.skip_button.setAccessibleName(tr("Add sources later"))
        self.skip_button.setToolTip(tr("Close this window without adding sources (the "
                                       "interests you typed are kept). Add sources later in "
                                       "Settings → Sources."))
        self.skip_button.clicked.connect(self.skip)
        self.start_button = QPushButton(tr("Start"))
        self.start_button.setAccessibleName(tr("Start with these sources"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.done_button = QPushButton(tr("Open the inbox"))
        self.done_button.setAccessibleName(tr("Open the inbox"))
        self.done_button.clicked.connect(self.accept)
        self.done_button.hide()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        # how far the first reading of the sources is: 700 feeds of an OPML file take a minute
        bridge.sourcePolled.connect(self._source_polled)
        self.focus_ring = ring_window(self)  # the control that has the keyboard, ringed
        # the keyboard where a start is typed: an address (Enter adds it), then Tab on; not on
        # Start, where the first key typed went nowhere and Enter said "Tick at least one feed"
        self.address.setFocus()
        # interests saved before ("Add sources later", then Notify started again: the welcome
        # comes back while there is no source) are shown, not an empty box that looked lost
        ops.Op(self, lambda engine: list(engine.ranking().profile.interests),
               self._show_saved_interests).failure(self._saved_interests_failed
                                                   ).run_in_background(bridge)

    def _show_saved_interests(self, terms: list[Any]) -> None:
        if terms and not self.interests.text().strip():
            self.interests.setText(", ".join(
                t.value if t.kind == "keyword" else f"{t.kind}:{t.value}" for t in terms))

    def _saved_interests_failed(self, err: BaseException) -> None:
        log.warning("could not read the interests saved before: %s", redact(str(err)))

    def import_report_dialog(self, parent: QWidget | None) -> ImportReportDialog | None:
        """The OPML import's warnings, skips and merges (as Settings → Sources shows them),
        when it had any."""
        report = self.import_report
        if report is None or not has_details(report):
            return None
        return ImportReportDialog(self.opml_name or tr("your OPML file"), report, parent)

    # ----- the list of feeds
    def _add_feed_item(self, topic: str, title: str, url: str, *, checked: bool,
                       first: bool = False) -> QTreeWidgetItem:
        parent_item = self.topics.get(topic)
        if parent_item is None:
            parent_item = QTreeWidgetItem([topic])
            if first:  # the person's own addresses come first
                self.tree.insertTopLevelItem(0, parent_item)
            else:
                self.tree.addTopLevelItem(parent_item)
            self.topics[topic] = parent_item
        item = QTreeWidgetItem([title or redact(url)])
        item.setToolTip(0, redact(url))
        item.setData(0, URL_ROLE, url)
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        parent_item.addChild(item)
        parent_item.setExpanded(True)
        self.feed_items.append(item)
        return item

    def listed(self, url: str) -> QTreeWidgetItem | None:
        """The row of ``url`` when the list has it already (the catalogue's, or typed before)."""
        return next((item for item in self.feed_items if item.data(0, URL_ROLE) == url), None)

    def checked_urls(self) -> list[str]:
        return list(dict.fromkeys(
            str(item.data(0, URL_ROLE)) for item in self.feed_items
            if item.checkState(0) == Qt.CheckState.Checked))

    # ----- typing an address
    def check_address(self) -> None:
        """Check the typed address as Settings → Sources does (``engine.probe``): a feed goes
        into the list, ticked; a web page's feeds go in, the first ticked; else say why."""
        url = self.address.text().strip()
        if not url:
            self.status.setText(tr("Type the address of a feed or web site first."))
            return
        self.add_button.setEnabled(False)
        self.start_button.setEnabled(False)
        self.status.setText(tr("Looking at {0}…").format(redact(url)))
        ops.Op(self, lambda engine: engine.probe(url),
               lambda probe: self._checked(url, probe)).failure(
            lambda err: self._check_failed(url, str(err))).run_in_background(self.bridge)

    def _checked(self, url: str, probe: Any) -> None:
        self.add_button.setEnabled(True)
        self.start_button.setEnabled(True)
        mine = tr("Your addresses")
        if probe.error:
            self._check_failed(url, str(probe.error))
            return
        if probe.is_feed:  # its address as fetched: "lwn.net/headlines/rss" with https://
            name = f"“{probe.title}”" if probe.title else redact(url)
            row = self.listed(probe.url)
            if row is not None:  # typed twice, or one of the catalogue's: listed once
                row.setCheckState(0, Qt.CheckState.Checked)
                self.tree.scrollToItem(row)
                self.status.setText(tr("The feed {0} is already in the list below; it is "
                                       "ticked.").format(name))
            else:
                self._add_feed_item(mine, probe.title, probe.url, checked=True, first=True)
                self.status.setText(tr("Found the feed {0}; it is ticked below.").format(name))
            self.address.clear()
        else:
            candidates = list(probe.candidates)
            if not candidates:
                self._check_failed(url, tr("it is a web page that announces no feed. Look for "
                                           "an RSS or Atom link on it and type that address."))
                return
            # a page typed twice listed each of its feeds twice: each feed is listed once
            new = [found for found in candidates if self.listed(found.url) is None]
            for n, found in enumerate(new):
                self._add_feed_item(mine, found.title, found.url,
                                    checked=n == 0 and found is candidates[0], first=True)
            first = self.listed(candidates[0].url)
            if first is not None:
                first.setCheckState(0, Qt.CheckState.Checked)
                self.tree.scrollToItem(first)
            self.address.clear()
            if not new:
                self.status.setText(
                    tr("{0} offers one feed, already in the list below; it is ticked.").format(
                        redact(url)) if len(candidates) == 1 else
                    tr("{0} offers {1} feeds, all already in the list below; the first is "
                       "ticked.").format(redact(url), len(candidates)))
            else:
                self.status.setText(
                    tr("{0} offers one feed; it is ticked below.").format(redact(url))
                    if len(candidates) == 1 else
                    tr("{0} offers {1} feeds; the first is ticked below, tick the others you "
                       "want.").format(redact(url), len(candidates)))
        if self._start_after_check:
            self._start_after_check = False
            self.start()

    def _check_failed(self, url: str, why: str) -> None:
        self._start_after_check = False
        self.add_button.setEnabled(True)
        self.start_button.setEnabled(True)
        # ``why`` already says what to check (the core's messages and ours end with advice):
        # what is left to say is how to go on here (Start checks a typed address again)
        self.status.setText(tr("Could not add {0}: {1} Press Add again once it is corrected, "
                               "or clear the address to start without it.").format(
            redact(url), why.rstrip(".") + "."))
        # the keyboard where the fix is typed, as Settings → Sources does (after Start it was
        # left on "Import an OPML file…", where Enter opened a file chooser)
        self.address.setFocus()
        self.address.selectAll()

    # ----- OPML
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

    def _source_polled(self, event: Any) -> None:
        """While Start reads the sources once: how many are read, of how many ("Adding your
        sources and reading them once (…)… 312 of 671 sources read."), so a long first reading
        is seen to go on."""
        if self._reading:
            self.status.setText(tr("{0} {1:,} of {2:,} sources read.").format(
                adding_text(), int(event.done), int(event.total)))

    # ----- the buttons
    def choices(self) -> FirstRunChoices:
        words = tuple(w.strip() for w in self.interests.text().split(",") if w.strip())
        titles = {str(item.data(0, URL_ROLE)): item.text(0) for item in self.feed_items}
        return FirstRunChoices(self.opml, tuple(self.checked_urls()), words, titles)

    def _interests_ok(self, words: tuple[str, ...]) -> bool:
        try:
            interest_terms(words)
        except NotifyError as err:
            self.status.setText(str(err))
            self.interests.setFocus()
            return False
        return True

    def _busy(self, busy: bool) -> None:
        self._working = busy
        for widget in (self.start_button, self.skip_button, self.add_button, self.opml_button,
                       self.address, self.tree, self.interests):
            widget.setEnabled(not busy)

    def show_result(self, result: FirstRunResult) -> None:
        """What Start did; then "Tell Notify what you like" with the samples of the first
        poll, or, when it brought none (offline), a word that the inbox teaches the same."""
        # the choices have done their part: their room goes to the result, which may be long,
        # and to the samples (the greyed fields stayed, and took a third of the window)
        for widget in self.setup_widgets:
            widget.hide()
        box = self.layout()
        assert isinstance(box, QVBoxLayout)
        self.start_button.hide()
        self.skip_button.hide()
        self.done_button.show()
        self.done_button.setDefault(True)
        if not result.samples:
            self.status.setText(self.result_text + "\n" + tr(
                "No items to ask you about yet: Notify learns what you like from your Likes "
                "and Dismissals in the inbox."))
            box.setStretchFactor(self.status, 1)
            self.done_button.setFocus()
            return
        self.status.setText(self.result_text)
        self.samples = SamplesPanel(self.bridge, result.samples, self)
        box.insertWidget(box.indexOf(self.status) + 1, self.samples, 1)
        self.samples.show()  # now, not at the next turn of the event loop: then it has focus
        self.samples.answered.connect(self._answered)
        self._answered(len(self.samples.answers()))
        self.samples.rows[0].like.setFocus()

    def _answered(self, count: int) -> None:
        """The button that opens the inbox says Skip until an answer is given, then Done."""
        if count:
            self.done_button.setText(tr("Done"))
            self.done_button.setAccessibleName(tr("Done: open the inbox"))
            self.done_button.setToolTip(tr("Your answers are saved; open the inbox"))
        else:
            self.done_button.setText(tr("Skip"))
            self.done_button.setAccessibleName(tr("Skip: open the inbox"))
            self.done_button.setToolTip(tr("Open the inbox without answering; Notify learns "
                                           "from your Likes and Dismissals there too"))

    def skip(self) -> None:
        """No sources now; the interests typed so far are kept."""
        words = self.choices().interests
        if not words:
            QDialog.reject(self)
            return
        if not self._interests_ok(words):
            return
        self._busy(True)

        def failed(err: BaseException) -> None:
            self._busy(False)
            self.status.setText(tr("Could not save your interests: {0}").format(err))

        ops.Op(self, lambda engine: save_interests(engine, words),
               lambda _r: QDialog.reject(self)).failure(failed).run_in_background(self.bridge)

    def reject(self) -> None:
        """Esc and the window's close button: as "Add sources later" (they closed the window
        and lost the interests typed); nothing while the sources are being added (the
        window closed and what that did, the OPML import's report too, was never said)."""
        if self.done_button.isVisible():  # what was added is said: it may close
            QDialog.reject(self)
        elif self._working:
            self.status.setText(tr("Still adding your sources; this window says what was "
                                   "found once they are added."))
        else:
            self.skip()

    def start(self) -> None:
        if self.address.text().strip():  # typed but not added yet: check it first
            self._start_after_check = True
            self.check_address()
            return
        choices = self.choices()
        if not choices.opml and not choices.feeds:
            self.status.setText(tr("Tick at least one feed, type an address or import an OPML "
                                   "file; or press “Add sources later” (your interests are "
                                   "kept)."))
            return
        if not self._interests_ok(choices.interests):
            return
        self._busy(True)
        self._reading = True
        self.status.setText(adding_text())

        def done(result: FirstRunResult) -> None:
            self._reading = False
            self.outcome = result
            self.result_text = result.text()
            self.import_report = result.import_report
            self.show_result(result)

        def failed(err: BaseException) -> None:
            self._reading = False
            self._busy(False)
            self.status.setText(tr("Could not start: {0}").format(err))

        ops.Op(self, lambda engine: apply_choices(engine, choices), done).failure(
            failed).run_in_background(self.bridge)
