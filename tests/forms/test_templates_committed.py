"""The committed templates/xlsx/*.xlsx equal a fresh generation (run `make templates` after a spec change)."""

import re
import zipfile
from pathlib import Path

import pytest

from workbook_tools.forms.registry import FORM_IDS
from workbook_tools.templates_build import TEMPLATES_DIR, build

VOLATILE = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def parts(path: Path) -> dict[str, bytes]:
    """XML parts with timestamps normalised."""
    with zipfile.ZipFile(path) as zf:
        return {n: VOLATILE.sub(b"", zf.read(n)) for n in sorted(zf.namelist())}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    build(out)
    return out


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_committed_template_matches_generation(form_id, fresh):
    committed = TEMPLATES_DIR / f"{form_id}.xlsx"
    assert committed.is_file(), "run `make templates` and commit templates/xlsx"
    assert parts(committed) == parts(fresh / f"{form_id}.xlsx"), "templates are stale: run `make templates`"


def test_generation_is_byte_for_byte_deterministic(fresh, tmp_path):
    build(tmp_path)
    for form_id in FORM_IDS:
        assert (tmp_path / f"{form_id}.xlsx").read_bytes() == (fresh / f"{form_id}.xlsx").read_bytes()
