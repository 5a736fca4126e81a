"""Integrity of a stamped workbook: formulas intact, cached results equal to the recomputation, version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workbook_tools.core.numbers import as_number
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.plan import RATE_TOLERANCE, TOLERANCE
from workbook_tools.forms.twin import compute
from workbook_tools.memo import by_identity
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.layout import SpecLayout

_STRING_RE = re.compile(r'"(?:[^"]|"")*"')
_PREFIX_RE = re.compile(r"_xl(?:fn|ws|udf)\.", re.IGNORECASE)
_VERSION_RE = re.compile(r"^(\d+)\.(\d+)$")


def is_formula(value: object) -> bool:
    """True for a formula cell as openpyxl loads it (text starting with '=' or an array formula)."""
    # A lone "=" is the 指标性质 typed as text, never a formula.
    return (isinstance(value, str) and value.startswith("=") and value != "=") or hasattr(value, "text")


def formula_text(value: object) -> str:
    """The formula of a cell value, array formulas included."""
    text = getattr(value, "text", value)
    return str(text or "")


def normalise_formula(formula: str) -> str:
    """A formula with the spellings apps change on save removed: $, spaces, case, _xlfn. prefixes."""
    return _normalised(formula) if type(formula) is str else _normalise(formula)


def _normalise(formula: str) -> str:
    body = formula.lstrip("=")
    parts, last = [], 0
    for m in _STRING_RE.finditer(body):
        parts.append(_fold(body[last : m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(_fold(body[last:]))
    return "".join(parts)


# Pure str → str; a batch holds the same few hundred formulas in every file.
_normalised = lru_cache(maxsize=8192)(_normalise)


def _fold(code: str) -> str:
    # LibreOffice saves the constants FALSE/TRUE as the functions FALSE()/TRUE().
    folded = _PREFIX_RE.sub("", code).replace("$", "").replace(" ", "").upper()
    return folded.replace("FALSE()", "FALSE").replace("TRUE()", "TRUE")


@dataclass
class Integrity:
    """What the integrity pass found and what the model reader needs from it."""

    findings: list[Finding] = field(default_factory=list)
    computed: dict[str, Any] = field(default_factory=dict)  # twin values of intact formula cells
    printed: dict[str, Any] = field(default_factory=dict)  # field path → constant typed over a formula
    inputs: dict[str, Any] = field(default_factory=dict)  # address → value of every non-formula cell
    twin: dict[str, Any] = field(default_factory=dict)  # what every formula cell computes from the inputs


def check(
    layout: SpecLayout,
    formulas: dict[str, Any],
    cached: dict[str, Any],
    profile,
    inputs: dict[str, Any] | None = None,
    older: bool = False,
) -> Integrity:
    """Compare every formula cell the spec declares with what the workbook holds.

    `inputs` are the constants of `formulas` when the reader already collected them. `older`: the
    return was made from an earlier template version, whose formulas may differ from today's.
    """
    spec = layout.spec
    if inputs is None:
        inputs = {a: v for a, v in formulas.items() if _is_input(v)}
    twin = compute(spec, inputs, profile)
    out = Integrity(inputs=inputs, twin=twin)
    computed = out.computed
    for address, formula, path, tolerance in _plan(layout):
        found = formulas.get(address)
        # Most returns hold our formula byte for byte; only a re-saved one needs normalising.
        if (type(found) is str and found == formula) or (
            is_formula(found) and _same_formula(formula_text(found), formula)
        ):
            want = computed[address] = twin.get(address)
            got = cached.get(address)
            if got is None:  # library-written files may store no result at all
                continue
            # Only a stored number is compared; two floats is the common case, so it skips as_number.
            g, w = (
                (got, want)
                if type(got) is float and type(want) is float
                else (as_number(got), as_number(want))
            )
            if g is not None and w is not None and abs(g - w) > tolerance:
                out.findings.append(_mismatch(layout, address, path, w, g))
            continue
        if older and is_formula(found):
            # A return made from an older template holds that version's formula here: ours changed
            # since, which is no tampering. Only a value typed over a formula is reported for it.
            continue
        shown = formula_text(found) if is_formula(found) else found
        out.findings.append(
            _located(
                Finding.make(
                    "FORMULA_OVERWRITTEN",
                    path,
                    expected=formula,
                    actual=shown if shown not in (None, "") else "（空）",
                ),
                layout,
                address,
            )
        )
        if path and not is_formula(found):
            out.printed[path] = found
    return out


@by_identity
def _plan(layout: SpecLayout) -> tuple[tuple[str, str, str, float], ...]:
    """(address, formula, field path, tolerance) of every formula cell of the layout."""
    return tuple(
        (address, formula, path, RATE_TOLERANCE if path.endswith(".rate") else TOLERANCE)
        for address, formula in formula_cells(layout.spec).items()
        for path in (layout.path_of(address),)
    )


def _is_input(value: object) -> bool:
    """A typed value, not a formula (the common types first: this runs for every cell of a return)."""
    kind = type(value)
    if kind is str:
        return value[:1] != "=" or value == "="
    if kind is int or kind is float:
        return True
    return value is not None and not is_formula(value)


def _same_formula(found: str, expected: str) -> bool:
    return found == expected or normalise_formula(found) == normalise_formula(expected)


def _mismatch(layout: SpecLayout, address: str, path: str, expected: float, got: float) -> Finding:
    return _located(
        Finding.make("CACHED_VALUE_MISMATCH", path, expected=float(expected), actual=float(got)),
        layout,
        address,
    )


def _located(f: Finding, layout: SpecLayout, address: str) -> Finding:
    sheet, cell = layout.locate(f.field) or (layout.sheet or layout.spec.sheet, address)
    if not f.field:
        cell = address
    return f.at(sheet=sheet, cell=cell)


def version_findings(seen: str, current: str) -> list[Finding]:
    """An old template version is a warning; one we never released (or garbage) is an error."""
    if seen == current:
        return []
    a, b = _VERSION_RE.match(seen or ""), _VERSION_RE.match(current)
    if a and b and (int(a[1]), int(a[2])) < (int(b[1]), int(b[2])):
        return [
            Finding.make(
                "TEMPLATE_VERSION_OLD", "", seen=seen, current=current, actual=seen, expected=current
            )
        ]
    return [
        Finding.make(
            "TEMPLATE_VERSION_UNKNOWN",
            "",
            seen=seen or "（空）",
            current=current,
            actual=seen,
            expected=current,
        )
    ]
