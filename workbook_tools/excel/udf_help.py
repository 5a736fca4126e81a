"""VBA that registers the UDFs' Chinese help (Application.MacroOptions), generated from their docstrings.

xlwings' Import Functions adds these descriptions; the pre-generated wrappers do not, so the workbook
adds them itself when it opens. The module stays ASCII: every Chinese character goes through WtText.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from workbook_tools.vba import VbaModule

HELP_MODULE = "WtUdfHelp"
CATEGORY = "绩效自评"
MAX_DESCRIPTION = 255  # Excel rejects longer MacroOptions descriptions
UDF_SOURCE_MODULE = "workbook_tools.excel.udfs"


def udf_docs(module_name: str = UDF_SOURCE_MODULE) -> dict[str, str]:
    """{UDF name: docstring} read from the source (no import, so no xlwings needed)."""
    spec = importlib.util.find_spec(module_name)
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    docs = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and _is_udf(node):
            docs[node.name] = ast.get_docstring(node) or ""
    return docs


def _is_udf(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Attribute) and d.attr == "func" for d in node.decorator_list)


def wt_text(text: str) -> str:
    """A VBA expression building `text` from UTF-16 code units: WtText("7EE9 6548")."""
    units = text.encode("utf-16-be")
    codes = " ".join(units[i : i + 2].hex().upper() for i in range(0, len(units), 2))
    return f'WtText("{codes}")'


def help_module() -> VbaModule:
    """The WtUdfHelp module: one MacroOptions call per UDF, errors ignored (help is a nicety)."""
    lines = [
        "Option Explicit",
        "",
        "' Generated from the docstrings of workbook_tools/excel/udfs.py: Excel shows them as function help.",
        "Public Sub WtRegisterUdfHelp()",
        "    Dim book As String",
        '    book = "\'" & Replace(ThisWorkbook.Name, "\'", "\'\'") & "\'!"',
        "    On Error Resume Next",
    ]
    for name, doc in udf_docs().items():
        description = doc.replace("\n", " ")[:MAX_DESCRIPTION]
        lines += [
            f'    Application.MacroOptions Macro:=book & "{name}", _',
            f"        Description:={wt_text(description)}, _",
            f"        Category:={wt_text(CATEGORY)}",
        ]
    lines += ["    On Error GoTo 0", "End Sub"]
    return VbaModule(HELP_MODULE, "\n".join(lines))


def this_workbook_module() -> VbaModule:
    """ThisWorkbook's code: register the UDF help when the workbook opens."""
    code = "\n".join(
        [
            "Option Explicit",
            "",
            "Private Sub Workbook_Open()",
            "    On Error Resume Next",
            f"    {HELP_MODULE}.WtRegisterUdfHelp",
            "End Sub",
        ]
    )
    return VbaModule("ThisWorkbook", code, kind="document")
