"""Background operations as small objects (after Anki's ``QueryOp``).

``Op(parent, run, success).failure(cb).run_in_background(bridge)``: ``run(engine)`` executes on the
engine thread; ``success``/``failure`` run on the GUI thread, and are skipped if ``parent`` (a
widget) was deleted meanwhile. **Never touch a widget inside ``run``.** The factories below are
the operations windows use; they hold no logic the CLI would need, they only call the engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import shiboken6
from PySide6.QtCore import QObject

from notify.app.bridge import EngineBridge, EngineStopped
from notify.app.qtcompat import emit
from notify.core.errors import SecretStoreError, SourceConfigError, UserInputError

log = logging.getLogger(__name__)

# Refusals the person can act on (a bad address, a setting, no keyring): shown in the window
# that asked, logged as information, not as errors of Notify's.
REFUSALS = (UserInputError, SourceConfigError, SecretStoreError)


def log_failure(logger: logging.Logger, what: str, err: BaseException) -> None:
    """Log a failed operation that a window shows: INFO for a refusal, ERROR otherwise."""
    logger.log(logging.INFO if isinstance(err, REFUSALS) else logging.ERROR, "%s: %s", what, err)


class Op:
    def __init__(self, parent: QObject | None, run: Callable[[Any], Any],
                 success: Callable[[Any], None] | None = None) -> None:
        self._parent = parent
        self._run = run
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        self._failure = callback
        return self

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def run_in_background(self, bridge: EngineBridge) -> None:
        def ok(value: Any) -> None:
            if self._alive() and self._success is not None:
                self._success(value)

        def failed(err: BaseException) -> None:
            if isinstance(err, EngineStopped):  # a late call while Notify quits: no error
                log.debug("operation after the engine stopped: %s", err)
                return
            if not self._alive():
                log.warning("operation failed after its window closed: %s", err)
                return
            if self._failure is not None:
                self._failure(err)
            else:
                log.error("operation failed: %s", err, exc_info=err)
                emit(bridge.engineError, str(err))

        bridge.submit(self._run, ok, failed)


# ----- the operations windows use (thin calls into the engine)

def poll_now(parent: QObject | None, success: Callable[[Any], None] | None = None) -> Op:
    """Every enabled source now, due or not (``notify poll --all``); ``success`` gets the
    round's ``PollSummary``."""
    return Op(parent, lambda engine: engine.poll_all(), success)


def feedback(parent: QObject | None, item_id: int, label: str,
             success: Callable[[Any], None] | None = None) -> Op:
    return Op(parent, lambda engine: engine.feedback(item_id, label), success)


def undo_feedback(parent: QObject | None, success: Callable[[Any], None] | None = None) -> Op:
    return Op(parent, lambda engine: engine.undo_feedback(), success)


def mark_read(parent: QObject | None, item_ids: list[int], read: bool = True,
              success: Callable[[Any], None] | None = None) -> Op:
    ids = list(item_ids)
    return Op(parent, lambda engine: engine.mark_read(ids, read), success)


def set_saved(parent: QObject | None, item_id: int, saved: bool,
              success: Callable[[Any], None] | None = None) -> Op:
    """Save an item for later or unsave it (``engine.set_saved``: whether that changed it)."""
    return Op(parent, lambda engine: engine.set_saved(item_id, saved), success)


def mark_all_read(parent: QObject | None, *, source_id: int | None = None,
                  group: str | None = None,
                  success: Callable[[Any], None] | None = None) -> Op:
    """Every unread item read: of one source, of one group's sources, or of all."""
    def run(engine: Any) -> Any:
        ids: list[int] | None = None
        if source_id is not None:
            ids = [source_id]
        elif group is not None:
            ids = [s.id for s in engine.sources() if s.group == group]
        return engine.mark_all_read(ids)

    return Op(parent, run, success)


def explain(parent: QObject | None, item_id: int, source_id: int,
            success: Callable[[Any], None]) -> Op:
    """Why the item ranked where it did, and whether its source is muted now (the Why panel
    offers Unmute then): ``success((explanation, muted))``."""
    return Op(parent, lambda engine: (engine.explain(item_id),
                                      bool(engine.source(source_id).muted)), success)


def list_sources(parent: QObject | None, success: Callable[[Any], None]) -> Op:
    return Op(parent, lambda engine: engine.sources(), success)


def add_source(parent: QObject | None, kind: str, url: str, *, title: str = "", group: str = "",
               settings: dict[str, Any] | None = None, interval_s: int | None = None,
               success: Callable[[Any], None] | None = None) -> Op:
    return Op(parent, lambda engine: engine.add_source(
        kind, url, title=title, group=group, settings=settings, interval_s=interval_s), success)


def update_source(parent: QObject | None, source_id: int, changes: dict[str, Any],
                  success: Callable[[Any], None] | None = None) -> Op:
    return Op(parent, lambda engine: engine.update_source(source_id, **changes), success)


def remove_source(parent: QObject | None, source_id: int,
                  success: Callable[[Any], None] | None = None) -> Op:
    return Op(parent, lambda engine: engine.remove_source(source_id), success)


def remove_sources(parent: QObject | None, source_ids: list[int],
                   success: Callable[[Any], None] | None = None) -> Op:
    """Several sources removed, one after another; ``success`` gets how many."""
    ids = list(source_ids)

    def run(engine: Any) -> int:
        for source_id in ids:
            engine.remove_source(source_id)
        return len(ids)

    return Op(parent, run, success)


def set_sources_enabled(parent: QObject | None, source_ids: list[int], enabled: bool,
                        success: Callable[[Any], None] | None = None) -> Op:
    """Several sources enabled (polled again soon) or disabled; ``success`` gets how many."""
    ids = list(source_ids)

    def run(engine: Any) -> int:
        for source_id in ids:
            engine.update_source(source_id, enabled=enabled)
        return len(ids)

    return Op(parent, run, success)


def import_opml(parent: QObject | None, data: bytes,
                success: Callable[[Any], None] | None = None) -> Op:
    return Op(parent, lambda engine: engine.import_opml(data), success)


def export_opml(parent: QObject | None, success: Callable[[Any], None]) -> Op:
    """The OPML text, how many feeds it holds and what it leaves out (``opml.left_out``)."""

    def run(engine: Any) -> tuple[str, str, str]:
        from notify.core.opml import exported_count, left_out  # on the engine's thread

        sources = engine.sources()
        return engine.export_opml(), exported_count(sources), left_out(sources)

    return Op(parent, run, success)


MAX_IMAGE_BYTES = 4 * 1024 * 1024
MAX_IMAGES = 20


async def _fetch_images(urls: list[str]) -> dict[str, bytes]:
    """Fetch remote images the person asked to see, through Notify's fetcher (the only
    place that opens sockets); anything that is not an image is dropped."""
    from notify.core.fetch.client import Fetcher
    from notify.core.fetch.outcomes import Request, Updated

    images: dict[str, bytes] = {}
    async with Fetcher() as fetcher:
        for url in urls[:MAX_IMAGES]:
            outcome = await fetcher.get(Request(url=url, max_bytes=MAX_IMAGE_BYTES))
            if isinstance(outcome, Updated) and outcome.content_type.startswith("image/"):
                images[url] = outcome.body
            else:  # the host only: the address would say what the person reads
                log.info("an image from %s was not shown: %s", urlsplit(url).hostname,
                         getattr(outcome, "kind", "not an image"))
    return images


def fetch_images(parent: QObject | None, urls: list[str],
                 success: Callable[[Any], None]) -> Op:
    return Op(parent, lambda _engine: _fetch_images(list(urls)), success)
