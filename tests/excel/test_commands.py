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
