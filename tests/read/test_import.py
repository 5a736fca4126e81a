"""`workbook-tools import`: last year's form (a Word table, a typed sheet) → JSON or this year's template."""

from __future__ import annotations

import json

from tests.corpus.variants import load_tables, write_docx
from workbook_tools.cli import main
from workbook_tools.read.importer import import_file
from workbook_tools.read.reader import read_file
from workbook_tools.xlsx.fill import export_workbook


def _table(table_id: str):
    return next(t for t in load_tables() if t.id == table_id)


def test_word_table_becomes_a_filled_template_whose_export_equals_the_table(tmp_path):
    docx = write_docx(_table("s000-02-kepu-qingshaonian"), tmp_path / "去年自评表.docx")
    [record] = read_file(docx).records
    result = import_file(docx, tmp_path / "2025自评表.xlsx")
    assert result.lost == []
    exported = export_workbook(result.written[0]).to_dict()
    read = record.se.to_dict()
    for key in ("project", "funding", "goals", "indicators"):
        assert exported[key] == read[key], key
    assert exported["conclusion"]["summary"] == read["conclusion"]["summary"]


def test_import_into_another_form_lists_everything_it_leaves_behind(tmp_path):
    docx = write_docx(_table("s004-01-dept"), tmp_path / "襄阳.docx")
    [record] = read_file(docx).records
    result = import_file(docx, tmp_path / "sc.xlsx", form="sc-project")
    exported = export_workbook(result.written[0])
    # Everything that differs between the table and the new form's export is in the printed list.
    said = "\n".join(result.lost)
    assert "权重" in said  # the Hubei form prints no weights; the Sichuan form needs them
    assert "部门信息" in said  # 基本支出总额 / 项目支出总额 have no place on a project form
    assert [i.name for i in exported.indicators] == [i.name for i in record.se.indicators]
    assert "资金总额（— / 2634.17 / 3014.42 万元）" in said  # the Sichuan total is a sum of its 其中 rows
    assert not exported.funding[0].executed


def test_import_command_writes_json_and_says_what_it_did(tmp_path, capsys):
    docx = write_docx(_table("s001-04-qingshaonian"), tmp_path / "凉山.docx")
    assert main(["import", str(docx), "-o", str(tmp_path / "out.json")]) == 0
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["form"] == "sc-project-2021" and data["indicators"]
    assert "已生成" in capsys.readouterr().out


def test_import_of_an_unreadable_file_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "notes.docx"
    bad.write_text("not a document", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "x.json")]) == 2
    assert "错误" in capsys.readouterr().err


def test_unknown_profile_is_exit_2_in_every_command(tmp_path, capsys):
    for argv in (
        ["validate", str(tmp_path), "--profile", "typo"],
        ["consolidate", str(tmp_path), "-o", str(tmp_path / "s.xlsx"), "--profile", "typo"],
        ["import", str(tmp_path / "x.docx"), "-o", str(tmp_path / "x.json"), "--profile", "typo"],
    ):
        assert main(argv) == 2, argv
        assert "未知的规则配置" in capsys.readouterr().err


def test_every_seed_table_imports_into_its_own_form_and_nothing_is_lost_silently(tmp_path):
    # For every typed table: what import says it could not carry over is the whole difference between
    # the table read and the new template exported; with nothing said, they are equal.
    for table in load_tables():
        docx = write_docx(table, tmp_path / f"{table.id}.docx")
        [record] = read_file(docx).records
        result = import_file(docx, tmp_path / f"{table.id}.xlsx")
        exported = export_workbook(result.written[0]).to_dict()
        read = record.se.to_dict()
        said = "\n".join(result.lost)
        for key in ("project", "goals", "indicators"):
            if exported[key] != read[key]:
                assert key in said or "指标" in said, (table.id, key)
        for i, (a, b) in enumerate(zip(exported["funding"], read["funding"], strict=False)):
            for role in ("initial", "adjusted", "executed"):
                if b[role] is not None and a[role] != b[role]:
                    assert f"funding[{i + 1}].{role}" in said or "资金" in said, (table.id, i, role, said)
