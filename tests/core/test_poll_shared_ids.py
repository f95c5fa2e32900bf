# ruff: noqa: F811  (the shared fixture "server" is imported by name)
"""Different items of one feed that give the same ``<guid>`` are kept apart (and the source
says so); one item re-published with its guid and a new title is still one item."""

from __future__ import annotations

from pathlib import Path

from notify.core.store.items import ItemQuery
from tests.core.test_engine import Clock, make_engine, run
from tests.core.test_engine_kind import Server, server  # noqa: F401


def rss(*items: tuple[str, str, str]) -> bytes:
    """An RSS 2.0 feed of (guid, title, link) items."""
    body = "".join(
        f"<item><guid isPermaLink=\"false\">{g}</guid><title>{t}</title><link>{link}</link>"
        "</item>" for g, t, link in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Shared</title>'
            f"<link>https://e.example/</link>{body}</channel></rss>").encode()


def serve(server: Server, body: bytes) -> None:
    server.route("/feed.xml", (200, {"Content-Type": "application/rss+xml"}, body))


FIVE = [("same-guid", f"Story {n}", f"https://e.example/story/{n}") for n in range(5)]


def test_items_sharing_a_guid_are_kept_apart_and_reported(tmp_path: Path, server: Server) -> None:
    serve(server, rss(*FIVE))
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    source = engine.add_source("feed", server.url("/feed.xml"))
    first = run(engine, lambda: engine.poll([source.id]))
    (report,) = first.reports
    items = engine.items(ItemQuery(limit=50))
    assert sorted(i.title for i in items) == [f"Story {n}" for n in range(5)]
    assert report.new_items == 5
    warning = ("5 different items give the same id ('same-guid'); Notify keeps them apart by "
               "their links. The source should give each item an id of its own: tell its "
               "publisher.")
    assert report.message == warning
    assert engine.source_state(source.id).last_warning == warning
    # the same document again: nothing is new, the warning stays
    clock.now += 3600
    again = run(engine, lambda: engine.poll([source.id]))
    assert again.reports[0].new_items == 0
    assert len(engine.items(ItemQuery(limit=50))) == 5
    # the feed mends its ids: the warning goes (the items come under their real ids as new)
    serve(server, rss(*[(f"id-{n}", t, link) for n, (_g, t, link) in enumerate(FIVE)]))
    clock.now += 3600
    run(engine, lambda: engine.poll([source.id]))
    assert engine.source_state(source.id).last_warning is None
    engine.close()


def test_an_item_republished_under_its_guid_with_a_new_title_is_the_same_item(
    tmp_path: Path, server: Server
) -> None:
    serve(server, rss(("g-1", "Frist post", "https://e.example/1")))
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    source = engine.add_source("feed", server.url("/feed.xml"))
    run(engine, lambda: engine.poll([source.id]))
    (before,) = engine.items(ItemQuery(limit=50))
    serve(server, rss(("g-1", "First post", "https://e.example/1-first-post")))
    clock.now += 3600
    summary = run(engine, lambda: engine.poll([source.id]))
    (after,) = engine.items(ItemQuery(limit=50))
    assert (after.id, after.title, summary.reports[0].new_items) == (before.id, "First post", 0)
    assert summary.reports[0].message is None
    engine.close()


def test_no_item_comes_back_as_new_when_a_guid_starts_or_stops_being_shared(
    tmp_path: Path, server: Server
) -> None:
    a = ("same", "Story A", "https://e.example/a")
    b = ("same", "Story B", "https://e.example/b")
    c = ("same", "Story C", "https://e.example/c")
    clock = Clock()
    engine = make_engine(tmp_path, clock=clock)
    source = engine.add_source("feed", server.url("/feed.xml"))

    def poll(*items: tuple[str, str, str]) -> int:
        serve(server, rss(*items))
        clock.now += 3600
        summary = run(engine, lambda: engine.poll([source.id]))
        return summary.reports[0].new_items

    def ids() -> dict[str, int]:
        return {i.title: i.id for i in engine.items(ItemQuery(limit=50))}

    assert poll(a) == 1  # alone with its guid: stored under the guid
    first = ids()
    assert poll(b, a) == 1  # B arrives with the same guid: A keeps its item, B is new
    assert ids()["Story A"] == first["Story A"]
    assert poll(c, b, a) == 1
    assert poll(c, b, a) == 0  # stable while shared
    kept = ids()
    assert poll(c) == 0  # the others drop out: C is still the item it was
    assert ids()["Story C"] == kept["Story C"] and len(ids()) == 3
    engine.close()


def test_an_item_listed_twice_is_one_item_without_a_warning(
    tmp_path: Path, server: Server
) -> None:
    serve(server, rss(("g", "Same", "https://e.example/s"), ("g", "Same", "https://e.example/s")))
    engine = make_engine(tmp_path)
    source = engine.add_source("feed", server.url("/feed.xml"))
    summary = run(engine, lambda: engine.poll([source.id]))
    assert summary.reports[0].new_items == 1 and summary.reports[0].message is None
    engine.close()
