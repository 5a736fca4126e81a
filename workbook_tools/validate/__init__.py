"""The validator: typed findings with stable codes, reports, annotated copies and batch runs (issue 4).

Names load on first use (PEP 562): `workbook-tools validate ONE.xlsx` and the Excel button start in a
fraction of a second only if openpyxl (annotated copies) and XlsxWriter (xlsx reports) stay unloaded
until a run asks for them.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "CODES": "codes",
    "Severity": "codes",
    "BatchReport": "report",
    "Report": "report",
    "Finding": "finding",
    "annotate_workbook": "annotate",
    "clear_marks": "annotate",
    "validate_evaluation": "engine",
    "validate_paths": "batch",
    "validate_workbook": "workbook",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"workbook_tools.validate.{_WHERE[name]}"), name)
