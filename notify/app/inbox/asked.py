"""What the inbox last asked the engine for an item's flag (saved, read), until the item's row,
re-read after the engine's ``ItemsChanged``, says the same.

A toggle (``S``, ``M``) reads the flag off the row. Pressed again before the row is re-read
(twice quickly, or on a loaded machine after the first change was done), it read the old flag
and asked for the same change again: saved twice ("already saved: nothing changed"), read
twice. What was asked counts until the row agrees.
"""

from __future__ import annotations


class Asked:
    """One flag's asked values, by item id."""

    def __init__(self) -> None:
        self._asked: dict[int, bool] = {}

    def now(self, item_id: int, shown: bool) -> bool:
        """The flag of ``item_id``: what was last asked for it, until its row (``shown``)
        says so."""
        asked = self._asked.get(item_id)
        if asked is None or asked == shown:
            self._asked.pop(item_id, None)
            return shown
        return asked

    def ask(self, item_id: int, value: bool) -> None:
        """``value`` was asked of the engine for ``item_id``."""
        self._asked[item_id] = value

    def forget(self, item_id: int) -> None:
        """What the row shows stands: the engine did not make the change, or another one
        (Mark all as read, its undo) set the flag since."""
        self._asked.pop(item_id, None)
