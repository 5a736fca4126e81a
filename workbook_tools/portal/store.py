"""The content-addressed file store: every upload kept unchanged under its SHA-256, never overwritten.

A file reaches its final name only complete: it is written to a temp file in the store's own tmp
folder, fsynced, then os.replace()d into place (and the folder fsynced). A server killed mid-write
leaves at most a temp file, which `sweep` removes at the next start; the final name either holds the
whole file or does not exist. Two uploads of the same bytes share one stored file.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20


class TooLarge(ValueError):
    """The stream held more bytes than allowed; nothing was stored."""


@dataclass(frozen=True)
class Stored:
    """A file in the store."""

    sha256: str
    size: int
    path: Path


class BlobStore:
    """Files by SHA-256 under root/ab/cd/<sha256>; root/tmp holds writes in progress."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"

    def path(self, sha256: str) -> Path:
        """Where the file with this digest lives (whether or not it exists)."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"不是 SHA-256 摘要：{sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put_chunks(self, chunks: Iterable[bytes], limit: int | None = None) -> Stored:
        """Store the bytes of `chunks`; over `limit` bytes raises TooLarge and stores nothing."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        tmp = self.tmp / f"upload-{os.getpid()}-{secrets.token_hex(8)}"
        digest, size = hashlib.sha256(), 0
        try:
            with open(tmp, "xb") as fh:
                for chunk in chunks:
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise TooLarge(size)
                    digest.update(chunk)
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            final = self.path(digest.hexdigest())
            if final.exists():  # the same bytes are stored already: content-addressed, never rewritten
                tmp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)
                _fsync_dir(final.parent)
            return Stored(digest.hexdigest(), size, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_file(self, path: str | Path) -> Stored:
        """Store a copy of the file at `path` (read in chunks)."""
        with open(path, "rb") as fh:
            return self.put_chunks(iter(lambda: fh.read(_CHUNK), b""))

    def sweep(self) -> int:
        """Remove writes a killed process left behind (call at start, before serving); how many."""
        if not self.tmp.is_dir():
            return 0
        gone = 0
        for leftover in self.tmp.iterdir():
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
                gone += 1
        return gone

    def files(self) -> list[Path]:
        """Every stored file (for checks and tests)."""
        return sorted(p for p in self.root.glob("??/??/*") if p.is_file())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
