"""Run the demo and render the collector's outputs as the README shows them: page 1 of 回收情况 and of the
汇总 sheet, printed by LibreOffice (so the picture is what the collector prints), to docs/collect/*.png.

Usage: python scripts/render_demo_screenshots.py [--dpi 100] [--out docs/collect]
Needs scripts/ensure-libreoffice.sh (soffice, poppler-utils, CJK fonts).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbook_tools.collect.demo import run_demo  # noqa: E402
from workbook_tools.oracle import render_png  # noqa: E402
from workbook_tools.oracle.libreoffice import PDF_FILTER, convert  # noqa: E402

# (workbook in the demo's output, the sheet whose first page is shown, the picture's name)
SHOTS = (
    ("04-回收情况.xlsx", "回收情况", "回收情况.png"),
    ("06-汇总.xlsx", "汇总", "汇总.png"),
)


def first_page_of(pdf: Path, sheet: str) -> int:
    """The first page whose footer names `sheet` ("汇总　第 2 页，共 9 页": LibreOffice numbers the pages of
    the whole workbook; layout text keeps the footer on one line)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    footer = re.compile(rf"(?:^|\s){re.escape(sheet)}\s+第\s*\d+\s*页", re.MULTILINE)
    for n, page in enumerate(text.stdout.split("\f"), start=1):
        if footer.search(page):
            return n
    raise SystemExit(f"{pdf.name} 中没有找到“{sheet}”的第 1 页")


def render(out_dir: Path, dpi: int) -> list[Path]:
    """The demo into a scratch folder, its outputs printed in one LibreOffice start, the pages to PNG."""
    with tempfile.TemporaryDirectory(prefix="wbt-demo-shots-") as tmp:
        paths = run_demo(Path(tmp) / "demo", echo=lambda _line: None)
        books = [paths[name] for name, _footer, _png in SHOTS]
        pdfs = convert(books, Path(tmp) / "pdf", PDF_FILTER)
        out_dir.mkdir(parents=True, exist_ok=True)
        return [
            render_png(pdf, out_dir / png, page=first_page_of(pdf, footer), dpi=dpi)
            for pdf, (_name, footer, png) in zip(pdfs, SHOTS, strict=True)
        ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "collect")
    args = parser.parse_args(argv)
    for png in render(args.out, args.dpi):
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
