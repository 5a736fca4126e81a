"""Helpers shared by the VBA tests (a uniquely named module, not conftest, so imports stay unambiguous)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

MACROS_DIR = Path(__file__).resolve().parents[2] / "macros"
DOCUMENT_MODULES = ("ThisWorkbook", "Sheet1", "Sheet2")


def write_xlsm(path: Path, vba_bin: bytes, names: dict[str, str] | None = None) -> Path:
    """A two-sheet workbook with our project, code names and a button, as templates are built."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_vba_name("ThisWorkbook")
    main = workbook.add_worksheet("Sheet1")
    main.set_vba_name("Sheet1")
    checks = workbook.add_worksheet("Checks")
    checks.set_vba_name("Sheet2")
    main.write("B2", "filled")
    main.write("D2", "x")
    for name, formula in (names or {}).items():
        workbook.define_name(name, formula)
    main.insert_button("G2", {"macro": "WtCheck", "caption": "一键校验"})
    main.insert_button("G5", {"macro": "WtClearMarks", "caption": "清除标记"})
    main.insert_button("G8", {"macro": "WtRecalculate", "caption": "重新计算"})
    workbook.add_vba_project(io.BytesIO(vba_bin), is_stream=True)
    workbook.close()
    return path


# olevba says this for every .xlsm, because it hands the zip member to its parser in memory;
# whether it reaches the log depends on logging state other tests leave behind.
BENIGN_OLEVBA = ("VBA stomping cannot be detected for files in memory",)


def olevba_warnings(records) -> list:
    """Warnings olevba logged about the file, without its notes on its own limits."""
    return [
        r
        for r in records
        if r.levelno >= logging.WARNING and not any(b in r.getMessage() for b in BENIGN_OLEVBA)
    ]
