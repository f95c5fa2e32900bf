"""A data folder as a month of use leaves it, for the desktop app's benchmarks
(``bench/gui_scale.py``, ``bench/gui.py``): the subscriptions (the AramZS list's 670 and made-up
ones up to any number), their OPML, and a store filled through the engine's own import and the
poll's own store call."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

REPO = Path(__file__).resolve().parent.parent
DAY = 86_400.0
OPML_670 = (REPO.parent / "shared" / "corpus" / "opml" / "AramZS-subscriptions"
            / "subscriptions.opml")


@dataclass(frozen=True)
class Subscription:
    url: str
    title: str
    group: str


def subscriptions(n: int, rewrite: Callable[[str], str] | None = None) -> list[Subscription]:
    """``n`` subscriptions: the 670 of the AramZS list (real titles and folders) when the shared
    corpus is there, then made-up ones (other paths on the same hosts) up to ``n``."""
    real: list[Subscription] = []
    if OPML_670.is_file():
        from notify.core.opml.importer import import_opml

        real = [Subscription(e.url, e.title, e.group)
                for e in import_opml(OPML_670.read_bytes()).entries]
    out = real[:n]
    rng = random.Random(7)
    groups = sorted({s.group for s in real if s.group}) or ["News", "Tech", "Blogs"]
    while len(out) < n:
        k = len(out)
        base = real[k % len(real)] if real else None
        host = base.url.split("/")[2] if base else f"host{k % 97}.example.org"
        out.append(Subscription(f"http://{host}/extra/{k}/feed.xml",
                                f"{base.title if base else 'Feed'} — extra {k}",
                                rng.choice(groups)))
    if rewrite is not None:
        out = [Subscription(rewrite(s.url), s.title, s.group) for s in out]
    return out


def nowhere(url: str) -> str:
    """``url`` on a loopback port that refuses at once: a source enabled during the benchmark
    may be polled, and nothing may leave the machine."""
    return "http://127.0.0.1:9/" + url.split("://", 1)[-1]


def opml(subs: list[Subscription]) -> bytes:
    by_group: dict[str, list[Subscription]] = {}
    for s in subs:
        by_group.setdefault(s.group, []).append(s)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             "<head><title>gui_scale</title></head>", "<body>"]
    for group, members in by_group.items():
        if group:
            lines.append(f"<outline text={quoteattr(group)}>")
        for s in members:
            lines.append(f"<outline type=\"rss\" text={quoteattr(s.title)} "
                         f"title={quoteattr(s.title)} xmlUrl={quoteattr(s.url)}/>")
        if group:
            lines.append("</outline>")
    lines += ["</body>", "</opml>"]
    return "\n".join(lines).encode()


@dataclass
class Built:
    sources: int
    items: int
    import_s: float
    fill_s: float


def build_store(data_dir: Path, subs: list[Subscription], *, days: int = 30,
                per_day: float = 1.0, now: float | None = None) -> Built:
    """A data folder as a month of use leaves it: the sources imported from OPML (the engine's
    own import), ``per_day`` items a day from each source over ``days`` days stored through
    ``items.upsert`` (the poll's own store call), some read, liked or notified, and each source's
    health: most fine, some failing, some with a warning, a few disabled. Nothing is due for
    an hour (idle means idle)."""
    import dataclasses

    from notify.core.engine import Engine
    from notify.core.models import ItemDraft
    from notify.core.paths import Paths
    from notify.core.store import items as items_repo
    from notify.core.store import sources as sources_repo
    from notify.core.store import state as state_repo
    from notify.core.store.sources import transaction

    now = time.time() if now is None else now
    rng = random.Random(11)
    engine = Engine(Paths(data_dir).ensure(), clock=lambda: now - days * DAY)
    with engine:
        started = time.perf_counter()
        report = engine.import_opml(opml(subs))
        import_s = time.perf_counter() - started
        conn = engine.conn
        started = time.perf_counter()
        sources = sources_repo.list_all(conn)
        n_items = 0
        with transaction(conn):
            for source in sources:
                count = max(1, round(days * per_day * rng.uniform(0.2, 1.8)))
                for k in range(count):
                    seen = now - rng.uniform(0, days * DAY)
                    draft = ItemDraft(
                        key=f"bench-{source.id}-{k}",
                        title=f"{source.title}: story {k} about topic{rng.randrange(50)}",
                        link=f"https://example.org/{source.id}/{k}",
                        summary_html=f"<p>Story {k} of {source.title}.</p>",
                        summary_text=f"Story {k} of {source.title}.",
                        published=seen - rng.uniform(0, 3600))
                    items_repo.upsert(conn, source.id, [draft], now=seen)
                    n_items += 1
                state = dataclasses.replace(
                    state_repo.get(conn, source.id), last_attempt=now - 600,
                    last_success=now - 600, next_attempt=now + 3600 + rng.uniform(0, 3600))
                roll = rng.random()
                if roll < 0.05:
                    state = dataclasses.replace(
                        state, last_error="The server answered 404 Not Found: check the "
                        "address.", last_error_kind="permanent", consecutive_failures=3)
                elif roll < 0.08:
                    state = dataclasses.replace(state, last_warning="The feed is not "
                                                "well-formed XML; read as far as possible.")
                state_repo.save(conn, state)
                if roll > 0.98:
                    sources_repo.update(conn, source.id, enabled=False)
            # some reading done: older items read, a few reactions and notifications
            conn.execute("UPDATE items SET read = 1 WHERE first_seen < ?", (now - 7 * DAY,))
            conn.execute("UPDATE items SET reaction = 'like' WHERE id % 97 = 0")
            conn.execute("UPDATE items SET notified_at = first_seen, decision = 'notify' "
                         "WHERE id % 41 = 0")
        fill_s = time.perf_counter() - started
    return Built(len(report.added), n_items, import_s, fill_s)
