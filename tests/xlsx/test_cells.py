"""xlsx.cells gives the maps two openpyxl loads give, and validate finds the same with either reader."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.validate.conftest import rewrite_part
from workbook_tools.bench import _generate_one
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import get_form
from workbook_tools.oracle.libreoffice import roundtrip
from workbook_tools.read import reader as one_reader
from workbook_tools.validate import integrity
from workbook_tools.validate import workbook as validator
from workbook_tools.xlsx.cells import UnusualMarkup, openpyxl_cells, read_cells, scan_cells

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates" / "xlsx").glob("*.xls[xm]"))
SHEET = "xl/worksheets/sheet1.xml"


def comparable(cells) -> tuple[dict, dict]:
    """Both maps with formula objects (ArrayFormula, DataTableFormula) and types made comparable."""

    def one(value):
        if type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
            return type(value).__name__, dict(value)
        return type(value).__name__, value

    return ({k: one(v) for k, v in cells.formulas.items()}, {k: one(v) for k, v in cells.cached.items()})


def assert_same_cells(path: Path) -> None:
    """Every sheet: the scanner (no fallback) equals two openpyxl loads."""
    for sheet in openpyxl.load_workbook(path, read_only=True).sheetnames:
        fast, slow = scan_cells(path, sheet), openpyxl_cells(path, sheet)
        assert comparable(fast) == comparable(slow), (path.name, sheet)
        # The constants the scanner collects on its way are the ones integrity would filter out.
        assert fast.inputs == {a: v for a, v in slow.formulas.items() if integrity._is_input(v)}, sheet


def assert_same_findings(path: Path, monkeypatch) -> list[dict]:
    """validate_workbook with the scanner and with the openpyxl reader gives identical findings."""
    fast = validator.validate_workbook(path, name="f").flatten()
    with monkeypatch.context() as m:
        m.setattr(one_reader, "read_cells", openpyxl_cells)
        slow = validator.validate_workbook(path, name="f").flatten()
    assert fast == slow, path.name
    return fast


@pytest.fixture
def filled(tmp_path) -> Path:
    """A filled, stamped mof-project return as distributed and filled in."""
    return Path(_generate_one((3, str(tmp_path))))


def _formula_address(path: Path, numeric: bool) -> str:
    xml = zipfile.ZipFile(path).read(SHEET).decode()
    for address in formula_cells(get_form("mof-project")):
        m = re.search(rf'<c r="{address}"([^>]*)><f>[^<]*</f><v>([^<]*)</v>', xml)
        if m and ('t="' not in m.group(1)) == numeric and m.group(2):
            return address
    raise AssertionError("no formula cell with a cached value")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_committed_templates(path, monkeypatch):
    assert_same_cells(path)
    assert_same_findings(path, monkeypatch)


def test_filled_return(filled, monkeypatch):
    assert_same_cells(filled)
    assert_same_findings(filled, monkeypatch)


def test_overwritten_formula(filled, monkeypatch):
    address = _formula_address(filled, numeric=True)
    rewrite_part(
        filled, SHEET, lambda x: re.sub(rf'<c r="{address}"([^>]*)><f>[^<]*</f>', rf'<c r="{address}"\1>', x)
    )
    assert_same_cells(filled)
    codes = [f["code"] for f in assert_same_findings(filled, monkeypatch)]
    assert "FORMULA_OVERWRITTEN" in codes


def test_edited_formula(filled, monkeypatch):
    address = _formula_address(filled, numeric=True)
    rewrite_part(filled, SHEET, lambda x: re.sub(rf'(<c r="{address}"[^>]*><f>[^<]*)</f>', r"\1+1</f>", x))
    assert_same_cells(filled)
    assert "FORMULA_OVERWRITTEN" in [f["code"] for f in assert_same_findings(filled, monkeypatch)]


def test_stale_cached_value(filled, monkeypatch):
    address = _formula_address(filled, numeric=True)
    rewrite_part(
        filled,
        SHEET,
        lambda x: re.sub(rf'(<c r="{address}"[^>]*><f>[^<]*</f>)<v>[^<]*</v>', r"\1<v>12345.5</v>", x),
    )
    assert_same_cells(filled)
    assert "CACHED_VALUE_MISMATCH" in [f["code"] for f in assert_same_findings(filled, monkeypatch)]


# Cells as Excel, WPS and LibreOffice write them: shared and array formulas, booleans, errors, inline and
# rich strings (phonetic runs left out), a date-formatted number, entities and line ends, float spellings,
# and a value hidden under a merge.
KITCHEN_SINK = (
    '<row r="200"><c r="A200"><f t="shared" ref="A200:A202" si="7">B200*2</f><v>4</v></c>'
    '<c r="B200"><v>2</v></c><c r="C200" t="b"><v>1</v></c><c r="D200" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="E200" t="inlineStr"><is><r><t>行</t></r><r><t xml:space="preserve"> 内 </t></r></is></c>'
    '<c r="F200" s="{date}"><v>44561</v></c><c r="G200" t="str"><f>"a"&amp;"&lt;b"</f><v>a&lt;b</v></c>'
    '<c r="H200"><v>1.0</v></c><c r="I200"><v>1E3</v></c><c r="J200" t="s"><v>{rich}</v></c>'
    '<c r="K200" t="str"><v>x&#13;&#10;y\r\nz</v></c><c r="L200"><f t="array" ref="L200:L201">SUM(B200:B201)</f>'
    '<v>2</v></c><c r="M200" t="b"><f>TRUE()</f><v>0</v></c><c r="N200"><f>B200</f><v></v></c></row>'
    '<row r="201"><c r="A201"><f t="shared" si="7"/><v>0</v></c><c r="B201" t="s"><v>{empty}</v></c>'
    '<c r="C201"><v>5</v></c><c r="D201"><v>6</v></c></row>'
    '<row r="202"><c r="A202"><f t="shared" si="7"/></c></row>'
)


def _kitchen_sink(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    count = len(re.findall(r"<si\b", strings))
    date_style = len(re.findall(r"<xf\b", re.search(r"<cellXfs\b.*?</cellXfs>", styles, re.S).group()))
    rewrite_part(
        path,
        "xl/sharedStrings.xml",
        lambda x: x.replace(
            "</sst>",
            '<si><r><t>富</t></r><r><t>文本_x005F_</t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si><si><t/></si></sst>',
        ),
    )
    rewrite_part(
        path,
        "xl/styles.xml",
        lambda x: x.replace("</cellXfs>", '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'),
    )
    rows = KITCHEN_SINK.format(date=date_style, rich=count, empty=count + 1)
    rewrite_part(
        path,
        SHEET,
        lambda x: x.replace("</sheetData>", rows + "</sheetData>").replace(
            "</mergeCells>", '<mergeCell ref="C201:D201"/></mergeCells>'
        ),
    )


def test_kitchen_sink_cells(filled, monkeypatch):
    _kitchen_sink(filled)
    assert_same_cells(filled)
    assert_same_findings(filled, monkeypatch)
    cells = scan_cells(filled, "自评表")
    assert (
        cells.formulas["A201"] == "=B201*2"
        and cells.cached["C200"] is True
        and cells.cached["D200"] == "#DIV/0!"
    )
    assert (
        "D201" not in cells.cached
        and cells.formulas["B201"] == ""
        and cells.formulas["L200"].text == "=SUM(B200:B201)"
    )


def test_unusual_markup_goes_to_openpyxl(filled):
    rewrite_part(filled, SHEET, lambda x: x.replace("<sheetData>", "<sheetData><!-- written by hand -->"))
    with pytest.raises(UnusualMarkup):
        scan_cells(filled, "自评表")
    assert comparable(read_cells(filled, "自评表")) == comparable(openpyxl_cells(filled, "自评表"))


def test_missing_sheet_is_none(filled):
    assert read_cells(filled, "没有这张表") is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_saved_return(filled, tmp_path, monkeypatch):
    saved = roundtrip(filled, tmp_path / "lo")
    assert_same_cells(saved)
    assert_same_findings(saved, monkeypatch)
