"""The desktop app's responsiveness, measured (issue 5).

    .venv/bin/python bench/gui.py            # re-runs itself under Xvfb + a private D-Bus
    .venv/bin/python bench/gui.py --items 20000 --feeds 76    # smaller, quicker

Prints:
- launch → tray-ready: a fresh ``python -m notify`` process, from spawn until it reports the tray
  shown (interpreter start and imports included; target ≤ 1.0 s), over 3 launches;
- the GUI thread's longest stall (a 10 ms heartbeat QTimer; stall = how late a beat fires)
  during a full poll round of the 670-feed list served by the local feed farm
  (bench/feedfarm.py, loopback only), with the inbox open and receiving the new items;
- the longest stall while scrolling an inbox of 100,000 items from top to bottom
  (target: no stall over 50 ms for both);
- max RSS of the app process;
- a jump to a notification's item (``--jump`` alone, offscreen): in fresh processes over an
  inbox of 100,000 items from 3 sources, the oldest item shown (``InboxWindow.show_item``) from
  All items (pages loaded down to it) and from another source's view (switched to All items
  first): the time until it is selected and the GUI thread's longest and p99 stall, beside a
  plain reload of All items (its first page) and the idle event loop of the same process;
  ``--against DIR`` runs another checkout the same way, interleaved;
- the first opening of Settings (``--settings-open`` alone): in fresh app processes over a
  data folder of 1,000 sources, the GUI thread's time from Ctrl+, until the window is painted
  (the shell imports the window's module then, as the app does) and its longest stall in the
  2 s after (the sources' rows, the other pages built in idle turns); ``--against DIR`` runs
  another checkout the same way, interleaved, for a before/after from one run.
Everything talks to 127.0.0.0/8 only.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from heartbeat import STALL_TARGET_MS, Heartbeat  # noqa: E402  (bench/ on sys.path first)

READY_TARGET_S = 1.0


def in_session(argv: list[str]) -> int:
    """Re-run this script inside Xvfb + dbus-run-session with a tray host."""
    for tool in ("xvfb-run", "dbus-run-session", "trayer"):
        if shutil.which(tool) is None:
            print(f"bench/gui.py needs {tool} (see .ci/system-deps.sh)", file=sys.stderr)
            return 2
    script = (f'trayer --edge top --align right --width 10 >/dev/null 2>&1 & '
              f'exec "{sys.executable}" "{Path(__file__).resolve()}" --in-session "$@"')
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "dbus-run-session", "--",
           "sh", "-c", script, "gui.py", *argv]
    return subprocess.call(cmd)


def wait_until(app: Any, predicate: Any, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.002)
    return False


def launch_times(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, NOTIFY_REPORT_STARTUP="1", QT_QPA_PLATFORM="xcb")
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "notify", "--data-dir", tmp],
                                    stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
            assert proc.stderr is not None
            ready = None
            for line in proc.stderr:
                if line.startswith("notify: ready after"):
                    ready = time.perf_counter() - started
                    break
            proc.terminate()
            proc.wait(10)
            proc.stderr.close()
            if ready is None:
                raise RuntimeError("the app did not report ready")
            times.append(ready)
    return times


def fill_inbox(db: Path, n: int, sources: int = 1) -> None:
    """``n`` items, item ``i`` (id ``i + 1``: the oldest is 1) from source ``i % sources + 1``."""
    from notify.core.store.db import connect

    conn = connect(db)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO sources (id, kind, url, title, created_at) "
                     "VALUES (?, 'feed', ?, ?, 0)",
                     ((s, f"http://127.0.0.1:9/{s}", f"Bench source {s}")
                      for s in range(1, sources + 1)))
    conn.executemany(
        "INSERT INTO items (id, source_id, key, title, summary_text, first_seen) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((i + 1, i % sources + 1, f"k{i}", f"Bench item {i}", f"text {i}", 1_700_000_000 + i)
         for i in range(n)))
    conn.execute("COMMIT")
    conn.close()


def poll_round(app: Any, beat: Heartbeat, feeds: str,
               tmp: Path) -> tuple[float, float, int, str]:
    import feedfarm

    from notify.app.bridge import EngineBridge, default_factory
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow
    from notify.core.paths import Paths

    urls = feedfarm.subscription_set(feeds)
    with feedfarm.FarmProcess(addresses=8, latency_s=0.08) as farm:
        rewritten = [feedfarm.rewrite(u, farm.port, farm.addresses) for u in urls]
        opml = tmp / "farm.opml"
        feedfarm.write_opml(rewritten, opml)
        paths = Paths(tmp / "poll").ensure()
        bridge = EngineBridge(default_factory(str(paths.data_dir)))
        ok: list[Any] = []
        bridge.started.connect(lambda: ok.append(1))
        bridge.start()
        assert wait_until(app, lambda: bool(ok), 30), "engine did not start"
        done: list[Any] = []
        bridge.submit(lambda e: e.import_opml(opml.read_bytes()), done.append, done.append)
        assert wait_until(app, lambda: bool(done), 60), "import did not finish"
        reader = Reader(paths.db)
        inbox = InboxWindow(bridge, reader)
        inbox.show()
        polled: list[Any] = []
        beat.start()
        started = time.perf_counter()
        bridge.submit(lambda e: e.poll(), polled.append, polled.append)
        assert wait_until(app, lambda: bool(polled), 600), "poll did not finish"
        wall = time.perf_counter() - started
        wait_until(app, lambda: False, 1.0)  # let the inbox take the new items
        worst = beat.stop()
        poll_detail = beat.describe()
        summary = polled[0]
        if isinstance(summary, BaseException):
            raise summary
        counted: list[Any] = []
        bridge.submit(lambda e: e.status().items, counted.append, counted.append)
        wait_until(app, lambda: bool(counted), 30)
        items = int(counted[0]) if isinstance(counted[0], int) else -1
        inbox.close()
        reader.close()
        bridge.stop()
    return worst, wall, items, poll_detail


def inbox_scroll(app: Any, beat: Heartbeat, n: int,
                 tmp: Path) -> tuple[float, float, int, str]:
    from PySide6.QtCore import QModelIndex

    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow

    db = tmp / "inbox.sqlite3"
    fill_inbox(db, n)
    reader = Reader(db)
    inbox = InboxWindow(None, reader)
    inbox.show()
    assert wait_until(app, lambda: inbox.model.rowCount() > 0, 30)
    bar = inbox.view.verticalScrollBar()
    beat.start()
    started = time.perf_counter()
    while inbox.model.rowCount() < n or bar.value() < bar.maximum():
        bar.setValue(min(bar.maximum(), bar.value() + 200))  # ~200 rows per step, like a fling
        wait_until(app, lambda: False, 0.016)
        if time.perf_counter() - started > 600:
            break
        if not inbox.model.canFetchMore(QModelIndex()) and bar.value() >= bar.maximum():
            break
    wall = time.perf_counter() - started
    worst = beat.stop()
    detail = beat.describe()
    rows = inbox.model.rowCount()
    inbox.close()
    reader.close()
    return worst, wall, rows, detail


SETTINGS_CHILD = """
import sys
checkout, bench, data = sys.argv[1:4]
sys.path[:0] = [checkout, bench]
import notify  # the checkout's package, before gui.py puts this one first on the path
import gui
gui.settings_open_child(data)
"""


def settings_open_child(data: str) -> None:
    """One first opening of Settings, in this fresh process, as a person meets it: the app up
    with its inbox over ``data`` (the engine started, the source kinds loaded), then Ctrl+,.
    Prints one JSON line."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from notify.app.bridge import default_factory
    from notify.app.notifier import PopupNotifier
    from notify.app.shell import Shell
    from notify.core.paths import Paths

    shell = Shell(Paths(Path(data)).ensure(), default_factory(data), notifier=PopupNotifier(),
                  use_tray=False)
    shell.start()
    assert wait_until(app, lambda: shell.bridge.running and shell.inbox is not None
                      and shell.inbox.model.rowCount() > 0, 30), "the inbox did not fill"
    gc.freeze()  # as run_app does once the app is up
    wait_until(app, lambda: False, 1.5)  # the inbox settled, the engine's first work done
    painted: list[float] = []

    class Paints(QObject):
        def eventFilter(self, _obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    paints = Paints()
    beat = Heartbeat()
    beat.start()
    started = time.perf_counter()
    shell.open_settings()
    returned = time.perf_counter()
    assert shell.settings is not None
    shell.settings.installEventFilter(paints)  # painted at a later turn of the event loop
    assert wait_until(app, lambda: bool(painted), 10), "the settings window was not painted"
    stall = beat.stop()
    beat.start()
    wait_until(app, lambda: False, 2.0)
    after = beat.stop()
    print(json.dumps({"open_ms": (returned - started) * 1000,
                      "painted_ms": (painted[0] - started) * 1000, "stall_ms": stall,
                      "after_ms": after, "after": beat.describe()}))
    shell.shutdown()


def settings_open(runs: int, checkouts: list[Path], sources: int,
                  tmp: Path) -> dict[Path, list[dict[str, Any]]]:
    """``runs`` first openings of Settings per checkout, each in a fresh process, the
    checkouts interleaved (A B, B A, …) so that the machine's load weighs on both alike."""
    import gui_store

    data = tmp / "settings-data"
    gui_store.build_store(data, gui_store.subscriptions(sources, gui_store.nowhere))
    for checkout in checkouts:  # byte-compiled, as installed: no module compiled while timed
        compileall.compile_dir(str(checkout / "notify"), quiet=1)
    out: dict[Path, list[dict[str, Any]]] = {c: [] for c in checkouts}
    for k in range(runs):
        for checkout in checkouts if k % 2 == 0 else checkouts[::-1]:
            copy = tmp / f"run-{k}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(data, copy)
            done = subprocess.run([sys.executable, "-c", SETTINGS_CHILD, str(checkout),
                                   str(HERE), str(copy)], capture_output=True, text=True,
                                  cwd=tmp, timeout=120, check=False)
            lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
            if done.returncode != 0 or not lines:
                raise RuntimeError(f"the Settings opening of {checkout} failed:\n"
                                   f"{done.stderr[-2000:]}")
            out[checkout].append(json.loads(lines[-1]))
    return out


JUMP_CHILD = """
import sys
checkout, bench, db = sys.argv[1:4]
sys.path[:0] = [checkout, bench]
import notify  # the checkout's package, before gui.py puts this one first on the path
import gui
gui.jump_child(db)
"""
JUMP_SOURCES = 3


def p99(late: list[float]) -> float:
    """The 99th percentile of the beats' lateness (of a jump's ~100 beats: the second worst)."""
    ordered = sorted(late)
    return ordered[int((len(ordered) - 1) * 0.99)] if ordered else 0.0


def jump_child(db: str) -> None:
    """In this fresh process, an inbox window over ``db`` (``fill_inbox``, ``JUMP_SOURCES``
    sources): the idle loop, a plain reload of All items (until its first page is selected),
    the oldest item shown from All items, then the second oldest (another source's) from the
    oldest's source's view: each until the item is selected. Prints one JSON line."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow

    gc.freeze()
    reader = Reader(Path(db))
    beat = Heartbeat()
    out: dict[str, Any] = {}

    def opened(choice: str) -> Any:
        window = InboxWindow(None, reader)
        window.resize(1000, 700)
        window.show()
        assert wait_until(app, lambda: window.filters.box.count() > JUMP_SOURCES
                          and window.pane.item is not None, 30), "the inbox did not fill"
        if choice != "view:all":
            window.filters.box.setCurrentIndex(window.filters.box.findData(choice))
            assert wait_until(app, lambda: not window.model.settling
                              and window.selection.current_id() is not None
                              and window.model.row_at(window.view.currentIndex()) is not None
                              and window.model.filter.source_id is not None, 30)
        wait_until(app, lambda: False, 0.5)
        return window

    def timed(name: str, window: Any, act: Any, done: Any) -> None:
        beat.start()
        started = time.perf_counter()
        act()
        assert wait_until(app, done, 60), f"{name}: not done in 60 s"
        took = time.perf_counter() - started
        stall = beat.stop()
        out[name] = {"ms": took * 1000, "stall_ms": stall, "p99_ms": p99(beat.late),
                     "rows": window.model.rowCount()}
        window.close()
        window.deleteLater()
        wait_until(app, lambda: False, 0.3)

    beat.start()
    wait_until(app, lambda: False, 1.0)
    out["idle"] = {"ms": 1000.0, "stall_ms": beat.stop(), "p99_ms": p99(beat.late), "rows": 0}
    window = opened("view:all")
    timed("reload", window, window.model.reload,
          lambda: not window.model.settling and window.model.rowCount() > 0
          and window.selection.current_id() is not None)
    window = opened("view:all")
    timed("all", window, lambda: window.show_item(1),
          lambda: window.selection.current_id() == 1)
    window = opened("source:1")  # the oldest item's source: item 2 is source 2's
    timed("other", window, lambda: window.show_item(2),
          lambda: window.selection.current_id() == 2)
    print(json.dumps(out))
    reader.close()


JUMP_CASES = (("idle", "idle event loop (1 s, baseline)"),
              ("reload", "reload of All items (first page)"),
              ("all", "jump to the oldest, in All items"),
              ("other", "jump to an oldest, from another source"))


def jumps(runs: int, checkouts: list[Path], items: int,
          tmp: Path) -> dict[Path, list[dict[str, Any]]]:
    """``runs`` fresh processes per checkout (``jump_child``), interleaved (A B, B A, …)."""
    db = tmp / "jump.sqlite3"
    fill_inbox(db, items, JUMP_SOURCES)
    for checkout in checkouts:
        compileall.compile_dir(str(checkout / "notify"), quiet=1)
    out: dict[Path, list[dict[str, Any]]] = {c: [] for c in checkouts}
    for k in range(runs):
        for checkout in checkouts if k % 2 == 0 else checkouts[::-1]:
            done = subprocess.run([sys.executable, "-c", JUMP_CHILD, str(checkout), str(HERE),
                                   str(db)], capture_output=True, text=True, cwd=tmp,
                                  timeout=300, check=False,
                                  env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
            lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
            if done.returncode != 0 or not lines:
                raise RuntimeError(f"the jump of {checkout} failed:\n{done.stderr[-2000:]}")
            out[checkout].append(json.loads(lines[-1]))
    return out


def print_jumps(results: dict[Path, list[dict[str, Any]]], items: int) -> None:
    print(f"Jump to a notification's item, {items:,} items from {JUMP_SOURCES} sources "
          f"(fresh processes, offscreen; medians, runs in brackets)")
    for checkout, rows in results.items():
        print(f"  {checkout}")
        for key, name in JUMP_CASES:
            cases = [r[key] for r in rows]
            print(f"    {name:<40}" + ("" if key == "idle" else
                                       f" selected ms {column(cases, 'ms')};")
                  + f" longest stall ms {column(cases, 'stall_ms')};"
                  f" p99 ms {column(cases, 'p99_ms')}")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"target: no stall over {STALL_TARGET_MS:.0f} ms")


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def column(rows: list[dict[str, Any]], key: str) -> str:
    values = [r[key] for r in rows]
    return f"{median(values):6.1f} ({', '.join(f'{v:.0f}' for v in values)})"


def print_settings_open(results: dict[Path, list[dict[str, Any]]], sources: int) -> None:
    print(f"First opening of Settings, {sources} sources (fresh app processes, "
          f"{os.environ.get('QT_QPA_PLATFORM', 'xcb')}; medians, runs in brackets)")
    for checkout, rows in results.items():
        print(f"  {checkout}")
        print(f"    Ctrl+, until the call returns ms  {column(rows, 'open_ms')}")
        print(f"    until the window is painted ms    {column(rows, 'painted_ms')}")
        print(f"    longest stall until painted ms    {column(rows, 'stall_ms')}")
        print(f"    longest stall in the 2 s after ms {column(rows, 'after_ms')}")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    if args.jump or args.settings_open:  # this checkout and --against ones, interleaved
        measure, show, size = ((jumps, print_jumps, args.items) if args.jump else
                               (settings_open, print_settings_open, args.sources))
        checkouts = [REPO] + [Path(d).resolve() for d in args.against]
        with tempfile.TemporaryDirectory() as tmp_name:
            results = measure(args.runs, checkouts, size, Path(tmp_name))
        show(results, size)
        return 0
    from PySide6.QtWidgets import QApplication

    launches = launch_times(3)
    app = QApplication(sys.argv[:1])
    import gc

    import notify.app.inbox.window
    import notify.app.shell  # noqa: F401  (imported before the freeze, as in the app)

    gc.freeze()  # as notify.app.main.run_app does once the tray is up
    beat = Heartbeat()
    beat.start()
    wait_until(app, lambda: False, 2.0)
    idle_stall = beat.stop()  # the machine's own noise: an idle Qt loop under this load
    idle_detail = beat.describe()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        poll_stall, poll_wall, new_items, poll_detail = poll_round(app, beat, args.feeds, tmp)
        scroll_stall, scroll_wall, rows, scroll_detail = inbox_scroll(app, beat, args.items,
                                                                      tmp)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("Notify desktop app benchmark (Xvfb, loopback feed farm)")
    print(f"  launch -> tray ready      median {sorted(launches)[1]:.3f} s  "
          f"(runs: {', '.join(f'{t:.3f}' for t in launches)}; target <= {READY_TARGET_S} s)")
    print(f"  idle event loop (baseline) longest stall {idle_stall:.1f} ms ({idle_detail}); "
          f"load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"  poll round, {args.feeds} feeds     {poll_wall:.1f} s, {new_items} items stored; "
          f"longest GUI stall {poll_stall:.1f} ms (target <= {STALL_TARGET_MS:.0f} ms); "
          f"{poll_detail}")
    print(f"  inbox scroll, {rows} rows  {scroll_wall:.1f} s; longest GUI stall "
          f"{scroll_stall:.1f} ms (target <= {STALL_TARGET_MS:.0f} ms); {scroll_detail}")
    print(f"  max RSS of the app process {rss_mb:.0f} MB")
    ok = (poll_stall <= STALL_TARGET_MS and scroll_stall <= STALL_TARGET_MS
          and sorted(launches)[1] <= READY_TARGET_S)
    print("  all targets met" if ok else "  TARGET MISSED (see above)")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", default="670", choices=("76", "670"))
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--settings-open", action="store_true",
                        help="only the first opening of Settings, in fresh app processes")
    parser.add_argument("--jump", action="store_true",
                        help="only the jump to a notification's item, in fresh processes "
                             "(offscreen)")
    parser.add_argument("--runs", type=int, default=7, help="with --settings-open or --jump")
    parser.add_argument("--sources", type=int, default=1000, help="with --settings-open")
    parser.add_argument("--against", action="append", default=[], metavar="DIR",
                        help="with --settings-open or --jump: another checkout, measured "
                             "interleaved")
    parser.add_argument("--in-session", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    offscreen = args.jump or (args.settings_open
                              and os.environ.get("QT_QPA_PLATFORM") == "offscreen")
    if not args.in_session and not os.environ.get("DISPLAY") and not offscreen:
        return in_session(list(argv if argv is not None else sys.argv[1:]))
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
