from __future__ import annotations

import weakref
from collections.abc import Sized

from notify.core.release import SLICE, release


class Tracked:
    """An element that writes down how big its collection still was when it was freed."""

    def __init__(self, log: list[int], owner: Sized) -> None:
        self.log = log
        self.owner_size = lambda: len(owner)

    def __del__(self) -> None:
        self.log.append(self.owner_size())


def test_a_list_is_emptied_a_slice_at_a_time_and_its_elements_freed() -> None:
    n = 3 * SLICE + 5
    freed_at: list[int] = []
    items: list[object] = []
    items.extend(Tracked(freed_at, items) for _ in range(n))
    refs = [weakref.ref(x) for x in items]
    release(items)
    assert items == []
    assert all(r() is None for r in refs)
    # each element saw the list as it was once its own slice went: n - SLICE, n - 2 SLICE, …
    assert sorted(set(freed_at), reverse=True) == [n - SLICE, n - 2 * SLICE, n - 3 * SLICE, 0]
    assert max(freed_at.count(size) for size in set(freed_at)) <= SLICE


def test_dicts_and_sets_are_emptied_bit_by_bit_too() -> None:
    n = 2 * SLICE + 1
    freed_at: list[int] = []
    by_key: dict[int, object] = {}
    for k in range(n):
        by_key[k] = Tracked(freed_at, by_key)
    words = {f"w{k}" for k in range(n)}
    release(by_key, words)
    assert by_key == {} and words == set()
    assert freed_at == list(range(n - 1, -1, -1))  # one at a time, the dict shrinking


def test_empty_collections_are_fine() -> None:
    empty: tuple[list[int], dict[int, int], set[int]] = ([], {}, set())
    release(*empty)
    assert empty == ([], {}, set())
