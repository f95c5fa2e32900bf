"""Settings → Sources: a source whose address gives a web page that announces feeds (added
without the check, or a site that put a page where its feed was) is switched to one of those
feeds in one click: "Use the page's feed…" under its health.

The button shows when the source's last error says so as data: its "change the address"
advice names the feed the page announced (``core.sources.feed.web_page_advice``). A click
looks at the page again (``engine.probe``: the core's autodiscovery, as adding a web page
does), then, as adding one does, switches at once when the page offers one feed, else asks
which one in the ``feed_picker`` (those that are sources already marked). The chosen feed is
checked as a typed address is (``address_check.checked_address``) and becomes the source's
address: the source keeps its id, so its items (history, read, saved, liked), its group, its
interval and a name the person gave; a name Notify gave follows the feed's own title. The new
address is polled at once (the engine's own next round: a new address is due now)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.address_check import (
    CheckFailed,
    all_taken_text,
    checked_address,
    no_feed_text,
    pick_feed,
    subscribed_among,
)
from notify.app.untrusted_text import isolated
from notify.core.errors import Remedy
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.source_names import source_name

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


def announced_feed(state: SourceState | None) -> str:
    """The feed the web page at a source's address announced at its last poll, as its last
    error's advice names it ("": the last error is no such page, or there is none)."""
    if state is None or state.last_error is None:
        return ""
    return next((p.advice.address for p in state.last_error_advice
                 if p.advice.remedy is Remedy.EDIT_ADDRESS and p.advice.address), "")


class PageFeedButton(QPushButton):
    """"Use the page's feed…" for the source ``current()`` gives (``show_for`` its state)."""

    message = Signal(str)  # a user-facing result line for the window's status

    def __init__(self, bridge: EngineBridge, current: Callable[[], Source | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Use the page's feed…"), parent)
        self.bridge = bridge
        self._current = current
        self.setAccessibleName(tr("Use a feed the page announces"))
        self.clicked.connect(self.switch)
        self.hide()

    def show_for(self, state: SourceState | None) -> None:
        feed = announced_feed(state)
        self.setVisible(bool(feed))
        self.setToolTip(tr("This source's address gives a web page. Follow the feed it "
                           "announces ({0}) instead: the source keeps its name, group, "
                           "interval and items").format(feed) if feed else "")
        self.setAccessibleDescription(self.toolTip())

    def switch(self) -> None:
        """Look at the page's feeds again and switch the source to the one chosen."""
        source = self._current()
        if source is None:
            return
        page, name = source.url, isolated(source_name(source), 60)
        self.setEnabled(False)
        self._say(tr("Looking at the feeds {0} announces…").format(redact(page)))

        async def run(engine: Any) -> Any:
            probe = await engine.probe(page)
            offered = list(getattr(probe, "candidates", ()))
            return probe, subscribed_among(engine, offered) if offered else {}

        def done(result: Any) -> None:
            self.setEnabled(True)
            probe, taken = result
            candidates = list(getattr(probe, "candidates", ()))
            if probe.error:
                self._say(tr("Could not read {0} to find its feeds: {1}").format(
                    redact(page), probe.error))
            elif probe.is_feed:
                self._say(tr("{0} gives a feed again: Check now polls it.").format(redact(page)))
            elif not candidates:
                self._say(no_feed_text(probe, page))
            elif all(str(c.url) in taken for c in candidates):
                self._say(all_taken_text(page, candidates, taken) + " " + tr(
                    "Remove {0} if you no longer need it.").format(name))
            else:
                question = tr("{0}: its address {1} is a web page that offers {2} feeds. "
                              "Choose the one it follows from now on (it keeps its name, "
                              "group, interval and items):").format(
                                  name, redact(page), len(candidates))
                chosen = pick_feed(self, candidates, page=page, taken=taken,
                                   question=question)
                if chosen is None:
                    self._say(tr("Nothing changed: {0} still uses {1}.").format(
                        name, redact(page)))
                else:
                    self._use(source.id, chosen)

        ops.Op(self, run, done).failure(self._failed).run_in_background(self.bridge)

    def _use(self, source_id: int, feed: str) -> None:
        """``feed`` checked as a typed address is, then the source's address."""
        self.setEnabled(False)

        async def run(engine: Any) -> Any:
            address = await checked_address(engine, "feed", feed)
            if not isinstance(address, str):
                return address  # why not (or another page: not followed further)
            return engine.update_source(source_id, url=address)

        def done(result: Any) -> None:
            self.setEnabled(True)
            if isinstance(result, Source):
                self._say(tr("{0} now follows {1}; it keeps its items. Polling it…").format(
                    isolated(source_name(result), 60), redact(result.url)))
            elif isinstance(result, CheckFailed):
                self._say(tr("{0} was not used: {1} The source still uses its old "
                             "address.").format(redact(feed), result.error.rstrip(".") + "."))
            else:
                self._say(tr("{0} is a web page too, not a feed. The source still uses its old "
                             "address.").format(redact(feed)))

        ops.Op(self, run, done).failure(self._failed).run_in_background(self.bridge)

    def _failed(self, err: BaseException) -> None:
        self.setEnabled(True)
        ops.log_failure(log, "sources page", err)
        self._say(said(err))

    def _say(self, text: str) -> None:
        emit(self.message, text)
