"""What address a source kind takes: none, an optional one or a required one, and the words
that say which (``AddressDoc``, declared by each kind next to its settings).

Whether an address is needed is the kind's own answer (``accepts_empty``: its ``normalise``
accepts an empty one, as the CLI's ``""``); that it takes none at all is declared
(``AddressDoc.made_from_settings``). Settings → Sources' "Add a source" (``app.settings.
address_hints``) and ``notify sources kinds`` both read them here, so a new kind needs no GUI
or CLI code: one without words gets a plain "Address", required or optional as it answers.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import SplitResult, urlsplit

from notify.core.errors import Advice, NotifyError, SourceConfigError
from notify.core.logs import redact
from notify.core.sources.base import AddressDoc, SettingType, SourceKind
from notify.core.urls import host_words

PLACEHOLDER_REF = "notify-unsaved"  # stands for a token not stored yet, when checking settings


class Takes(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"  # empty: the kind's own address (GitHub: github.com)
    NONE = "none"  # the kind makes its address from its settings (Hacker News)


def doc_of(kind: SourceKind) -> AddressDoc | None:
    """The kind's declared address words; None for a kind that declares none (one written
    before kinds declared them has no ``address`` at all)."""
    doc = getattr(kind, "address", None)
    return doc if isinstance(doc, AddressDoc) else None


def takes(kind: SourceKind) -> Takes:
    doc = doc_of(kind)
    if doc is not None and doc.made_from_settings:
        return Takes.NONE
    return Takes.OPTIONAL if accepts_empty(kind) else Takes.REQUIRED


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


def split_address(text: str, advice: str, *remedies: Advice,
                  form: str = "{0} {1}") -> SplitResult:
    """``urlsplit(text)``, or a ``SourceConfigError`` saying that ``text`` is no address and
    what to give (``advice``; with ``remedies``, placed by ``form`` as ``SourceConfigError``
    places them) when Python cannot split it (``http://[::1``, ``http://[x]/``: an unclosed or
    invalid IPv6 host), instead of a ``ValueError`` no one catches."""
    try:
        return urlsplit(text)
    except ValueError as err:
        raise SourceConfigError(
            f"{redact(text)!r} is not a valid address: {host_words(err)}. {advice}", *remedies,
            form=form
        ) from err
