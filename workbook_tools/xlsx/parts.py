"""Parts of an open package: their text, and parses of them memoised on the bytes stored in the zip.

Every return of a batch was generated from one template, so its workbook, relationships, content
types and styles parts are stored byte for byte alike; parsing them once per process instead of once
per file is most of what the validator's reader spends outside the sheet itself. The memo key is the
compressed member as stored (not a checksum), so two parts share a parse only when they are equal.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then file name and extra field lengths
_LOCAL_SIGNATURE = b"PK\x03\x04"
_MEMO_LIMIT = 64  # distinct variants per parse kept in one process; a batch holds a handful
_MEMO_SIZE_LIMIT = 1 << 16  # larger parts (sheets, shared strings) differ per file: not worth keeping

_memos: dict[Callable, dict[tuple[str, int, bytes], object]] = {}


def stored(zf: zipfile.ZipFile, name: str) -> tuple[zipfile.ZipInfo, bytes] | None:
    """The member's info and its bytes as stored (still compressed); None when they cannot be reached."""
    info = zf.NameToInfo[name]
    fp = getattr(zf, "fp", None)
    if fp is None or not fp.seekable() or info.flag_bits & 0x1:  # closed, a stream, or encrypted
        return None
    fp.seek(info.header_offset)
    head = fp.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"Truncated file header of {name}")
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(head)
    if signature != _LOCAL_SIGNATURE:
        raise zipfile.BadZipFile(f"Bad magic number for file header of {name}")
    fp.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    raw = fp.read(info.compress_size)
    if len(raw) != info.compress_size:
        raise zipfile.BadZipFile(f"{name} is truncated")
    return info, raw


def read_bytes(zf: zipfile.ZipFile, name: str) -> bytes:
    """The member's content, CRC-checked as zipfile checks it; raises zipfile.BadZipFile when damaged."""
    return _content(zf, name, stored(zf, name))


def _content(zf: zipfile.ZipFile, name: str, found: tuple[zipfile.ZipInfo, bytes] | None) -> bytes:
    if found is None or found[0].compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return zf.read(name)
    info, raw = found
    # One zlib call instead of zipfile's chunked reader: the sheet part is most of a return's bytes.
    # Inflating stops one byte past the declared size, as zipfile's reader does, so a stream that
    # inflates far beyond what its header says (a zip bomb) costs no more memory than the header admits.
    try:
        if info.compress_type == zipfile.ZIP_STORED:
            data = raw
        else:
            data = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
    except zlib.error as exc:
        raise zipfile.BadZipFile(f"{name}: {exc}") from exc
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")
    return data


def read_text(zf: zipfile.ZipFile, name: str) -> str:
    """The member's content as UTF-8 text; see text_of for what is refused."""
    return text_of(name, read_bytes(zf, name))


def text_of(name: str, data: bytes) -> str:
    """A part's bytes as text, refusing DTDs and entity declarations and bytes that are not UTF-8.

    Excel never writes a DOCTYPE; a part that has one is refused outright (our scanner never expands
    entities, but no other reader may either). A UTF-16 part (legal XML, no Excel writes it) is left
    to openpyxl as unusual markup.
    """
    if b"<!" in data and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):  # one scan for the common part
        from workbook_tools.read.package import PackageProblem

        raise PackageProblem(
            f"文件内部的部件“{name}”含有 DTD 或实体声明（不安全的 XML，可能试图读取本机文件或耗尽内存），已拒绝读取"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from workbook_tools.read.package import PackageProblem
        from workbook_tools.xlsx.cells import UnusualMarkup

        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise UnusualMarkup(f"{name} is UTF-16") from exc
        raise PackageProblem(
            f"文件内部的部件“{name}”含有不是 UTF-8 编码的字节（第 {exc.start} 字节处），文件已损坏"
        ) from exc


def parsed(zf: zipfile.ZipFile, name: str, parse: Callable[[str], T]) -> T:
    """parse(text of the member), computed once per distinct stored member (parse must be pure)."""
    found = stored(zf, name)
    if found is None or found[0].compress_size > _MEMO_SIZE_LIMIT:
        return parse(text_of(name, _content(zf, name, found)))
    memo = _memos.setdefault(parse, {})
    key = (name, found[0].compress_type, found[1])
    if key not in memo:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = parse(text_of(name, _content(zf, name, found)))  # the bytes already read
    return memo[key]  # type: ignore[return-value]
