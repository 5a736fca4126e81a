"""Minimal Compound File Binary (MS-CFB) writer: version 3, 512-byte sectors.

Only what a vbaProject.bin needs: storages and streams, a mini stream for streams
under 4096 bytes, no DIFAT sectors (up to 109 FAT sectors, i.e. ~7 MB), and zero
timestamps/CLSIDs so the same input always gives the same bytes.

Sibling trees are written the way Aspose.Cells writes the vbaProject.bin that
xlwings ships to every user (and Excel opens): children sorted in CFB name order,
chained through the right-sibling pointer, all nodes black.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
_ENTRIES_PER_SECTOR = SECTOR // 128
_IDS_PER_SECTOR = SECTOR // 4
_MAX_FAT_SECTORS = 109  # all FAT sector ids must fit in the header DIFAT

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_BLACK = 1


@dataclass
class _Node:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Node] = field(default_factory=dict)
    sid: int = 0
    start: int = ENDOFCHAIN
    right: int = NOSTREAM
    child: int = NOSTREAM


def _sort_key(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then code-point order of the upper-cased names."""
    return len(name.encode("utf-16-le")), name.upper()


def _build_tree(streams: Mapping[str, bytes]) -> _Node:
    root = _Node("Root Entry", _ROOT)
    for path, data in streams.items():
        *dirs, leaf = path.split("/")
        node = root
        for part in dirs:
            node = node.children.setdefault(part, _Node(part, _STORAGE))
            if node.kind != _STORAGE:
                raise ValueError(f"{part!r} is both a stream and a storage")
        if leaf in node.children:
            raise ValueError(f"duplicate stream {path!r}")
        _check_name(leaf)
        node.children[leaf] = _Node(leaf, _STREAM, bytes(data))
    return root


def _check_name(name: str) -> None:
    if not name or len(name) > 31 or any(c in name for c in "/\\:!"):
        raise ValueError(f"invalid compound file entry name {name!r}")


def _number_entries(root: _Node) -> list[_Node]:
    """Depth-first ids; each storage's children form a sorted right-sibling chain."""
    order: list[_Node] = []

    def visit(node: _Node) -> None:
        node.sid = len(order)
        order.append(node)
        kids = sorted(node.children.values(), key=lambda n: _sort_key(n.name))
        for kid in kids:
            visit(kid)
        if kids:
            node.child = kids[0].sid
        for left, right in zip(kids, kids[1:], strict=False):
            left.right = right.sid

    visit(root)
    return order


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def _chain(first: int, count: int) -> list[int]:
    """FAT entries for `count` consecutive sectors starting at `first`."""
    return [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN] if count else []


def _dir_entry(node: _Node, size: int) -> bytes:
    name = node.name.encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name) + 2,
        node.kind,
        _BLACK,
        NOSTREAM,  # left sibling: never used by the chain layout
        node.right,
        node.child,
        b"\0" * 16,
        0,
        0,
        0,
        node.start,
        size,
    )


def _empty_entry() -> bytes:
    return struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0
    )


def build_cfb(streams: Mapping[str, bytes]) -> bytes:
    """Return a compound file holding `streams`, keyed by "Storage/Stream" paths."""
    root = _build_tree(streams)
    entries = _number_entries(root)
    files = [n for n in entries if n.kind == _STREAM]
    small = [n for n in files if len(n.data) < MINI_CUTOFF]
    large = [n for n in files if len(n.data) >= MINI_CUTOFF]

    mini_stream, mini_fat = bytearray(), []
    for node in small:
        if node.data:
            node.start = len(mini_stream) // MINI_SECTOR
            count = -(-len(node.data) // MINI_SECTOR)
            mini_fat += _chain(node.start, count)
            mini_stream += _pad(node.data, MINI_SECTOR)

    blobs: list[tuple[str, bytes]] = [(f"large:{n.sid}", n.data) for n in large]
    blobs.append(("ministream", bytes(mini_stream)))
    minifat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
    blobs.append(("minifat", _pad(minifat_bytes, SECTOR) if mini_fat else b""))
    dir_count = -(-len(entries) // _ENTRIES_PER_SECTOR)
    blobs.append(("dir", b"\0" * dir_count * SECTOR))

    other = sum(-(-len(b) // SECTOR) for _, b in blobs)
    fat_count = 1
    while fat_count * _IDS_PER_SECTOR < other + fat_count:
        fat_count += 1
    if fat_count > _MAX_FAT_SECTORS:
        raise ValueError("compound file too large for a DIFAT-free layout")

    fat = [FATSECT] * fat_count
    starts: dict[str, int] = {}
    body = bytearray()
    for key, blob in blobs:
        count = -(-len(blob) // SECTOR)
        starts[key] = len(fat) if count else ENDOFCHAIN
        fat += _chain(len(fat), count)
        body += _pad(blob, SECTOR)
    for node in large:
        node.start = starts[f"large:{node.sid}"]
    root.start = starts["ministream"]

    directory = b"".join(_dir_entry(n, len(mini_stream) if n is root else len(n.data)) for n in entries)
    directory += _empty_entry() * (dir_count * _ENTRIES_PER_SECTOR - len(entries))
    dir_offset = (starts["dir"] - fat_count) * SECTOR
    body[dir_offset : dir_offset + len(directory)] = directory

    fat += [FREESECT] * (fat_count * _IDS_PER_SECTOR - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    header = _header(fat_count, starts["dir"], starts["minifat"], -(-len(minifat_bytes) // SECTOR))
    return header + fat_bytes + bytes(body)


def _header(fat_count: int, first_dir: int, first_minifat: int, minifat_count: int) -> bytes:
    difat = list(range(fat_count)) + [FREESECT] * (_MAX_FAT_SECTORS - fat_count)
    return struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian byte order mark
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        b"\0" * 6,
        0,  # number of directory sectors: must be 0 in version 3
        fat_count,
        first_dir,
        0,  # transaction signature
        MINI_CUTOFF,
        first_minifat if minifat_count else ENDOFCHAIN,
        minifat_count,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,
        *difat,
    )


def read_cfb(data: bytes) -> dict[str, bytes]:
    """Read every stream of a compound file (v3 or v4) into {"Storage/Stream": bytes}.

    For tests and diagnostics: it follows real red-black trees and DIFAT chains, so it
    also reads files written by Office, not only our own.
    """
    if data[:8] != bytes.fromhex("D0CF11E0A1B11AE1"):
        raise ValueError("not a compound file")
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
    (_, first_dir, _, cutoff, first_minifat, _, first_difat, difat_count) = struct.unpack_from(
        "<8I", data, 44
    )

    def sector(sid: int) -> bytes:
        offset = (sid + 1) * sector_size
        return data[offset : offset + sector_size]

    fat_sids = [s for s in struct.unpack_from("<109I", data, 76) if s != FREESECT]
    next_difat = first_difat
    for _ in range(difat_count):
        ids = struct.unpack(f"<{sector_size // 4}I", sector(next_difat))
        fat_sids += [s for s in ids[:-1] if s != FREESECT]
        next_difat = ids[-1]
    fat = [v for sid in fat_sids for v in struct.unpack(f"<{sector_size // 4}I", sector(sid))]

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        while start not in (ENDOFCHAIN, FREESECT) and len(out) <= len(table):
            out.append(start)
            start = table[start]
        return out

    def read_chain(start: int) -> bytes:
        return b"".join(sector(s) for s in chain(start, fat))

    directory = read_chain(first_dir)
    entries = [directory[i : i + 128] for i in range(0, len(directory), 128)]
    minifat_raw = read_chain(first_minifat) if first_minifat != ENDOFCHAIN else b""
    minifat = list(struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw))
    root_start = struct.unpack_from("<I", entries[0], 116)[0]
    mini_stream = read_chain(root_start) if root_start != ENDOFCHAIN else b""

    def stream(entry: bytes) -> bytes:
        start, size = struct.unpack_from("<IQ", entry, 116)
        if sector_size == SECTOR:
            size &= 0xFFFFFFFF  # version 3 files may leave garbage in the high dword
        if size < cutoff:
            parts = [mini_stream[s * mini_size : (s + 1) * mini_size] for s in chain(start, minifat)]
            return b"".join(parts)[:size]
        return read_chain(start)[:size]

    result: dict[str, bytes] = {}

    def walk(sid: int, prefix: str) -> None:
        if sid == NOSTREAM:
            return
        entry = entries[sid]
        name_len, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[: max(name_len - 2, 0)].decode("utf-16-le")
        left, right, child = struct.unpack_from("<III", entry, 68)
        walk(left, prefix)
        walk(right, prefix)
        if kind == _STREAM:
            result[prefix + name] = stream(entry)
        elif kind == _STORAGE:
            walk(child, f"{prefix}{name}/")

    walk(struct.unpack_from("<I", entries[0], 76)[0], "")
    return result
