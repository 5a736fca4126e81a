"""Zip attachments unpacked safely: GBK names, no path traversal, one nested level, size and count caps."""

from __future__ import annotations

import io
import zipfile

import pytest

import workbook_tools.read.archive as archive
from workbook_tools.read.archive import TOO_DEEP, ArchiveError, expand_archive, member_name


class _GbkInfo(zipfile.ZipInfo):
    """A member written the way Chinese Windows tools do: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _zip_bytes(entries) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body in entries:
            zf.writestr(name, body)
    return out.getvalue()


def test_members_are_flattened_into_scratch_under_safe_names(tmp_path):
    source = tmp_path / "回执.zip"
    inner = _zip_bytes([("会理/自评表.xlsx", b"inner"), ("更深.zip", _zip_bytes([("x.xlsx", b"deep")]))])
    source.write_bytes(
        _zip_bytes(
            [
                (_GbkInfo("西昌市/自评表.xlsx"), b"gbk"),
                ("../../逃逸.docx", b"up"),
                ("/etc/绝对.xls", b"abs"),
                ("说明.txt", b"ignored"),
                ("西昌市/~$自评表.xlsx", b"lock"),
                ("__MACOSX/西昌市/._自评表.xlsx", b"fork"),
                ("目录/", b""),
                ("转发.zip", inner),
            ]
        )
    )
    scratch = tmp_path / "scratch"
    members = expand_archive(source, scratch)
    written = [m for m in members if not m.problem]
    assert [(m.shown, m.path.read_bytes(), m.problem) for m in written] == [
        ("西昌市/自评表.xlsx", b"gbk", ""),
        ("../../逃逸.docx", b"up", ""),
        ("/etc/绝对.xls", b"abs", ""),
        ("转发.zip!会理/自评表.xlsx", b"inner", ""),
    ]
    # One nested level is unpacked; 更深.zip inside it is reported, not silently skipped.
    assert [(m.shown, m.problem) for m in members if m.problem] == [("转发.zip!更深.zip", TOO_DEEP)]
    assert not (scratch / members[-1].path.name).exists()
    assert all(m.path.parent == scratch for m in members)
    assert [m.path.name for m in members][:2] == ["0001-自评表.xlsx", "0002-逃逸.docx"]


def test_gbk_names_without_the_utf8_flag_are_decoded(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(_zip_bytes([(_GbkInfo("绩效/自评表.xlsx"), b"x"), ("utf8/名单.xlsx", b"y")]))
    with zipfile.ZipFile(path) as zf:
        assert [member_name(i) for i in zf.infolist()] == ["绩效/自评表.xlsx", "utf8/名单.xlsx"]


def test_bad_archives_and_members(tmp_path):
    (tmp_path / "坏.zip").write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(ArchiveError, match="压缩包无法打开"):
        expand_archive(tmp_path / "坏.zip", tmp_path / "s")
    encrypted = bytearray(_zip_bytes([("a.xlsx", b"secret"), ("b.xlsx", b"plain"), ("c.zip", b"not a zip")]))
    encrypted[6] |= 0x1  # the general-purpose flags of the first local header, and of its central entry
    central = encrypted.index(b"PK\x01\x02")
    encrypted[central + 8] |= 0x1
    (tmp_path / "密.zip").write_bytes(bytes(encrypted))
    members = expand_archive(tmp_path / "密.zip", tmp_path / "s2")
    assert [(m.shown, "密码" in m.problem, bool(m.problem)) for m in members] == [
        ("a.xlsx", True, True),
        ("b.xlsx", False, False),
        ("c.zip", False, True),
    ]
    assert not members[0].path.exists() and members[1].path.read_bytes() == b"plain"


def test_size_and_count_caps(tmp_path, monkeypatch):
    path = tmp_path / "大.zip"
    path.write_bytes(_zip_bytes([(f"{n}.xlsx", b"x" * 100) for n in range(5)]))
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 450)
    with pytest.raises(ArchiveError, match="超过"):
        expand_archive(path, tmp_path / "s")
    assert not (tmp_path / "s").exists()  # checked before anything is written
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10_000)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 4)
    with pytest.raises(ArchiveError, match="文件过多"):
        expand_archive(path, tmp_path / "s")
