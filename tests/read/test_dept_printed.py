"""The 丽水 基本情况表 and the 凉山 指标体系 read from hand-typed copies (xlsx and a Word table)."""

from __future__ import annotations

import docx
import openpyxl

from tests.validate.dept_printed import liangshan_printed, lishui_printed
from workbook_tools.xlsx.fill import export_all


def _as_word(xlsx, out):
    """The same table typed into Word (every value as text, as a Word cell holds it)."""
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(xlsx).active.iter_rows()]
    d = docx.Document()
    t = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is not None:
                t.cell(i, j).text = str(v)
    d.save(out)
    return out


def test_lishui_table_from_excel_and_word_reads_the_same(tmp_path):
    xlsx = lishui_printed(tmp_path / "丽水.xlsx")
    from_excel, from_word = export_all(xlsx)[0], export_all(_as_word(xlsx, tmp_path / "丽水.docx"))[0]
    for se in (from_excel, from_word):
        b = se.basic
        assert se.form == "zj-dept-basic"
        assert (b.contact, b.phone, b.staff_quota, b.staff_actual) == ("雷珍", "2056053", 8, 10)
        assert (b.income_total, b.income_carry_over, b.income_fiscal, b.income_other) == (
            743.31,
            9.27,
            734.04,
            0,
        )
        assert (b.spending_total, b.spending_basic, b.spending_personnel, b.spending_public) == (
            743.31,
            446.58,
            353.07,
            93.51,
        )
        assert (b.spending_project, b.spending_other, b.satisfaction) == (296.73, 0, "满意")
        assert [x.name for x in b.services] == ["学会学术发展", "人才发展专项", "科协事务综合业务管理"]


def test_liangshan_table_rows_points_scores_and_facts(tmp_path):
    se = export_all(liangshan_printed(tmp_path / "凉山.xlsx"))[0]
    s = se.system
    assert [r.name for r in s.rows][:3] == ["目标制定", "目标实现", "编制准确"]
    special = s.row("专项预算管理")  # one printed line: points from its label, score from 自评得分
    assert (special.points, special.score, special.level2) == (20, 18, "")
    assert sum(r.points for r in s.rows) == 100 and s.total == 85
    assert (s.facts.initial_budget, s.facts.adjusted_amount, s.facts.violations) == (686.54, 15, 0)
