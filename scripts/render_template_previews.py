"""Render page 1 of every committed template to docs/templates/<form>.png (LibreOffice + pdftoppm).

Usage: python scripts/render_template_previews.py [--dpi 110] [--out docs/templates] [FORM ...]
Needs scripts/ensure-libreoffice.sh (soffice, poppler-utils, CJK fonts).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbook_tools.forms.registry import all_forms  # noqa: E402
from workbook_tools.oracle import render_png  # noqa: E402
from workbook_tools.oracle.libreoffice import PDF_FILTER, convert  # noqa: E402


def render_previews(form_ids: list[str], out_dir: Path, dpi: int) -> list[Path]:
    """Print the committed templates to PDF in one LibreOffice start and render each page 1 to PNG."""
    templates = [ROOT / "templates" / "xlsx" / f"{form_id}.xlsx" for form_id in form_ids]
    missing = [str(t) for t in templates if not t.is_file()]
    if missing:
        raise SystemExit(f"缺少模板（先运行 make templates）：{', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="wbt-previews-") as tmp:
        pdfs = convert(templates, tmp, PDF_FILTER)
        return [
            render_png(pdf, out_dir / f"{fid}.png", page=1, dpi=dpi)
            for fid, pdf in zip(form_ids, pdfs, strict=True)
        ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("forms", nargs="*", help="form ids (default: all)")
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "templates")
    args = parser.parse_args(argv)
    form_ids = args.forms or [spec.id for spec in all_forms()]
    for png in render_previews(form_ids, args.out, args.dpi):
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
