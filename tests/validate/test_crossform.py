"""CROSS_FORM_MISMATCH: one unit's returns giving one event different figures (issue 12 item 6)."""

from __future__ import annotations

import copy
import json
import pickle
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.corpus.variants import load_tables, write_xlsx
from workbook_tools.validate.batch import validate_paths
from workbook_tools.validate.crossform import FormSummary, RowSummary, cross_form_findings, unit_key
from workbook_tools.validate.report import Report

CODE = "CROSS_FORM_MISMATCH"
LABELS = Path(__file__).resolve().parent.parent / "audit" / "labels"


@pytest.fixture(scope="module")
def tables():
    return {t.id: t for t in load_tables()}


def _write(tables, ids, folder: Path, edit=None) -> list[Path]:
    out = []
    for tid in ids:
        table = tables[tid]
        if edit is not None and tid in edit:
            table = copy.deepcopy(table)
            table.rows = [[edit[tid](c) for c in row] for row in table.rows]
        out.append(write_xlsx(table, folder / f"{tid}.xlsx"))
    return out


def _cross(batch) -> list[tuple[str, str, object]]:
    """(table id, field, finding) of every cross-form finding."""
    return [(Path(r.file).stem, f.field, f) for r in batch.reports for f in r.findings if f.code == CODE]


def _labelled(prefix: str) -> set[tuple[str, int]]:
    out = set()
    for path in LABELS.glob(f"{prefix}*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for item in data.get("finding", []):
            if item["code"] == CODE:
                out.add((path.stem, int(item["at"].split("[")[1].rstrip("]"))))
    return out


# --------------------------------------------------------------------------- seed tables as sent


def test_kechuanghui_pair_gives_one_finding_naming_both_files(tables, tmp_path):
    batch = validate_paths(_write(tables, ["s000-09-kepu-649", "s000-11-tianfu-kejiyun"], tmp_path))
    found = _cross(batch)
    assert len(found) == 1, found
    table, field, f = found[0]
    assert table == "s000-11-tianfu-kejiyun" and field == "indicators[2].actual"
    assert f.indicator == 2 and f.severity.value == "explain"
    assert f.file.endswith("s000-11-tianfu-kejiyun.xlsx") and f.sheet and f.cell
    assert "s000-09-kepu-649.xlsx" in f.message and "120" in f.message and "100" in f.message
    assert (f.actual, f.expected) == ("120次", "100次")


def test_order_of_the_batch_decides_where_a_peer_finding_goes(tables, tmp_path):
    paths = _write(tables, ["s000-09-kepu-649", "s000-11-tianfu-kejiyun"], tmp_path)
    found = _cross(validate_paths(paths[::-1]))
    assert [(t, fld) for t, fld, _ in found] == [("s000-09-kepu-649", "indicators[2].actual")]


def test_summary_and_project_form(tables, tmp_path):
    batch = validate_paths(_write(tables, ["s001-01-huizong", "s001-02-gonggong-fuwu"], tmp_path))
    found = _cross(batch)
    assert [(t, fld) for t, fld, _ in found] == [("s001-02-gonggong-fuwu", "indicators[12].target")]
    f = found[0][2]
    assert (f.actual, f.expected) == ("5万元", "3.1万元")
    assert "s001-01-huizong.xlsx" in f.message
    assert {(t, f.indicator) for t, _, f in found} <= _labelled("s001-02")


def test_summary_first_or_last_the_finding_is_on_the_project_form(tables, tmp_path):
    paths = _write(tables, ["s001-01-huizong", "s001-05-tianfu-keji-yun"], tmp_path)
    for order in (paths, paths[::-1]):
        found = _cross(validate_paths(order))
        assert [(t, fld) for t, fld, _ in found] == [("s001-05-tianfu-keji-yun", "indicators[0].actual")]


@pytest.mark.parametrize("seed", ["s000", "s001"])
def test_whole_unit_only_labelled_rows(tables, tmp_path, seed):
    ids = sorted(t for t in tables if t.startswith(seed))
    batch = validate_paths(_write(tables, ids, tmp_path), workers=2)  # ≥ 8 files: the worker pool
    found = {(t, f.indicator) for t, _, f in _cross(batch)}
    labelled = _labelled(seed)
    assert found and found <= labelled, found - labelled
    if seed == "s000":
        assert found == {("s000-11-tianfu-kejiyun", 2)}
    else:
        assert found == {("s001-02-gonggong-fuwu", 12), ("s001-05-tianfu-keji-yun", 0)}


def test_all_seed_tables_together_no_false_alarm(tables, tmp_path):
    batch = validate_paths(_write(tables, sorted(tables), tmp_path), workers=1)
    found = {(t, f.indicator) for t, _, f in _cross(batch)}
    assert found <= _labelled(""), found - _labelled("")


def test_different_units_are_never_compared(tables, tmp_path):
    def other_unit(text: str) -> str:
        return text.replace("绵阳市科学技术协会", "德阳市科学技术协会")

    paths = _write(
        tables,
        ["s000-09-kepu-649", "s000-11-tianfu-kejiyun"],
        tmp_path,
        edit={"s000-11-tianfu-kejiyun": other_unit},
    )
    assert _cross(validate_paths(paths)) == []


def test_summary_stays_out_of_json_and_pickles(tables, tmp_path):
    batch = validate_paths(_write(tables, ["s000-09-kepu-649", "s000-11-tianfu-kejiyun"], tmp_path))
    report = batch.reports[0]
    assert report.forms and isinstance(report.forms[0], FormSummary)
    assert "forms" not in report.to_dict()
    json.dumps(batch.to_dict(), ensure_ascii=False)
    again = pickle.loads(pickle.dumps(report))
    assert again.forms == report.forms


# --------------------------------------------------------------------------- the pure module


def _form(unit: str, project: str, *rows: tuple) -> FormSummary:
    out = []
    for i, (kind, name, target, actual) in enumerate(rows):
        out.append(RowSummary(i, kind, name, target, actual, ("S", f"E{10 + i}"), ("S", f"F{10 + i}")))
    return FormSummary(unit, project, tuple(out))


EVENT = "首届“科创会”绵阳展区活动，发布科创项目，促成供需对接"
EVENT2 = "开展“科创会”绵阳展区活动,促成对接不少于100次"


def _run(*forms: FormSummary) -> dict[int, list]:
    return cross_form_findings([(f"f{i}.xlsx", [form]) for i, form in enumerate(forms)])


def test_same_event_same_figures_is_silent():
    a = _form("u", "甲", ("数量", EVENT, "促成供需对接100次", "促成供需对接100次"))
    b = _form("u", "乙", ("数量", EVENT2, "促成对接不少于100次", "促成对接100次"))
    assert _run(a, b) == {}


def test_same_event_different_figures_one_finding_on_the_later_file():
    a = _form("u", "甲", ("数量", EVENT, "促成供需对接100次", "促成供需对接100次"))
    b = _form("u", "乙", ("数量", EVENT2, "促成对接不少于100次", "促成对接120次"))
    out = _run(a, b)
    assert list(out) == [1] and len(out[1]) == 1
    f = out[1][0]
    assert (f.file, f.sheet, f.cell, f.field) == ("f1.xlsx", "S", "F10", "indicators[0].actual")
    assert "f0.xlsx S!F10" in f.message


def test_no_unit_key_or_one_file_is_silent():
    a = _form("", "甲", ("数量", EVENT, "促成供需对接100次", "促成供需对接100次"))
    b = _form("", "乙", ("数量", EVENT2, "促成对接100次", "促成对接120次"))
    assert _run(a, b) == {}
    both = _form("u", "甲", ("数量", EVENT, "", "促成供需对接100次"), ("数量", EVENT2, "", "促成对接120次"))
    assert _run(both) == {}


def test_returns_of_two_years_are_not_compared():
    a = _form("u", "甲", ("数量", EVENT, "", "促成供需对接100次"))
    b = _form("u", "乙", ("数量", EVENT2, "", "促成对接120次"))
    assert _run(replace(a, year=2021), replace(b, year=2022)) == {}
    assert len(_run(replace(a, year=2021), b)) == 1  # an unknown year compares


def test_generic_rows_never_pair():
    a = _form(
        "u",
        "甲",
        ("数量", "服务对象满意度", "满意度≥90%", "满意度95%"),
        ("数量", "开展活动次数", "开展活动10次", "开展活动10次"),
    )
    b = _form(
        "u",
        "乙",
        ("数量", "服务对象满意度", "满意度≥90%", "满意度92%"),
        ("数量", "开展活动次数", "开展活动5次", "开展活动6次"),
    )
    assert _run(a, b) == {}


def test_other_measure_or_kind_is_silent():
    a = _form("u", "甲", ("数量", EVENT, "", "促成供需对接100次"))
    b = _form("u", "乙", ("数量", EVENT2, "", "促成对接120场"))  # 次 vs 场
    c = _form("u", "丙", ("成本", EVENT2, "", "促成对接120次"))  # another kind of row
    assert _run(a, b) == {} and _run(a, c) == {}


def test_bounds_and_approximations_are_not_clashes():
    a = _form("u", "甲", ("数量", EVENT, "", "促成供需对接100次"))
    b = _form("u", "乙", ("数量", EVENT2, "", "促成对接100余次"))
    c = _form("u", "丙", ("数量", EVENT2, "", "促成对接约105次"))
    assert _run(a, b) == {} and _run(a, c) == {}


def test_money_only_between_summary_and_project():
    name = "首届“科创会”绵阳展区活动经费"
    a = _form("u", "科普经费", ("成本", name, "10.18万元", "10.18万元"))
    b = _form("u", "海智基地", ("成本", name, "19.55万元", "19.55万元"))
    assert _run(a, b) == {}  # two projects may each fund a part of one event
    summary = _form("u", "2021年预算项目绩效目标汇总", ("成本", name, "共计12万元", "共计12万元"))
    out = _run(summary, a)
    assert list(out) == [1] and out[1][0].actual == "10.18万元" and out[1][0].expected == "12万元"


def test_a_figure_found_elsewhere_in_the_cell_is_doubtful():
    a = _form("u", "甲", ("数量", EVENT, "", "促成供需对接100次"))
    b = _form("u", "乙", ("数量", EVENT2, "", "促成对接120次，其中线上对接100次"))
    assert _run(a, b) == {}


def test_unit_key_prefers_the_stamp_then_names():
    class Stamp:
        unit_code = "510701"

    assert unit_key(Stamp(), "绵阳市科协", "", "") == "code:510701"
    assert unit_key(None, "", "凉山州科学技术协会 (办公室)", "") == unit_key(
        None, "", "凉山州科学技术协会", ""
    )
    assert unit_key(None, "", "", "") == ""


def test_report_default_has_no_forms():
    assert Report("x.xlsx").forms == ()
