"""Returns with odd values typed anywhere never stop a batch, and never reach the internal-error net.

Each example takes a filled, stamped return of one form and overwrites a few cells (labels, inputs,
formulas alike) with what hand-edited and third-party files hold: booleans, error texts, numbers in
text cells, text in number cells, 1E+308, "inf", dates, blanks. The records are then consolidated
together, so an absurd amount must also get through the department sums and the summary writer.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook_tools.collect.demo import demo_roster
from workbook_tools.collect.roster import read_roster
from workbook_tools.collect.runner import consolidate_records, process
from workbook_tools.collect.samples import filled
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.xlsx.identity import Identity
from workbook_tools.xlsx.writer import write_template

FORMS = ("mof-project", "sc-project", "sc-project-2021", "hb-dept")
SHEET = "xl/worksheets/sheet1.xml"
CELL = r'<c r="{a}"[^>]*?(?:/>|>.*?</c>)'
ODD_CELLS = (
    '<c r="{a}" t="b"><v>1</v></c>',
    '<c r="{a}" t="e"><v>#N/A</v></c>',
    '<c r="{a}" t="str"><v>≥abc%</v></c>',
    '<c r="{a}"><v>1E+308</v></c>',
    '<c r="{a}"><v>-1E+308</v></c>',
    '<c r="{a}"><v>inf</v></c>',
    '<c r="{a}"><v>1e999</v></c>',
    '<c r="{a}"><v>-5</v></c>',
    '<c r="{a}"><v>0</v></c>',
    '<c r="{a}"><v>2021</v></c>',
    '<c r="{a}" t="inlineStr"><is><t>无</t></is></c>',
    '<c r="{a}" t="str"><v>=1+1</v></c>',
    '<c r="{a}"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="{a}" t="d"><v>2021-12-31T00:00:00</v></c>',
    '<c r="{a}" t="str"><v>１２３万元</v></c>',
    '<c r="{a}"/>',
)


@cache
def base_return(form: str, folder: str) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], str, list[str]]:
    """A filled return of the form: its package parts, its sheet XML and the sheet's cell addresses."""
    spec, profile = get_form(form), load_profile(get_form(form).default_profile)
    row = replace(read_roster(demo_roster()).rows[0], code="F0001")
    data = filled(row, form, spec.funding.labels, seed=7)
    stamp = Identity(form, spec.version, profile.name, row.code, row.name, row.project, "FUZZ")
    path = Path(folder) / f"{form}.xlsx"
    write_template(spec, path, profile=profile, data=data, stamp=stamp, lock_prefilled=True)
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
        sheet = zf.read(SHEET).decode("utf-8")
    return parts, sheet, re.findall(r'<c r="([A-Z]+[0-9]+)"', sheet)


def mutated(form: str, folder: Path, edits: list[tuple[int, int]], name: str) -> Path:
    """The base return with cell (index) replaced by odd cell (index), for each edit."""
    parts, sheet, addresses = base_return(form, str(folder))
    for cell, odd in edits:
        address = addresses[cell % len(addresses)]
        sheet = re.sub(CELL.format(a=address), ODD_CELLS[odd].format(a=address), sheet, count=1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, sheet.encode("utf-8") if info.filename == SHEET else data)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


EDITS = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, len(ODD_CELLS) - 1)), min_size=1, max_size=12
)


# Derandomized: CI runs the same examples every time. Wider exploration is run by hand with
# HYPOTHESIS_FUZZ=1000 (random examples), as it was before each submission.
@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_FUZZ", "40")),
    derandomize="HYPOTHESIS_FUZZ" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(form=st.sampled_from(FORMS), batch=st.lists(EDITS, min_size=3, max_size=3))
def test_odd_values_never_stop_the_batch(tmp_path_factory, form, batch):
    folder = tmp_path_factory.mktemp("fuzz")
    records = [
        rec
        for i, edits in enumerate(batch)
        for rec in process((str(mutated(form, folder, edits, f"{i}.xlsx")), f"{i}.xlsx", None))
    ]
    for rec in records:
        internal = [f["message"] for f in rec.findings if f["code"] == "VALIDATOR_INTERNAL_ERROR"]
        assert not internal, internal  # the net is for the unforeseen; these inputs are foreseen
    summary, path = consolidate_records(records, folder / "汇总.xlsx")
    assert path.is_file() and len(summary.projects) == sum(1 for r in records if r.project is not None)


def test_sums_past_the_float_range_read_as_excel_shows_them(tmp_path):
    # Two 其中 rows of 1E+308 overflow the 总额 row's SUM, and two weights of 1E+308 the subtotals: Excel
    # shows #NUM! there, and so must everything downstream (validation, summary, export JSON).
    import json

    from workbook_tools.xlsx.fill import export_workbook

    spec = get_form("sc-project")
    _parts, _sheet, addresses = base_return(spec.id, str(tmp_path))
    huge = ODD_CELLS.index('<c r="{a}"><v>1E+308</v></c>')
    cells = [spec.funding.cell(role, i) for role in ("adjusted", "executed") for i in (1, 2)] + [
        spec.indicators.cell("weight", i) for i in (0, 1)
    ]
    path = mutated(spec.id, tmp_path, [(addresses.index(a), huge) for a in cells], "huge.xlsx")
    [rec] = process((str(path), "huge.xlsx", None))
    assert not [f["message"] for f in rec.findings if f["code"] == "VALIDATOR_INTERNAL_ERROR"]
    json.dumps(rec.findings, allow_nan=False)  # no Infinity in the findings
    consolidate_records([rec, rec], tmp_path / "汇总.xlsx")
    json.dumps(export_workbook(path).to_dict(), allow_nan=False, default=str)
