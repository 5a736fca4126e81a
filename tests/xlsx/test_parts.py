"""xlsx.parts: members read as zipfile reads them, damage detected, parses shared only between equal parts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbook_tools.xlsx import parts

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "xlsx" / "mof-project.xlsx"


def repack(source: Path, target: Path, compression: int, edit=None) -> Path:
    """Copy a package member by member with another compression, optionally editing one member."""
    with zipfile.ZipFile(source) as zf:
        items = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(target, "w", compression) as zf:
        for name, data in items:
            zf.writestr(name, edit(name, data) if edit else data)
    return target


@pytest.mark.parametrize(
    "compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED], ids=["deflated", "stored"]
)
def test_members_read_as_zipfile_reads_them(tmp_path, compression):
    path = repack(TEMPLATE, tmp_path / "t.xlsx", compression)
    in_memory = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    on_disk = zipfile.ZipFile(path)
    for zf in (in_memory, on_disk):
        for name in zf.namelist():
            assert parts.read_bytes(zf, name) == zf.read(name), name


def test_damaged_member_is_a_bad_zip(tmp_path):
    data = bytearray(TEMPLATE.read_bytes())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    found = parts.stored(zf, info.filename)
    assert found is not None
    start = bytes(data).index(found[1])
    data[start + len(found[1]) // 2] ^= 0xFF  # one flipped byte in the middle of the deflated stream
    damaged = zipfile.ZipFile(io.BytesIO(bytes(data)))
    with pytest.raises(zipfile.BadZipFile):
        parts.read_bytes(damaged, info.filename)


def test_bad_local_header_is_a_bad_zip():
    data = bytearray(TEMPLATE.read_bytes())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    offset = zf.getinfo("xl/styles.xml").header_offset
    data[offset : offset + 4] = b"XXXX"
    damaged = zipfile.ZipFile(io.BytesIO(bytes(data)))
    with pytest.raises(zipfile.BadZipFile):
        parts.read_bytes(damaged, "xl/styles.xml")


def test_parse_is_shared_only_between_equal_members(tmp_path):
    calls = []

    def parse(text: str) -> int:
        calls.append(text)
        return len(text)

    first = zipfile.ZipFile(repack(TEMPLATE, tmp_path / "a.xlsx", zipfile.ZIP_DEFLATED))
    same = zipfile.ZipFile(repack(TEMPLATE, tmp_path / "b.xlsx", zipfile.ZIP_DEFLATED))

    def longer(name: str, data: bytes) -> bytes:
        return data.replace(b"</styleSheet>", b"<!-- x --></styleSheet>") if name == "xl/styles.xml" else data

    other = zipfile.ZipFile(repack(TEMPLATE, tmp_path / "c.xlsx", zipfile.ZIP_DEFLATED, longer))
    n = len(first.read("xl/styles.xml").decode())
    assert parts.parsed(first, "xl/styles.xml", parse) == n
    assert parts.parsed(same, "xl/styles.xml", parse) == n
    assert len(calls) == 1  # the second package stores the same bytes: parsed once
    assert parts.parsed(other, "xl/styles.xml", parse) == n + len("<!-- x -->")
    assert len(calls) == 2


def test_a_member_inflating_past_its_declared_size_is_refused_without_inflating_it(tmp_path):
    # 64 MB of zeros deflate to about 64 kB; the headers are patched to claim 1 kB (a zip bomb).
    import struct

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 << 20))
    data = bytearray(path.read_bytes())
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1024)  # uncompressed size in the local header
    struct.pack_into("<I", data, central + 24, 1024)  # and in the central directory
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(zipfile.BadZipFile):
            parts.read_bytes(zf, "xl/worksheets/sheet1.xml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # the 64 MB were never inflated
