"""`new --xlsm` writes the committed .xlsm template; the built file opens as the same stamped form."""

from __future__ import annotations

from pathlib import Path

from workbook_tools.cli import main
from workbook_tools.xlsx.identity import read_identity

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "xlsx"


def test_new_xlsm_writes_the_template_with_buttons(tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.xlsm"
    assert main(["new", "sc-project", "--xlsm", "-o", str(out)]) == 0
    assert out.read_bytes() == (TEMPLATES / "sc-project.xlsm").read_bytes()
    assert read_identity(out).form == "sc-project"
    assert "已生成模板" in capsys.readouterr().out


def test_new_xlsm_honours_the_profile(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsm"
    assert main(["new", "sc-project", "--xlsm", "--profile", "national-2020", "-o", str(out)]) == 0
    assert read_identity(out).profile == "national-2020"


def test_distribute_xlsm_sends_prefilled_workbooks_with_the_vba_project(tmp_path: Path) -> None:
    import zipfile

    import openpyxl

    from workbook_tools.collect.distribute import distribute
    from workbook_tools.excel.xlsm import xlwings_build

    roster = Path(__file__).resolve().parents[2] / "workbook_tools" / "data" / "demo" / "roster.csv"
    result = distribute(roster, "sc-project", tmp_path / "out", batch_id="b1", xlsm=True)
    first = result.folder / result.files[0].file
    assert first.suffix == ".xlsm"
    with zipfile.ZipFile(first) as z:
        assert "xl/vbaProject.bin" in z.namelist()
        assert b"WtCheck" in b"".join(z.read(n) for n in z.namelist() if n.endswith(".vml"))
    assert read_identity(first).batch_id == "b1"
    ws = openpyxl.load_workbook(first, keep_vba=True)["自评表"]
    assert ws["C3"].value and ws["C3"].protection.locked  # pre-filled and locked, as in the .xlsx
    assert xlwings_build().embeds_xlwings
