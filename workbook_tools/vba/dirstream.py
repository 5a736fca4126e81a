"""The VBA/dir stream (MS-OVBA 2.3.4.2): project information, references and modules.

Record ids were taken from [MS-OVBA] 2.3.4.2 and cross-checked against the
Aspose-built vbaProject.bin that xlwings ships (quickstart_standalone.xlsm).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from .compression import compress, decompress

LCID_EN_US = 0x0409  # PROJECTLCID and PROJECTLCIDINVOKE MUST be 0x409 (olevba warns otherwise)
SYSKIND_WIN64 = 0x03  # what the Excel-proven xlwings project declares; VBA recompiles anyway
# Aspose/xlwings value; the number has no meaning for a project without compiled code.
PROJECT_VERSION = (0x68FBFAC5, 0x0004)

STDOLE_LIBID = (
    "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\\Windows\\System32\\stdole2.tlb#OLE Automation"
)

MODULE_PROCEDURAL = 0x0021
MODULE_OTHER = 0x0022  # document, class and designer modules


@dataclass(frozen=True)
class ModuleRecord:
    """What the dir stream says about one module."""

    name: str
    stream_name: str
    type_id: int
    text_offset: int = 0
    docstring: str = ""


def _rec(record_id: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def _u32(value: int) -> bytes:
    return struct.pack("<I", value)


def _text_pair(mbcs_id: int, unicode_id: int, text: str, encoding: str) -> bytes:
    """MBCS record followed by its UTF-16 twin, the layout of most string records."""
    return _rec(mbcs_id, text.encode(encoding)) + _rec(unicode_id, text.encode("utf-16-le"))


def _information(project_name: str, codepage: int, encoding: str) -> bytes:
    major, minor = PROJECT_VERSION
    return b"".join(
        [
            _rec(0x0001, _u32(SYSKIND_WIN64)),  # PROJECTSYSKIND
            _rec(0x0002, _u32(LCID_EN_US)),  # PROJECTLCID
            _rec(0x0014, _u32(LCID_EN_US)),  # PROJECTLCIDINVOKE
            _rec(0x0003, _u16(codepage)),  # PROJECTCODEPAGE
            _rec(0x0004, project_name.encode(encoding)),  # PROJECTNAME
            _text_pair(0x0005, 0x0040, "", encoding),  # PROJECTDOCSTRING
            _rec(0x0006) + _rec(0x003D),  # PROJECTHELPFILEPATH: HelpFile1, HelpFile2 (both MBCS, empty)
            _rec(0x0007, _u32(0)),  # PROJECTHELPCONTEXT
            _rec(0x0008, _u32(0)),  # PROJECTLIBFLAGS
            # PROJECTVERSION: its "size" field is a Reserved constant 4 followed by 6 bytes.
            struct.pack("<HIIH", 0x0009, 4, major, minor),
            _text_pair(0x000C, 0x003C, "", encoding),  # PROJECTCONSTANTS
        ]
    )


def _reference_stdole(encoding: str) -> bytes:
    """Only stdole: always registered, so it can never show up as MISSING in the VBE."""
    libid = STDOLE_LIBID.encode(encoding)
    registered = _u32(len(libid)) + libid + _u32(0) + _u16(0)
    return _text_pair(0x0016, 0x003E, "stdole", encoding) + _rec(0x000D, registered)


def _module(record: ModuleRecord, encoding: str) -> bytes:
    return b"".join(
        [
            _rec(0x0019, record.name.encode(encoding)),  # MODULENAME
            _rec(0x0047, record.name.encode("utf-16-le")),  # MODULENAMEUNICODE
            _text_pair(0x001A, 0x0032, record.stream_name, encoding),  # MODULESTREAMNAME
            _text_pair(0x001C, 0x0048, record.docstring, encoding),  # MODULEDOCSTRING
            _rec(0x0031, _u32(record.text_offset)),  # MODULEOFFSET: no p-code before the source
            _rec(0x001E, _u32(0)),  # MODULEHELPCONTEXT
            _rec(0x002C, _u16(0xFFFF)),  # MODULECOOKIE: MUST be 0xFFFF when written
            _rec(record.type_id),  # MODULETYPE (Reserved 0 in the size field)
            _rec(0x002B),  # module terminator
        ]
    )


def build_dir_stream(
    project_name: str, modules: Sequence[ModuleRecord], codepage: int, encoding: str
) -> bytes:
    """Uncompressed dir stream; `compress` it before storing."""
    parts = [
        _information(project_name, codepage, encoding),
        _reference_stdole(encoding),
        _rec(0x000F, _u16(len(modules))),  # PROJECTMODULES
        _rec(0x0013, _u16(0xFFFF)),  # PROJECTCOOKIE
        *(_module(m, encoding) for m in modules),
        _rec(0x0010),  # dir terminator (Reserved 0 in the size field)
    ]
    return b"".join(parts)


def build_compressed_dir(
    project_name: str, modules: Sequence[ModuleRecord], codepage: int, encoding: str
) -> bytes:
    return compress(build_dir_stream(project_name, modules, codepage, encoding))


def _records(data: bytes):
    pos = 0
    while pos + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION lies about its size (see above)
            size = 6
        yield record_id, data[pos + 6 : pos + 6 + size]
        pos += 6 + size
        if record_id == 0x0010:
            return


def parse_dir_stream(compressed: bytes) -> tuple[int, list[ModuleRecord]]:
    """Return (codepage, modules) from a compressed dir stream."""
    codepage = 1252
    modules: list[ModuleRecord] = []
    current: dict[str, object] = {}
    for record_id, body in _records(decompress(compressed)):
        if record_id == 0x0003:
            codepage = struct.unpack("<H", body)[0]
        elif record_id == 0x0019:
            current = {"name": body.decode(f"cp{codepage}"), "type_id": MODULE_PROCEDURAL}
        elif record_id == 0x001A:
            current["stream_name"] = body.decode(f"cp{codepage}")
        elif record_id == 0x001C:
            current["docstring"] = body.decode(f"cp{codepage}")
        elif record_id == 0x0031:
            current["text_offset"] = struct.unpack("<I", body)[0]
        elif record_id in (MODULE_PROCEDURAL, MODULE_OTHER):
            current["type_id"] = record_id
        elif record_id == 0x002B:
            modules.append(ModuleRecord(**current))  # type: ignore[arg-type]
    return codepage, modules
