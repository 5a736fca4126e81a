"""Build the oracle batch: fill every form many times, recalculate all files in LibreOffice at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.oracle.strategies import draw, self_evaluations
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, load_profile, profile_from_dict
from workbook_tools.forms.registry import all_forms, get_form
from workbook_tools.forms.spec import FormSpec
from workbook_tools.forms.twin import computed_cells
from workbook_tools.oracle import recalculate
from workbook_tools.oracle.values import Mismatch, compare, read_values
from workbook_tools.xlsx.fill import fill_workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
FILLS_PER_FORM = 200
VARIANT_FILLS = 25
# Every profile setting the templates turn into defined names, moved off the bundled defaults, so the
# named constants (not only the default numbers) are proven to drive the sheet's formulas.
VARIANT = {
    "name": "oracle-variant",
    "total": 100,
    "execution_weight": 15,
    "execution_rate_cap": 1.2,
    "execution_reason_threshold": 0.8,
    "reverse_mode": "linear",
    "deviation_threshold": 0.2,
    "group_weights": {"产出指标": 45, "效益指标": 30, "满意度指标": 10},
    "qualitative_bands": {
        "达成年度指标": [0.8, 1.0],
        "部分达成年度指标并具有一定效果": [0.6, 0.8],
        "未达成年度指标且效果较差": [0.0, 0.6],
    },
}


@dataclass
class Case:
    """One filled form: where it came from, its file, the twin's values and what LibreOffice computed."""

    spec: FormSpec
    profile: Profile
    name: str
    data: SelfEvaluation
    path: Path | None = None
    expected: dict[str, object] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)


def example_cases(spec: FormSpec) -> list[Case]:
    """The seed-derived JSON examples of a form (tests/data/examples/*.json whose form matches)."""
    cases = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("form") != spec.id:
            continue
        se = SelfEvaluation.from_dict(data)
        cases.append(Case(spec, load_profile(se.profile or spec.default_profile), path.stem, se))
    return cases


def generated_cases(spec: FormSpec, n: int = FILLS_PER_FORM) -> list[Case]:
    """n hypothesis-generated fills; the seed comes from the form id so every run draws the same batch."""
    profile = load_profile(spec.default_profile)
    fills = draw(self_evaluations(spec), n, zlib.crc32(spec.id.encode()))
    return [Case(spec, profile, f"gen-{i:03d}", se) for i, se in enumerate(fills)]


def variant_cases(spec: FormSpec, n: int = VARIANT_FILLS) -> list[Case]:
    """n fills under the VARIANT profile (a different seed from the default-profile batch)."""
    profile = profile_from_dict(VARIANT)
    fills = draw(self_evaluations(spec), n, zlib.crc32(f"{spec.id}/variant".encode()))
    return [Case(spec, profile, f"variant-{i:03d}", se) for i, se in enumerate(fills)]


def fill_without_cache(case: Case) -> None:
    """Write a case with the real fill, storing no cached results (only the engine may supply values)."""
    fill_workbook(case.spec.id, case.data, case.path, case.profile, cache_values=False)


def _form_cases(args: tuple[str, int, str]) -> list[Case]:
    """Draw and write one form's cases (runs in a worker process)."""
    form_id, n, folder = args
    spec = get_form(form_id)
    cases = [*example_cases(spec), *generated_cases(spec, n), *variant_cases(spec)]
    for case in cases:
        case.path = Path(folder) / spec.id / f"{case.name}.xlsx"
        case.path.parent.mkdir(parents=True, exist_ok=True)
        fill_without_cache(case)
    return cases


def build_cases(folder: Path, n: int = FILLS_PER_FORM, form_ids: list[str] | None = None) -> list[Case]:
    """Examples and n generated fills of every form, drawn and written on all cores (about 0.1 s a file)."""
    form_ids = form_ids or [spec.id for spec in all_forms()]
    tasks = [(form_id, n, str(folder)) for form_id in form_ids]
    workers = min(len(tasks), os.cpu_count() or 1)
    if workers == 1:
        return [case for task in tasks for case in _form_cases(task)]
    # spawn, not fork: the parent may hold threads (LibreOffice runner) and forking them is unsafe.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return [case for chunk in pool.map(_form_cases, tasks) for case in chunk]


def run_oracle(cases: list[Case], folder: Path) -> dict[str, float]:
    """Recalculate every case file in one batch and compare the twin's values; returns timings."""
    started = time.perf_counter()
    outs = recalculate([c.path for c in cases], folder / "recalculated", jobs=min(2, os.cpu_count() or 1))
    lo_seconds = time.perf_counter() - started
    for case, out in zip(cases, outs, strict=True):
        case.expected = computed_cells(case.spec, case.data, case.profile)
        actual = read_values(out, case.spec.sheet, list(case.expected))
        case.mismatches = compare(case.expected, actual)
    return {"libreoffice": lo_seconds, "compare": time.perf_counter() - started - lo_seconds}


def report(cases: list[Case], limit: int = 15) -> str:
    """The first mismatches, with the case and the formula text, for an assertion message."""
    lines = []
    for case in cases:
        for m in case.mismatches:
            lines.append(f"{case.spec.id}/{case.name} {m}")
    more = f"\n… {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more
