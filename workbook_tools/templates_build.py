"""`make templates`: regenerate templates/xlsx/<form>.xlsx and .xlsm from the specs (byte-for-byte deterministic)."""

from __future__ import annotations

import sys
from pathlib import Path

from workbook_tools.forms.registry import all_forms, sheet_forms
from workbook_tools.xlsx.writer import write_template

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates" / "xlsx"


def build(out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every form's blank template (.xlsx, and .xlsm with buttons) with its default profile.

    The department forms declared cell by cell (sheet_forms) have no .xlsm variant yet.
    """
    from workbook_tools.excel.xlsm import write_xlsm_template

    paths = [write_template(spec, out_dir / f"{spec.id}.xlsx") for spec in all_forms()]
    paths += [write_template(spec, out_dir / f"{spec.id}.xlsx") for spec in sheet_forms()]
    return paths + [write_xlsm_template(spec, out_dir / f"{spec.id}.xlsm") for spec in all_forms()]


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m workbook_tools.templates_build [OUT_DIR]`."""
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else TEMPLATES_DIR
    for path in build(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
