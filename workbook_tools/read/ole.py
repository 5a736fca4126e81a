"""What an OLE compound file (.xls, .et, .doc, .wps, encrypted OOXML) holds at its root, from its directory."""

from __future__ import annotations

import struct

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOSTREAM = 0xFFFFFFFF
_MAX_REGULAR_SID = 0xFFFFFFFA  # higher ids are markers (free, end of chain, FAT/DIFAT sector)


def ole_root_names(data: bytes) -> set[str]:
    """Names of the streams and storages directly under the root; ValueError when the file is damaged.

    Only the root counts: a .doc with an embedded spreadsheet holds a "Workbook" stream too, one storage
    down, so searching the whole file for stream names would take it for a workbook.
    """
    try:
        return _root_names(data)
    except (struct.error, IndexError) as exc:
        raise ValueError(f"damaged compound file: {exc}") from exc


def _root_names(data: bytes) -> set[str]:
    if len(data) < 512 or data[:8] != OLE_MAGIC:
        raise ValueError("not a compound file")
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise ValueError(f"sector shift {shift}")
    size = 1 << shift
    count = (len(data) - 1) // size  # sectors after the header (the header fills sector -1)
    (first_dir,) = struct.unpack_from("<I", data, 48)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)

    def sector(sid: int) -> bytes:
        if sid >= count:
            raise ValueError(f"sector {sid} beyond the end of the file")
        return data[(sid + 1) * size : (sid + 2) * size]

    fat_sids = [s for s in struct.unpack_from("<109I", data, 76) if s <= _MAX_REGULAR_SID]
    sid, seen = first_difat, set()
    for _ in range(min(difat_count, count)):
        if sid > _MAX_REGULAR_SID or sid in seen:
            break
        seen.add(sid)
        ids = struct.unpack(f"<{size // 4}I", sector(sid))
        fat_sids += [s for s in ids[:-1] if s <= _MAX_REGULAR_SID]
        sid = ids[-1]
    fat = [v for s in fat_sids for v in struct.unpack(f"<{size // 4}I", sector(s))]

    directory, sid, seen = [], first_dir, set()
    while sid <= _MAX_REGULAR_SID:
        if sid in seen or sid >= len(fat):
            raise ValueError("directory chain loops or leaves the FAT")
        seen.add(sid)
        directory.append(sector(sid))
        sid = fat[sid]
    raw = b"".join(directory)
    entries = [raw[i : i + 128] for i in range(0, len(raw) - 127, 128)]
    if not entries:
        raise ValueError("no directory")

    # The root's children form a sibling tree (left/right pointers); walk it without trusting it.
    names: set[str] = set()
    stack, visited = [struct.unpack_from("<I", entries[0], 76)[0]], set()
    while stack:
        sid = stack.pop()
        if sid == _NOSTREAM or sid in visited or sid >= len(entries):
            continue
        visited.add(sid)
        entry = entries[sid]
        name_len = min(struct.unpack_from("<H", entry, 64)[0], 64)
        names.add(entry[: max(name_len - 2, 0)].decode("utf-16-le", "replace"))
        stack.extend(struct.unpack_from("<II", entry, 68))
    return names
