"""`check-report` on reports typed from the five seed documents: what an auditor finds, and silence
on what is right (the arithmetic is in each test)."""

import json
from pathlib import Path

import docx
import pytest

from tests.report.seed_reports import DATA, SEEDS, build
from workbook_tools.cli import main
from workbook_tools.report.annotate import annotate_report
from workbook_tools.report.checker import check_report
from workbook_tools.report.consistency import check_text
from workbook_tools.report.document import ReportText, TableData


def _found(name):
    report, issues = check_report(DATA / f"{name}.docx")
    return report.findings, issues


def test_committed_seed_reports_hold_the_typed_text(tmp_path):
    for name, content in SEEDS.items():
        fresh = docx.Document(str(build(content, tmp_path / f"{name}.docx")))
        committed = docx.Document(str(DATA / f"{name}.docx"))
        assert [p.text for p in committed.paragraphs] == [p.text for p in fresh.paragraphs]
        assert [[c.text for r in t.rows for c in r.cells] for t in committed.tables] == [
            [c.text for r in t.rows for c in r.cells] for t in fresh.tables
        ]


def test_seed000_funding_paragraphs():
    findings, _ = _found("seed000")
    got = [(f.cell, f.actual, f.expected) for f in findings]
    assert got == [
        # 资金安排: 19.80 + 18 + 271.01 + 207 = 515.81, stated 520.81 (numbered paragraphs 1.–4.)
        ("第 4 段", 520.81, 515.81),
        # item 3: 2.70 + 93.07 + 54.51 + 62.73 = 213.01, stated 271.01
        ("第 7 段", 271.01, 213.01),
        # its bracket: 22 + 34.51 = 56.51, stated 54.51
        ("第 7 段", 54.51, 56.51),
        # 实际拨付 and 总支出 repeat the same four items under 520.81
        ("第 9 段", 520.81, 515.81),
        ("第 12 段", 520.81, 515.81),
    ]
    assert {f.code for f in findings} == {"REPORT_SUM_MISMATCH"}
    # Silent: item 1 13.50 + 6.30 = 19.80; item 2 18 = 18 (one item is not a list); item 4 150 + 50 + 7 = 207;
    # 93.07 = 46.07 + 47; paragraph 13 lists no parts; the attached table 6.30 ÷ 6.30 = 100 %.


def test_seed001_announces_six_project_tables_and_attaches_five():
    findings, _ = _found("seed001")
    # “项目支出绩效目标自评表”（汇总）1个 + 各项目组 5个 = 6 announced; five tables carry that title
    # (汇总 + four project groups); the 转移支付 table is its own kind, announced 1, attached 1.
    assert [(f.code, f.cell, f.expected, f.actual) for f in findings] == [
        ("REPORT_TABLE_COUNT_MISMATCH", "第 2 段", 6, 5),
        ("REPORT_TABLE_COUNT_MISMATCH", "第 5 段", 6, 5),  # the 附件 list says the same
    ]
    # Silent: 334 = 264 + 70; 55.1 = 30 + 15 + 10.1; "项目完成率" is not an execution rate.


def test_seed002_income_lines_do_not_add_up():
    findings, _ = _found("seed002")
    # 0.84 + 163.68 + 0 + 0 = 164.52 ≠ 163.68; silent on 125.43 + 20.15 + 5.95 + 12.15 = 163.68.
    assert [(f.code, f.cell, f.actual, f.expected) for f in findings] == [
        ("REPORT_SUM_MISMATCH", "第 2 段", 163.68, 164.52)
    ]
    assert "0.84万元 + 163.68万元 + 0万元 + 0万元" in findings[0].message


def test_seed003_is_right_and_nothing_is_said():
    # 9.27 + 734.04 = 743.31; 353.07 + 93.51 + 296.73 = 743.31; 1.67 + 0 + 0 = 1.67; 1.44 + 0 + 0 = 1.44;
    # 743.31 ÷ 743.31 = 100 %; 353.07 + 93.51 = 446.58 and 446.58 ÷ 446.58 = 100 %.
    assert _found("seed003")[0] == []


def test_seed004_table_rate_is_right():
    # 3014.42 ÷ 2634.17 = 1.14435… → 114.44 %
    assert _found("seed004")[0] == []


def _text(*paragraphs, tables=()):
    return ReportText(list(paragraphs), list(tables))


def test_a_list_that_ends_before_the_sentence_does():
    # 60 + 40 = 100: the 90 万元 after them is another statement, not a third part
    assert check_text(_text("总预算100万元，其中财政拨款60万元、自筹40万元，已支出90万元。")) == []
    # 60 + 30 = 90 and 60 + 30 + 90 = 180: no run of the first items makes 100
    issues = check_text(_text("总预算100万元，其中财政拨款60万元、自筹30万元，已支出90万元。"))
    assert [i.finding.code for i in issues] == ["REPORT_SUM_MISMATCH"]


def test_a_rate_that_is_not_executed_over_budget():
    # 83.12 ÷ 100 = 83.12 %, not 88.12 %
    issues = check_text(_text("本项目调整后 100 万元，全年执行 83.12 万元，预算执行率 88.12%。"))
    assert [(i.finding.code, i.finding.expected, i.finding.actual) for i in issues] == [
        ("REPORT_RATE_MISMATCH", "83.12%", "88.12%")
    ]
    assert check_text(_text("本项目调整后 100 万元，全年执行 83.12 万元，预算执行率 83.12%。")) == []
    # two budgets and no word which one the rate uses: nothing to say
    assert check_text(_text("年初预算 50 万元，追加预算 50 万元，全年执行 83.12 万元，执行率 88%。")) == []


def test_a_table_row_whose_rate_is_wrong():
    rows = (
        ("项目", "预算数（A）", "执行数（B）", "执行率（B/A）"),
        ("部门整体支出总额", "2634.17", "3014.42", "104.44%"),
    )
    issues = check_text(_text("", tables=[TableData(0, "部门整体绩效自评表", rows)]))
    # 3014.42 ÷ 2634.17 = 114.44 %
    assert [(i.finding.code, i.finding.sheet, i.finding.cell, i.finding.expected) for i in issues] == [
        ("REPORT_RATE_MISMATCH", "表格 1", "第 2 行", "114.44%")
    ]


def test_a_figure_stated_differently_in_two_places():
    rows = (
        ("资金来源", "全年预算数（万元）", "全年执行数（万元）", "执行率"),
        ("年度资金总额", "54.00", "42.12", "78.00%"),
    )
    table = TableData(0, "表 1  项目资金情况", rows)
    issues = check_text(_text("本项目预算执行率 78.00%。", "综上，本项目预算执行率 87.00%。", tables=[table]))
    assert [(i.finding.code, i.finding.cell) for i in issues] == [("REPORT_FIGURE_CONFLICT", "第 2 段")]
    # a list item or a sub-row's rate is not the table's total row
    assert check_text(_text("1.其中当年财政拨款预算执行率 60.00%。", tables=[table])) == []
    # the same phrase about two subjects (本单位 / 全部) is two figures, not one stated twice
    assert check_text(_text("项目资金年初预算334万元。", "本单位项目资金年初预算254万元。")) == []
    assert [
        i.finding.code for i in check_text(_text("本项目年初预算 45 万元。", "本项目年初预算 54 万元。"))
    ] == ["REPORT_FIGURE_CONFLICT"]


def test_figures_against_the_returns(reports, project_return, tmp_path):
    document = docx.Document(str(reports["project"].path))
    changed = next(p for p in document.paragraphs if p.text.startswith("本项目自评得分"))
    changed.runs[0].text = (
        changed.runs[0].text.replace("本项目自评得分", "本项目自评得分 9").replace("9 ", "9", 1)
    )
    path = tmp_path / "改过.docx"
    document.save(str(path))
    report, _ = check_report(path, [project_return])
    assert [f.code for f in report.findings] == ["REPORT_RETURN_MISMATCH"]
    assert report.findings[0].message.startswith("“本项目自评得分9")


def test_annotated_copy_has_a_comment_on_each_sentence(tmp_path):
    source = DATA / "seed000.docx"
    before = source.read_bytes()
    report, issues = check_report(source)
    copy = annotate_report(source, issues, tmp_path / "批注.docx")
    assert source.read_bytes() == before
    document = docx.Document(str(copy))
    comments = list(document.comments)
    assert len(comments) == len(report.findings) == 5
    assert all("REPORT_SUM_MISMATCH" in c.text and c.author for c in comments)
    # the 总支出 paragraph (第 12 段) is one sentence, all of it commented; in the 资金安排 list the comment
    # sits on the total's paragraph (第 4 段)
    assert _commented(document.paragraphs[11]) == document.paragraphs[11].text
    assert _commented(document.paragraphs[3]) == "2021年市科协单位财政项目资金预算520.81万元。"


def _commented(paragraph):
    """The text between the paragraph's first commentRangeStart and commentRangeEnd."""
    from docx.oxml.ns import qn

    text, inside = "", False
    for child in paragraph._p:
        if child.tag == qn("w:commentRangeStart"):
            inside = True
        elif child.tag == qn("w:commentRangeEnd"):
            break
        elif inside and child.tag == qn("w:r"):
            text += "".join(t.text or "" for t in child.iter(qn("w:t")))
    return text


def test_comment_spans_only_the_sentences_concerned(tmp_path):
    report, issues = check_report(DATA / "seed001.docx")
    document = docx.Document(str(annotate_report(DATA / "seed001.docx", issues, tmp_path / "c.docx")))
    paragraph = document.paragraphs[1]
    assert _commented(paragraph).startswith("年终执行完毕后")  # not the first sentence (“根据…”)
    assert not _commented(paragraph).endswith("以上见附件（第四部分）。")  # nor the sentences after it


@pytest.mark.parametrize(
    "fmt,suffix", [("json", ".json"), ("html", ".html"), ("xlsx", ".xlsx"), ("text", ".txt")]
)
def test_cli_writes_every_format(tmp_path, fmt, suffix, capsys):
    out = tmp_path / f"结果{suffix}"
    code = main(["check-report", str(DATA / "seed002.docx"), "--format", fmt, "-o", str(out)])
    assert code == 1 and out.stat().st_size > 0
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        finding = data["reports"][0]["findings"][0]
        assert finding["code"] == "REPORT_SUM_MISMATCH" and finding["cell"] == "第 2 段"
        assert finding["sheet"] == "正文" and finding["field"].startswith(
            "区科协2022年年初收入预算163.68万元"
        )


def test_cli_exit_codes_and_annotation(tmp_path, capsys):
    assert main(["check-report", str(DATA / "seed003.docx")]) == 0
    assert "通过" in capsys.readouterr().out
    copy = tmp_path / "批注.docx"
    assert main(["check-report", str(DATA / "seed001.docx"), "--annotate", str(copy)]) == 1
    assert len(list(docx.Document(str(copy)).comments)) == 2
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"no zip")
    assert main(["check-report", str(bad)]) == 2
    assert "Word" in capsys.readouterr().err
    assert main(["check-report", str(DATA / "seed001.docx"), "--annotate", str(DATA / "seed001.docx")]) == 2


def test_hostile_report_packages_are_refused_in_chinese(tmp_path):
    """A report .docx gets the checks every returned file gets: a DTD/entity part, a zip bomb and a
    damaged member are refused with a Chinese reason before python-docx parses anything."""
    import zipfile

    from workbook_tools.report.document import ReportUnreadableError, read_report

    source = Path(__file__).parent / "data" / "seed002.docx"
    with zipfile.ZipFile(source) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    entity = dict(parts)
    entity["word/document.xml"] = parts["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1
    )
    bomb = dict(parts)
    bomb["word/media/bomb.bin"] = b"\0" * (300 * 1024 * 1024)
    cases = {"entity.docx": (entity, "实体"), "bomb.docx": (bomb, "过大")}
    for name, (members, said) in cases.items():
        with zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, data in members.items():
                zf.writestr(member, data)
        with pytest.raises(ReportUnreadableError, match=said):
            read_report(tmp_path / name)
    (tmp_path / "cut.docx").write_bytes(source.read_bytes()[:-200])
    with pytest.raises(ReportUnreadableError, match="不是可读取的 Word 文档|损坏"):
        read_report(tmp_path / "cut.docx")
