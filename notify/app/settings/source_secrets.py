"""Tokens typed in Settings → Sources: checked by the kind first, then put in the system
keyring (off the event loop: keyring calls block), and taken back when the source is not
saved after all, so that no token stays behind for a source that does not exist."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from notify.app.settings.address_hints import PLACEHOLDER_REF
from notify.core.errors import NotifyError, SecretStoreError
from notify.core.models import Source
from notify.core.sources import registry

log = logging.getLogger(__name__)

# What a keyring failure left undone, said before the keyring's own words (as the command line
# says it: ``notify sources add/edit --token-stdin``)
NOT_ADDED = "The token was not saved, so the source was not added."
NOT_CHANGED = "The token was not saved, so nothing was changed."


async def store_typed_secrets(values: dict[str, Any], typed: dict[str, str],
                              undone: str = NOT_CHANGED) -> dict[str, Any]:
    """Put typed tokens in the keyring (off the loop: keyring calls block); keep references.
    A keyring that refuses says so after ``undone`` (what that left undone)."""
    from notify.core import secrets

    out = dict(values)
    for key, token in typed.items():
        try:
            out[key] = await asyncio.to_thread(secrets.store_secret, token)
        except SecretStoreError as err:
            raise SecretStoreError(f"{undone} {err}") from err
    return out


async def forget_stored_secrets(stored: dict[str, Any], typed: dict[str, str]) -> None:
    """Take back the tokens ``store_typed_secrets`` stored for a source that was not saved."""
    from notify.core import secrets

    for key in typed:
        ref = stored.get(key)
        if not isinstance(ref, str):
            continue
        try:
            await asyncio.to_thread(secrets.delete, ref)
        except NotifyError as err:
            log.warning("a token typed for a source that was not added stays in the keyring "
                        "under %s: %s", ref, err)


def check_settings(kind_id: str, url: str, values: dict[str, Any], typed: dict[str, str]) -> None:
    """Validate through the kind before any token goes to the keyring (a token stored for a
    source that is then refused would stay there). Raises the kind's ``SourceConfigError``."""
    registry.get(kind_id).normalise(url, {**values, **{k: PLACEHOLDER_REF for k in typed}})


async def add_with_secrets(engine: Any, kind: str, url: str, values: dict[str, Any],
                           typed: dict[str, str]) -> Source:
    """Store the typed tokens, then add the source; a refused source takes its tokens back."""
    check_settings(kind, url, values, typed)
    settings = await store_typed_secrets(values, typed, NOT_ADDED)
    try:
        source: Source = engine.add_source(kind, url, settings=settings)
    except BaseException:
        await forget_stored_secrets(settings, typed)
        raise
    return source
