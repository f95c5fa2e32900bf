"""Fair admission of a round's sources: busiest host first, a bounded number per host and in
all, a host's slot freed early by ``release()``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from notify.core.admission import FairQueue, host_key, run_fair


def test_host_key() -> None:
    assert host_key("https://Example.org:8443/feed.xml") == "example.org"
    assert host_key("not a url") == ""
    assert host_key("http://[::1") == ""  # invalid: no exception


def test_the_busiest_key_goes_first_within_its_limit() -> None:
    items = ["b1", "a1", "a2", "a3", "c1"]
    queue = FairQueue(items, key=lambda s: s[0], per_key=2)
    taken = [queue.take() for _ in range(4)]
    assert taken == ["a1", "a2", "b1", "c1"]  # a: 3 waiting, then b and c in round order
    assert queue.take() is None  # a3 waits: a has 2 running
    queue.done("a1")
    assert queue.take() == "a3"
    assert queue.take() is None and queue.waiting == 0


def _runner(
    log: list[tuple[str, str]], running: dict[str, int], peak: dict[str, int], *,
    release_early: bool = False,
) -> Callable[[str, Callable[[], None]], object]:
    async def work(item: str, release: Callable[[], None]) -> str:
        key = item[0]
        running[key] = running.get(key, 0) + 1
        running["*"] = running.get("*", 0) + 1
        for k in (key, "*"):
            peak[k] = max(peak.get(k, 0), running[k])
        log.append(("start", item))
        await asyncio.sleep(0.01)
        running[key] -= 1
        if release_early:
            release()
        await asyncio.sleep(0.01)
        running["*"] -= 1
        return item

    return work


def test_run_fair_bounds_per_key_and_in_all() -> None:
    items = [f"a{i}" for i in range(10)] + [f"b{i}" for i in range(3)] + ["c0"]
    log: list[tuple[str, str]] = []
    running: dict[str, int] = {}
    peak: dict[str, int] = {}
    done: list[str] = []
    asyncio.run(run_fair(items, _runner(log, running, peak), done.append,  # type: ignore[arg-type]
                         key=lambda s: s[0], per_key=2, max_in_flight=4))
    assert sorted(done) == sorted(items)
    assert peak["a"] == 2 and peak["*"] == 4
    assert [item for _, item in log[:4]] == ["a0", "a1", "b0", "b1"]


def test_release_lets_the_next_item_of_a_key_start() -> None:
    items = [f"a{i}" for i in range(6)]
    log: list[tuple[str, str]] = []
    running: dict[str, int] = {}
    peak: dict[str, int] = {}
    asyncio.run(run_fair(items, _runner(log, running, peak, release_early=True),  # type: ignore[arg-type]
                         lambda _: None, key=lambda s: s[0], per_key=1, max_in_flight=6))
    # a key's limit counts only work before release(): the next starts during the tail
    assert peak["a"] == 1 and peak["*"] == 2


def test_an_exception_cancels_the_rest_and_propagates_as_itself() -> None:
    async def work(item: int, release: Callable[[], None]) -> int:
        if item == 3:
            raise ValueError("boom")
        await asyncio.sleep(0.05)
        return item

    with pytest.raises(ValueError, match="boom"):
        asyncio.run(run_fair(list(range(8)), work, lambda _: None, key=str, per_key=1,
                             max_in_flight=8))


def test_a_freed_place_wakes_one_waiting_worker_not_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """One host, one place: 19 of the 20 workers wait; each release lets one item start, so
    it must not send all of them back to the queue (hundreds of wake-ups per round)."""
    takes = [0]
    plain_take = FairQueue.take

    def counted(self: FairQueue[int]) -> int | None:
        takes[0] += 1
        return plain_take(self)

    monkeypatch.setattr(FairQueue, "take", counted)

    async def work(item: int, release: Callable[[], None]) -> int:
        await asyncio.sleep(0)
        return item

    done: list[int] = []
    asyncio.run(run_fair(list(range(100)), work, done.append, key=lambda _: "one", per_key=1,
                         max_in_flight=20))
    assert sorted(done) == list(range(100))
    assert takes[0] < 4 * 100  # was ~20 per item: every release woke every waiting worker
