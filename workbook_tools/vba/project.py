"""Assemble a source-only vbaProject.bin from module sources.

The project carries no compiled p-code: `VBA/_VBA_PROJECT` has version 0xFFFF, which
tells VBA to recompile from source on open, exactly like the project xlwings ships.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .cfb import build_cfb, read_cfb
from .compression import compress, decompress
from .crypt import encrypt
from .dirstream import MODULE_OTHER, MODULE_PROCEDURAL, ModuleRecord, build_compressed_dir, parse_dir_stream

ModuleKind = Literal["standard", "class", "document"]

# Fixed so that committed templates regenerate byte for byte.
DEFAULT_PROJECT_ID = "{6B3D9C1E-4F2A-4E8B-9A37-5C0D2E7F1B46}"
_VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000100")  # Reserved1, Version 0xFFFF = "recompile"
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_SEEDS = {"CMG": 0x41, "DPB": 0x42, "GC": 0x43}  # any byte works; fixed for determinism
# CMG: no protection flags; DPB: no password (one 0x00 byte); GC: project visible (0xFF).
_PROTECTION = {"CMG": bytes(4), "DPB": b"\x00", "GC": b"\xff"}

WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")
_ATTRIBUTE_RE = re.compile(r"^Attribute\s+(VB_\w+)\s*=\s*(.*?)\s*$")


@dataclass(frozen=True)
class VbaModule:
    """One module: `code` is the source without the module-level Attribute lines.

    `attributes` holds module-level attributes from an exported file (e.g. a class's
    VB_Exposed or VB_Description); they override the defaults we write for `kind`.
    """

    name: str
    code: str
    kind: ModuleKind = "standard"
    attributes: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not _NAME_RE.match(self.name):
            raise ValueError(f"invalid VBA module name {self.name!r}")

    @classmethod
    def from_source(
        cls, text: str, *, name: str | None = None, kind: ModuleKind = "standard", fallback_name: str = ""
    ) -> VbaModule:
        """Parse exported .bas/.cls text: drops the VERSION/BEGIN block and leading Attribute lines.

        The name is `name`, else the source's VB_Name, else `fallback_name`.
        """
        attributes, body = split_header(text)
        vb_name = attributes.pop("VB_Name", "").strip('"')
        return cls(name or vb_name or fallback_name, body, kind, tuple(attributes.items()))

    @classmethod
    def from_file(cls, path: str | Path, *, encoding: str = "ascii") -> VbaModule:
        """.cls files become class modules, anything else a standard module.

        ASCII by default because our own sources must be ASCII-only (the VBE shows
        non-ASCII source as mojibake on machines with another ANSI codepage).
        """
        path = Path(path)
        kind: ModuleKind = "class" if path.suffix.lower() == ".cls" else "standard"
        return cls.from_source(path.read_bytes().decode(encoding), kind=kind, fallback_name=path.stem)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Return (module-level attributes, body with LF line endings)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("VERSION "):  # .cls export: VERSION / BEGIN ... END
        ends = [i for i, line in enumerate(lines) if line.strip() == "END"]
        lines = lines[ends[0] + 1 :] if ends else lines[1:]
    attributes: dict[str, str] = {}
    while lines and (match := _ATTRIBUTE_RE.match(lines[0])):
        attributes[match.group(1)] = match.group(2)
        lines.pop(0)
    return attributes, "\n".join(lines)


def load_modules(directory: str | Path) -> list[VbaModule]:
    """All *.bas and *.cls files of `directory`, sorted by file name for stable output."""
    paths = sorted(p for p in Path(directory).iterdir() if p.suffix.lower() in (".bas", ".cls"))
    return [VbaModule.from_file(p) for p in paths]


def _default_attributes(kind: ModuleKind, base: str | None) -> dict[str, str]:
    """What the VBE writes for a new module of this kind (Excel document modules: see xlwings)."""
    if kind == "standard":
        return {}
    document = str(kind == "document")
    return {
        "VB_Base": f'"{base or CLASS_BASE}"',
        "VB_GlobalNameSpace": "False",
        "VB_Creatable": "False",
        "VB_PredeclaredId": document,
        "VB_Exposed": document,
        "VB_TemplateDerived": "False",
        "VB_Customizable": document,
    }


def _header(module: VbaModule, base: str | None) -> str:
    attributes = _default_attributes(module.kind, base)
    for key, value in module.attributes:
        # A document module's base class is fixed by its role, never by the source.
        if key != "VB_Name" and not (key == "VB_Base" and module.kind == "document"):
            attributes[key] = value
    lines = [f'Attribute VB_Name = "{module.name}"']
    lines += [f"Attribute {key} = {value}" for key, value in attributes.items()]
    return "\r\n".join(lines)


def module_text(module: VbaModule, base: str | None = None) -> str:
    """Full module stream text: header, then the body, CRLF line endings, trailing CRLF."""
    body = module.code.replace("\r\n", "\n").strip("\n")
    text = _header(module, base) + "\r\n" + (body.replace("\n", "\r\n") + "\r\n" if body else "")
    return text


def _collect(
    modules: Sequence[VbaModule], document_modules: Sequence[str]
) -> list[tuple[VbaModule, str | None]]:
    """Document modules first (first one = the workbook), then the others, in input order."""
    by_name = {m.name: m for m in modules}
    if len(by_name) != len(modules):
        raise ValueError("duplicate module names")
    result: list[tuple[VbaModule, str | None]] = []
    for index, name in enumerate(document_modules):
        given = by_name.pop(name, None)
        doc = (
            VbaModule(name, given.code, "document", given.attributes)
            if given
            else VbaModule(name, "", "document")
        )
        result.append((doc, WORKBOOK_BASE if index == 0 else WORKSHEET_BASE))
    for module in by_name.values():
        if module.kind == "document":
            raise ValueError(f"document module {module.name!r} is not listed in document_modules")
        result.append((module, None))
    if len({m.name.lower() for m, _ in result}) != len(result):
        raise ValueError("module names must be unique ignoring case")
    return result


def _project_stream(entries: list[tuple[VbaModule, str | None]], project_name: str, project_id: str) -> str:
    lines = [f'ID="{project_id}"']
    for module, _ in entries:
        key = {"document": "Document", "class": "Class", "standard": "Module"}[module.kind]
        lines.append(f"{key}={module.name}/&H00000000" if key == "Document" else f"{key}={module.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        *(f'{key}="{encrypt(project_id, data, _SEEDS[key])}"' for key, data in _PROTECTION.items()),
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
        *(f"{module.name}=0, 0, 0, 0, C" for module, _ in entries),
        "",
    ]
    return "\r\n".join(lines) + "\r\n"


def _project_wm(entries: list[tuple[VbaModule, str | None]], encoding: str) -> bytes:
    out = b"".join(m.name.encode(encoding) + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m, _ in entries)
    return out + b"\0\0"


def _encode(text: str, encoding: str, what: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise ValueError(f"{what} cannot be encoded in {encoding}; use ChrW() for non-ASCII text") from exc


def build_vba_project(
    modules: Sequence[VbaModule],
    *,
    document_modules: Sequence[str] = ("ThisWorkbook", "Sheet1"),
    codepage: int = 1252,
    project_name: str = "VBAProject",
    project_id: str = DEFAULT_PROJECT_ID,
) -> bytes:
    """Return vbaProject.bin bytes; the same arguments always give the same bytes.

    `document_modules` are the code names XlsxWriter must use: the first is the
    workbook (`wb.set_vba_name`), the rest are worksheets (`ws.set_vba_name`).
    """
    if not document_modules:
        raise ValueError("an Excel project needs at least the workbook document module")
    encoding = f"cp{codepage}"
    entries = _collect(modules, document_modules)
    streams = {
        "PROJECT": _encode(_project_stream(entries, project_name, project_id), encoding, "PROJECT"),
        "PROJECTwm": _project_wm(entries, encoding),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_STREAM,
    }
    records = []
    for module, base in entries:
        type_id = MODULE_PROCEDURAL if module.kind == "standard" else MODULE_OTHER
        records.append(ModuleRecord(module.name, module.name, type_id))
        streams[f"VBA/{module.name}"] = compress(_encode(module_text(module, base), encoding, module.name))
    streams["VBA/dir"] = build_compressed_dir(project_name, records, codepage, encoding)
    return build_cfb(streams)


def read_modules(vba_bin: bytes) -> dict[str, str]:
    """{module name: full module text} decoded with our own CFB reader and decompressor."""
    streams = read_cfb(vba_bin)
    codepage, records = parse_dir_stream(streams["VBA/dir"])
    result = {}
    for record in records:
        raw = streams[f"VBA/{record.stream_name}"][record.text_offset :]
        result[record.name] = decompress(raw).decode(f"cp{codepage}")
    return result
