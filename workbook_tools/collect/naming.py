"""File names that are safe on Windows, macOS and Linux, and unique inside one folder."""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
MAX_STEM = 80  # characters; CJK takes 3 bytes in UTF-8 and most file systems allow 255 bytes


def safe_stem(text: str, fallback: str = "未命名") -> str:
    """A file-name stem: Chinese kept, path separators and Windows-forbidden characters replaced."""
    text = unicodedata.normalize("NFC", str(text))
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = text.rstrip(". ")  # Windows drops trailing dots and spaces, which would merge names
    text = text.lstrip(".")  # no hidden files
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text[:MAX_STEM].rstrip(". ") or fallback


def unique_name(stem: str, suffix: str, taken: set[str]) -> str:
    """stem+suffix, or stem（2）+suffix …, never a name already in taken (compared case-insensitively)."""
    candidate = f"{stem}{suffix}"
    n = 2
    while candidate.casefold() in taken:
        candidate = f"{stem}（{n}）{suffix}"
        n += 1
    taken.add(candidate.casefold())
    return candidate
