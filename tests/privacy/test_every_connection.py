"""Every connection, end to end: the real CLI imports the 76-subscription OPML served by the local
feed farm, adds a feed whose items' HTML carries remote images, scripts, iframes, style sheets,
media and tracking pixels pointing at a second ("tracker") server, polls, lists, reacts (like,
dismiss), exports the profile and the OPML; then the real inbox window (offscreen, with the real
engine in its thread) opens the items and clicks its Like and Dismiss buttons, which are stored.
Every process runs under the socket audit (tests/support/netaudit).

It passes only if every connection and name lookup went to the chosen sources' hosts (the farm's
addresses and the item feed's server) and the tracker server saw **zero** requests.

Not covered here (docs/reliability.md): the desktop app's own process with the notification
daemon on the session bus; that needs the session of tests/session/run.sh.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.privacy.harness import REPO, Home
from tests.support.hostile_server import HostileServer

SHARED = REPO.parent / "shared"
needs_corpus = pytest.mark.skipif(
    not (SHARED / "corpus" / "opml").is_dir() or not (SHARED / "corpus" / "feeds").is_dir(),
    reason=f"the shared corpus is absent ({SHARED}); the farm serves its feeds and OPML",
)


def _feedfarm() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notify_bench_feedfarm",
                                                  REPO / "bench" / "feedfarm.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def tracking_html(t: str) -> str:
    """Everything an item's HTML can use to make a reader call home."""
    return (
        f'<p>Story text <img src="{t}/pixel.gif?u=1" width="1" height="1">'
        f'<img srcset="{t}/a.png 1x, {t}/b.png 2x" src="{t}/img.png">'
        f'<script src="{t}/track.js"></script><iframe src="{t}/frame.html"></iframe>'
        f'<link rel="stylesheet" href="{t}/style.css"><style>@import url({t}/i.css);'
        f"p {{ background: url({t}/bg.png) }}</style>"
        f'<video poster="{t}/poster.jpg" src="{t}/v.mp4"></video><audio src="{t}/a.mp3"></audio>'
        f'<object data="{t}/o.swf"></object><embed src="{t}/e.swf">'
        f'<span style="background-image:url({t}/span.png)">x</span>'
        f'<input type="image" src="{t}/input.png"><a href="{t}/link">a link</a></p>'
    )


def tracking_feed(t: str, count: int = 5) -> bytes:
    items = "".join(
        f"<item><title>Tracked story {i}</title><link>{t}/story/{i}</link>"
        f"<guid>urn:tracked:{i}</guid><description><![CDATA[{tracking_html(t)}]]></description>"
        f'<enclosure url="{t}/episode{i}.mp3" length="1" type="audio/mpeg"/>'
        f'<media:thumbnail url="{t}/thumb{i}.jpg"/></item>'
        for i in range(count)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>Tracked</title><link>{t}/</link>"
        f"<image><url>{t}/logo.png</url><title>x</title><link>{t}/</link></image>"
        f"{items}</channel></rss>"
    ).encode()


INBOX_SCRIPT = r"""
import os, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from notify.app.bridge import EngineBridge, default_factory

app = QApplication([])
reader = Reader(Path(sys.argv[1]))
# the real engine in its thread (as in the app), so that Like and Dismiss are really saved
bridge = EngineBridge(default_factory(sys.argv[2]))
window = InboxWindow(bridge, reader)
window.show()

def pump(until, timeout=20.0):
    end = time.monotonic() + timeout
    while not until() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    return until()

started = []
bridge.started.connect(lambda: started.append(True))
bridge.startFailed.connect(lambda msg: sys.exit(f"the engine did not start: {msg}"))
bridge.start()
assert pump(lambda: bool(started)), "the engine did not start"

assert pump(lambda: window.model.rowCount() > 0), "the inbox stayed empty"
while window.model.canFetchMore(window.view.rootIndex()):
    window.model.fetchMore(window.view.rootIndex())
    app.processEvents()
shown, refused = 0, set()
rows = window.model.rowCount()
# every item of the tracker feed and every 10th of the others (all: NOTIFY_PRIVACY_ALL_ITEMS=1)
every = 1 if os.environ.get("NOTIFY_PRIVACY_ALL_ITEMS") == "1" else 10
wanted = [r for r in range(rows) if r % every == 0
          or "Tracked" in str(window.model.index(r, 0).data())]
for row in wanted:
    target = window.model.row_at(window.model.index(row, 0))
    assert target is not None, f"row {row} is not loaded"
    window.view.selectRow(row)
    # this row's item in the pane (its images asked for), not the one shown before
    assert pump(lambda: window.pane.item is not None and window.pane.item.id == target.id, 5)
    for _ in range(20):
        app.processEvents()
    shown += 1
    refused.update(window.pane.browser.refused)
# Like and Dismiss through the pane's real buttons (a mouse click each), on tracker items
reacted = []
for item_id, label in ((int(sys.argv[3]), "like"), (int(sys.argv[4]), "dismiss")):
    row = window.model.row_of(item_id)
    assert row is not None, f"item {item_id} is not in the inbox"
    window.view.selectRow(row)
    assert pump(lambda: window.pane.item is not None and window.pane.item.id == item_id, 5)
    QTest.mouseClick(window.pane.buttons[label], Qt.MouseButton.LeftButton)
    assert pump(lambda: window.last_reaction == (item_id, label), 20), window.status.text()
    reacted.append(f"{label}={item_id}")
    for _ in range(20):
        app.processEvents()
    refused.update(window.pane.browser.refused)
import sitecustomize  # the socket audit: prove it is active in this process
print(f"ROWS {rows} SHOWN {shown} REFUSED {len(refused)} AUDIT {bool(sitecustomize._PATH)} "
      f"REACTED {','.join(reacted)}")
window.close()
bridge.stop()
reader.close()
"""


@pytest.fixture
def farm() -> Iterator[object]:
    ff = _feedfarm()
    with ff.running_farm(addresses=ff.farm_addresses(4), latency_s=0.0) as running:
        running.module = ff  # type: ignore[attr-defined]
        yield running


@needs_corpus
@pytest.mark.slow
def test_a_whole_session_connects_only_to_the_chosen_sources(tmp_path: Path, farm: object) -> None:
    ff = farm.module  # type: ignore[attr-defined]
    urls = [farm.url_for(u) for u in ff.subscription_set("76")]  # type: ignore[attr-defined]
    opml = tmp_path / "subscriptions.opml"
    ff.write_opml(urls, opml, title="76 subscriptions")
    traced = shutil.which("strace") is not None  # C-level sockets (Qt's) too, when available
    home = Home(tmp_path / "session", strace=traced)
    with HostileServer(host="127.0.0.9") as tracker, HostileServer() as source:
        t = tracker.base_url
        feed_url = source.route("/tracked.xml", tracking_feed(t))
        assert home.cli("sources", "import", str(opml)).code == 0
        assert home.cli("sources", "add", feed_url).code == 0
        polled = home.cli("poll", "--all", "--json", timeout=300)
        assert polled.code in (0, 1), polled.err
        report = json.loads(polled.out)
        assert report["polled"] == 77 and report["new_items"] > 0
        items = json.loads(home.cli("items", "--json", "-n", "400").out)["items"]
        listed = json.loads(home.cli("sources", "list", "--json").out)["sources"]
        (tracked_id,) = [s["id"] for s in listed if s["url"] == feed_url]
        tracked = json.loads(home.cli("items", "--json", "-s", str(tracked_id)).out)["items"]
        assert tracked, "the tracking feed's items were stored"
        assert home.cli("feedback", str(tracked[0]["id"]), "like").code == 0
        assert home.cli("feedback", str(tracked[1]["id"]), "dismiss").code == 0
        assert home.cli("profile", "export", str(home.data / "profile.json")).code == 0
        assert home.cli("sources", "export", str(home.data / "export.opml")).code == 0
        assert home.cli("status", "--json").code == 0
        inbox = subprocess.run(
            home.wrap([sys.executable, "-c", INBOX_SCRIPT, str(home.data / "notify.sqlite3"),
                       str(home.data), str(tracked[2]["id"]), str(tracked[3]["id"])]),
            capture_output=True, text=True, timeout=300, cwd=home.root,
            env=home.env({"QT_QPA_PLATFORM": "offscreen", "NOTIFY_PRIVACY_ALL_ITEMS":
                          os.environ.get("NOTIFY_PRIVACY_ALL_ITEMS", "")}),
        )
        assert inbox.returncode == 0, inbox.stderr[-3000:]
        assert "SHOWN" in inbox.stdout and "AUDIT True" in inbox.stdout, inbox.stdout
        shown = int(inbox.stdout.split("SHOWN ")[1].split()[0])
        refused = int(inbox.stdout.split("REFUSED ")[1].split()[0])
        rows = int(inbox.stdout.split("ROWS ")[1].split()[0])
        assert rows >= len(items) and shown >= rows // 10, inbox.stdout
        assert refused > 0, inbox.stdout  # the HTML asked for remote content; refused
        # the app's Like and Dismiss (real buttons, real engine) were stored
        assert f"REACTED like={tracked[2]['id']},dismiss={tracked[3]['id']}" in inbox.stdout
        after = {i["id"]: i["reaction"] for i in json.loads(
            home.cli("items", "--json", "-s", str(tracked_id)).out)["items"]}
        assert after[tracked[2]["id"]] == "like" and after[tracked[3]["id"]] == "dismiss", after
        assert after[tracked[0]["id"]] == "like" and after[tracked[1]["id"]] == "dismiss", after
        tracker_requests = tracker.requests
    assert tracker_requests == [], [r.path for r in tracker_requests]

    allowed = set(farm.addresses) | {"127.0.0.1"}  # type: ignore[attr-defined]
    events = home.connections()
    assert events, "the audit recorded the processes' connections"
    strays = []
    for event in events:
        target = event["target"]
        host = target[0] if isinstance(target, list) else target
        if isinstance(host, str) and (host.startswith(("/", "\0")) or host == ""):
            continue  # a Unix socket (none expected offscreen)
        if host not in allowed:
            strays.append(event)
    assert strays == [], strays[:20]
    if traced:  # every connect() system call of every process, Python's or not
        syscalls = home.syscall_connections()
        assert syscalls, "strace saw the polls' connections"
        bad = [(fam, addr) for fam, addr in syscalls
               if (fam == "inet" and addr not in allowed) or fam == "other"]
        assert bad == [], bad[:20]
        print(f"strace: {len(syscalls)} connect() calls, to "
              f"{sorted({a for f, a in syscalls if f == 'inet'})} and "
              f"{len({a for f, a in syscalls if f == 'unix'})} Unix sockets")
    pids = {e["pid"] for e in events}
    connects = [e for e in events if e["event"] == "connect"]
    print(f"audited {len(pids)} processes, {len(connects)} connections to "
          f"{len({tuple(e['target']) for e in connects if isinstance(e['target'], list)})} "
          f"(host, port) pairs; inbox: {inbox.stdout.strip()}; tracker requests: 0")
    assert len(pids) >= 2, "the adding and the polling CLI processes connected"
    assert os.path.exists(home.data / "profile.json")
