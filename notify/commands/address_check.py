"""Checking an address before a source uses it (``sources add``; ``sources edit --url``): the
feed itself, or the one its web page announces (autodiscovery: ``--pick N``, the only one, or
asked on a terminal), or a handle's channel (``look_up_address``). Each check is one fetch,
after which the network is closed again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from notify.commands.output import ask, interactive, say
from notify.core.errors import UserInputError
from notify.core.logs import redact
from notify.core.store import sources as sources_repo

if TYPE_CHECKING:  # discovery and the engine: imported by the commands that fetch
    from notify.core.discovery import DiscoveredFeed
    from notify.core.engine import Engine
    from notify.core.subscriptions import Probe

EXIT_CHOOSE = 3  # several feeds found and no --pick on a non-interactive run
T = TypeVar("T")


class ChoiceNeeded(Exception):
    """The page announces several feeds and nobody can be asked: the text lists them."""


def _choose(candidates: tuple[DiscoveredFeed, ...], pick: int | None, page: str,
            followed: dict[str, int]) -> str | None:
    """The address of the feed chosen among a page's ``candidates`` (``--pick``, the only one,
    or asked on a terminal); None when the person cancelled. ``followed``: the candidates
    already subscribed (address -> source id), marked so in the list; when they all
    are, there is nothing to choose."""
    listing = "\n".join(
        f"  {n}. {c.title or '(untitled)'}  {redact(c.url)}"
        + (f"  (already subscribed as source {followed[c.url]})" if c.url in followed else "")
        for n, c in enumerate(candidates, 1)
    )
    if len(candidates) > 1 and all(c.url in followed for c in candidates):
        raise UserInputError(
            f"{redact(page)} announces {len(candidates)} feeds, all of them already "
            f"subscribed:\n{listing}\nTo change one, use 'notify sources edit ID'.")
    if pick is not None:
        if len(candidates) == 1 and pick != 1:  # "choose 1 to 1" asked for no choice
            raise UserInputError(f"--pick {pick}: {redact(page)} announces one feed, so there "
                                 f"is nothing to choose; leave out --pick.\n{listing}")
        if not 1 <= pick <= len(candidates):
            raise UserInputError(f"--pick {pick}: choose 1 to {len(candidates)}.\n{listing}")
        return candidates[pick - 1].url
    if len(candidates) == 1:
        return candidates[0].url
    several = f"{redact(page)} announces {len(candidates)} feeds"
    if not interactive():
        raise ChoiceNeeded(f"{several}; run again with --pick N:\n{listing}")
    say(f"{several}:\n{listing}")
    while True:
        answer = ask(f"Which one? [1-{len(candidates)}, empty to cancel] ",
                     unattended=f"{several}; run again with --pick N.")
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(candidates):
            return candidates[int(answer) - 1].url
        say(f"Type a number from 1 to {len(candidates)}, or nothing to cancel.")


def _fetching(engine: Engine, call: Callable[[], Awaitable[T]]) -> T:
    """Run ``call`` (one engine call that fetches) to its end, then close the network."""
    import asyncio

    async def run() -> T:
        try:
            return await call()
        finally:
            await engine.close_network()

    return asyncio.run(run())


def _probe(engine: Engine, url: str) -> Probe:
    return _fetching(engine, lambda: engine.probe(url))


def _not_added(url: str, reason: str, verb: str = "add") -> UserInputError:
    """``verb``: what was not done with the address (``add``; ``use`` for ``sources edit``)."""
    done = verb + ("d" if verb.endswith("e") else "ed")
    return UserInputError(
        f"{redact(url)} was not {done}: {reason} To {verb} it anyway (Notify then keeps trying "
        "it), use --no-check."
    )


def resolve_feed_url(
    engine: Engine, url: str, pick: int | None, verb: str = "add"
) -> tuple[str, str] | None:
    """The feed to ``verb`` (``add``, or ``use`` as a source's new address) for ``url`` and its
    own title ("" if none): ``url`` itself, or the one its page announces (autodiscovery),
    checked once (its title then names the source); None when the person cancelled."""
    found = _probe(engine, url)
    if found.error:
        raise _not_added(url, found.error, verb)
    if found.is_feed:
        return url, found.title
    if not found.candidates:  # the core says why: a page without feeds, JSON that is no feed
        raise UserInputError(found.no_feed.text if found.no_feed is not None else (
            f"{redact(url)} is a web page that announces no feed. Look for an RSS or Atom link "
            f"on the site and {verb} that address."))
    followed = {}
    for candidate in found.candidates:
        source = sources_repo.find_duplicate(engine.conn, "feed", candidate.url)
        if source is not None:
            followed[candidate.url] = source.id
    chosen = _choose(found.candidates, pick, url, followed)
    if chosen is None:
        return None
    feed = _probe(engine, chosen)
    if feed.error:
        raise _not_added(chosen, feed.error, verb)
    if not feed.is_feed:
        raise _not_added(chosen, f"{redact(url)} announces it as a feed, but it is a web page.",
                         verb)
    return chosen, feed.title


def look_up_address(engine: Engine, kind: str, url: str) -> str:
    """The address a handle stands for (``NeedsPageLookup``: a YouTube handle's channel feed)."""
    return _fetching(engine, lambda: engine.resolve_address(kind, url))
