"""Whole workbooks: seed tables through fill, integrity tampering, bad files and hand-typed forms."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.validate.conftest import build, load_seed, overwrite, set_cached, set_stamp
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.spec import TEMPLATE_VERSION
from workbook_tools.forms.twin import computed_cells
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.workbook import validate_workbook
from workbook_tools.xlsx.fill import fill_workbook


def codes_at(report) -> set[tuple[str, str]]:
    """(code, cell) pairs of a report."""
    return {(f.code, f.cell) for f in report.findings}


def errors(report) -> list[str]:
    """Codes of the error findings."""
    return [f.code for f in report.findings if f.severity is Severity.ERROR]


def test_clean_seed_table_has_no_findings(tmp_path):
    report = validate_workbook(build(tmp_path, "mianyang-a03-clean"))
    assert report.form == "sc-project-2021"
    assert [f.code for f in report.findings] == ["INDICATOR_BLOCK_INCOMPLETE"]  # advice: no 质量 row printed


def test_liangshan_wrong_product(tmp_path):
    report = validate_workbook(build(tmp_path, "liangshan-cost-text-wrong-product"))
    assert errors(report) == ["COST_ARITHMETIC_WRONG"]
    assert ("COST_ARITHMETIC_WRONG", "E15") in codes_at(report)


def test_mianyang_a11_no_name_and_wan_yuan(tmp_path):
    report = validate_workbook(build(tmp_path, "mianyang-a11-no-project-name-wrong-unit"))
    assert {("REQUIRED_FIELD_MISSING", "C3"), ("UNIT_MISMATCH", "E15")} <= codes_at(report)


def test_mianyang_a02_over_achievement(tmp_path):
    report = validate_workbook(build(tmp_path, "mianyang-a02-overachieved-unexplained"))
    assert ("OVERACHIEVED_REASON_MISSING", "F15") in codes_at(report)
    assert errors(report) == ["NAME_AMOUNT_MISMATCH", "NAME_AMOUNT_MISMATCH"]  # 预计8万元 over 5万元, …


def test_xiangyang_execution_over_100(tmp_path):
    se = load_seed("xiangyang-dept-execution-over-100")
    assert "EXEC_RATE_OVER_100" not in {
        f.code for f in validate_workbook(build(tmp_path, "xiangyang-dept-execution-over-100")).findings
    }
    se.conclusion.problems = "无"  # the seed's 原因分析 explains the excess; without it, 需说明
    report = validate_workbook(fill_workbook(se.form, se, tmp_path / "over-100.xlsx"))
    assert ("EXEC_RATE_OVER_100", "F6") in codes_at(report)
    assert report.valid and report.identity["form"] == "hb-dept"


def test_tampered_score_formula(tmp_path):
    path = build(tmp_path, "xiangyang-dept-execution-over-100", "tampered-score-formula.xlsx")
    overwrite(path, "I10", 5)
    report = validate_workbook(path)
    over = [f for f in report.findings if f.code == "FORMULA_OVERWRITTEN"]
    assert [(f.cell, f.field, f.actual) for f in over] == [("I10", "indicators[0].score", 5)]
    assert ("SCORE_EXCEEDS_WEIGHT", "I10") in codes_at(report)


def test_edited_formula(tmp_path):
    path = build(tmp_path, "xiangyang-dept-execution-over-100", "edited-rate-formula.xlsx")
    overwrite(path, "G6", "=F6/E6*1.1")
    assert ("FORMULA_OVERWRITTEN", "G6") in codes_at(validate_workbook(path))


def test_stale_cached_value(tmp_path):
    path = build(tmp_path, "xiangyang-dept-execution-over-100", "stale-cached-rate.xlsx")
    set_cached(path, "G6", 0.5)
    found = [f for f in validate_workbook(path).findings if f.code == "CACHED_VALUE_MISMATCH"]
    assert [(f.cell, f.actual) for f in found] == [("G6", 0.5)]
    assert abs(found[0].expected - 3014.42 / 2634.17) < 1e-9


def test_library_file_without_cached_values_is_not_flagged(tmp_path):
    path = build(tmp_path, "xiangyang-dept-execution-over-100")
    overwrite(path, "C3", "襄阳市科学技术协会")  # an openpyxl save drops every cached result
    assert "CACHED_VALUE_MISMATCH" not in {f.code for f in validate_workbook(path).findings}


@pytest.mark.parametrize(
    "version,code", [("2025.3", "TEMPLATE_VERSION_OLD"), ("9.x", "TEMPLATE_VERSION_UNKNOWN")]
)
def test_template_version(tmp_path, version, code):
    path = build(tmp_path, "mianyang-a03-clean", "old-template-version.xlsx")
    set_stamp(path, "template_version", version)
    found = [f for f in validate_workbook(path).findings if f.code.startswith("TEMPLATE_VERSION")]
    assert [(f.code, f.actual, f.expected) for f in found] == [(code, version, TEMPLATE_VERSION)]
    assert version in found[0].message


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("not-a-workbook.xlsx", "这不是工作簿".encode(), "FILE_UNREADABLE"),
        ("old-format.xls", OLE + b"\0" * 600, "FILE_UNREADABLE"),  # .xls is read now; this one is junk
        (
            "password.xlsx",
            OLE + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100,
            "FILE_ENCRYPTED",
        ),
        ("empty.xlsx", b"", "FILE_UNREADABLE"),
    ],
)
def test_bad_files_get_exactly_one_finding(tmp_path, name, data, code):
    report = validate_workbook(_write(tmp_path / name, data))
    assert [f.code for f in report.findings] == [code]
    assert not report.readable and not report.valid


def test_broken_zip_gets_one_finding(tmp_path):
    path = build(tmp_path, "mianyang-a03-clean", "broken-zip.xlsx")
    path.write_bytes(path.read_bytes()[:3000])
    assert [f.code for f in validate_workbook(path).findings] == ["FILE_UNREADABLE"]


def test_unknown_workbook_is_not_recognised(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "考勤表"
    wb.save(tmp_path / "other.xlsx")
    report = validate_workbook(tmp_path / "other.xlsx")
    assert [f.code for f in report.findings] == ["FORM_NOT_RECOGNISED"]


def test_unknown_form_in_stamp(tmp_path):
    path = build(tmp_path, "mianyang-a03-clean", "wrong-form.xlsx")
    set_stamp(path, "form", "xx-form")
    report = validate_workbook(path)
    assert [f.code for f in report.findings] == ["FORM_NOT_RECOGNISED"] and "xx-form" in report.findings[
        0
    ].message


def _hand_typed(path: Path, seed: str) -> Path:
    """Drop the stamp and type every computed value in by hand, as an office retyping the form would."""
    se = load_seed(seed)
    spec = get_form(se.form)
    shown = computed_cells(spec, se, load_profile(spec.default_profile))
    wb = openpyxl.load_workbook(path)
    for name in list(wb.custom_doc_props.names):
        del wb.custom_doc_props[name]
    ws = wb[spec.sheet]
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.value = shown.get(c.coordinate) if shown.get(c.coordinate) != "" else None
    wb.save(path)
    return path


def test_hand_typed_form_is_recognised_by_labels(tmp_path):
    name = "mianyang-a11-no-project-name-wrong-unit"
    path = _hand_typed(build(tmp_path, name, "hand-typed.xlsx"), name)
    report = validate_workbook(path)
    assert report.form == "sc-project-2021"
    assert report.findings[0].code == "FORM_RECOGNISED_BY_LABELS"
    assert {("REQUIRED_FIELD_MISSING", "C3"), ("UNIT_MISMATCH", "E15")} <= codes_at(report)
    assert "FORMULA_OVERWRITTEN" not in {f.code for f in report.findings}


def test_hand_typed_wrong_rate_is_found(tmp_path):
    path = _hand_typed(build(tmp_path, "mianyang-a03-clean", "hand-typed-rate.xlsx"), "mianyang-a03-clean")
    assert [f.code for f in validate_workbook(path).findings] == [
        "FORM_RECOGNISED_BY_LABELS",
        "INDICATOR_BLOCK_INCOMPLETE",
    ]
    overwrite(path, "F6", "90%")
    assert ("EXEC_RATE_MISMATCH", "F6") in codes_at(validate_workbook(path))


def _defect(*_args, **_kwargs):
    raise AttributeError("'float' object has no attribute 'strip'")  # the kind of bug a fuzzer finds


def test_a_defect_on_one_file_is_one_finding_and_the_batch_goes_on(tmp_path, monkeypatch):
    from workbook_tools.collect import runner
    from workbook_tools.validate import workbook

    good = build(tmp_path, "mianyang-a03-clean")
    monkeypatch.setattr(workbook, "run_rules", _defect)
    report = validate_workbook(good)
    assert [(f.code, f.severity) for f in report.findings] == [("VALIDATOR_INTERNAL_ERROR", Severity.ERROR)]
    assert "AttributeError" in report.findings[0].message
    monkeypatch.undo()
    # A defect after validation (flattening the record for the summary) is caught the same way.
    monkeypatch.setattr(runner, "record_from_model", _defect)
    records = list(runner.run_records([(str(good), "a.xlsx", None), (str(good), "b.xlsx", None)], jobs=1))
    assert [r.error != "" for r in records] == [True, True]
    assert all(r.findings[-1]["code"] == "VALIDATOR_INTERNAL_ERROR" for r in records)


def test_an_older_templates_own_formulas_are_not_tampering_but_a_typed_value_is(tmp_path):
    def made(version: str, i10: object) -> Path:
        path = build(tmp_path, "xiangyang-dept-execution-over-100", f"older-{version}-{i10}.xlsx")
        overwrite(path, "I10", i10)
        set_stamp(path, "template_version", version)  # after openpyxl's save, which rewrites the stamp
        return path

    older = validate_workbook(made("2026.1", "=ROUND(1,2)"))  # the formula an earlier version had there
    assert "TEMPLATE_VERSION_OLD" in {f.code for f in older.findings}
    assert "FORMULA_OVERWRITTEN" not in {f.code for f in older.findings}
    # A value typed over the formula is reported whatever the version; today's version must match exactly.
    assert ("FORMULA_OVERWRITTEN", "I10") in codes_at(validate_workbook(made("2026.1", 5)))
    assert ("FORMULA_OVERWRITTEN", "I10") in codes_at(
        validate_workbook(made(TEMPLATE_VERSION, "=ROUND(1,2)"))
    )
