"""Checking an address before a source uses it, in Settings → Sources ("Add a source" and the
editor's Address), as ``notify sources add`` and ``sources edit --url`` check it: a feed is
fetched once (a web page is searched for the feeds it announces, and the person picks one when
it offers several: those already in the sources are marked, and when all are, nothing is asked),
a YouTube handle is looked up; the other kinds' addresses are checked by the
kind when the source is stored. The checks run on the engine's thread (``checked_address`` is a
coroutine given to ``operations.Op``); what to ask or say runs on the GUI thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from notify.app.advice_words import about_source
from notify.app.settings import feed_picker
from notify.app.settings.address_hints import Takes, hint_for
from notify.app.untrusted_text import clipped, isolated
from notify.core.logs import redact
from notify.core.sources import registry
from notify.core.store import sources as sources_repo

# What ``redact`` puts where a secret was: an address shown with it cannot be used as it is.
HIDDEN = "•••"


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


@dataclasses.dataclass(frozen=True)
class CheckFailed:
    """The address could not be checked (unreachable, not a feed…)."""

    url: str
    kind: str
    error: str


async def checked_address(engine: Any, kind: str, url: str) -> str | CheckFailed | Any:
    """On the engine's thread: the address a source of ``kind`` should use for ``url`` (a
    YouTube handle's channel feed; a feed's address once it answered as a feed), or why not
    (``CheckFailed``), or the ``Probe`` of a web page whose announced feeds the person chooses
    among (``pick_feed``)."""
    if kind != "feed":
        address: str = await engine.resolve_address(kind, url)
        return address
    probe = await engine.probe(url)
    if probe.error:
        return CheckFailed(url, kind, str(probe.error))
    if not probe.is_feed:
        return probe
    return url


def no_feed_text(probe: Any, url: str) -> str:
    """Why a page's probe offers nothing to pick (the core says why when it knows; what to do
    in the app's words)."""
    found = getattr(probe, "no_feed", None)
    if found is not None:
        return about_source(found)
    said: str = tr(
        "{0} is a web page that announces no feed. Look for an RSS or Atom link on it and "
        "use that address.").format(redact(url))
    return said


def subscribed_among(engine: Any, candidates: list[Any]) -> dict[str, str]:
    """On the engine's thread: which of a page's feeds (``candidates``) are sources already,
    each address with that source's name (or address)."""
    taken: dict[str, str] = {}
    for candidate in candidates:
        source = sources_repo.find_duplicate(engine.conn, "feed", str(candidate.url))
        if source is not None:
            taken[str(candidate.url)] = source.title or redact(source.url)
    return taken


def all_taken_text(url: str, candidates: list[Any], taken: Mapping[str, str]) -> str:
    """Every feed the page at ``url`` offers is a source already: which ones."""
    names = ", ".join(isolated(clipped(taken[str(c.url)], 80)) for c in candidates)
    return tr("Every feed {0} offers is in your sources already: {1}.").format(
        redact(url), names)


def pick_feed(parent: QWidget, candidates: list[Any], *, page: str = "",
              taken: Mapping[str, str] | None = None, question: str = "",
              ok_text: str = "") -> str | None:
    """The address of the feed the person picks among the ``candidates`` the web page at
    ``page`` offers (the only one without asking), in the ``feed_picker``; None when they
    cancelled. Those already in the sources (``taken``: address -> the source's name) are
    marked, and the first that is not is offered first. ``question``: what the choice is for
    (default: the one to add)."""
    if len(candidates) == 1:
        return str(candidates[0].url)
    taken = taken or {}
    labels = []
    for c in candidates:
        label = f"{clipped(getattr(c, 'title', ''), 120) or redact(c.url)} — {redact(c.url)}"
        if str(c.url) in taken:
            label += " " + tr("(in your sources as {0})").format(
                isolated(clipped(taken[str(c.url)], 80)))
        labels.append(label)
    first = next((n for n, c in enumerate(candidates) if str(c.url) not in taken), 0)
    question = question or (tr("{0} offers {1} feeds. Choose the one to add:").format(
        redact(page), len(candidates)) if page else tr("This page offers several feeds:"))
    row = feed_picker.choose(parent, tr("Choose a feed"), question, labels, first,
                             ok_text=ok_text)
    return str(candidates[row].url) if row is not None else None


def address_problem(kind_id: str, text: str) -> str | None:
    """Why the editor cannot use the address typed for a source of ``kind_id`` (None: it
    can be checked): an address still showing a hidden secret, or none where one is needed."""
    if HIDDEN in text:
        return tr("The address shows {0} where a secret is hidden: type the whole new "
                  "address, secret included, or leave the address as it was.").format(HIDDEN)
    hint = hint_for(registry.get(kind_id))
    if not text and hint.takes is Takes.REQUIRED:
        return tr("Type {0}.").format(hint.what)
    return None
