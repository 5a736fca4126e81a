"""Nothing from an input becomes live or chooses for us (issue 11, item 4).

Text from a return, a roster or a file name is written into our workbooks as string cells (never a
formula or a link of the input's making), into manifest.csv neutralised as OWASP advises, into HTML
escaped and onto the terminal without control characters; a stamp cannot make us read a file.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.validate.conftest import build, load_seed, set_stamp
from workbook_tools.cli import main
from workbook_tools.core.model import Unit
from workbook_tools.core.profile import UnknownProfileError, load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.io.safe_text import csv_field, plain_text
from workbook_tools.read import profiles
from workbook_tools.read.reader import read_file
from workbook_tools.validate.annotate import annotate_workbook
from workbook_tools.validate.batch import validate_paths
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.output import to_html, to_text, write_xlsx
from workbook_tools.validate.report import BatchReport, Report
from workbook_tools.xlsx.fill import fill_workbook

HYPERLINK = '=HYPERLINK("http:evil","点我")'
ESC = "\x1b[2J\x1b]0;pwn\x07"  # clear the screen, retitle the window, ring the bell
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNIT_CODE = "510700-kx"  # the unit of the mianyang-a03-clean seed


def hostile_return(path: Path) -> Path:
    """A stamped return whose unit, project, executor and indicator text look like formulas."""
    se = load_seed("mianyang-a03-clean")
    se.unit = Unit(se.unit.code, "-1+1")
    se.project.name = '+HYPERLINK("http:evil","点我")'
    se.project.executor = "@SUM(1,2)"
    first = se.indicators[0]
    first.name = "@SUM(1,2)" + ESC
    first.actual = "+20家" + ESC  # below the target of 30家: a finding that quotes the name and value
    return fill_workbook(se.form, se, path)


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """A returns folder: the file name of issue 11, and one whose name carries ESC and BEL."""
    folder = tmp_path / "returns"
    folder.mkdir()
    hostile_return(folder / f"{HYPERLINK}.xlsx")
    hostile_return(folder / f"+evil{ESC}.xlsx")
    return folder


def sheet_formulas(path: Path) -> list[str]:
    """Every formula element in the workbook's sheets, read from the XML itself."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                found += [f"{name}: {m}" for m in re.findall(r"<f[ >][^<]*", xml)]
    return found


def formula_cells(path: Path) -> set[tuple[str, str, str]]:
    """(sheet, cell, formula) of every formula cell, as openpyxl sees them."""
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate, str(c.value))
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    }


def assert_no_control(text: str) -> None:
    assert not CONTROL.search(text), repr(CONTROL.findall(text))


def write_roster(path: Path, name: str = "=1+1", project: str = "@SUM(1,2)") -> Path:
    """A roster CSV with one unit (the seed's), its text fields starting like formulas."""
    head = ["单位编码", "单位名称", "上级单位", "项目名称", "主管部门", "实施单位", "年初预算", "调整后预算"]
    row = [UNIT_CODE, name, "+上级单位", project, "-主管部门", "\t实施单位", "10", "12"]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([head, row])
    return path


# --- validate: xlsx, html and text reports, annotated copies ----------------------------------------


def test_validate_xlsx_report_and_copies_hold_no_input_formula(returns, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(returns)  # the report names the files as given: "=HYPERLINK(…).xlsx" heads column A
    names = sorted(p.name for p in returns.iterdir())
    report, marked = tmp_path / "report.xlsx", tmp_path / "marked"
    main(["validate", *names, "--format", "xlsx", "-o", str(report), "--annotate", str(marked)])
    out = capsys.readouterr()
    assert_no_control(out.out + out.err)

    assert sheet_formulas(report) == []
    ws = openpyxl.load_workbook(report)["校验结果"]
    files = {c.value for c in ws["B"][1:]}  # 文件, after 序号
    assert f"{HYPERLINK}.xlsx" in files
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)
        link = row[4].hyperlink  # 单元格 (after 序号, 文件, 单位, 工作表)
        if link is not None:  # into our annotated copy, its name escaped: still one file, no quote
            assert '"' not in link.target and "#" not in link.target and "_校验.xlsx" in link.target

    clean = formula_cells(build(tmp_path, "mianyang-a03-clean"))
    copies = sorted(marked.iterdir())
    assert len(copies) == 2
    for copy in copies:
        assert formula_cells(copy) == clean  # our template's formulas, none from the input
        results = openpyxl.load_workbook(copy)["校验结果"]
        assert all(c.data_type != "f" for row in results.iter_rows() for c in row)


def test_validate_text_and_html_are_inert(returns, tmp_path, capsys):
    code = main(["validate", str(returns)])
    out = capsys.readouterr()
    assert code in (0, 1)
    assert_no_control(out.out + out.err)
    assert HYPERLINK in out.out and "+evil?[2J?]0;pwn?" in out.out

    page = tmp_path / "report.html"
    main(["validate", str(returns), "--format", "html", "-o", str(page)])
    assert_no_control(capsys.readouterr().err)
    html = page.read_text(encoding="utf-8")
    assert_no_control(html)
    assert '"http:evil"' not in html and "=HYPERLINK(&quot;http:evil&quot;" in html
    assert "<script" not in html.lower()


def crafted_batch(file: str) -> BatchReport:
    """Findings whose every text field starts like a formula and carries ESC/BEL."""
    finding = Finding(
        "UNDERACHIEVED_REASON_MISSING",
        Severity.ERROR,
        "=1+1" + ESC,
        file=file,
        sheet="自评表",
        cell="F15",
        field="+indicators[0]",
        expected="-2+3",
        actual="@SUM(1,2)" + ESC,
    )
    return BatchReport([Report(file, [finding], form="sc-project-2021")])


def test_report_writers_with_formula_like_findings(tmp_path):
    src = build(tmp_path, "mianyang-a03-clean", f"{HYPERLINK}.xlsx")
    batch = crafted_batch(f"{HYPERLINK}.xlsx")
    copy = annotate_workbook(src, batch.reports[0].findings, tmp_path / f"{HYPERLINK}_校验.xlsx")
    report = write_xlsx(batch, tmp_path / "report.xlsx", {batch.reports[0].file: copy.resolve()})

    assert sheet_formulas(report) == []
    row = [c for c in openpyxl.load_workbook(report)["校验结果"][2]]
    assert [c.data_type for c in row if c.value is not None] == ["n"] + ["s"] * 9  # 序号, then text only
    assert row[1].value == f"{HYPERLINK}.xlsx" and row[6].value.startswith("=1+1")
    target = row[4].hyperlink.target
    assert "%22http:evil%22" in target and '"' not in target

    results = openpyxl.load_workbook(copy)["校验结果"]
    texts = [c for r in results.iter_rows(min_row=2) for c in r if isinstance(c.value, str)]
    assert any(c.value.startswith("=1+1") for c in texts)
    assert all(c.data_type == "s" for c in texts)
    assert formula_cells(copy) - formula_cells(src) == set()  # only the template's own formulas

    assert_no_control(to_text(batch))
    html = to_html(batch)
    assert_no_control(html)
    assert "=HYPERLINK(&quot;" in html


# --- collect, consolidate, distribute ---------------------------------------------------------------


def test_collect_status_workbook_holds_no_formula(returns, tmp_path, capsys):
    roster = write_roster(tmp_path / "名单.csv")
    status = tmp_path / "status.xlsx"
    code = main(["collect", str(returns), "--roster", str(roster), "-o", str(status)])
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    assert_no_control(out.out + out.err)
    assert sheet_formulas(status) == []
    wb = openpyxl.load_workbook(status)
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "=1+1" in values and "@SUM(1,2)" in values  # the roster's text, shown as typed


def test_consolidate_summary_holds_no_formula(returns, tmp_path, capsys):
    roster = write_roster(tmp_path / "名单.csv")
    summary = tmp_path / "summary.xlsx"
    code = main(["consolidate", str(returns), "-o", str(summary), "--roster", str(roster), "--jobs", "1"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert_no_control(out.out + out.err)
    assert sheet_formulas(summary) == []
    wb = openpyxl.load_workbook(summary)
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "-1+1" in values  # the unit name from the stamp, as text


def test_distribute_neutralises_manifest_csv_and_prefills_text(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        ["distribute", str(write_roster(tmp_path / "名单.csv")), "--form", "sc-project", "-o", str(out)]
    )
    assert code == 0
    assert_no_control("".join(capsys.readouterr()))
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    fields = [v for row in rows for v in row]
    assert not [v for v in fields if v.startswith(FORMULA_STARTS)]
    assert "'=1+1" in fields and "'@SUM(1,2)" in fields
    sent = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sent[0]["unit_name"] == "=1+1" and sent[0]["project"] == "@SUM(1,2)"  # JSON keeps the text

    book = out / sent[0]["file"]
    clean_out = tmp_path / "clean"
    main(
        ["distribute", str(write_roster(tmp_path / "clean.csv", "单位", "项目")), "--form", "sc-project"]
        + ["-o", str(clean_out)]
    )
    capsys.readouterr()
    clean = clean_out / json.loads((clean_out / "manifest.json").read_text(encoding="utf-8"))[0]["file"]
    assert formula_cells(book) == formula_cells(clean)
    wb = openpyxl.load_workbook(book)
    texts = {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert texts["=1+1"] == "s" and texts["@SUM(1,2)"] == "s"


def test_fill_keeps_formula_like_names_as_text(tmp_path):
    se = load_seed("mianyang-a03-clean")
    se.unit = Unit(se.unit.code, "=1+1")
    se.project.name = HYPERLINK
    book = fill_workbook(se.form, se, tmp_path / "filled.xlsx")
    clean = build(tmp_path, "mianyang-a03-clean")
    assert formula_cells(book) == formula_cells(clean)
    texts = {c.value: c.data_type for row in openpyxl.load_workbook(book)["自评表"].iter_rows() for c in row}
    assert texts[HYPERLINK] == "s"


# --- a stamp never chooses a file -------------------------------------------------------------------


@pytest.fixture
def sentinel(tmp_path: Path) -> Path:
    """A profile file that would change the results (its name) if anything read it."""
    bundled = Path(profiles.__file__).parent.parent / "profiles" / "sichuan-2021.toml"
    text = bundled.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name\s*=.*$", 'name = "sentinel"', text)
    if 'name = "sentinel"' not in text:
        text = 'name = "sentinel"\n' + text
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    assert load_profile(str(path)).name == "sentinel"
    return path


@pytest.mark.parametrize(
    "stamped",
    ["/etc/passwd", "../x.toml", "x.toml", "SENTINEL", "sichuan-2021.toml", "../profiles/sichuan-2021"],
)
def test_stamp_naming_a_file_falls_back_to_the_default_with_a_warning(
    stamped, sentinel, tmp_path, monkeypatch
):
    book = build(tmp_path, "mianyang-a03-clean")
    stamped = str(sentinel) if stamped == "SENTINEL" else stamped
    set_stamp(book, "profile", stamped)
    asked: list[str] = []

    def spy(name=None):
        asked.append(name)
        return load_profile(name)

    monkeypatch.setattr(profiles, "load_profile", spy)
    monkeypatch.chdir(sentinel.parent)  # where "x.toml" and "../x.toml"-like names would be found
    (record,) = read_file(book).records
    assert record.profile.name == get_form(record.form).default_profile != "sentinel"
    assert not [a for a in asked if a and (a.endswith(".toml") or "/" in a)]
    (warning,) = [f for f in record.findings if f.code == "STAMP_PROFILE_UNKNOWN"]
    assert warning.severity is Severity.ADVICE
    assert plain_text(stamped[:80]) in plain_text(warning.message) and record.profile.name in warning.message

    (report,) = validate_paths([str(book)]).reports
    assert "STAMP_PROFILE_UNKNOWN" in [f.code for f in report.findings]


def test_stamp_naming_a_bundled_profile_is_used_without_a_finding(tmp_path):
    book = build(tmp_path, "mianyang-a03-clean")
    set_stamp(book, "profile", "sichuan-2023")
    (record,) = read_file(book).records
    assert record.profile.name == "sichuan-2023"
    assert "STAMP_PROFILE_UNKNOWN" not in [f.code for f in record.findings]


def test_explicit_profile_may_still_be_a_toml_path(sentinel, tmp_path):
    book = build(tmp_path, "mianyang-a03-clean")
    set_stamp(book, "profile", "/etc/passwd")
    (record,) = read_file(book, profile=str(sentinel)).records
    assert record.profile.name == "sentinel"
    assert "STAMP_PROFILE_UNKNOWN" not in [f.code for f in record.findings]


# --- the helpers themselves -------------------------------------------------------------------------


def test_csv_field_and_plain_text():
    assert [csv_field(v) for v in ("=1", "+1", "-1", "@a", "\t1", "\r1", "1", "", 5)] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\t1",
        "'\r1",
        "1",
        "",
        5,
    ]
    assert plain_text("a\x1b[31mb\x07c\td\ne\x9bf\u202eg 中文") == "a?[31mb?c\td\ne?f?g 中文"


def test_excel_button_results_sheet_keeps_input_text_as_text(tmp_path):
    from tests.excel.fakes import FakeBook
    from workbook_tools.excel.live import apply_plan
    from workbook_tools.validate.marks import RESULT_SHEET, plan_annotations

    book = FakeBook(build(tmp_path, "mianyang-a03-clean"))
    plan = plan_annotations(crafted_batch("x.xlsx").reports[0].findings, lambda sheet, cell: cell)
    apply_plan(book, plan)
    results = book.sheets[RESULT_SHEET]
    shown = [v for v in results.values.values() if isinstance(v, str)]
    assert "'=1+1" + ESC in shown and "'@SUM(1,2)" + ESC in shown  # Excel's quote prefix: kept as text
    assert not [v for v in shown if v.startswith(("=", "+", "-", "@"))]
    assert set(results.formulas.values()) == {'=HYPERLINK("#\'自评表\'!F15","F15")'}  # our one link


def test_fill_data_cannot_name_a_profile_file(sentinel, tmp_path):
    se = load_seed("mianyang-a03-clean")
    se.profile = str(sentinel)
    with pytest.raises(UnknownProfileError, match="不是内置配置"):
        fill_workbook(se.form, se, tmp_path / "filled.xlsx")
    assert not (tmp_path / "filled.xlsx").exists()
    se.profile = "sichuan-2023"  # a bundled name still chooses
    fill_workbook(se.form, se, tmp_path / "filled.xlsx")


def test_udf_profile_argument_is_a_bundled_name_only(sentinel):
    pytest.importorskip("xlwings")
    from workbook_tools.excel import udfs

    assert udfs._profile("sichuan-2023").name == "sichuan-2023"
    for name in (str(sentinel), "../x.toml", "/etc/passwd"):
        with pytest.raises(udfs.ArgumentError):
            udfs._profile(name)


def test_validate_json_on_the_terminal_carries_no_raw_control(returns, capsys):
    main(["validate", str(returns), "--format", "json"])
    out = capsys.readouterr()
    assert_no_control(out.out + out.err)
    data = json.loads(out.out)
    assert any(ESC in Path(r["file"]).name for r in data["reports"])  # the data itself is kept


def test_json_text_escapes_what_json_leaves_raw():
    from workbook_tools.io.safe_text import json_text

    value = {"a": "x\x9b\x1b\u202e中"}
    text = json_text(json.dumps(value, ensure_ascii=False))
    assert_no_control(text)
    assert "\x9b" not in text and "\u202e" not in text and json.loads(text) == value
