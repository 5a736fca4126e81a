"""PDF facts and previews through poppler-utils (pdfinfo, pdftoppm)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from workbook_tools.oracle.libreoffice import LibreOfficeError

A4_PT = (595.0, 842.0)  # 210 × 297 mm in PostScript points, rounded


def poppler_available() -> bool:
    """True when pdfinfo and pdftoppm are installed."""
    return bool(shutil.which("pdfinfo") and shutil.which("pdftoppm"))


def _pdfinfo(pdf: os.PathLike | str, *args: str) -> str:
    """The text output of pdfinfo."""
    if not shutil.which("pdfinfo"):
        raise LibreOfficeError("未安装 poppler-utils（pdfinfo），请运行 scripts/ensure-libreoffice.sh")
    done = subprocess.run(["pdfinfo", *args, str(pdf)], capture_output=True, text=True, check=True)
    return done.stdout


def pdf_pages(pdf: os.PathLike | str) -> int:
    """Number of pages of a PDF."""
    match = re.search(r"^Pages:\s+(\d+)", _pdfinfo(pdf), re.MULTILINE)
    if match is None:
        raise LibreOfficeError(f"无法读取 PDF 页数：{pdf}")
    return int(match.group(1))


def pdf_page_sizes(pdf: os.PathLike | str) -> list[tuple[float, float]]:
    """(width, height) in points of every page, in order."""
    text = _pdfinfo(pdf, "-f", "1", "-l", str(pdf_pages(pdf)))
    sizes = re.findall(r"^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", text, re.MULTILINE)
    return [(float(w), float(h)) for w, h in sizes]


def is_a4(size: tuple[float, float], tolerance: float = 2.0) -> bool:
    """True for an A4 page in portrait or landscape orientation."""
    w, h = sorted(size)
    return abs(w - A4_PT[0]) <= tolerance and abs(h - A4_PT[1]) <= tolerance


def render_png(pdf: os.PathLike | str, out_png: os.PathLike | str, page: int = 1, dpi: int = 110) -> Path:
    """Render one page of a PDF to a PNG file with pdftoppm."""
    if not shutil.which("pdftoppm"):
        raise LibreOfficeError("未安装 poppler-utils（pdftoppm），请运行 scripts/ensure-libreoffice.sh")
    out_png = Path(out_png)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    prefix = out_png.with_suffix("")  # pdftoppm -singlefile appends ".png" itself
    cmd = [
        "pdftoppm",
        "-png",
        "-r",
        str(dpi),
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        str(pdf),
        str(prefix),
    ]
    subprocess.run(cmd, capture_output=True, check=True)
    produced = prefix.with_suffix(".png")
    if produced != out_png:
        produced.replace(out_png)
    return out_png


def pdf_text(pdf: os.PathLike | str) -> str:
    """The text layer of a PDF (pdftotext), e.g. to check what a print area includes."""
    if not shutil.which("pdftotext"):
        raise LibreOfficeError("未安装 poppler-utils（pdftotext），请运行 scripts/ensure-libreoffice.sh")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
