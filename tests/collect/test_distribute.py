"""distribute: one stamped workbook per roster row, pre-filled cells locked, safe names, manifest hashes."""

import csv
import hashlib
import json
import zipfile

import openpyxl
import pytest

from workbook_tools.cli import main
from workbook_tools.collect.distribute import distribute
from workbook_tools.collect.roster import read_roster
from workbook_tools.forms.registry import get_form
from workbook_tools.xlsx.identity import read_identity

HEAD = [
    "单位编码",
    "单位名称",
    "项目名称",
    "主管部门",
    "年初预算",
    "调整后预算",
    "指标1一级",
    "指标1二级",
    "指标1名称",
    "指标1性质",
    "指标1指标值",
    "指标1单位",
    "指标1权重",
]
ROWS = [
    [
        "A01",
        "甲县/科协",
        "科普:活动?",
        "甲县科协",
        "10",
        "12",
        "产出指标",
        "数量指标",
        "培训",
        "≥",
        "30",
        "次",
        "50",
    ],
    ["A02", "乙县科协", "项目", "乙县科协", "5", "5", "", "", "", "", "", "", ""],
    ["A03", "乙县科协", "项目", "乙县科协", "5", "5", "", "", "", "", "", "", ""],
]


@pytest.fixture
def sent(tmp_path):
    roster = tmp_path / "名单.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *ROWS])
    return distribute(roster, "mof-project", tmp_path / "out", batch_id="B-1"), tmp_path / "out"


def test_one_stamped_file_per_row_with_safe_names(sent):
    dist, out = sent
    names = [f.file for f in dist.files]
    assert names[0] == "A01-甲县_科协-科普_活动_.xlsx"  # no path separators or Windows-forbidden characters
    assert len(set(names)) == 3
    for f in dist.files:
        ident = read_identity(out / f.file)
        assert (ident.unit_code, ident.batch_id, ident.form) == (f.unit_code, "B-1", "mof-project")


def test_manifest_hashes_match_files(sent):
    dist, out = sent
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["file"] for r in rows] == [f.file for f in dist.files]
    for r in rows:
        assert hashlib.sha256((out / r["file"]).read_bytes()).hexdigest() == r["sha256"]
    with open(out / "manifest.csv", encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh))
    assert table[0]["单位编码"] == "A01" and table[0]["SHA-256"] == rows[0]["sha256"]


def test_prefilled_cells_are_locked_inputs_are_not(sent):
    dist, out = sent
    spec = get_form("mof-project")
    ws = openpyxl.load_workbook(out / dist.files[0].file)[spec.sheet]
    assert ws.protection.sheet
    name_cell = spec.field("project.name").cell
    assert ws[name_cell].value == "科普:活动?" and ws[name_cell].protection.locked
    ind = spec.indicators
    assert ws[ind.cell("name", 0)].value == "培训" and ws[ind.cell("name", 0)].protection.locked
    assert not ws[ind.cell("actual", 0)].protection.locked  # the filler types the actual
    executed = spec.funding.cell("executed", 1)
    assert not ws[executed].protection.locked


def test_xlsm_carries_the_vba_project(tmp_path):
    dist = distribute(read_roster_path(tmp_path), "mof-project", tmp_path / "x", xlsm=True)
    path = tmp_path / "x" / dist.files[0].file
    assert path.suffix == ".xlsm"
    with zipfile.ZipFile(path) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()
    assert read_identity(path).unit_code == "A02"


def read_roster_path(tmp_path):
    roster = tmp_path / "r.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEAD, ROWS[1]])
    return read_roster(roster)


def test_cli_distribute(tmp_path, capsys):
    roster = tmp_path / "r.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEAD, ROWS[1]])
    assert main(["distribute", str(roster), "--form", "mof-project", "-o", str(tmp_path / "o")]) == 0
    assert "已生成 1 个模板" in capsys.readouterr().out
    assert main(["distribute", str(roster), "--form", "nope", "-o", str(tmp_path / "o")]) == 2
