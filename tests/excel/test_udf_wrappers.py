"""The pre-generated xlwings_udfs module: every UDF, well-formed VBA, pinned xlwings, no side effects."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import xlwings

from workbook_tools.excel import udfs
from workbook_tools.excel.udf_help import help_module, udf_docs, wt_text
from workbook_tools.vba.udf_wrappers import PINNED_XLWINGS, UDF_MODULE, generate_udf_wrappers, udf_functions

# Words VBA reserves that a Python parameter name could plausibly collide with.
VBA_RESERVED = {
    "name",
    "text",
    "type",
    "date",
    "string",
    "end",
    "error",
    "open",
    "close",
    "get",
    "put",
    "set",
    "let",
    "input",
    "print",
    "line",
    "step",
    "to",
    "is",
    "like",
    "mod",
    "not",
    "and",
    "or",
    "xor",
    "me",
    "new",
    "next",
    "resume",
    "stop",
    "time",
    "call",
    "case",
    "const",
    "dim",
    "do",
    "each",
    "else",
    "exit",
    "for",
    "function",
    "goto",
    "if",
    "in",
    "loop",
    "on",
    "option",
    "private",
    "public",
    "select",
    "static",
    "sub",
    "then",
    "until",
    "wend",
    "while",
    "with",
    "lock",
    "seek",
}
SIGNATURE_RE = re.compile(r"^Function (\w+)\(([^)]*)\)$", re.M)


def test_xlwings_is_the_pinned_version():
    assert xlwings.__version__ == PINNED_XLWINGS
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"xlwings=={PINNED_XLWINGS}"' in pyproject


def test_every_udf_gets_one_wrapper_calling_the_module():
    code = generate_udf_wrappers()
    names = SIGNATURE_RE.findall(code)
    assert sorted(n for n, _ in names) == sorted(udf_functions())
    for name, _ in names:
        assert code.count(f'XLPy.CallUDF("{UDF_MODULE}", "{name}", ') == 2  # Excel branch and #Else branch


def test_wrappers_look_like_compilable_vba():
    code = generate_udf_wrappers()
    code.encode("ascii")
    assert code.count("\nFunction ") == code.count("\nEnd Function") == len(udf_functions())
    assert code.count("#If App") == code.count("#End If")
    assert all(len(line) < 1024 for line in code.splitlines())  # VBA's physical line limit


def test_parameter_names_are_not_vba_keywords_and_match_python():
    for name, params in SIGNATURE_RE.findall(generate_udf_wrappers()):
        vba_params = [p.replace("Optional ", "").strip() for p in params.split(",")]
        assert not {p.lower() for p in vba_params} & VBA_RESERVED, name
        python_params = list(getattr(udfs, name).__wrapped__.__code__.co_varnames[: len(vba_params)])
        assert vba_params == python_params


def test_generation_is_deterministic_and_leaves_no_windows_stubs():
    assert generate_udf_wrappers() == generate_udf_wrappers()
    assert "pythoncom" not in sys.modules and "xlwings.udfs" not in sys.modules
    assert not hasattr(udfs.wt_exec_rate, "__xlfunc__")  # the imported module keeps the no-op decorators


def test_udf_help_module_carries_every_docstring_as_ascii_vba():
    module = help_module()
    module.code.encode("ascii")
    docs = udf_docs()
    assert set(docs) == set(udf_functions())
    for name, doc in docs.items():
        assert f'"{name}", _' in module.code
        assert wt_text(doc) in module.code
