"""A hostile corpus, generated (never committed as binaries): one builder per class of bad input.

Each builder writes one file (or folder entry) into a folder and returns its path. `build_all(folder)`
writes the whole corpus; `CLASSES` maps a class name to (builder, expectation):

- "bad": the file is refused with exactly one file-level finding (FILE_UNREADABLE or FILE_ENCRYPTED);
- "read": the file is read (any findings), it only must not crash, hang or blow up memory.

Zip headers are patched by hand where zipfile cannot write the hostile thing (Deflate64, encryption
flags, wrong CRCs, sizes that lie, names that are not UTF-8). Grow this file with each bug found.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.xlsx.fill import fill_workbook

DATA = Path(__file__).parent.parent / "data" / "validate"
SEED = "mianyang-a03-clean"
SHEET = "xl/worksheets/sheet1.xml"

_stamped_cache: dict[str, bytes] = {}


# --- base files ---------------------------------------------------------------------------------------


def stamped_bytes(tmp: Path | None = None) -> bytes:
    """A clean stamped return (our template, filled from a seed fixture), as bytes."""
    if SEED not in _stamped_cache:
        import tempfile

        se = SelfEvaluation.from_dict(json.loads((DATA / f"{SEED}.json").read_text(encoding="utf-8")))
        with tempfile.TemporaryDirectory(prefix="wbt-hostile-") as d:
            path = fill_workbook(se.form, se, Path(d) / "base.xlsx")
            _stamped_cache[SEED] = path.read_bytes()
    return _stamped_cache[SEED]


_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>{extra}</Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def sheet_xml(cells: str = '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>') -> str:
    """A minimal worksheet part holding `cells` as its sheetData."""
    return f"{SHEET_HEAD}<sheetData>{cells}</sheetData></worksheet>"


def unstamped_parts(sheet: str | bytes | None = None, custom: str | bytes | None = None) -> dict[str, bytes]:
    """The parts of a minimal unstamped workbook (one sheet); `custom` adds docProps/custom.xml."""
    extra_ct = ""
    extra_rels = ""
    parts: dict[str, bytes] = {}
    if custom is not None:
        extra_ct = (
            '<Override PartName="/docProps/custom.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        )
        extra_rels = (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/custom-properties" Target="docProps/custom.xml"/>'
        )
    parts["[Content_Types].xml"] = _CT.format(extra=extra_ct).encode()
    parts["_rels/.rels"] = _RELS.format(extra=extra_rels).encode()
    parts["xl/workbook.xml"] = _WB.encode()
    parts["xl/_rels/workbook.xml.rels"] = _WB_RELS.encode()
    sheet = sheet_xml() if sheet is None else sheet
    parts[SHEET] = sheet.encode() if isinstance(sheet, str) else sheet
    if custom is not None:
        parts["docProps/custom.xml"] = custom.encode() if isinstance(custom, str) else custom
    return parts


def zip_parts(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of `parts`, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def stamped_parts() -> dict[str, bytes]:
    """The parts of the clean stamped return, in order."""
    with zipfile.ZipFile(io.BytesIO(stamped_bytes())) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def edit_stamped(name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The stamped return with one part's bytes replaced by edit(bytes)."""
    parts = stamped_parts()
    parts[name] = edit(parts[name])
    return zip_parts(parts)


# --- zip header patching ------------------------------------------------------------------------------

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")


def patch_member(
    data: bytes,
    name: str,
    *,
    method: int | None = None,
    flag_or: int = 0,
    crc: int | None = None,
    size: int | None = None,
) -> bytes:
    """Rewrite one member's local and central headers: compression method, flag bits, CRC, size."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
        start = zf.start_dir  # type: ignore[attr-defined]
    local = list(_LOCAL.unpack_from(buf, info.header_offset))
    pos = start
    while buf[pos : pos + 4] == b"PK\x01\x02":
        central = list(_CENTRAL.unpack_from(buf, pos))
        length = _CENTRAL.size + central[10] + central[11] + central[12]
        if central[16] == info.header_offset:
            break
        pos += length
    else:
        raise ValueError(f"no central entry for {name}")
    for fields, base in ((local, 0), (central, 1)):
        fields[2 + base] |= flag_or
        if method is not None:
            fields[3 + base] = method
        if crc is not None:
            fields[6 + base] = crc
        if size is not None:
            fields[8 + base] = size
    _LOCAL.pack_into(buf, info.header_offset, *local)
    _CENTRAL.pack_into(buf, pos, *central)
    return bytes(buf)


def _member_data_offset(data: bytes, name: str) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    head = _LOCAL.unpack_from(data, info.header_offset)
    return info.header_offset + _LOCAL.size + head[9] + head[10], info.compress_size


# --- the classes ----------------------------------------------------------------------------------------


def corrupt_deflate(folder: Path) -> Path:
    """The sheet part's deflate stream has garbage in its middle."""
    data = bytearray(stamped_bytes())
    offset, size = _member_data_offset(bytes(data), SHEET)
    for i in range(offset + size // 3, offset + size // 3 + 64):
        data[i] ^= 0x5A
    return _write(folder / "损坏压缩流.xlsx", bytes(data))


def deflate64(folder: Path) -> Path:
    """The sheet part claims Deflate64 (method 9), which zipfile cannot inflate."""
    return _write(folder / "deflate64.xlsx", patch_member(stamped_bytes(), SHEET, method=9))


def zipcrypto(folder: Path) -> Path:
    """The sheet part is flagged as encrypted (ZipCrypto, flag bit 0)."""
    return _write(folder / "zipcrypto.xlsx", patch_member(stamped_bytes(), SHEET, flag_or=0x1))


def bad_crc(folder: Path) -> Path:
    """The sheet part's CRC does not match its content."""
    with zipfile.ZipFile(io.BytesIO(stamped_bytes())) as zf:
        crc = zf.getinfo(SHEET).CRC
    return _write(folder / "校验和错误.xlsx", patch_member(stamped_bytes(), SHEET, crc=crc ^ 0xFFFF))


def no_content_types(folder: Path) -> Path:
    """A package without [Content_Types].xml."""
    parts = stamped_parts()
    del parts["[Content_Types].xml"]
    return _write(folder / "缺内容类型.xlsx", zip_parts(parts))


def truncated(folder: Path) -> Path:
    """The first half of a return."""
    data = stamped_bytes()
    return _write(folder / "截断.xlsx", data[: len(data) // 2])


def truncated_zip(folder: Path) -> Path:
    """A truncated .zip of returns in the folder."""
    data = zip_parts({"西昌/自评表.xlsx": stamped_bytes()}, zipfile.ZIP_STORED)
    return _write(folder / "截断附件.zip", data[: len(data) * 2 // 3])


def bad_names(folder: Path) -> Path:
    """A member name flagged UTF-8 whose bytes are not UTF-8."""
    parts = stamped_parts()
    parts["xl/media/é.bin"] = b"x"
    data = zip_parts(parts)
    return _write(folder / "坏文件名.xlsx", data.replace("xl/media/é.bin".encode(), b"xl/media/\xff\xfe.bin"))


def _deflated_spaces(head: bytes, filler: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + filler spaces + tail, streamed (never holding the inflated bytes)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [comp.compress(head)]
    crc = zlib.crc32(head)
    chunk = b" " * (1 << 20)
    left = filler
    while left:
        piece = chunk[: min(left, len(chunk))]
        out.append(comp.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    out.append(comp.compress(tail))
    crc = zlib.crc32(tail, crc)
    out.append(comp.flush())
    return b"".join(out), crc, len(head) + filler + len(tail)


def _bomb(folder: Path, name: str, filler: int, declared: int | None) -> Path:
    """An unstamped workbook whose sheet inflates to `filler` bytes; its header says `declared`."""
    head = (SHEET_HEAD + "<sheetData>").encode()
    tail = b"</sheetData></worksheet>"
    raw, crc, size = _deflated_spaces(head, filler, tail)
    parts = unstamped_parts(sheet=b"")
    return _write(folder / name, _rebuild(parts, {SHEET: (raw, crc, size if declared is None else declared)}))


def _rebuild(parts: dict[str, bytes], raw_members: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip where the members in raw_members are stored as given (deflated bytes, CRC, declared size)."""
    out = io.BytesIO()
    central = []
    for name, content in parts.items():
        encoded = name.encode()
        if name in raw_members:
            raw, crc, size = raw_members[name]
            method = zipfile.ZIP_DEFLATED
        else:
            raw, crc, size, method = content, zlib.crc32(content), len(content), zipfile.ZIP_STORED
        offset = out.tell()
        out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(raw), size, len(encoded), 0))
        out.write(encoded)
        out.write(raw)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(raw),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    end = out.tell()
    out.write(
        struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), end - start, start, 0)
    )
    return out.getvalue()


def bomb_lying(folder: Path) -> Path:
    """A sheet part that says it is 1 KB and inflates to 200 MB (about 200 KB compressed)."""
    return _bomb(folder, "谎报大小.xlsx", 200 * 1024 * 1024, 1024)


def bomb_honest(folder: Path) -> Path:
    """A sheet part that says (truthfully) it inflates to 1 GB (about 1 MB compressed)."""
    return _bomb(folder, "解压炸弹.xlsx", 1024 * 1024 * 1024, None)


def bomb_custom(folder: Path) -> Path:
    """A stamped return whose custom.xml truthfully inflates to 50 MB (about 50 KB compressed)."""
    parts = stamped_parts()
    head = parts["docProps/custom.xml"].replace(b"</Properties>", b"")
    raw, crc, size = _deflated_spaces(head, 50 * 1024 * 1024, b"</Properties>")
    return _write(folder / "属性炸弹.xlsx", _rebuild(parts, {"docProps/custom.xml": (raw, crc, size)}))


def nested_zips(folder: Path) -> Path:
    """A return inside three nested zips."""
    inner = zip_parts({"自评表.xlsx": stamped_bytes()})
    middle = zip_parts({"第三层.zip": inner})
    outer = zip_parts({"第二层.zip": middle})
    return _write(folder / "三层嵌套.zip", outer)


def big_attribute(folder: Path, size: int = 5 * 1024 * 1024) -> Path:
    """An unstamped sheet with one cell carrying a 5 MB attribute."""
    cells = f'<row r="1"><c r="A1" t="inlineStr" x="{"a" * size}"><is><t>项目名称</t></is></c></row>'
    return _write(folder / "超长属性.xlsx", zip_parts(unstamped_parts(sheet_xml(cells))))


def big_attribute_stamped(folder: Path, size: int = 5 * 1024 * 1024) -> Path:
    """A stamped return whose sheet root carries a 5 MB attribute."""
    return _write(
        folder / "超长属性模板.xlsx",
        edit_stamped(SHEET, lambda b: b.replace(b"<sheetData", b'<sheetData x="' + b"a" * size + b'"', 1)),
    )


def beyond_limits(folder: Path) -> Path:
    """An unstamped sheet with a cell at XFD1048577 (one row past Excel's last)."""
    cells = '<row r="1048577"><c r="XFD1048577"><v>1</v></c></row>'
    return _write(folder / "超出范围.xlsx", zip_parts(unstamped_parts(sheet_xml(cells))))


def beyond_limits_stamped(folder: Path) -> Path:
    """A stamped return with a cell at XFE1 (one column past Excel's last)."""
    return _write(
        folder / "超出范围模板.xlsx",
        edit_stamped(
            SHEET,
            lambda b: b.replace(
                b"</sheetData>", b'<row r="9999"><c r="XFE9999"><v>1</v></c></row></sheetData>', 1
            ),
        ),
    )


def absurd_dimension(folder: Path) -> Path:
    """An unstamped sheet claiming A1:XFD1048576 with cells at both corners (17 billion cells if dense)."""
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    sheet = sheet_xml(cells).replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    return _write(folder / "巨大区域.xlsx", zip_parts(unstamped_parts(sheet)))


def huge_merge(folder: Path) -> Path:
    """An unstamped sheet merging A1:XFD1048576 (17 billion cells if spread out)."""
    sheet = sheet_xml().replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    )
    return _write(folder / "巨大合并.xlsx", zip_parts(unstamped_parts(sheet)))


def huge_merge_stamped(folder: Path) -> Path:
    """A stamped return whose sheet merges A1:XFD1048576."""

    def edit(b: bytes) -> bytes:
        if b"<mergeCells" in b:
            return b.replace(
                b"<mergeCells", b'<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells><mergeCells', 1
            )
        return b.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
            1,
        )

    return _write(folder / "巨大合并模板.xlsx", edit_stamped(SHEET, edit))


def fifo(folder: Path) -> Path:
    """A named pipe called x.xlsx: opening it for reading would block forever."""
    path = folder / "管道.xlsx"
    os.mkfifo(path)
    return path


def dev_zero(folder: Path) -> Path:
    """A symlink to /dev/zero called x.xlsx: reading it never ends."""
    path = folder / "零设备.xlsx"
    path.symlink_to("/dev/zero")
    return path


def outside_link(folder: Path) -> Path:
    """A symlink to a regular file outside the folder."""
    path = folder / "外部链接.xlsx"
    path.symlink_to("/etc/hostname" if Path("/etc/hostname").exists() else "/etc/passwd")
    return path


def link_loop(folder: Path) -> Path:
    """Two symlinks named *.xlsx pointing at each other."""
    first, second = folder / "循环甲.xlsx", folder / "循环乙.xlsx"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    return first


def broken_link(folder: Path) -> Path:
    """A symlink named *.xlsx whose target does not exist."""
    path = folder / "失效链接.xlsx"
    path.symlink_to("不存在.xlsx")
    return path


_XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def xxe_sheet(folder: Path) -> Path:
    """An unstamped workbook whose sheet declares an external entity and uses it in a cell."""
    sheet = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
    return _write(
        folder / "外部实体.xlsx",
        zip_parts(unstamped_parts(sheet.replace('<?xml version="1.0" encoding="UTF-8"?>', _XXE))),
    )


def laughs_sheet(folder: Path) -> Path:
    """An unstamped workbook whose sheet is a billion laughs."""
    sheet = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>')
    return _write(
        folder / "实体炸弹.xlsx",
        zip_parts(unstamped_parts(sheet.replace('<?xml version="1.0" encoding="UTF-8"?>', _LAUGHS))),
    )


def _custom(value: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> str:
    return (
        prolog
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="wt_form">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
    )


def xxe_custom(folder: Path) -> Path:
    """A stamped-looking workbook whose custom.xml names its form through an external entity."""
    return _write(folder / "外部实体标识.xlsx", zip_parts(unstamped_parts(custom=_custom("&xxe;", _XXE))))


def laughs_custom(folder: Path) -> Path:
    """custom.xml as a billion laughs."""
    return _write(folder / "实体炸弹标识.xlsx", zip_parts(unstamped_parts(custom=_custom("&j;", _LAUGHS))))


def bad_utf8_sheet(folder: Path) -> Path:
    """A stamped return whose sheet part holds bytes that are not UTF-8."""
    return _write(
        folder / "非UTF8表.xlsx",
        edit_stamped(SHEET, lambda b: b.replace(b"<sheetData>", b"<sheetData>\xff\xfe", 1)),
    )


def bad_utf8_custom(folder: Path) -> Path:
    """A stamped return whose custom.xml holds bytes that are not UTF-8."""
    return _write(
        folder / "非UTF8标识.xlsx",
        edit_stamped(
            "docProps/custom.xml", lambda b: b.replace(b"<Properties", b"<!-- \xff\xfe --><Properties", 1)
        ),
    )


PI_VALUE = "987654321"


def pi_cell(folder: Path) -> Path:
    """A stamped return with a processing instruction carrying a <c> inside sheetData (Excel ignores it)."""
    pi = f'<?x <c r="B2"><v>{PI_VALUE}</v></c>?>'.encode()
    return _write(
        folder / "处理指令.xlsx",
        edit_stamped(SHEET, lambda b: b.replace(b"<sheetData>", b"<sheetData>" + pi, 1)),
    )


def comment_cell(folder: Path) -> Path:
    """A stamped return with a comment carrying a <c> inside sheetData."""
    note = f'<!-- <c r="B2"><v>{PI_VALUE}</v></c> -->'.encode()
    return _write(
        folder / "注释.xlsx",
        edit_stamped(SHEET, lambda b: b.replace(b"<sheetData>", b"<sheetData>" + note, 1)),
    )


def sst_out_of_range(folder: Path) -> Path:
    """A stamped return with a shared-string index past the end of the table."""

    def edit(b: bytes) -> bytes:
        cell = b'<row r="9999"><c r="Z9999" t="s"><v>99999</v></c></row>'
        return b.replace(b"</sheetData>", cell + b"</sheetData>", 1)

    return _write(folder / "共享字符串越界.xlsx", edit_stamped(SHEET, edit))


# name → (builder, "bad" | "read")
CLASSES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "corrupt_deflate": (corrupt_deflate, "bad"),
    "deflate64": (deflate64, "bad"),
    "zipcrypto": (zipcrypto, "bad"),
    "bad_crc": (bad_crc, "bad"),
    "no_content_types": (no_content_types, "bad"),
    "truncated": (truncated, "bad"),
    "truncated_zip": (truncated_zip, "bad"),
    "bad_names": (bad_names, "bad"),
    "bomb_lying": (bomb_lying, "bad"),
    "bomb_honest": (bomb_honest, "bad"),
    "bomb_custom": (bomb_custom, "bad"),
    "nested_zips": (nested_zips, "bad"),
    "big_attribute": (big_attribute, "read"),
    "big_attribute_stamped": (big_attribute_stamped, "read"),
    "beyond_limits": (beyond_limits, "bad"),
    "beyond_limits_stamped": (beyond_limits_stamped, "bad"),
    "absurd_dimension": (absurd_dimension, "bad"),
    "huge_merge": (huge_merge, "bad"),
    "huge_merge_stamped": (huge_merge_stamped, "bad"),
    "fifo": (fifo, "bad"),
    "dev_zero": (dev_zero, "bad"),
    "outside_link": (outside_link, "bad"),
    "link_loop": (link_loop, "bad"),
    "broken_link": (broken_link, "bad"),
    "xxe_sheet": (xxe_sheet, "bad"),
    "laughs_sheet": (laughs_sheet, "bad"),
    "xxe_custom": (xxe_custom, "bad"),
    "laughs_custom": (laughs_custom, "bad"),
    "bad_utf8_sheet": (bad_utf8_sheet, "bad"),
    "bad_utf8_custom": (bad_utf8_custom, "bad"),
    "pi_cell": (pi_cell, "read"),
    "comment_cell": (comment_cell, "read"),
    "sst_out_of_range": (sst_out_of_range, "bad"),
}


def build_all(folder: Path) -> dict[str, Path]:
    """Write every class into folder; name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: builder(folder) for name, (builder, _kind) in CLASSES.items()}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
