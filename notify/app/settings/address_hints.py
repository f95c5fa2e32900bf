"""What the "Add a source" form says about a kind's address: whether the kind takes one at all,
its placeholder, an example, and what to ask for when it is missing.

The words are the kind's own declaration (``SourceKind.address``, an ``AddressDoc`` next to its
settings, shown as they are like its label, description and settings' help); whether an
address is needed is the kind's own answer (``core.sources.address.takes``). ``notify sources
kinds`` reads the same. A kind without words gets a plain "Address" field, required or optional
as the kind answers, so a new kind needs no GUI code.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from notify.core.sources.address import PLACEHOLDER_REF, Takes, accepts_empty, doc_of, takes
from notify.core.sources.base import SourceKind

__all__ = ["PLACEHOLDER_REF", "AddressHint", "Takes", "accepts_empty", "hint_for"]


def tr(text: str) -> str:
    return QCoreApplication.translate("AddressHints", text)


@dataclass(frozen=True)
class AddressHint:
    takes: Takes
    placeholder: str = ""
    example: str = ""  # shown under the field (for NONE: why there is no field)
    what: str = ""  # "Type {what} first."


def hint_for(kind: SourceKind) -> AddressHint:
    """The kind's words, each one it leaves empty filled in plainly."""
    answer = takes(kind)
    if answer is Takes.NONE:
        doc = doc_of(kind)
        return AddressHint(answer, example=doc.example if doc is not None else "")
    plain = tr("Address (optional)") if answer is Takes.OPTIONAL else tr("Address")
    doc = doc_of(kind)
    if doc is None:
        return AddressHint(answer, plain, "", tr("the address"))
    return AddressHint(answer, doc.placeholder or plain, doc.example,
                       doc.what or tr("the address"))
