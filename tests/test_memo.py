"""memo.by_identity: one computation per object, never a result of another object."""

from __future__ import annotations

from workbook_tools.memo import by_identity


def test_computed_once_per_object_and_kept_apart():
    calls = []

    @by_identity
    def size(obj: dict) -> int:
        calls.append(obj)
        return len(obj)

    a, b = {"x": 1}, {"x": 1, "y": 2}  # equal-looking or not, dicts are unhashable: identity is the key
    assert (size(a), size(a), size(b), size(b)) == (1, 1, 2, 2)
    assert calls == [a, b]
