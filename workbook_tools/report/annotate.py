"""An annotated copy of a report: a Word comment on each sentence (or table cell) a finding is about.

Word anchors a comment on whole runs, so the runs of a paragraph are split at the sentence's edges
first (plain text runs only; a run holding a field, a picture or a break is anchored whole).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from docx.oxml.ns import qn

from workbook_tools.core.quantities import normalise
from workbook_tools.io.atomic import write_atomic
from workbook_tools.report.consistency import Issue
from workbook_tools.report.document import open_docx
from workbook_tools.report.typography import xml_safe

AUTHOR, INITIALS = "workbook-tools 报告核对", "WT"
_SENTENCE = re.compile(r"[^。；;]*[。；;]?")


def annotate_report(source: str | Path, issues: list[Issue], output: str | Path) -> Path:
    """Write a copy of `source` with one comment per issue to `output` (atomic; source untouched)."""
    document = open_docx(source)
    paragraphs = document.paragraphs
    tables = document.tables
    for issue in issues:
        f = issue.finding
        text = xml_safe(f"【{f.severity.label}】{f.message}（{f.code}）")
        runs = []
        if issue.paragraph is not None and issue.paragraph < len(paragraphs):
            runs = _sentence_runs(paragraphs[issue.paragraph], issue.quote)
        elif issue.table is not None and issue.table[0] < len(tables):
            t, r, c = issue.table
            cell = tables[t].rows[r].cells[c]
            runs = [run for p in cell.paragraphs for run in p.runs]
            if not runs:
                runs = [cell.paragraphs[0].add_run("")]
        if runs:
            document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
    return write_atomic(output, lambda tmp: document.save(str(tmp)))


def _sentence_runs(paragraph, quote: str) -> list:
    """The runs covering the sentence the quote comes from (split out of longer runs), else all runs."""
    if not paragraph.runs:
        return [paragraph.add_run("")]
    span = _sentence_span(paragraph.text, quote)
    if span is None:
        return list(paragraph.runs)
    start, end = span
    _split_at(paragraph, end)
    _split_at(paragraph, start)
    covered, offset = [], 0
    for run in paragraph.runs:
        length = len(run.text)
        if offset < end and offset + length > start:
            covered.append(run)
        offset += length
    return covered or list(paragraph.runs)


def _sentence_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where in the paragraph's own text the quoted (normalised) sentences are: from the first sentence
    the quote holds to the last; else the one sentence that holds the quote (a bracketed sub-list)."""
    target = normalise(quote)
    inside, holding = [], None
    for m in _SENTENCE.finditer(text):
        piece = normalise(m.group()) if m.group().strip() else ""
        if not piece:
            continue
        if piece in target:
            inside.append((m.start(), m.end()))
        elif holding is None and target in piece:
            holding = (m.start(), m.end())
    if inside:
        return inside[0][0], inside[-1][1]
    return holding


def _split_at(paragraph, position: int) -> None:
    """Split the plain run containing `position` so that a run starts exactly there."""
    offset = 0
    for run in paragraph.runs:
        length = len(run.text)
        if offset < position < offset + length and _plain(run):
            cut = position - offset
            text = run.text
            tail = copy.deepcopy(run._r)
            run._r.addnext(tail)
            run.text = text[:cut]
            type(run)(tail, run._parent).text = text[cut:]
            return
        offset += length


def _plain(run) -> bool:
    return all(child.tag in (qn("w:rPr"), qn("w:t")) for child in run._r)
