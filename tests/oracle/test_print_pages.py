"""Issue 13 item 4: forms and the collector's outputs print like the official paper.

Everything is printed to PDF by LibreOffice in one soffice start: the four forms filled with 6
indicators, the four committed blank templates, the demo's 回收情况 and 汇总, and a 汇总 of 300
projects. Each sheet's footer names it ("回收情况　第 1 页，共 2 页"), so the pages of one sheet are
counted in the PDF of the whole workbook.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workbook_tools.collect.consolidate import Summary
from workbook_tools.collect.demo import run_demo
from workbook_tools.collect.summary_writer import CHART_TOP_N, write_summary
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import all_forms, get_form
from workbook_tools.oracle import pdf_page_sizes, poppler_available
from workbook_tools.oracle.libreoffice import PDF_FILTER, convert
from workbook_tools.xlsx.writer import GUIDE_SHEET, write_template

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "data" / "examples"
TEMPLATES = ROOT / "templates" / "xlsx"
FORM_IDS = [spec.id for spec in all_forms()]
INDICATORS = 6

pytestmark = pytest.mark.libreoffice


def _example(form_id: str) -> SelfEvaluation:
    """The seed example of a form, cut to its first 6 indicators."""
    path = next(
        p for p in sorted(EXAMPLES.glob("*.json")) if json.loads(p.read_text("utf-8"))["form"] == form_id
    )
    data = json.loads(path.read_text("utf-8"))
    assert len(data["indicators"]) >= INDICATORS
    data["indicators"] = data["indicators"][:INDICATORS]
    return SelfEvaluation.from_dict(data)


def _many_projects(demo_summary: Path, n: int = 300) -> Summary:
    """A Summary of n projects: the demo's 汇总 rows repeated with spread 总分."""
    tables = {
        name: _data_rows(df)
        for name, df in pd.read_excel(demo_summary, sheet_name=None, engine="openpyxl").items()
    }
    base = tables["汇总"]
    rows = pd.concat([base] * (n // len(base) + 1), ignore_index=True).head(n)
    rows["单位名称"] = [f"单位{i + 1:03d}" for i in range(n)]
    rows["总分"] = [40 + (i * 37) % 60 + 0.5 for i in range(n)]
    return Summary(
        projects=rows,
        indicators=tables["指标明细"],
        findings=tables["问题清单"],
        departments=tables["部门汇总"],
        department_indicators=tables["部门指标汇总"],
    )


def _data_rows(df: pd.DataFrame) -> pd.DataFrame:
    """A 汇总 sheet read back as its table: without the sheet's 序号 column and 合计 row."""
    if "序号" not in df.columns:
        return df
    return df[df["序号"] != "合计"].drop(columns="序号").reset_index(drop=True)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """Name → the workbook printed to PDF (one demo run, one soffice start)."""
    if not poppler_available():
        pytest.skip("poppler-utils 未安装")
    tmp = tmp_path_factory.mktemp("print")
    paths = run_demo(tmp / "demo", seed=2021, echo=lambda _line: None)
    books: dict[str, Path] = {
        "回收情况": paths["04-回收情况.xlsx"],
        "汇总": paths["06-汇总.xlsx"],
    }
    many = write_summary(
        _many_projects(paths["06-汇总.xlsx"]), tmp / "汇总300.xlsx", load_profile("liangshan-2021")
    )
    books["汇总300"] = many
    for form_id in FORM_IDS:
        books[f"filled:{form_id}"] = write_template(
            get_form(form_id), tmp / f"filled-{form_id}.xlsx", data=_example(form_id)
        )
        books[f"blank:{form_id}"] = TEMPLATES / f"{form_id}.xlsx"
    pdfs = convert(list(books.values()), tmp / "pdf", PDF_FILTER)
    out = dict(zip(books, pdfs, strict=True))
    out.update({f"xlsx:{name}": path for name, path in books.items()})
    return out


def _pages(pdf: Path) -> list[str]:
    """The text of every page (layout kept, so a footer stays on one line)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[: len(pdf_page_sizes(pdf))]


def _footer(sheet: str) -> re.Pattern:
    return re.compile(rf"(?:^|\s){re.escape(sheet)}\s+第\s*\d+\s*页", re.MULTILINE)


def _sheet_pages(pdf: Path, sheet: str) -> list[int]:
    """Indexes of the pages whose footer names `sheet`."""
    return [i for i, text in enumerate(_pages(pdf)) if _footer(sheet).search(text)]


def _form_pages(pdf: Path) -> list[int]:
    """Pages of the form itself: every page but the 填表说明 sheet's."""
    guide = _footer(GUIDE_SHEET)
    return [i for i, text in enumerate(_pages(pdf)) if text.strip() and not guide.search(text)]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_form_with_6_indicators_prints_on_at_most_2_pages(printed, form_id):
    pages = _form_pages(printed[f"filled:{form_id}"])
    assert 1 <= len(pages) <= 2, pages
    header = get_form(form_id).indicators.header_row
    ws = openpyxl.load_workbook(printed[f"xlsx:filled:{form_id}"])[get_form(form_id).sheet]
    assert ws.print_title_rows == f"${header}:${header}"


@pytest.mark.parametrize("kind", ["filled", "blank"])
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_printed_page_of_a_form_repeats_the_indicator_header(printed, form_id, kind):
    spec = get_form(form_id)
    name = spec.indicators.headers["name"]  # 三级指标
    texts = _pages(printed[f"{kind}:{form_id}"])
    pages = _form_pages(printed[f"{kind}:{form_id}"])
    assert pages
    assert [i for i in pages if name not in texts[i].replace(" ", "")] == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_blank_template_is_compact(printed, form_id):
    """40 blank indicator lines: a few pages, not the 4 to 5 they took at 30 pt each."""
    assert len(_form_pages(printed[f"blank:{form_id}"])) <= 3


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_guide_fits_its_page_width(printed, form_id):
    """填表说明 wraps inside a portrait A4 page: its last printed line ends with the sheet's last text."""
    pdf = printed[f"filled:{form_id}"]
    guide = _sheet_pages(pdf, GUIDE_SHEET)
    assert guide
    sizes = pdf_page_sizes(pdf)
    assert all(sizes[i][0] < sizes[i][1] for i in guide)  # portrait
    ws = openpyxl.load_workbook(printed[f"xlsx:filled:{form_id}"])[GUIDE_SHEET]
    assert ws.column_dimensions["A"].width <= 95
    assert all(c.alignment.wrap_text for c in ws["A"] if c.value)
    assert ws.page_setup.paperSize == 9 and len(guide) == 1
    text = "".join("".join(_pages(pdf)[i].split()) for i in guide)
    for cell in ws["A"]:  # every guide line reaches paper whole (nothing cut at the right edge)
        assert "".join(str(cell.value).split()) in text


def test_status_board_for_17_units_prints_on_one_landscape_page(printed):
    pdf = printed["回收情况"]
    pages = _sheet_pages(pdf, "回收情况")
    assert len(pages) == 1, pages
    width, height = pdf_page_sizes(pdf)[pages[0]]
    assert width > height
    text = "".join(_pages(pdf)[pages[0]].split())
    assert "状态" in text and "说明" in text  # the last column is on the page too
    ws = openpyxl.load_workbook(printed["xlsx:回收情况"])["回收情况"]
    assert ws.print_title_rows and ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0


def _charts(xlsx: Path) -> list[str]:
    with zipfile.ZipFile(xlsx) as zf:
        names = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        return [zf.read(n).decode("utf-8") for n in names]


@pytest.mark.parametrize("name", ["汇总", "汇总300"])
def test_summary_prints_in_few_pages_and_one_page_per_chart(printed, name):
    pdf = printed[name]
    table = _sheet_pages(pdf, "汇总")
    charts = _sheet_pages(pdf, "图表")
    n_charts = len(_charts(printed[f"xlsx:{name}"]))
    assert n_charts == 3
    if name == "汇总":
        assert 1 <= len(table) <= 3, table
    assert len(charts) == n_charts, charts
    sizes = pdf_page_sizes(pdf)
    assert all(sizes[i][0] > sizes[i][1] for i in table + charts)  # landscape
    wb = openpyxl.load_workbook(printed[f"xlsx:{name}"])
    for sheet in ("汇总", "部门汇总", "部门指标汇总", "指标明细", "问题清单"):
        ws = wb[sheet]
        assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape", sheet


def test_score_chart_of_300_projects_shows_top_and_bottom_20(printed):
    score = _charts(printed["xlsx:汇总300"])[0]
    assert f"最高 {CHART_TOP_N} 个和最低 {CHART_TOP_N} 个" in score
    assert f'<c:ptCount val="{2 * CHART_TOP_N}"/>' in score
    small = _charts(printed["xlsx:汇总"])[0]
    assert "最高" not in small and '<c:ptCount val="15"/>' in small
