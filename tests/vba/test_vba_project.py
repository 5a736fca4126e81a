"""vbaProject.bin assembly: olevba recovers macros/*.bas exactly; output is deterministic."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser
from vba_helpers import DOCUMENT_MODULES, MACROS_DIR, olevba_warnings, write_xlsm

from workbook_tools.vba import VbaModule, build_vba_project, read_modules, split_header
from workbook_tools.vba.cfb import read_cfb
from workbook_tools.vba.dirstream import MODULE_OTHER, MODULE_PROCEDURAL, parse_dir_stream
from workbook_tools.vba.project import WORKBOOK_BASE, WORKSHEET_BASE

BAS_FILES = sorted(MACROS_DIR.glob("*.bas"))


def _body(text: str) -> str:
    """Source modulo the module-level Attribute lines and line-ending style."""
    return split_header(text)[1].strip("\n")


def test_macros_exist() -> None:
    assert {p.stem for p in BAS_FILES} >= {"WtButtons", "WtNative"}


def test_read_modules_returns_every_source(macro_project: bytes) -> None:
    modules = read_modules(macro_project)
    assert list(modules) == [*DOCUMENT_MODULES, *(p.stem for p in BAS_FILES)]
    for path in BAS_FILES:
        assert _body(modules[path.stem]) == _body(path.read_text("ascii"))
        assert modules[path.stem].startswith(f'Attribute VB_Name = "{path.stem}"\r\n')


def test_document_modules_carry_excel_base_classes(macro_project: bytes) -> None:
    modules = read_modules(macro_project)
    assert f'Attribute VB_Base = "{WORKBOOK_BASE}"' in modules["ThisWorkbook"]
    for sheet in DOCUMENT_MODULES[1:]:
        assert f'Attribute VB_Base = "{WORKSHEET_BASE}"' in modules[sheet]


def test_dir_stream_declares_types_codepage_and_source_only_project(macro_project: bytes) -> None:
    streams = read_cfb(macro_project)
    codepage, records = parse_dir_stream(streams["VBA/dir"])
    assert codepage == 1252
    types = {r.name: r.type_id for r in records}
    assert types == {
        **dict.fromkeys(DOCUMENT_MODULES, MODULE_OTHER),
        **{p.stem: MODULE_PROCEDURAL for p in BAS_FILES},
    }
    assert all(r.text_offset == 0 for r in records)
    assert streams["VBA/_VBA_PROJECT"] == bytes.fromhex("CC61FFFF000100")
    project = streams["PROJECT"].decode("ascii")
    assert "Document=ThisWorkbook/&H00000000\r\n" in project
    assert "Module=WtButtons\r\n" in project


def test_build_is_deterministic(macro_modules: list[VbaModule], macro_project: bytes) -> None:
    again = build_vba_project(macro_modules, document_modules=DOCUMENT_MODULES)
    assert again == macro_project


def test_olevba_recovers_every_module_from_an_xlsm(
    tmp_path: Path, macro_project: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    book = write_xlsm(tmp_path / "book.xlsm", macro_project)
    with caplog.at_level(logging.WARNING):
        parser = VBA_Parser(str(book))
        found = {Path(name).stem: (Path(name).suffix, code) for _, _, name, code in parser.extract_macros()}
        parser.close()
    assert not olevba_warnings(caplog.records), caplog.text
    assert set(found) == {*DOCUMENT_MODULES, *(p.stem for p in BAS_FILES)}
    for path in BAS_FILES:
        suffix, code = found[path.stem]
        assert suffix == ".bas"
        assert _body(code) == _body(path.read_text("ascii"))


def test_xlsm_buttons_call_existing_public_subs(tmp_path: Path, macro_project: bytes) -> None:
    book = write_xlsm(tmp_path / "book.xlsm", macro_project)
    with zipfile.ZipFile(book) as archive:
        vml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml"))
        workbook_xml = archive.read("xl/workbook.xml").decode()
    assert 'codeName="ThisWorkbook"' in workbook_xml
    sources = "\n".join(p.read_text("ascii") for p in BAS_FILES)
    for macro in re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml):
        assert re.search(rf"^Public Sub {macro}\(\)", sources, re.MULTILINE), macro


def test_class_modules_and_document_code_are_supported() -> None:
    cls = VbaModule.from_source(
        'VERSION 1.0 CLASS\nBEGIN\n  MultiUse = -1  \'True\nEND\nAttribute VB_Name = "Counter"\n'
        "Option Explicit\nPublic Total As Long\n",
        kind="class",
    )
    assert cls.name == "Counter"
    workbook_code = VbaModule("ThisWorkbook", "Private Sub Workbook_Open()\nEnd Sub", "document")
    modules = read_modules(build_vba_project([cls, workbook_code]))
    assert _body(modules["Counter"]) == "Option Explicit\nPublic Total As Long"
    assert "Attribute VB_PredeclaredId = False" in modules["Counter"]
    assert modules["ThisWorkbook"].endswith("Private Sub Workbook_Open()\r\nEnd Sub\r\n")


def test_codepage_936_keeps_chinese_literals() -> None:
    module = VbaModule("Cn", 'Public Const MSG As String = "校验完成"')
    blob = build_vba_project([module], codepage=936)
    assert '"校验完成"' in read_modules(blob)["Cn"]
    assert parse_dir_stream(read_cfb(blob)["VBA/dir"])[0] == 936


def test_chinese_in_a_1252_project_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="ChrW"):
        build_vba_project([VbaModule("Cn", 'MsgBox "校验"')])


@pytest.mark.parametrize("name", ["1abc", "has space", "x" * 32, ""])
def test_invalid_module_names_are_rejected(name: str) -> None:
    with pytest.raises(ValueError):
        VbaModule(name, "")


def test_duplicate_names_are_rejected() -> None:
    with pytest.raises(ValueError):
        build_vba_project([VbaModule("A", ""), VbaModule("a", "")])


def test_build_is_identical_across_processes(macro_project: bytes) -> None:
    """Committed templates must regenerate byte for byte, whatever the hash seed."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from workbook_tools.vba import build_vba_project, load_modules; "
        f"sys.stdout.buffer.write(build_vba_project(load_modules({str(MACROS_DIR)!r}), "
        f"document_modules={DOCUMENT_MODULES!r}))"
    )
    root = str(MACROS_DIR.parent)
    for seed in ("1", "987"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, env=env)
        assert done.stdout == macro_project
