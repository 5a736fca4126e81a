"""Scanning returns: zip attachments with GBK names, broken zips, safe names, save times."""

import zipfile

from workbook_tools.collect.naming import safe_stem, unique_name
from workbook_tools.collect.scan import member_name, saved_time, scan


class _GbkInfo(zipfile.ZipInfo):
    """A member written the way Chinese Windows tools do: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_gbk_member_names_are_decoded(tmp_path):
    archive = tmp_path / "回执.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(_GbkInfo("西昌市/自评表.xlsx"), b"PK-not-really")
        zf.writestr("其他/说明.txt", b"ignored")
    with zipfile.ZipFile(archive) as zf:
        names = [member_name(i) for i in zf.infolist()]
    assert names[0] == "西昌市/自评表.xlsx"
    sources = scan(tmp_path, tmp_path / "scratch")
    assert [s.location for s in sources] == ["回执.zip!西昌市/自评表.xlsx"]
    assert sources[0].in_zip and sources[0].path.read_bytes() == b"PK-not-really"


def test_broken_zip_and_xls_are_reported_not_raised(tmp_path):
    (tmp_path / "坏.zip").write_bytes(b"PK\x03\x04garbage")
    (tmp_path / "旧.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "~$锁.xlsx").write_bytes(b"")
    found = {s.location: s.problem for s in scan(tmp_path, tmp_path / "s")}
    assert set(found) == {"坏.zip", "旧.xls"}
    assert "压缩包无法打开" in found["坏.zip"] and ".xls 格式不受支持" in found["旧.xls"]


def test_safe_names():
    assert safe_stem('西昌/市:科协*"项目"?') == "西昌_市_科协__项目__"
    assert safe_stem("CON") == "_CON"
    assert safe_stem(" ..  ") == "未命名"
    assert len(safe_stem("科" * 300)) == 80
    taken: set[str] = set()
    assert [unique_name("甲", ".xlsx", taken) for _ in range(3)] == [
        "甲.xlsx",
        "甲（2）.xlsx",
        "甲（3）.xlsx",
    ]


def test_saved_time_from_core_xml(tmp_path):
    path = tmp_path / "a.xlsx"
    core = (
        '<cp:coreProperties xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:modified '
        'xsi:type="dcterms:W3CDTF">2022-01-10T08:30:00Z</dcterms:modified></cp:coreProperties>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("docProps/core.xml", core)
    assert saved_time(path).isoformat() == "2022-01-10T08:30:00+00:00"
    (tmp_path / "b.xlsx").write_bytes(b"broken")
    assert saved_time(tmp_path / "b.xlsx") is None
