"""Rows rendered as records arrive (consolidate_paths) are the rows write_summary would render itself."""

import openpyxl
import pytest

from tests.collect.test_consolidate import PROFILE, project
from workbook_tools.collect.consolidate import build_summary
from workbook_tools.collect.records import FileRecord, record_from_model
from workbook_tools.collect.runner import consolidate_records
from workbook_tools.collect.summary_writer import LiveRendering
from workbook_tools.collect.table_xml import RenderedRows

GROUPS = {"A": "某市科协", "B": "某市科协", "C": "某县科协"}
FINDING = {
    "code": "EXEC_REASON_MISSING",
    "severity": "error",
    "sheet": "自评表",
    "cell": "H6",
    "message": "执行率低于90%，未说明原因",
    "actual": 0.5,
}


def records():
    """A return without 效益 and 满意度 indicators first: the later ones bring 汇总 two new columns."""
    first = project("A", 100, 50, (200, 180), (90, 80), 27)
    first.indicators = first.indicators[:1]  # 产出指标 only
    second = project("B", 300, 240, (500, 520), (90, 88), 20)
    second.indicators = second.indicators[:2]  # 产出指标 and 满意度指标
    return [
        record_from_model("A.xlsx", first, PROFILE, [{**FINDING, "file": "A.xlsx"}]),
        FileRecord("坏.xlsx", findings=[{"code": "READ_FAILED", "severity": "error", "message": "无法读取"}]),
        record_from_model("B.xlsx", second, PROFILE),
        record_from_model("C.xlsx", project("C", 100, 100, (300, 250), (95, 96), 12), PROFILE),
    ]


def live_rendering(recs, groups=GROUPS):
    live = LiveRendering(groups)
    for rec in recs:
        live.add(rec)
    return live


@pytest.mark.parametrize("table", ["projects", "indicators", "findings"])
def test_rows_rendered_as_records_arrive_match_the_table(table):
    recs = records()
    frame = getattr(build_summary(recs, PROFILE, GROUPS), table)
    rendered = live_rendering(recs).rendered[table]
    expected = RenderedRows(frame.columns).extend(frame.itertuples(index=False))
    # 汇总 gains 满意度指标得分 with the third record and 效益指标得分 with the fourth: the rows rendered
    # before must have been rendered again, or write_summary would have to render them all itself.
    assert rendered.columns == list(frame.columns)
    assert rendered.text() == expected.text()
    assert rendered.widths == expected.widths


def test_new_columns_come_late():
    columns = list(build_summary(records()[:1], PROFILE, GROUPS).projects.columns)
    assert "产出指标得分" in columns and "满意度指标得分" not in columns and "效益指标得分" not in columns


def test_workbook_is_the_same_with_or_without_live_rows(tmp_path):
    recs = records()
    live = live_rendering(recs, groups=None)  # as consolidate_records groups without a roster
    with_live = consolidate_records(
        recs, tmp_path / "live.xlsx", rendered=live.rendered, rows=live.rows, profile=PROFILE.name
    )[1]
    plain = consolidate_records(recs, tmp_path / "plain.xlsx", profile=PROFILE.name)[1]
    a, b = openpyxl.load_workbook(with_live), openpyxl.load_workbook(plain)
    assert a.sheetnames == b.sheetnames
    for name in ("汇总", "指标明细", "问题清单"):
        values = [[(c.value, c.number_format) for c in row] for row in a[name].iter_rows()]
        assert values == [[(c.value, c.number_format) for c in row] for row in b[name].iter_rows()]
    assert "效益指标得分" in [c.value for c in a["汇总"][1]]


def test_rows_of_other_records_are_refused(tmp_path):
    recs = records()
    live = live_rendering(recs[:2])
    with pytest.raises(ValueError):
        consolidate_records(recs, tmp_path / "x.xlsx", rows=live.rows, profile=PROFILE.name)
