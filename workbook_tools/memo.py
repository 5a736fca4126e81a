"""Memoising on an object's identity: specs and layouts are unhashable (they hold dicts) and live for a run."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def by_identity(fn: Callable[[K], V]) -> Callable[[K], V]:
    """fn(obj), computed once per object; a batch asks the same spec or layout for it on every file.

    The object is kept alive beside its result, so its id cannot be reused by another object while cached.
    """
    cache: dict[int, tuple[K, V]] = {}

    @functools.wraps(fn)
    def memoised(obj: K) -> V:
        entry = cache.get(id(obj))
        if entry is None or entry[0] is not obj:
            entry = cache[id(obj)] = (obj, fn(obj))
        return entry[1]

    return memoised
