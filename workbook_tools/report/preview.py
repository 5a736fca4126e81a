"""Page 1 of a report as PNG (LibreOffice Writer → PDF → pdftoppm), for the README and the render test.

Run `python -m workbook_tools.report.preview REPORT.docx… -o docs/report` to refresh the README images.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from workbook_tools.io.atomic import write_bytes_atomic
from workbook_tools.oracle.libreoffice import LibreOfficeError, convert

WRITER_PDF = "pdf:writer_pdf_Export"


def to_pdf(docx_path: str | Path, outdir: str | Path) -> Path:
    """The report printed to PDF by LibreOffice Writer (private profile, see oracle.libreoffice)."""
    return convert([docx_path], outdir, WRITER_PDF)[0]


def first_page_png(pdf: str | Path, png: str | Path, dpi: int = 60) -> Path:
    """Page 1 of a PDF as PNG (pdftoppm from poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        raise LibreOfficeError("缺少 pdftoppm（poppler-utils），请运行 scripts/ensure-libreoffice.sh")
    with tempfile.TemporaryDirectory(prefix="wbt-png-") as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return write_bytes_atomic(png, stem.with_suffix(".png").read_bytes())


def main(argv: list[str]) -> int:
    """Write <name>.png into the -o folder for every report given."""
    if "-o" not in argv:
        print("用法：python -m workbook_tools.report.preview 报告.docx… -o 文件夹", file=sys.stderr)
        return 2
    at = argv.index("-o")
    folder, reports = Path(argv[at + 1]), argv[:at] + argv[at + 2 :]
    with tempfile.TemporaryDirectory(prefix="wbt-pdf-") as tmp:
        for report in reports:
            pdf = to_pdf(report, tmp)
            print(first_page_png(pdf, folder / f"{Path(report).stem}.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
