"""Checking a returned file: the hardened reader's package checks, the validator, the collector's unit check.

The portal's single entry to the validation library (as outputs.py is for the collector's outputs), so a
change of a library signature touches this file only. Files are checked from a private working copy named
like the upload (the reader dispatches on the extension); the stored original is never opened for writing.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from workbook_tools.collect.naming import safe_stem
from workbook_tools.collect.runner import unit_mismatch
from workbook_tools.read.inputs import gathered
from workbook_tools.read.package import PackageProblem, file_problem, package_problem, verify_members
from workbook_tools.validate.annotate import annotate_workbook
from workbook_tools.validate.batch import validate_inputs
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.output import to_json
from workbook_tools.validate.report import Report
from workbook_tools.validate.workbook import check_workbook

# What an office may upload: what the reader reads as a return (read.reader); .xls/.et/.docx get their
# findings but no annotated copy (openpyxl cannot write those formats back).
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".docx")
ANNOTATED_SUFFIXES = (".xlsx", ".xlsm")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".docx")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a filled form is well under 1 MB; the reader's own cap is 100 MB


@dataclass
class Checked:
    """What the portal keeps of one check."""

    report: Report
    problem: str = ""  # the portal's own refusal (a template stamped for another unit)
    annotated: Path | None = None  # the marked copy, when one was asked for (annotate_to) and is possible

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity (error / explain / advice)."""
        return self.report.counts()


def suffix_of(name: str) -> str:
    """The lower-case extension of an uploaded file name ("" when it has none)."""
    return Path(name).suffix.lower()


def working_copy(stored: Path, name: str, folder: Path) -> Path:
    """A copy of a stored file under a safe name with the upload's extension, for the reader to open."""
    target = folder / f"{safe_stem(Path(name).stem)}{suffix_of(name)}"
    shutil.copyfile(stored, target)
    return target


def package_refusal(path: Path) -> str:
    """The hardened reader's verdict before any workbook library opens the file ("" when it may be read)."""
    problem = file_problem(path, limit=MAX_UPLOAD_BYTES)
    if problem or path.suffix.lower() not in ZIP_SUFFIXES:
        return problem or ""
    try:
        with zipfile.ZipFile(path) as zf:
            problem = package_problem(zf, path.stat().st_size)
            if problem:
                return problem
            verify_members(zf)
    except PackageProblem as exc:
        return exc.reason
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ""  # not a zip at all: the reader says so in its own words (FILE_UNREADABLE)
    return ""


def annotatable(suffix: str, readable: bool, has_findings: bool) -> bool:
    """Whether a return gets an annotated copy: a readable .xlsx/.xlsm with at least one finding."""
    return readable and has_findings and suffix.lower() in ANNOTATED_SUFFIXES


def check_return(
    stored: Path,
    name: str,
    unit_code: str,
    scratch: Path,
    profile: str | None = None,
    annotate_to: Path | None = None,
) -> Checked:
    """Findings of one return uploaded through `unit_code`'s link; with `annotate_to`, also its annotated
    copy written there atomically (the upload itself does not ask for it: writing a workbook with openpyxl
    is most of a check's time, so the portal builds the copy when someone first downloads it)."""
    path = working_copy(stored, name, scratch)
    refused = package_refusal(path)
    if refused:
        found = Finding.make("FILE_UNREADABLE", reason=refused).at(file=name)
        return Checked(Report(name, [found]))
    checked = check_workbook(path, profile or None, name=name)
    report = checked.report
    identity = checked.identity
    problem = ""
    if checked.model is not None:
        stamped = str(getattr(identity, "unit_name", "") or "")
        form = str(getattr(identity, "form", "") or "")
        # The collector's own check (as collect adds it): 实施单位 typed ≠ the unit the template was made for.
        report.findings.extend(unit_mismatch(checked.model.project.executor, stamped, form, name))
        code = str(getattr(identity, "unit_code", "") or "")
        if code and code != unit_code:
            problem = (
                f"这份文件是下发给“{stamped or code}”（单位编码 {code}）的模板，不是本单位的；"
                "请上传本单位的自评表（可在本页下载本单位的模板）"
            )
    annotated = None
    if annotate_to is not None and annotatable(path.suffix, report.readable, bool(report.findings)):
        annotated = annotate_workbook(path, report.findings, annotate_to)
    return Checked(report, problem, annotated)


def validate_json(stored: Path, name: str) -> str:
    """The JSON `workbook-tools validate --format json` prints for this one file, shown under `name`."""
    with tempfile.TemporaryDirectory(prefix="wbt-portal-api-") as scratch:
        path = working_copy(stored, name, Path(scratch))
        with gathered([path]) as inputs:
            batch = validate_inputs([replace(i, shown=name) for i in inputs], workers=1)
    return to_json(batch)
