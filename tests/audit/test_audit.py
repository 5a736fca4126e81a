"""`make audit` in the test run: the floors hold, and the labels stay in step with the corpus and codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit.audit import (
    LABELS_DIR,
    PAIRS_TABLE,
    PRECISION_FLOOR,
    RECALL_FLOOR,
    load_labels,
    readme_section,
    run_audit,
)
from tests.corpus.variants import TABLES_DIR
from workbook_tools.validate.codes import CODES, Severity


@pytest.fixture(scope="module")
def audit():
    return run_audit()


def test_precision_of_errors_and_recall_of_labelled_errors_meet_the_floors(audit):
    assert audit.precision(Severity.ERROR) >= PRECISION_FLOOR, [
        o.message for o in audit.false_alarms(Severity.ERROR)
    ]
    assert audit.recall("错误") >= RECALL_FLOOR, [x.why for x in audit.misses("错误")]


def test_readme_audit_section_is_current(audit):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert readme_section(readme, audit) == readme, "run: python -m tests.audit.audit --readme README.md"


def test_every_table_has_labels_and_every_label_a_table():
    tables = {p.stem for p in TABLES_DIR.glob("*.grid")}
    labelled = {p.stem for p in LABELS_DIR.glob("*.toml")} - {PAIRS_TABLE}
    assert tables == labelled


def test_labels_name_declared_codes_and_classes():
    for table, data in load_labels().items():
        for f in data.get("finding", []):
            assert f["code"] in CODES or f["code"] == "UNCODED", (table, f["code"])
            assert f["class"] in ("错误", "需说明", "提示"), (table, f)
            if f["code"] in CODES:
                assert CODES[f["code"]].severity.label == f["class"], (table, f["code"], f["class"])


def test_a_finding_nobody_labelled_counts_as_a_false_alarm(tmp_path):
    (tmp_path / "s000-01-kepu-gangyao.toml").write_text('table = "s000-01-kepu-gangyao"\n', encoding="utf-8")
    only = tmp_path / "tables"
    only.mkdir()
    (only / "s000-01-kepu-gangyao.grid").write_bytes((TABLES_DIR / "s000-01-kepu-gangyao.grid").read_bytes())
    audit = run_audit(only, tmp_path)
    assert audit.false_alarms(Severity.ERROR)  # the 预计经费4万元 slip, with its label gone
    assert audit.precision(Severity.ERROR) == 0.0
