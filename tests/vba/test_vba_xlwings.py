"""Interop with xlwings' own VBA: its Excel-proven project reads back, its modules build."""

from __future__ import annotations

import importlib.util
import logging
import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser
from vba_helpers import olevba_warnings, write_xlsm

from workbook_tools.vba import VbaModule, build_vba_project, read_modules, split_header


def _xlwings_file(relative: str) -> Path:
    spec = importlib.util.find_spec("xlwings")  # located, not imported
    if not spec or not spec.submodule_search_locations:
        pytest.skip("xlwings not installed")
    path = Path(spec.submodule_search_locations[0]) / relative
    if not path.exists():
        pytest.skip(f"{relative} not shipped by this xlwings")
    return path


def _olevba_sources(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _body(text: str) -> str:
    return split_header(text)[1].strip("\n")


def test_read_modules_agrees_with_olevba_on_the_aspose_built_project() -> None:
    """That file stores p-code before the source (MODULEOFFSET > 0) in some modules."""
    book = _xlwings_file("quickstart_standalone.xlsm")
    ours = read_modules(zipfile.ZipFile(book).read("xl/vbaProject.bin"))
    theirs = _olevba_sources(book)
    assert set(ours) == set(theirs) >= {"xlwings", "Dictionary", "Module1", "ThisWorkbook"}
    for name, code in theirs.items():
        assert _body(ours[name]) == _body(code), name


def test_xlwings_variant_builds_and_reads_back(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    modules = [
        VbaModule.from_file(_xlwings_file("xlwings.bas")),
        VbaModule.from_file(_xlwings_file("addin/Dictionary.cls")),
        VbaModule("Module1", 'Sub SampleCall()\n    RunPython "import demo; demo.main()"\nEnd Sub'),
    ]
    blob = build_vba_project(modules, document_modules=("ThisWorkbook", "Sheet1", "Sheet2"))
    assert blob == build_vba_project(modules, document_modules=("ThisWorkbook", "Sheet1", "Sheet2"))
    dictionary = read_modules(blob)["Dictionary"]
    assert "Attribute VB_Exposed = True\r\n" in dictionary
    assert "Attribute VB_Description = " in dictionary
    with caplog.at_level(logging.WARNING):
        sources = _olevba_sources(write_xlsm(tmp_path / "xlwings.xlsm", blob))
    assert not olevba_warnings(caplog.records), caplog.text
    for module in modules:
        assert _body(sources[module.name]) == _body(module.code), module.name
    assert len(sources["xlwings"]) > 40_000
