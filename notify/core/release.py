"""Letting go of a big collection a slice at a time, so that other threads run meanwhile.

Freeing a list of 37,000 objects is one C operation: the last reference goes (a function
returns, ``del``), and CPython frees every element and what only it held without once letting
another thread take the GIL. At the end of a 1,000-source round the ranking's feature dicts,
item texts and rows were freed that way, 40-110 ms each, on the writer thread, and the app's
windows froze meanwhile (``bench/gui_scale.py --dump-stalls``: the writer's stack stood on the
line where a function returned). ``release`` empties the collection a slice at a time; the
interpreter may hand the GIL to another thread between two slices (a loop's jump back checks).

It only helps when the collection holds the last reference to its elements: call it where a big
collection is no longer needed, before the frame that owns it returns.
"""

from __future__ import annotations

from typing import Any

SLICE = 256  # elements freed per step: a few hundred microseconds, however big each one is


def release(*collections: list[Any] | dict[Any, Any] | set[Any]) -> None:
    """Empty each of ``collections`` (lists, dicts, sets), ``SLICE`` elements at a time."""
    for collection in collections:
        if isinstance(collection, list):
            while collection:
                del collection[-SLICE:]
        elif isinstance(collection, dict):
            while collection:
                for _ in range(min(SLICE, len(collection))):
                    collection.popitem()
        else:
            while collection:
                for _ in range(min(SLICE, len(collection))):
                    collection.pop()
