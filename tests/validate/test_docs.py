"""The README's code catalogue is generated from the code: a test fails when they drift."""

from __future__ import annotations

from pathlib import Path

from workbook_tools.validate.codes import CODES
from workbook_tools.validate.docs import BEGIN, END, codes_markdown

README = Path(__file__).parents[2] / "README.md"


def test_readme_codes_section_matches_code():
    text = README.read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert section == codes_markdown(), "run: python -m workbook_tools.validate.docs README.md"


def test_every_code_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    assert all(f"`{code}`" in text for code in CODES)
