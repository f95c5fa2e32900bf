"""``notify rank --jsonl`` through a real subprocess, as the evaluation harness drives it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


class Proc:
    def __init__(self, data_dir: Path) -> None:
        self.log = data_dir / "stderr.log"
        with self.log.open("w") as err:
            self.p = subprocess.Popen(
                [sys.executable, "-m", "notify", "rank", "--jsonl", "--data-dir", str(data_dir)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1,
            )

    def __call__(self, req: dict[str, Any]) -> dict[str, Any]:
        assert self.p.stdin is not None and self.p.stdout is not None
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        assert line, self.log.read_text()
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> int:
        assert self({"op": "close"}) == {"ok": True}
        return self.p.wait(timeout=30)


def item(i: int, title: str, source: str) -> dict[str, Any]:
    return {"id": f"x{i}", "title": title, "summary": "", "source": source, "authors": [],
            "tags": [], "published": None, "link": f"https://example.org/{i}"}


def day(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(10):
        out.append(item(n * 100 + i, f"Rugby match report {n} {i} tries scrum", "news/rugby"))
        out.append(item(n * 100 + 50 + i, f"Parliament debate {n} {i} budget vote",
                        "news/politics"))
    return out


@pytest.fixture
def proc(tmp_path: Path) -> Iterator[Proc]:
    p = Proc(tmp_path)
    yield p
    if p.p.poll() is None:
        p.p.kill()
    p.p.communicate(timeout=30)


def test_the_contract_end_to_end_learns_and_persists(proc: Proc, tmp_path: Path) -> None:
    hello = proc({"op": "hello", "protocol": 1, "dataset": "test", "seed": 7, "budget": 3})
    assert hello["ok"] is True and hello["name"].startswith("notify ")
    assert 0 < hello["threshold"] < 1
    assert proc({"op": "onboard", "interests": [{"kind": "source", "value": "news/rugby"}]}) == {
        "ok": True}
    for n in range(4):
        items = day(n)
        reply = proc({"op": "rank", "budget": 3, "items": items})
        assert len(reply["scores"]) == len(items)
        assert len(reply["notify"]) <= 3 and len(set(reply["notify"])) == len(reply["notify"])
        for i in reply["notify"]:
            label = "like" if items[i]["source"] == "news/rugby" else "dismiss"
            assert proc({"op": "feedback", "item": items[i], "label": label}) == {"ok": True}
    items = day(9)
    reply = proc({"op": "rank", "budget": 3, "items": items})
    rugby = [s for s, it in zip(reply["scores"], items, strict=True) if "rugby" in it["source"]]
    politics = [s for s, it in zip(reply["scores"], items, strict=True)
                if "politics" in it["source"]]
    assert min(rugby) > max(politics)
    assert reply["notify"] and all(items[i]["source"] == "news/rugby" for i in reply["notify"])
    explained = proc({"op": "explain", "item": items[0]})  # a rugby report (day() puts it first)
    assert items[0]["source"] == "news/rugby"
    # the stated interest explains it most, and what the Likes taught about its source adds to it
    assert explained["features"][0][0] == "int:source:news/rugby"
    contributions = dict(explained["features"])
    assert contributions["int:source:news/rugby"] > 0 and contributions["src:news/rugby"] > 0
    size = proc({"op": "profile"})["bytes"]
    assert 0 < size < 1_000_000
    assert proc.close() == 0
    # the profile is the real SQLite store in the data dir
    conn = sqlite3.connect(tmp_path / "notify.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] >= 4
    names = {r[0] for r in conn.execute("SELECT feature FROM profile_weights")}
    # what the reactions taught about the stated interest and its source (features they
    # barely moved are pruned once a day)
    assert {"int:source:news/rugby", "src:news/rugby"} <= names
    conn.close()


def test_a_bad_request_is_an_error_reply_not_a_crash(proc: Proc) -> None:
    proc({"op": "hello", "protocol": 1, "dataset": "t", "seed": 1, "budget": 10})
    refused = proc({"op": "feedback", "item": item(1, "x", "s"), "label": "love"})
    assert "love" in refused["error"], refused  # says which request was wrong
    assert proc({"op": "teleport"}) == {"error": "unknown op 'teleport'"}
    assert proc({"op": "profile"})["bytes"] > 0  # and it still answers
    assert proc.close() == 0


def test_the_profile_starts_at_the_first_ranking_as_in_the_app(proc: Proc, tmp_path: Path) -> None:
    """Onboarding and the first ranking are moments apart in the app; here they are a day
    apart. The profile's start (when the search "finding out what you like" begins, what
    "items a day" counts from) is the first ranking, not the hello before it."""
    from notify.commands.rank import DAY, EPOCH

    proc({"op": "hello", "protocol": 1, "dataset": "test", "seed": 7, "budget": 3})
    proc({"op": "onboard", "interests": [{"kind": "source", "value": "news/rugby"}]})
    proc({"op": "feedback", "item": day(0)[0], "label": "like"})  # a first-run thumb
    proc({"op": "rank", "budget": 3, "items": day(1)})
    assert proc.close() == 0
    conn = sqlite3.connect(tmp_path / "notify.sqlite3")
    meta = json.loads(conn.execute("SELECT value FROM profile WHERE key = 'meta'").fetchone()[0])
    conn.close()
    assert meta["created_at"] == EPOCH + DAY


def test_a_ranking_round_ends_with_its_writes_in_the_database_file(
    proc: Proc, tmp_path: Path
) -> None:
    """The write-ahead log is copied into the database at the end of a round (``db.checkpoint``),
    not inside whichever later commit crosses SQLite's mark, often a reaction's."""
    import shutil

    assert proc({"op": "hello", "protocol": 1, "dataset": "t", "seed": 0, "budget": 10})["ok"]
    proc({"op": "rank", "budget": 10, "items": day(1)})
    copy = tmp_path / "copy" / "file-only.sqlite3"
    copy.parent.mkdir()
    shutil.copy(tmp_path / "notify.sqlite3", copy)  # the file alone, without its -wal
    conn = sqlite3.connect(copy)
    meta = conn.execute("SELECT value FROM profile WHERE key = 'meta'").fetchone()
    conn.close()
    assert meta is not None and json.loads(meta[0])["rounds"] == 1
    assert proc.close() == 0
