"""`report`: the drafted .docx read back with python-docx; every number equals the core's."""

import hashlib
import re
import zipfile

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from lxml import etree

from workbook_tools.cli import main
from workbook_tools.report.checker import check_report
from workbook_tools.report.draft import read_returns, write_report_docx
from workbook_tools.report.wording import percent, points, wan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraphs(path):
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _tables(path):
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def test_project_report_states_the_core_numbers(reports, project_return):
    facts = read_returns([project_return])[0]
    text = _paragraphs(reports["project"].path)
    assert reports["project"].kind == "project"
    # the project's name says the year and ends in 项目: neither is repeated in the title
    assert text[0] == "会理市科学技术协会2021年基层科普行动计划项目支出绩效自评报告"
    # 会理市: 45 万元 initial, 54 adjusted, 42.12 executed; 42.12 ÷ 54 = 78.00 %.
    assert (facts.amount("initial"), facts.amount("adjusted"), facts.amount("executed")) == (45, 54, 42.12)
    assert "本项目年初预算 45.00 万元，调整后 54.00 万元，全年执行 42.12 万元，预算执行率 78.00%。" in text
    assert f"本项目自评得分 {points(facts.total)} 分，自评等级为“{facts.grade}”。" in text
    # 执行率得分 = 10 × 0.78 = 7.80
    assert "预算执行率 78.00%，按执行率计分，预算执行情况得分 7.80 分（满分 10.00 分）。" in text
    funding, indicators = _tables(reports["project"].path)
    assert funding[1][1:] == ["45.00", "54.00", "42.12", "78.00%"]
    counted = facts.counted()
    assert [row[-1] for row in indicators[1 : 1 + len(counted)]] == [points(r.score) for r in counted]
    assert [row[-2] for row in indicators[1 : 1 + len(counted)]] == [points(r.weight) for r in counted]
    assert indicators[-1][-1] == points(facts.total) and indicators[-2][-1] == "7.80"


def test_every_stated_figure_is_one_the_core_computed(reports, project_return, department_return):
    """Each 万元 / % / 分 figure in our own sentences is a core value (quoted form text is left out)."""
    facts = read_returns([department_return, project_return])
    allowed = set()
    for f in facts:
        allowed |= {wan(f.amount(k)) for k in ("initial", "adjusted", "executed")}
        allowed |= {percent(f.rate), f"{points(f.total)} 分", f"{points(f.evaluation.execution_score)} 分"}
        allowed |= {f"{points(v)} 分" for v in f.evaluation.subtotals.values()}
        allowed |= {f"{points(f.profile.execution_weight)} 分"}
        info = f.se.department
        if info:
            allowed |= {wan(info.basic_expenditure), wan(info.project_expenditure)}
    for draft in reports.values():
        for line in _paragraphs(draft.path):
            if line.startswith(("自评表", "部门整体绩效自评表所列")) or re.match(r"\d+\. ", line):
                continue  # the form's own text and the validator's messages, quoted as they are
            for figure in re.findall(r"\d+\.\d{2}(?: 万元|%| 分)", line):
                assert figure in allowed, (figure, line)


def test_department_report_follows_the_model_outline(reports, department_return, project_return):
    dept, project = read_returns([department_return, project_return])
    text = _paragraphs(reports["department"].path)
    headings = [t for t in text if re.match(r"^[一二三四]、", t)]
    assert headings == [
        "一、部门基本情况",
        "二、部门财政资金收支情况",
        "三、部门整体绩效管理情况",
        "四、评价结论及建议",
    ]
    # 474.90 ÷ 571.35 = 83.12 %; 200.12 + 274.78 = 474.90, so the split is written as 其中.
    assert "本部门全年预算 571.35 万元，全年执行 474.90 万元，预算执行率 83.12%。" in text
    assert "全年执行 474.90 万元，其中：基本支出 200.12 万元，项目支出 274.78 万元。" in text
    # 执行率得分 = 20 × 0.8312 = 16.62; 总分 = 16.62 + 20 + 15 + 27 + 10 = 88.62 → 良
    assert dept.total == 88.62 and dept.grade == "良"
    assert "部门整体自评得分 88.62 分，自评等级为“良”。" in text
    indicators = _tables(reports["department"].path)[1]
    counted = dept.counted()
    assert [row[-1] for row in indicators[1 : 1 + len(counted)]] == [points(r.score) for r in counted]
    # 培训骨干 150 of ≥ 200 → 20 × 0.75 = 15; 定性 "达成" with 27 typed → 27
    assert [points(r.score) for r in counted] == ["20.00", "15.00", "27.00", "10.00"]
    projects_table = _tables(reports["department"].path)[-1]
    assert projects_table[1] == [
        project.name,
        "54.00",
        "42.12",
        "78.00%",
        points(project.total),
        project.grade,
    ]


def test_problems_come_from_the_validator_with_a_placeholder_each(reports):
    text = _paragraphs(reports["project"].path)
    start, end = text.index("（一）存在问题"), text.index("（二）改进建议")
    problems = [t for t in text[start + 1 : end] if re.match(r"\d+\. ", t)]
    assert any("预算执行率 78.00% 低于 90.00%" in t and t.endswith("【待补充：说明原因】") for t in problems)
    suggestions = [t for t in text[end + 1 :] if t.startswith("针对问题")]
    assert len(suggestions) == len(problems)


def test_every_run_carries_the_east_asian_font(reports):
    for draft in reports.values():
        with zipfile.ZipFile(draft.path) as z:
            parts = [n for n in z.namelist() if re.match(r"word/(document|footer\d*|header\d*)\.xml$", n)]
            for name in parts:
                root = etree.fromstring(z.read(name))
                runs = root.iter(f"{W}r")
                for run in runs:
                    fonts = run.find(f"{W}rPr/{W}rFonts")
                    assert fonts is not None and fonts.get(f"{W}eastAsia"), (name, etree.tostring(run)[:200])


def test_page_setup_fonts_and_page_number(reports):
    document = docx.Document(str(reports["project"].path))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "PAGE" in "".join(section.footer._element.itertext())
    styles = document.styles
    fonts = styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and styles["Normal"].font.size.pt == 14  # 四号
    h1 = styles["Heading 1"]
    assert (
        h1.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体" and h1.font.size.pt == 16
    )  # 三号


def test_placeholders_and_only_placeholders_are_highlighted(reports):
    for draft in reports.values():
        for paragraph in docx.Document(str(draft.path)).paragraphs:
            for run in paragraph.runs:
                marked = run.font.highlight_color == WD_COLOR_INDEX.YELLOW
                assert marked == ("待补充" in run.text), run.text


def test_text_with_markup_characters_and_long_text(tmp_path):
    from tests.report.conftest import department_model
    from workbook_tools.xlsx.fill import fill_workbook

    model = department_model()
    odd = "A&B <科普> \"引号\" '单引号' " + "长" * 5000
    model.goals.planned = odd
    model.unit.name = "科协&<测试>"
    path = fill_workbook("hb-dept", model, tmp_path / "odd.xlsx")
    draft = write_report_docx([path], tmp_path / "odd.docx")
    text = _paragraphs(draft.path)
    assert f"部门整体绩效自评表所列年度目标：{odd}" in text
    assert text[0] == "科协&<测试>2021年度部门整体支出绩效自评报告"


def test_a_users_template_gives_its_styles(tmp_path, project_return):
    from workbook_tools.report.typography import set_fonts

    template = docx.Document()
    set_fonts(template.styles["Normal"].element, "楷体")
    template.add_paragraph("模板里的旧内容")
    template.save(str(tmp_path / "单位模板.docx"))
    draft = write_report_docx([project_return], tmp_path / "out.docx", template=tmp_path / "单位模板.docx")
    document = docx.Document(str(draft.path))
    assert "模板里的旧内容" not in [p.text for p in document.paragraphs]
    # Body text takes the template's font; table captions and cells keep 宋体 as forms print them.
    body = [r for p in document.paragraphs if p.style.name == "Normal" for r in p.runs if not r.font.bold]
    assert body and all(r._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体" for r in body)


def test_inputs_are_untouched_and_reports_pass_their_own_check(reports, project_return, department_return):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project_return, department_return)}
    report, _ = check_report(reports["project"].path, [project_return])
    assert report.findings == []
    report, _ = check_report(reports["department"].path, [department_return, project_return])
    assert report.findings == []
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}


def test_cli_report_and_its_errors(tmp_path, project_return, capsys):
    out = tmp_path / "报告.docx"
    assert main(["report", str(project_return), "-o", str(out)]) == 0
    assert out.exists() and "项目支出绩效自评报告初稿" in capsys.readouterr().out
    assert main(["report", str(project_return), "-o", str(tmp_path / "报告.txt")]) == 2
    assert ".docx" in capsys.readouterr().err
    other = project_return.with_name("德昌县科协-2021年度自评表.xlsx")
    assert main(["report", str(project_return), str(other), "-o", str(out)]) == 2
    assert "部门整体表" in capsys.readouterr().err
    assert main(["report", str(project_return), "-o", str(project_return)]) == 2


@pytest.mark.parametrize("bad", ["not-a-workbook.xlsx"])
def test_unreadable_return_is_a_clear_error(tmp_path, bad, capsys):
    path = tmp_path / bad
    path.write_bytes(b"not a zip")
    assert main(["report", str(path), "-o", str(tmp_path / "r.docx")]) == 2
    assert "无法读取" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


def test_cli_warns_about_a_project_of_another_unit(tmp_path, demo, department_return, capsys):
    other = demo["paths"]["03-回收文件"] / "邮件附件" / "德昌县科协-2021年度自评表.xlsx"
    out = tmp_path / "部门.docx"
    assert main(["report", str(department_return), str(other), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "德昌县科协-2021年度自评表.xlsx 的单位" in err and "与部门整体表的单位不同" in err


def test_a_folder_of_one_units_returns(tmp_path, project_return, department_return):
    import shutil

    folder = tmp_path / "会理市"
    folder.mkdir()
    shutil.copy(project_return, folder)
    shutil.copy(department_return, folder)
    draft = write_report_docx([folder], tmp_path / "部门.docx")
    assert draft.kind == "department" and len(draft.returns) == 2
