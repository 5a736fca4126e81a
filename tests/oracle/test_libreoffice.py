"""The oracle itself: recalculation with our profile, batching, hangs, PDF and PNG output."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from workbook_tools.oracle import (
    LibreOfficeError,
    is_a4,
    pdf_page_sizes,
    pdf_pages,
    recalculate,
    render_png,
    roundtrip,
    to_pdf,
)
from workbook_tools.oracle import libreoffice as lo


def _book(path: Path, a1: float, cached: float | None = None) -> Path:
    """A tiny workbook: A1 input, B1 = A1*2 (optionally with a stale cached value), C1 text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("自评表")
    ws.write("A1", a1)
    ws.write_formula("B1", "=A1*2", None, cached if cached is not None else 0)
    ws.write_formula("C1", '=IF(A1>=10,"达标","未达标")')
    ws.write_formula("D1", '=TEXT(A1/8,"0.00%")')
    wb.close()
    return path


def _values(path: Path) -> list:
    """Row 1 of the first sheet as python-calamine reads it (cached values only)."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0]


@pytest.mark.libreoffice
def test_formula_without_cached_value_is_computed(tmp_path):
    out = recalculate([_book(tmp_path / "in" / "a.xlsx", 21)], tmp_path / "out")
    assert _values(out[0]) == [21.0, 42.0, "达标", "262.50%"]


@pytest.mark.libreoffice
def test_stale_cached_value_is_recalculated_with_our_profile(tmp_path):
    src = _book(tmp_path / "in" / "stale.xlsx", 4, cached=999)
    assert openpyxl.load_workbook(src, data_only=True).active["B1"].value == 999
    out = recalculate([src], tmp_path / "out")[0]
    assert openpyxl.load_workbook(out, data_only=True).active["B1"].value == 8


@pytest.mark.libreoffice
def test_batch_keeps_order_and_separates_same_names(tmp_path):
    paths = [_book(tmp_path / f"dir{i}" / f"{'x' if i < 4 else 'y'}.xlsx", i, cached=-1) for i in range(6)]
    outs = recalculate(paths, tmp_path / "out")
    assert len(set(outs)) == len(paths)
    assert [_values(p)[1] for p in outs] == [2.0 * i for i in range(6)]


@pytest.mark.libreoffice
def test_roundtrip_keeps_formulas(tmp_path):
    out = roundtrip(_book(tmp_path / "a.xlsx", 3), tmp_path / "out")
    ws = openpyxl.load_workbook(out).active
    assert ws["B1"].value == "=A1*2"
    assert ws.title == "自评表"


@pytest.mark.libreoffice
def test_pdf_page_count_size_and_png(tmp_path, needs_poppler):
    src = tmp_path / "pages.xlsx"
    wb = xlsxwriter.Workbook(src)
    ws = wb.add_worksheet()
    ws.set_paper(9)  # A4
    for row in range(80):  # 40 rows of 15 pt fit one A4 page, so the manual break decides
        ws.write(row, 0, f"第{row + 1}行")
    ws.set_h_pagebreaks([40])
    wb.close()
    pdf = to_pdf(src, tmp_path / "pdf")
    assert pdf_pages(pdf) == 2
    assert all(is_a4(size) for size in pdf_page_sizes(pdf))
    png = render_png(pdf, tmp_path / "png" / "page1.png", page=1, dpi=40)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(LibreOfficeError):
        recalculate([tmp_path / "nope.xlsx"], tmp_path)


def test_unique_names_disambiguate_stems():
    names = lo._unique_names([Path("a/x.xlsx"), Path("b/x.xlsx"), Path("c/X.xlsm"), Path("d/x-2.xlsx")])
    assert names == ["x.xlsx", "x-2.xlsx", "X-3.xlsm", "x-2-2.xlsx"]


def test_hung_soffice_is_killed_and_reported(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    child = tmp_path / "child.pid"
    # A wrapper that starts a child and waits, like soffice → oosplash → soffice.bin.
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {child}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(lo, "soffice_binary", lambda: str(fake))
    src = tmp_path / "a.xlsx"
    src.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(LibreOfficeError, match="超时"):
        recalculate([src], tmp_path / "out", timeout=0.5)
    assert time.monotonic() - started < 10
    pid = int(child.read_text())
    time.sleep(0.1)
    assert _gone_or_zombie(pid)  # the grandchild died with the process group


def _gone_or_zombie(pid: int) -> bool:
    """True when a process no longer runs (a killed orphan may stay a zombie until init reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}


FAKE_CRASHING_SOFFICE = """#!/bin/sh
# Converts by copying, like soffice --convert-to, but dies at any file named bad.*
while [ "$1" != "--outdir" ]; do shift; done
out="$2"; shift 2
mkdir -p "$out"
for f in "$@"; do
    case "$(basename "$f")" in bad.*) exit 134;; esac
    cp "$f" "$out/$(basename "${f%.*}").xlsx"
done
"""


def test_crash_midway_converts_the_rest_and_names_the_culprit(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_CRASHING_SOFFICE)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(lo, "soffice_binary", lambda: str(fake))
    files = []
    for name in ("a", "bad", "c", "d"):
        files.append(tmp_path / f"{name}.xlsx")
        files[-1].write_text(name)
    with pytest.raises(LibreOfficeError, match=r"bad\.xlsx"):
        recalculate(files, tmp_path / "out")
    with pytest.raises(LibreOfficeError):
        recalculate(files, tmp_path / "out2", jobs=2)
    assert [p.read_text() for p in recalculate(files[2:], tmp_path / "out3", jobs=2)] == ["c", "d"]
