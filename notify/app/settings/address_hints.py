"""What the "Add a source" form says about a kind's address: whether the kind takes one at all,
its placeholder, an example, and what to ask for when it is missing.

Whether an address is needed is the kind's own answer (``accepts_empty``: its ``normalise``
accepts an empty one, as the CLI's ``""``). The words are here because the kinds do not declare
them yet (``SourceKind`` has settings, a label and a description, no address text): a kind
missing from ``hints()`` gets a plain "Address" field, required or optional as the kind
answers, so a new kind needs no GUI code. Moving these words into each kind's declaration
(next to its settings) would let ``notify sources kinds`` show them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from notify.core.errors import NotifyError
from notify.core.sources.base import SettingType, SourceKind

PLACEHOLDER_REF = "notify-unsaved"  # stands for a token not stored yet, when checking settings


def tr(text: str) -> str:
    return QCoreApplication.translate("AddressHints", text)


class Takes(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"  # empty: the kind's own address (GitHub: github.com)
    NONE = "none"  # the kind builds its address from its settings (Hacker News)


@dataclass(frozen=True)
class AddressHint:
    takes: Takes
    placeholder: str = ""
    example: str = ""  # shown under the field (for NONE: why there is no field)
    what: str = ""  # "Type {what} first."


def hints() -> dict[str, AddressHint]:
    """Kind id -> its address hint (translated when asked)."""
    return {
        "feed": AddressHint(
            Takes.REQUIRED, tr("Address of a feed, or of a web page that announces one"),
            tr("e.g. https://blog.python.org/ (a web page is searched for its feeds)"),
            tr("the address of a feed or web page")),
        "json": AddressHint(
            Takes.REQUIRED, tr("Address of the JSON API"),
            tr("e.g. https://lobste.rs/newest.json; the settings below say where its items "
               "and their fields are"),
            tr("the address of the JSON API")),
        "github-notifications": AddressHint(
            Takes.OPTIONAL, tr("Leave empty for github.com"),
            tr("Only for GitHub Enterprise: https://HOST/api/v3/notifications"),
            tr("the address")),
        "github-repo": AddressHint(
            Takes.REQUIRED, tr("Repository (owner/name) or its github.com address"),
            tr("e.g. python/cpython; for a user's events: https://github.com/USER with "
               "What to follow: events"),
            tr("a repository (owner/name)")),
        "hackernews": AddressHint(
            Takes.NONE, example=tr("No address needed: choose the list below.")),
        "reddit": AddressHint(
            Takes.REQUIRED, tr("Subreddit: its name or address"),
            tr("e.g. python, r/python or https://www.reddit.com/r/python/"),
            tr("a subreddit")),
        "mastodon": AddressHint(
            Takes.REQUIRED, tr("Instance address, or a hashtag page"),
            tr("e.g. https://mastodon.social, or https://mastodon.social/tags/python for a "
               "hashtag"),
            tr("the address of the Mastodon instance")),
        "youtube": AddressHint(
            Takes.REQUIRED, tr("Channel or playlist address"),
            tr("e.g. https://www.youtube.com/@name, …/channel/UC…, or …/playlist?list=PL…"),
            tr("the address of the channel or playlist")),
    }


def hint_for(kind: SourceKind) -> AddressHint:
    known = hints().get(kind.id)
    if known is not None:
        return known
    if accepts_empty(kind):
        return AddressHint(Takes.OPTIONAL, tr("Address (optional)"), "", tr("the address"))
    return AddressHint(Takes.REQUIRED, tr("Address"), "", tr("the address"))


def accepts_empty(kind: SourceKind) -> bool:
    """Does ``kind`` take an empty address with its default settings (and a token)?"""
    values = {s.key: s.default for s in kind.settings if s.default is not None}
    values.update({s.key: PLACEHOLDER_REF for s in kind.settings
                   if s.type is SettingType.SECRET})
    try:
        kind.normalise("", values)
    except NotifyError:
        return False
    return True
