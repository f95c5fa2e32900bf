"""The desktop app with 1,000 sources and a month of items, measured as a person meets it.

    .venv/bin/python bench/gui_scale.py                  # 1,000 sources, baseline 70 (~2 min)
    .venv/bin/python bench/gui_scale.py --sources 1000 --baseline 0 --no-poll   # quicker

Offscreen (``QT_QPA_PLATFORM=offscreen``, set if unset): the GUI thread's work is the same as
under X, minus painting to a screen. For each store size it builds a data folder through the
store's own API (the OPML import a person would do, then a month of items and each source's
health: bench/gui_store.py), starts the app's shell over it (the inbox opens: no tray
offscreen) and prints:

- how long each window takes to open and show its data (inbox, Settings → Sources, → Profile)
  and the GUI thread's longest stall meanwhile (a 10 ms heartbeat QTimer: how late a beat fires);
- the same for what a person does there: scroll the 1,000 sources, find one by typing in the
  filter, select sources, disable 100 of them one after another, remove one, "Mark all as
  read" over the whole inbox, and a poll round of every source against the local feed farm
  (bench/feedfarm.py, loopback only) with the inbox and the settings open;
- idle: with everything open and nothing due, the process's CPU over 10 s and how many timer
  events and queued calls reached the GUI thread.

The figures are printed, not checked: ``docs/benchmarks.md`` keeps the last run's.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from gui_store import (  # noqa: E402  (bench/ on sys.path first)
    OPML_670,
    Built,
    build_store,
    nowhere,
    opml,
    subscriptions,
)
from heartbeat import STALL_TARGET_MS, Heartbeat  # noqa: E402
from stall_dumps import StallDumps  # noqa: E402

# ----- measuring the GUI thread

def pump(app: Any, until: Callable[[], bool] | None = None, timeout_s: float = 60.0) -> bool:
    """Run the event loop until ``until()`` (or for ``timeout_s`` without one)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.001)
    return until is None


def idle(seconds: float) -> None:
    """The event loop left alone for ``seconds`` (blocked in its own wait, as in the app)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


@dataclass
class Step:
    name: str
    wall_s: float
    stall_ms: float
    beats: str
    note: str = ""


@dataclass
class Run:
    sources: int
    built: Built
    steps: list[Step] = field(default_factory=list)
    idle: str = ""
    heading: str = ""  # instead of the store's sizes


DUMPS: StallDumps | None = None


@contextmanager
def step(run: Run, beat: Heartbeat, name: str, note: Callable[[], str] = lambda: ""
         ) -> Iterator[None]:
    if DUMPS is not None:
        DUMPS.mark(f"{run.sources} sources: {name}")
        DUMPS.rearm()
    started = time.perf_counter()
    beat.start()
    yield
    stall = beat.stop()
    if DUMPS is not None:
        DUMPS.faulthandler.cancel_dump_traceback_later()
    run.steps.append(Step(name, time.perf_counter() - started, stall, beat.describe(), note()))


class Counter:
    """Counts the timer events and queued calls the GUI thread handles (an event filter on the
    application sees every event delivered to every object)."""

    def __init__(self, app: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        timer, meta = QEvent.Type.Timer, QEvent.Type.MetaCall
        counts = self.counts = {"timer": 0, "queued": 0, "other": 0}

        class Filter(QObject):
            def eventFilter(self, _obj: Any, event: Any) -> bool:
                kind = event.type()
                key = "timer" if kind == timer else "queued" if kind == meta else "other"
                counts[key] += 1
                return False

        self.filter = Filter()
        self.app = app

    def __enter__(self) -> Counter:
        for key in self.counts:
            self.counts[key] = 0
        self.app.installEventFilter(self.filter)
        return self

    def __exit__(self, *exc: object) -> None:
        self.app.removeEventFilter(self.filter)


def measure(app: Any, n: int, tmp: Path, *, poll: bool, idle_s: float,
            dump_stalls: Path | None = None) -> Run:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QMessageBox

    from notify.app.bridge import default_factory
    from notify.app.notifier import PopupNotifier
    from notify.app.shell import Shell
    from notify.core.paths import Paths

    farm: Any = None
    rewrite = nowhere
    if poll:
        import feedfarm

        farm = feedfarm.FarmProcess(addresses=8, latency_s=0.08).__enter__()
        rewrite = functools.partial(feedfarm.rewrite, port=farm.port, addresses=farm.addresses)

    try:
        data = tmp / f"data-{n}"
        built = build_store(data, subscriptions(n, rewrite))
        run = Run(n, built)
        beat = Heartbeat()
        global DUMPS
        if dump_stalls is not None and DUMPS is None:
            DUMPS = StallDumps(dump_stalls, beat)
        elif DUMPS is not None:
            beat.timer.timeout.connect(DUMPS.rearm)
        paths = Paths(data).ensure()
        shell: Any = None

        def inbox_rows() -> int:
            return int(shell.inbox.model.rowCount()) if shell and shell.inbox else 0

        with step(run, beat, "(the machine: an idle event loop, 2 s)"):
            pump(app, timeout_s=2.0)
        with step(run, beat, "start: inbox shows its first page",
                  lambda: f"{inbox_rows()} rows"):
            shell = Shell(paths, default_factory(str(data)), notifier=PopupNotifier(),
                          use_tray=False)
            passes = app_collector(shell.bridge)  # as run_app makes it: before the engine starts
            shell.start()
            pump(app, lambda: shell.bridge.running and inbox_rows() > 0)
        inbox = shell.inbox
        gc.freeze()  # as run_app does once the app is up
        with step(run, beat, "inbox: settle (filters, first-run check)"):
            pump(app, timeout_s=1.0)
        with step(run, beat, "inbox: scroll 5,000 rows"):
            bar = inbox.view.verticalScrollBar()
            while inbox.model.rowCount() < 5000 and inbox.model.canFetchMore(QModelIndex()):
                bar.setValue(bar.maximum())
                pump(app, timeout_s=0.016)
        with step(run, beat, "inbox: search 'topic7'", lambda: f"{inbox_rows()} rows"):
            inbox.search.setText("topic7")
            pump(app, lambda: inbox.model.filter.search == "topic7"
                 and not inbox.model._pending, timeout_s=30)
            inbox.search.setText("")
            pump(app, lambda: inbox.model.filter.search == "" and not inbox.model._pending,
                 timeout_s=30)

        page: Any = None
        with step(run, beat, "settings: open, Sources filled",
                  lambda: f"{page.tree.topLevelItemCount()} rows" if page else ""):
            shell.open_settings()
            page = shell.settings.sources
            pump(app, lambda: page.tree.topLevelItemCount() >= n - 1, timeout_s=60)
        tree = page.tree
        with step(run, beat, "sources: scroll top to bottom",
                  lambda: f"{tree.verticalScrollBar().maximum()} steps"):
            bar = tree.verticalScrollBar()
            bar.setValue(0)
            while bar.value() < bar.maximum():
                bar.setValue(min(bar.maximum(), bar.value() + 10))
                pump(app, timeout_s=0.005)
        with step(run, beat, "sources: select 50 rows one by one"):
            for row in range(0, min(n, 500), 10):
                tree.setCurrentItem(tree.topLevelItem(row))
                pump(app, timeout_s=0.005)
        source_list = getattr(page, "list", None)  # the filter box (absent before it was made)
        if source_list is not None:
            with step(run, beat, "sources: type 'wired' in the filter",
                      lambda: source_list.count.text()):
                for k in range(1, 6):
                    source_list.filter.setText("wired"[:k])
                    pump(app, timeout_s=0.05)
            with step(run, beat, "sources: clear the filter", lambda: source_list.count.text()):
                source_list.filter.setText("")
                pump(app, timeout_s=0.05)
        changes = min(100, n // 2)
        with step(run, beat, f"sources: disable {changes} in the editor, one by one",
                  lambda: f"{page.tree.topLevelItemCount()} rows"):
            for row in range(changes):
                tree.setCurrentItem(tree.topLevelItem(row))
                page.enabled.setChecked(False)
                page.save_button.click()
                pump(app, timeout_s=0.02)
            pump(app, lambda: not shell.bridge.busy, timeout_s=60)
            pump(app, timeout_s=0.5)
        bulk = getattr(page, "set_enabled", None)
        if bulk is not None:
            for enabled in (False, True):  # all enabled again for the poll round
                label = "Enable" if enabled else "Disable"
                with step(run, beat, f"sources: select {n // 2}, {label}",
                          lambda: page.list.count.text()):
                    select_rows(tree, 0, n // 2 - 1)  # a click, then a shift-click
                    bulk(enabled)
                    pump(app, lambda: not shell.bridge.busy, timeout_s=60)
                    pump(app, timeout_s=0.5)
        QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes  # type: ignore
        with step(run, beat, "sources: remove one",
                  lambda: f"{page.tree.topLevelItemCount()} rows"):
            before = tree.topLevelItemCount()
            tree.clearSelection()
            tree.setCurrentItem(tree.topLevelItem(5))
            page.remove_button.click()
            pump(app, lambda: tree.topLevelItemCount() == before - 1, timeout_s=30)
        with step(run, beat, "settings: Profile tab loaded"):
            settings = shell.settings  # its pages in slots since they are built when needed
            show_page = getattr(settings, "show_page", settings.tabs.setCurrentWidget)
            show_page(settings.profile)
            pump(app, timeout_s=0.5)
        shell.settings.tabs.setCurrentIndex(0)

        said: list[str] = []
        with step(run, beat, "inbox: Mark all as read", lambda: said[-1] if said else ""):
            # (the window's read_marks.py since the inbox was split; the window itself before)
            getattr(inbox, "read_marks", inbox).mark_all_read()
            pump(app, lambda: inbox.status.text().startswith("Marked")
                 or inbox.status.text().startswith("No unread"), timeout_s=120)
            said.append(inbox.status.text())
            pump(app, lambda: not shell.bridge.busy, timeout_s=60)
            pump(app, timeout_s=0.5)

        if poll:
            rss_before = rss_mb("VmRSS")
            reset_peak_rss()
            with step(run, beat, "poll now: every source, results arriving",
                      lambda: f"{inbox.status.text()}; RSS {rss_before:.0f} MB, "
                              f"peak {rss_mb('VmHWM'):.0f} MB"):
                shell.poll_now()
                pump(app, lambda: not shell.bridge.busy, timeout_s=900)
                pump(app, timeout_s=1.0)

        # the round's notifications closed, its full collection done: then nothing is due
        shell.notifier.shutdown()
        pump(app, timeout_s=3.0)
        cpu0 = time.process_time()
        with Counter(app) as counter:
            idle(idle_s)
        cpu = time.process_time() - cpu0
        c = counter.counts
        run.idle = (f"{cpu:.2f} s CPU in {idle_s:.0f} s; GUI thread: {c['timer']} timer events, "
                    f"{c['queued']} queued calls, {c['other']} other events")
        close_shell(app, shell, passes)
        return run
    finally:
        if farm is not None:
            farm.__exit__(None, None, None)


def measure_import(app: Any, tmp: Path, *, poll: bool, dump_stalls: Path | None = None) -> Run:
    """Settings → Sources → Import OPML… of the AramZS list (670 feeds, their addresses on the
    feed farm, or refusing at once with ``--no-poll``) over an empty data folder: the rows
    shown, then the new sources' first round (the import wakes the schedule)."""
    from notify.app.bridge import default_factory
    from notify.app.notifier import PopupNotifier
    from notify.app.shell import Shell
    from notify.core.paths import Paths

    farm: Any = None
    rewrite = nowhere
    if poll:
        import feedfarm

        farm = feedfarm.FarmProcess(addresses=8, latency_s=0.08).__enter__()
        rewrite = functools.partial(feedfarm.rewrite, port=farm.port, addresses=farm.addresses)
    try:
        file = tmp / "AramZS-subscriptions.opml"
        if OPML_670.is_file():  # the list as it is (its warnings, its duplicates), each
            # address rewritten: nothing leaves the machine
            import re
            from html import escape, unescape

            feeds = len(subscriptions(670))
            file.write_bytes(re.sub(
                rb'xmlUrl="([^"]*)"',
                lambda m: b'xmlUrl="' + escape(rewrite(unescape(m[1].decode()))).encode()
                + b'"', OPML_670.read_bytes()))
        else:
            subs = subscriptions(670, rewrite)
            file.write_bytes(opml(subs))
            feeds = len(subs)
        data = tmp / "data-import"
        paths = Paths(data).ensure()
        listed = "the AramZS list" if OPML_670.is_file() else "a made-up list"
        run = Run(feeds, Built(0, 0, 0.0, 0.0), heading=f"OPML import in Settings: {listed}, "
                  f"{feeds} feeds, into an empty data folder")
        beat = Heartbeat()
        global DUMPS
        if dump_stalls is not None and DUMPS is None:
            DUMPS = StallDumps(dump_stalls, beat)
        elif DUMPS is not None:
            beat.timer.timeout.connect(DUMPS.rearm)
        shell = Shell(paths, default_factory(str(data)), notifier=PopupNotifier(),
                      use_tray=False)
        passes = app_collector(shell.bridge)
        shell.start()
        pump(app, lambda: shell.bridge.running)
        shell.open_settings()
        page = shell.settings.sources
        pump(app, timeout_s=1.0)
        rounds: list[Any] = []
        shell.bridge.pollFinished.connect(rounds.append)
        started = time.perf_counter()
        with step(run, beat, "settings: import OPML, rows and report shown",
                  lambda: f"{page.tree.topLevelItemCount()} rows"):
            page.import_opml(file)
            pump(app, lambda: page.tree.topLevelItemCount() >= feeds and (
                page.import_report is not None or not OPML_670.is_file()), timeout_s=120)
        with step(run, beat, "the new sources' first round, results arriving",
                  lambda: f"{time.perf_counter() - started:.1f} s after the import began"):
            pump(app, lambda: bool(rounds) and not shell.bridge.busy, timeout_s=900)
            pump(app, timeout_s=1.0)
        shell.notifier.shutdown()
        close_shell(app, shell, passes)
        return run
    finally:
        if farm is not None:
            farm.__exit__(None, None, None)


def close_shell(app: Any, shell: Any, passes: Any) -> None:
    """The measured app stopped: its engine, the collector's thresholds back, its windows
    closed and deleted."""
    shell.shutdown()
    if passes is not None:
        passes.restore()
    for w in (shell.inbox, shell.settings):
        if w is not None:
            w.close()
            w.deleteLater()
    pump(app, timeout_s=0.2)


def app_collector(bridge: Any) -> Any:
    """The app's collector policy, as run_app sets it: every collection on the GUI thread, full
    passes between rounds; before that, full passes between rounds only; before that, none."""
    try:
        from notify.app.collector import GuiThreadCollector

        return GuiThreadCollector(bridge)
    except ImportError:
        pass
    try:
        from notify.app.collector import FullPasses  # type: ignore[attr-defined]

        return FullPasses(bridge)
    except ImportError:
        return None


def reset_peak_rss() -> None:
    """The kernel's peak of this process's resident memory (VmHWM) starts again from now."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError as err:
        print(f"(the peak RSS is the process's since it started: {err})", file=sys.stderr)


def rss_mb(key: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (the peak) of this process, in MB (0 without /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def select_rows(tree: Any, first: int, last: int) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model = tree.model()
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    tree.setCurrentItem(tree.topLevelItem(first))
    tree.selectionModel().select(QItemSelection(model.index(first, 0), model.index(last, 0)),
                                 flags)


def report(runs: list[Run]) -> None:
    print("Notify desktop app at scale (offscreen; GUI thread stalls from a 10 ms heartbeat)")
    for run in runs:
        b = run.built
        print(f"\n{run.heading}" if run.heading else
              f"\n{run.sources} sources, {b.items:,} items "
              f"(OPML import {b.import_s:.2f} s, items and health stored {b.fill_s:.1f} s)")
        print(f"  {'step':<48} {'wall s':>7} {'stall ms':>9}  {'beats':<24} note")
        for s in run.steps:
            flag = " !" if s.stall_ms > STALL_TARGET_MS else "  "
            print(f"  {s.name:<48} {s.wall_s:>7.2f} {s.stall_ms:>9.1f}{flag} {s.beats:<24} "
                  f"{s.note}")
        if run.idle:
            print(f"  idle: {run.idle}")
    print(f"\n! marks a stall over {STALL_TARGET_MS:.0f} ms. load average {os.getloadavg()[0]:.1f}"
          f" on {os.cpu_count()} CPUs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000,
                        help="sources of the store measured (0: none, e.g. with --opml-import)")
    parser.add_argument("--baseline", type=int, default=70,
                        help="the same with this many sources first (0: none)")
    parser.add_argument("--no-poll", action="store_true",
                        help="skip the poll round against the feed farm")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measured")
    parser.add_argument("--opml-import", action="store_true",
                        help="then import the 670 feeds of the AramZS list in Settings over an "
                             "empty data folder, and their first round")
    parser.add_argument("--dump-stalls", type=Path, metavar="FILE",
                        help="every thread's stack to FILE when the GUI thread stalls 40 ms, "
                             "each late beat (where its time went: the GUI thread's CPU, its "
                             "collections, the run queue, else the GIL) and each collection of "
                             "5 ms or more; a diagnosis, not figures to keep: the stacks are "
                             "read unlocked, and the process crashed in 2 of ~10 runs (kill "
                             "the feed farm it leaves: bench/feedfarm.py serve)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # imported first, as the app has them once it runs: the first window opened measures the
    # window, not the import of its modules (bench/gui.py measures the launch)
    import notify.app.inbox.window
    import notify.app.settings.window
    import notify.app.shell  # noqa: F401
    from notify.core.sources import registry

    registry.all_kinds()  # imported by the engine's first poll, long before Settings opens
    runs = []
    with tempfile.TemporaryDirectory(prefix="notify-gui-scale-") as tmp:
        for n in ([args.baseline] if args.baseline else []) + ([args.sources] if args.sources
                                                                else []):
            runs.append(measure(app, n, Path(tmp), poll=not args.no_poll, idle_s=args.idle,
                                dump_stalls=args.dump_stalls))
        if args.opml_import:
            runs.append(measure_import(app, Path(tmp), poll=not args.no_poll,
                                       dump_stalls=args.dump_stalls))
    if DUMPS is not None:
        DUMPS.close()
    report(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
