"""The seed reports' tables, typed as offices type them, read back by the one reader.

tests/corpus/tables holds every project and department table printed in the seeds, typed by hand;
tests/corpus/variants.py turns each into the files offices send (xlsx as typed, amounts as text,
Excel percentages, full-width digits, rows above, column offsets, stacked forms, several sheets,
Word tables). Every file must be recognised with every block found, and the model read must equal
what the seed prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.corpus.variants import TABLES_DIR, build_corpus
from workbook_tools.read.reader import read_file
from workbook_tools.validate.workbook import check_workbook
from workbook_tools.xlsx.fill import export_all

_WS = re.compile(r"\s+")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    return build_corpus(TABLES_DIR, out)


def _same(got: object, want: object) -> bool:
    if isinstance(want, str) and isinstance(got, str):
        return _WS.sub("", got) == _WS.sub("", want)
    if isinstance(want, int | float) and isinstance(got, int | float) and not isinstance(got, bool):
        return abs(got - want) < 1e-9
    return (got in (None, "")) and (want in (None, "")) or got == want


def differences(record, expected: dict) -> list[str]:
    """Where a record read from a file differs from what the seed prints."""
    se = record.se.to_dict()
    out = []
    if record.variant != expected["variant"] or record.form != expected["form"]:
        out.append(f"variant {record.form}/{record.variant} != {expected['form']}/{expected['variant']}")
    for section in ("project", "unit", "goals", "conclusion", "department"):
        for key, want in (expected.get(section) or {}).items():
            got = (se.get(section) or {}).get(key)
            if not _same(got, want):
                out.append(f"{section}.{key}: {got!r} != {want!r}")
    if len(se["funding"]) != len(expected["funding"]):
        out.append(f"funding lines {len(se['funding'])} != {len(expected['funding'])}")
    for i, (got, want) in enumerate(zip(se["funding"], expected["funding"], strict=False)):
        out += [
            f"funding[{i}].{k}: {got.get(k)!r} != {v!r}" for k, v in want.items() if not _same(got.get(k), v)
        ]
    if len(se["indicators"]) != len(expected["indicators"]):
        out.append(f"indicator lines {len(se['indicators'])} != {len(expected['indicators'])}")
    for i, (got, want) in enumerate(zip(se["indicators"], expected["indicators"], strict=False)):
        for k, v in want.items():
            if v is None and k in ("weight", "score"):
                continue
            if not _same(_shown(got.get(k)), _shown(v)):
                out.append(f"indicators[{i}].{k}: {got.get(k)!r} != {v!r}")
    for path, want in (expected.get("printed") or {}).items():
        if not _same(_shown(record.printed.get(path)), _shown(want)):
            out.append(f"printed {path}: {record.printed.get(path)!r} != {want!r}")
    return out


def _shown(value: object) -> object:
    """A value as a person reads it: 92 typed as text, full-width or as a number is the same 92;
    99% and 99.00% are the same percentage."""
    if isinstance(value, str):
        text = value.translate(_FULL_WIDTH).replace(",", "")
        percent = text.endswith("%")
        try:
            return (float(text[:-1]), "%") if percent else float(text)
        except ValueError:
            return value
    return value


def test_the_corpus_covers_every_seed_table_in_every_variant(corpus):
    tables = {p.name.split(".")[0] for p in Path(TABLES_DIR).glob("*.grid")}
    assert len(tables) >= 20
    assert {f.variant for f in corpus} >= {"plain", "amounts-text", "percent-excel", "word", "seed-stacked"}
    assert {t for f in corpus for t in f.table_ids} == tables


def test_at_least_98_percent_are_recognised_with_every_block(corpus):
    complete = 0
    failures = []
    for f in corpus:
        outcome = read_file(f.path)
        ok = (
            outcome.problem is None
            and len(outcome.records) == len(f.table_ids)
            and all(not [x for x in r.findings if x.code == "FORM_BLOCK_MISSING"] for r in outcome.records)
        )
        complete += ok
        if not ok:
            failures.append(f"{f.path.name}: {outcome.problem or [r.variant for r in outcome.records]}")
    assert complete / len(corpus) >= 0.98, failures


def test_every_file_reads_the_values_the_seed_prints(corpus):
    wrong = []
    for f in corpus:
        outcome = read_file(f.path)
        for record, expected in zip(outcome.records, f.expected(), strict=False):
            diffs = differences(record, expected)
            if diffs:
                wrong.append(f"{f.path.name}: {diffs[:3]}")
    assert not wrong, "\n".join(wrong[:20])


def test_validate_and_export_read_the_same_model(corpus):
    for f in corpus:
        checked = check_workbook(f.path)
        models = [record.se.to_dict() for record, _evaluation in checked.records]
        assert models == [se.to_dict() for se in export_all(f.path)], f.path.name


def test_no_corpus_file_reaches_an_internal_error(corpus):
    for f in corpus:
        codes = {x.code for x in check_workbook(f.path).report.findings}
        assert "VALIDATOR_INTERNAL_ERROR" not in codes and "FILE_UNREADABLE" not in codes, f.path.name


@pytest.mark.libreoffice
def test_legacy_xls_reads_the_same_model(tmp_path):
    # Excel 97-2003 files (and WPS .et) carry values only: percent formats are lost (100% reads 1),
    # so the model is compared, not the printed rates.
    import shutil

    from tests.corpus.variants import VARIANTS_BY_NAME, load_tables, write_xls

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tables = [t for t in load_tables() if t.id in ("s000-03-yuanshi-gongzuozhan", "s001-05-tianfu-keji-yun")]
    for table in tables:
        [xlsx] = VARIANTS_BY_NAME["plain"].build([table], tmp_path)
        xls = write_xls(xlsx, tmp_path / "xls")
        outcome = read_file(xls)
        assert outcome.container == "xls" and len(outcome.records) == 1, outcome.problem
        record = outcome.records[0]
        assert "FILE_VALUES_ONLY" in {f.code for f in record.findings}
        expected = dict(table.expected(), printed={})
        assert differences(record, expected) == [], table.id
