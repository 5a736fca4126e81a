"""Shared helpers for the VBA project tests."""

from __future__ import annotations

import warnings

import pytest

from workbook_tools.vba import VbaModule, build_vba_project, load_modules

# oletools 0.60.2 calls pyparsing's deprecated enablePackrat() at import time, and the
# project turns warnings into errors. Import it once here with that warning silenced;
# later imports get the cached module.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import oletools.olevba  # noqa: F401

from vba_helpers import DOCUMENT_MODULES, MACROS_DIR  # noqa: E402


@pytest.fixture(scope="session")
def macro_modules() -> list[VbaModule]:
    return load_modules(MACROS_DIR)


@pytest.fixture(scope="session")
def macro_project(macro_modules: list[VbaModule]) -> bytes:
    return build_vba_project(macro_modules, document_modules=DOCUMENT_MODULES)
