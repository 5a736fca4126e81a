"""The drafted reports print in LibreOffice Writer: PDF, text intact, page 1 as PNG (README images)."""

import re
import shutil
import subprocess

import docx
import pytest

from workbook_tools.report.preview import first_page_png, to_pdf

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed"),
]


FIGURE = re.compile(r"\d+\.\d{2}%?")


def _pdf_text(pdf):
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()


def _pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_reports_print_to_pdf_and_png(reports, tmp_path):
    for name, draft in reports.items():
        pdf = to_pdf(draft.path, tmp_path / name)
        assert _pages(pdf) >= 2
        text = "".join(_pdf_text(pdf).split())
        assert "自评报告" in text and "预算执行率" in text
        assert ("78.00%" if name == "project" else "83.12%") in text
        # every figure the .docx states (paragraphs and tables) is printed
        document = docx.Document(str(draft.path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        figures = {f for line in [p.text for p in document.paragraphs] + cells for f in FIGURE.findall(line)}
        assert figures and not {f for f in figures if f not in text}
        png = first_page_png(pdf, tmp_path / f"{name}.png")
        assert png.read_bytes().startswith(b"\x89PNG")


def test_annotated_copy_opens(tmp_path):
    from tests.report.seed_reports import DATA
    from workbook_tools.report.annotate import annotate_report
    from workbook_tools.report.checker import check_report

    _, issues = check_report(DATA / "seed000.docx")
    copy = annotate_report(DATA / "seed000.docx", issues, tmp_path / "批注.docx")
    assert _pages(to_pdf(copy, tmp_path)) >= 1


def test_markup_characters_survive_the_round_trip(tmp_path):
    from tests.report.conftest import department_model
    from workbook_tools.report.draft import write_report_docx
    from workbook_tools.xlsx.fill import fill_workbook

    model = department_model()
    model.unit.name = '科协&<测试>"单位"'
    model.goals.planned = "目标 A&B <1> " + "很长的目标" * 400
    path = fill_workbook("hb-dept", model, tmp_path / "odd.xlsx")
    draft = write_report_docx([path], tmp_path / "odd.docx")
    text = "".join(_pdf_text(to_pdf(draft.path, tmp_path)).split())
    assert '科协&<测试>"单位"' in text and "目标A&B<1>很长的目标" in text
