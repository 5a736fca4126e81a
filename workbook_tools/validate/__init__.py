"""The validator: typed findings with stable codes, reports, annotated copies and batch runs (issue 4)."""

from workbook_tools.validate.annotate import annotate_workbook, clear_marks
from workbook_tools.validate.batch import validate_paths
from workbook_tools.validate.codes import CODES, Severity
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.report import BatchReport, Report
from workbook_tools.validate.workbook import validate_workbook

__all__ = [
    "CODES",
    "BatchReport",
    "Finding",
    "Report",
    "Severity",
    "annotate_workbook",
    "clear_marks",
    "validate_evaluation",
    "validate_paths",
    "validate_workbook",
]
