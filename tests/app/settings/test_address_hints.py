"""The address field of "Add a source": each kind's own words (``SourceKind.address``), as the
kind answers whether it takes one; a kind without words gets a plain "Address" field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from notify.app.settings.address_hints import Takes, hint_for
from notify.core.errors import SourceConfigError
from notify.core.sources import registry
from notify.core.sources.base import AddressDoc, Setting


def test_every_kind_shows_its_own_words() -> None:
    for kind in registry.all_kinds():
        hint, doc = hint_for(kind), kind.address
        assert doc is not None, kind.id
        assert hint.example == doc.example, kind.id
        if hint.takes is not Takes.NONE:
            assert (hint.placeholder, hint.what) == (doc.placeholder, doc.what), kind.id
    repo = hint_for(registry.get("github-repo"))
    assert repo.takes is Takes.REQUIRED
    assert repo.placeholder == "Repository (owner/name) or address"
    assert hint_for(registry.get("github-notifications")).takes is Takes.OPTIONAL
    news = hint_for(registry.get("hackernews"))
    assert news.takes is Takes.NONE
    assert news.example == "No address needed: choose the list below."


@dataclass
class NewKind:
    """A kind the GUI has never heard of."""

    empty_ok: bool
    id: str = "brand-new"
    label: str = "Brand new"
    description: str = ""
    settings: tuple[Setting, ...] = field(default_factory=tuple)
    address: AddressDoc | None = None

    def normalise(self, url: str, settings: Any) -> tuple[str, dict[str, Any]]:
        if not url and not self.empty_ok:
            raise SourceConfigError("Give an address.")
        return url or "https://example.org/", dict(settings)


def test_a_new_kind_gets_a_plain_address_field() -> None:
    required = hint_for(NewKind(False))  # type: ignore[arg-type]
    assert (required.takes, required.placeholder, required.what) == (
        Takes.REQUIRED, "Address", "the address")
    optional = hint_for(NewKind(True))  # type: ignore[arg-type]
    assert (optional.takes, optional.placeholder) == (Takes.OPTIONAL, "Address (optional)")


def test_words_a_kind_leaves_out_are_filled_in_plainly() -> None:
    only_example = NewKind(False, address=AddressDoc(example="e.g. https://example.org/x"))
    hint = hint_for(only_example)  # type: ignore[arg-type]
    assert (hint.takes, hint.placeholder, hint.example, hint.what) == (
        Takes.REQUIRED, "Address", "e.g. https://example.org/x", "the address")
