"""Shared fixtures: the real templates built as .xlsm, and a filled return with known problems."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.excel.xlsm import write_xlsm_template
from workbook_tools.forms.registry import get_form

# oletools 0.60.2 calls pyparsing's deprecated enablePackrat() at import time and warnings are errors.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import oletools.olevba  # noqa: F401

DATA = Path(__file__).resolve().parents[1] / "data"
FORM = "sc-project"


def load_case(name: str) -> SelfEvaluation:
    """A self-evaluation from tests/data (validate cases or examples)."""
    for folder in ("validate", "examples"):
        path = DATA / folder / f"{name}.json"
        if path.exists():
            return SelfEvaluation.from_dict(json.loads(path.read_text(encoding="utf-8")))
    raise FileNotFoundError(name)


@pytest.fixture(scope="session")
def xlsm_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sc-project template as users get it: our macros, standalone xlwings, UDF wrappers."""
    return write_xlsm_template(get_form(FORM), tmp_path_factory.mktemp("xlsm") / f"{FORM}.xlsm")


@pytest.fixture(scope="session")
def native_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same template with our macros only (what LibreOffice can compile)."""
    path = tmp_path_factory.mktemp("native") / f"{FORM}.xlsm"
    return write_xlsm_template(get_form(FORM), path, native=True)


@pytest.fixture
def problem_book(tmp_path: Path) -> Path:
    """绵阳 附件11 filled into its .xlsm template: a missing name, a wrong unit, several warnings."""
    se = load_case("mianyang-a11-no-project-name-wrong-unit")
    return write_xlsm_template(get_form(se.form), tmp_path / "a11.xlsm", data=se, native=True)
