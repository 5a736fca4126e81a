"""Shared fixtures of the oracle tests: LibreOffice skips and a per-session scratch folder."""

from __future__ import annotations

import pytest

from workbook_tools.oracle import poppler_available, soffice_available


def pytest_collection_modifyitems(config, items):
    """Skip tests marked libreoffice when soffice is not installed (run scripts/ensure-libreoffice.sh)."""
    if soffice_available():
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) 未安装")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def needs_poppler():
    """Skip when pdfinfo/pdftoppm are missing."""
    if not poppler_available():
        pytest.skip("poppler-utils 未安装")
