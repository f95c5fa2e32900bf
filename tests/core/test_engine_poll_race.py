# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""A poll asked for while another round runs: the sources that round polls are not fetched
again by the round asked for; the request is answered with their results. A poll asked for
after a round ended polls again (the person's deliberate "Poll now")."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from notify.core.engine import Engine
from notify.core.engine_config import EngineConfig
from notify.core.events import Event, PollFinished, PollStarted, PollSummary, SourcePolled
from notify.core.paths import Paths
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401

Ask = Callable[[Engine, int], Awaitable[PollSummary]]
ASKS: dict[str, Ask] = {
    "this source": lambda engine, source_id: engine.poll([source_id]),  # Settings' poll of one
    "every source": lambda engine, source_id: engine.poll_all(),  # the app's "Poll now"
    "the due sources": lambda engine, source_id: engine.poll(),  # the first run's poll
}


def race(tmp_path: Path, server: Server, kind: str, ask: Ask,
         when: type[PollStarted] | type[SourcePolled]) -> tuple[PollSummary, list[Event], int]:
    """Start the app's engine (its schedule), add a source (which wakes the schedule) and,
    as the schedule's round reaches ``when`` (it started; it fetched the source and goes on
    ranking), ask for a poll. Returns what the request answered, the events, the source id."""
    server.feed("/a", entries(1, 2))
    events: list[Event] = []
    asked: list[asyncio.Task[PollSummary]] = []
    engine: Engine

    def listener(event: Event) -> None:
        events.append(event)
        if isinstance(event, when) and not asked:  # the schedule's round holds the round lock
            asked.append(asyncio.ensure_future(ask(engine, source_id)))

    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=listener).open()

    async def main() -> PollSummary:
        await engine.start()
        try:
            for _ in range(500):
                await asyncio.sleep(0.01)
                if asked:
                    return await asked[0]
            raise AssertionError("the schedule's round did not start")
        finally:
            await engine.stop()

    source_id = engine.add_source(kind, server.url("/a")).id  # due at once: wakes the schedule
    return asyncio.run(main()), events, source_id


@pytest.mark.parametrize("when", [PollStarted, SourcePolled], ids=["before", "after"])
@pytest.mark.parametrize("ask", list(ASKS), ids=list(ASKS))
def test_a_poll_asked_for_during_a_round_that_polls_the_source_does_not_fetch_it_again(
    tmp_path: Path, server: Server, test_kind: str, ask: str,
    when: type[PollStarted] | type[SourcePolled],
) -> None:
    """A new source: the schedule's round takes it before the "Poll now" asked for just after
    the add, which waited for that round: one request to the server, one "Polling…", and the
    request reports that round's result (its two new items), not an empty or a second round."""
    summary, events, source_id = race(tmp_path, server, test_kind, ASKS[ask], when)
    assert len(server.routes["/a"].hits) == 1
    rounds = [type(e).__name__ for e in events if isinstance(e, PollStarted | PollFinished)]
    assert rounds == ["PollStarted", "PollFinished"]  # the schedule's round only
    assert [(r.source_id, r.status, r.new_items) for r in summary.reports] == \
        [(source_id, "updated", 2)]
    finished = next(e for e in events if isinstance(e, PollFinished))
    assert (summary.started, summary.finished) == \
        (finished.summary.started, finished.summary.finished)


def test_a_poll_asked_for_after_the_round_ended_polls_the_source_again(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """The person's own "Poll now" of a source polled a moment ago by a round that has
    ended is no race: it is polled again."""
    server.feed("/a", entries(1))
    events: list[Event] = []
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=events.append).open()

    async def main() -> PollSummary:
        await engine.start()
        try:
            engine.add_source(test_kind, server.url("/a"))
            for _ in range(500):  # the schedule's round, woken by the add, polls it
                await asyncio.sleep(0.01)
                if any(isinstance(e, PollFinished) for e in events):
                    break
            return await engine.poll_all()
        finally:
            await engine.stop()

    summary = asyncio.run(main())
    assert len(server.routes["/a"].hits) == 2
    assert [r.status for r in summary.reports] == ["updated"]
    rounds = [type(e).__name__ for e in events if isinstance(e, PollStarted | PollFinished)]
    assert rounds == ["PollStarted", "PollFinished"] * 2


def test_a_poll_asked_for_during_a_round_polls_the_sources_that_round_does_not(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """The schedule's round polls the new source; "Poll now" asked for meanwhile polls the
    other source only, and answers with both results, in the order of the sources."""
    server.feed("/a", entries(1))
    server.feed("/b", entries(2))
    events: list[Event] = []
    asked: list[asyncio.Task[PollSummary]] = []
    engine: Engine

    def listener(event: Event) -> None:
        events.append(event)
        if isinstance(event, PollStarted) and engine.schedule is not None and not asked:
            asked.append(asyncio.ensure_future(engine.poll_all()))

    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=listener).open()
    first = engine.add_source(test_kind, server.url("/a"))

    async def main() -> tuple[PollSummary, int]:
        await engine.poll([first.id])  # polled before the schedule runs: not due then
        await engine.start()
        try:
            second = engine.add_source(test_kind, server.url("/b"))  # wakes the schedule
            for _ in range(500):
                await asyncio.sleep(0.01)
                if asked:
                    return await asked[0], second.id
            raise AssertionError("the schedule's round did not start")
        finally:
            await engine.stop()

    summary, second_id = asyncio.run(main())
    assert len(server.routes["/a"].hits) == 2  # the first poll, then the "Poll now"
    assert len(server.routes["/b"].hits) == 1  # the schedule's round only
    assert [r.source_id for r in summary.reports] == [first.id, second_id]
    started = [e.source_ids for e in events if isinstance(e, PollStarted)]
    assert started == [(first.id,), (second_id,), (first.id,)]
