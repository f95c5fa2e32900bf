"""The address field of "Add a source": each kind's hint agrees with what the kind accepts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from notify.app.settings.address_hints import Takes, accepts_empty, hint_for, hints
from notify.core.errors import SourceConfigError
from notify.core.sources import registry
from notify.core.sources.base import Setting


def test_every_kind_has_a_hint_that_agrees_with_its_normalise() -> None:
    known = hints()
    for kind in registry.all_kinds():
        hint = known[kind.id]  # a new kind works without one, but the built-in ones say more
        assert (hint.takes is not Takes.REQUIRED) == accepts_empty(kind), kind.id
        assert hint.example, kind.id
        if hint.takes is not Takes.NONE:
            assert hint.placeholder and hint.what, kind.id


@dataclass
class NewKind:
    """A kind the GUI has never heard of."""

    empty_ok: bool
    id: str = "brand-new"
    label: str = "Brand new"
    description: str = ""
    settings: tuple[Setting, ...] = field(default_factory=tuple)

    def normalise(self, url: str, settings: Any) -> tuple[str, dict[str, Any]]:
        if not url and not self.empty_ok:
            raise SourceConfigError("Give an address.")
        return url or "https://example.org/", dict(settings)


def test_a_new_kind_gets_a_plain_address_field() -> None:
    assert hint_for(NewKind(False)).takes is Takes.REQUIRED  # type: ignore[arg-type]
    assert hint_for(NewKind(True)).takes is Takes.OPTIONAL  # type: ignore[arg-type]
