"""The forms, new, fill and export commands: one library call each, Chinese messages, exit codes."""

import json
from pathlib import Path

from workbook_tools.cli import main
from workbook_tools.xlsx.identity import read_identity

EXAMPLE = Path(__file__).parents[1] / "data" / "examples" / "xiangyang-hb-dept.json"


def test_forms_lists_ids_titles_versions_profiles(capsys):
    assert main(["forms"]) == 0
    out = capsys.readouterr().out
    assert "hb-dept\t部门整体绩效自评表\t版本 2026.2\t默认规则 hubei-2021" in out
    assert "sc-dept-system\t部门整体支出绩效评价指标体系\t版本 2026.2\t默认规则 liangshan-2021\t计分" in out
    assert (
        "zj-dept-basic\t市级部门整体支出绩效评价基本情况表\t版本 2026.2\t默认规则 zhejiang-2021\t不计分"
        in out
    )
    assert out.count("\n") == 6


def test_new_writes_a_stamped_template(tmp_path):
    out = tmp_path / "t.xlsx"
    assert main(["new", "sc-project", "-o", str(out), "--profile", "national-2020"]) == 0
    ident = read_identity(out)
    assert (ident.form, ident.profile) == ("sc-project", "national-2020")


def test_new_rejects_xlsm_to_an_xlsx_name_and_unknown_forms(tmp_path, capsys):
    assert main(["new", "sc-project", "-o", str(tmp_path / "t.xlsx"), "--xlsm"]) == 2
    assert "xlsm" in capsys.readouterr().err
    assert main(["new", "nope", "-o", str(tmp_path / "t.xlsx")]) == 2
    assert "可用的表单" in capsys.readouterr().err


def test_fill_then_export_round_trips_the_json(tmp_path, capsys):
    book, back = tmp_path / "xy.xlsx", tmp_path / "back.json"
    assert main(["fill", "hb-dept", str(EXAMPLE), "-o", str(book)]) == 0
    assert main(["export", str(book), "-o", str(back)]) == 0
    assert json.loads(back.read_text("utf-8")) == json.loads(EXAMPLE.read_text("utf-8"))


def test_fill_rejects_data_of_another_form(tmp_path, capsys):
    assert main(["fill", "mof-project", str(EXAMPLE), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "不一致" in capsys.readouterr().err


def test_export_of_a_non_workbook_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x", encoding="utf-8")
    assert main(["export", str(bad)]) == 2
    assert "错误" in capsys.readouterr().err


def test_fill_refuses_amounts_no_form_can_hold(tmp_path, capsys):
    # json reads NaN/Infinity, which are not JSON: the command says so instead of leaving the cell blank.
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["funding"][0]["adjusted"] = float("inf")
    bad = tmp_path / "inf.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.xlsx"
    assert main(["fill", "hb-dept", str(bad), "-o", str(out)]) == 2
    assert "Infinity 不是有效的数字" in capsys.readouterr().err and not out.exists()


def test_fill_library_refuses_a_nan_amount(tmp_path):
    import pytest

    from workbook_tools.core.model import SelfEvaluation
    from workbook_tools.errors import WorkbookToolsError
    from workbook_tools.xlsx.fill import fill_workbook

    data = SelfEvaluation.from_dict(json.loads(EXAMPLE.read_text("utf-8")))
    data.funding[0].executed = float("nan")
    out = tmp_path / "x.xlsx"
    with pytest.raises(WorkbookToolsError, match="不是有效的数字"):
        fill_workbook("hb-dept", data, out)
    assert not out.exists()
