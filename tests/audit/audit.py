"""`make audit`: the validator's findings on the seed tables against what a careful auditor labelled.

Every table of tests/corpus/tables is written as an office would send it (.xlsx typed as printed), the
tables of one seed (one unit's returns) are validated as one batch, and each 错误 / 需说明 finding is
matched with the labels in tests/audit/labels (README there). Prints, per code, true, false and missed
counts, the precision of 错误 findings and the recall of the labelled inconsistencies; exits 1 when
the precision of 错误 is below 95 % or the recall of labelled 错误 below 85 %.
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.corpus.variants import TABLES_DIR, load_tables, write_xlsx
from workbook_tools.validate.batch import validate_paths
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.textpairs import pair_issues

LABELS_DIR = Path(__file__).resolve().parent / "labels"
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.85
CLASSES = {"错误": Severity.ERROR, "需说明": Severity.EXPLAIN, "提示": Severity.ADVICE}
PAIRS_TABLE = "s003-lishui-pairs"


@dataclass
class Label:
    """One inconsistency an auditor raises (or one correct row)."""

    table: str
    code: str
    at: str
    cls: str
    why: str
    hits: int = 0


@dataclass
class Outcome:
    """One produced finding and the label it matched, if any."""

    table: str
    code: str
    severity: Severity
    at: str
    message: str
    label: Label | None = None


@dataclass
class Audit:
    """Everything the audit saw: labels, findings and their matching."""

    labels: list[Label] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    correct: list[Label] = field(default_factory=list)

    def false_alarms(self, severity: Severity) -> list[Outcome]:
        """Produced findings of one class that no label explains."""
        return [o for o in self.outcomes if o.severity is severity and o.label is None]

    def true_alarms(self, severity: Severity) -> list[Outcome]:
        """Produced findings of one class that a label explains."""
        return [o for o in self.outcomes if o.severity is severity and o.label is not None]

    def misses(self, cls: str | None = None) -> list[Label]:
        """Labels (of one class, or of 错误 and 需说明) that no finding reported."""
        wanted = (cls,) if cls else ("错误", "需说明")
        return [x for x in self.labels if x.cls in wanted and not x.hits]

    def precision(self, severity: Severity = Severity.ERROR) -> float:
        """Share of the produced findings of one class that are true."""
        true, false = len(self.true_alarms(severity)), len(self.false_alarms(severity))
        return true / (true + false) if true + false else 1.0

    def recall(self, cls: str | None = None) -> float:
        """Share of the labelled inconsistencies (one class, or 错误 and 需说明) that were reported."""
        wanted = (cls,) if cls else ("错误", "需说明")
        labels = [x for x in self.labels if x.cls in wanted]
        return sum(1 for x in labels if x.hits) / len(labels) if labels else 1.0


def load_labels(labels_dir: Path = LABELS_DIR) -> dict[str, dict]:
    """Every label file by table id."""
    return {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(labels_dir.glob("*.toml"))}


def _anchor(finding: dict) -> str:
    index = finding.get("indicator")
    return f"indicators[{index}]" if index is not None else str(finding.get("field") or "")


def _matches(label: Label, code: str, at: str) -> bool:
    return label.code == code and (at.startswith(label.at) or (not at and label.at in ("", "form")))


def _batches(tables) -> dict[str, list]:
    """Tables grouped as one unit's returns: the tables of one seed; made-up tables one by one."""
    groups: dict[str, list] = defaultdict(list)
    for table in tables:
        key = table.id.split("-")[0] if table.id.startswith("s") else table.id
        groups[key].append(table)
    return groups


def run_audit(tables_dir: Path = TABLES_DIR, labels_dir: Path = LABELS_DIR) -> Audit:
    """Validate every seed table and match its findings with the labels."""
    all_labels = load_labels(labels_dir)
    audit = Audit()
    tables = load_tables(tables_dir)
    for table in tables:
        data = all_labels.get(table.id, {})
        for f in data.get("finding", []):
            audit.labels.append(Label(table.id, f["code"], f["at"], f["class"], f.get("why", "")))
        for c in data.get("correct", []):
            audit.correct.append(Label(table.id, "", c["at"], "", c.get("why", "")))
    with tempfile.TemporaryDirectory(prefix="wt-audit-") as tmp:
        for key, group in _batches(tables).items():
            folder = Path(tmp) / key
            files = [write_xlsx(t, folder / f"{t.id}.xlsx") for t in group]
            profile = all_labels.get(group[0].id, {}).get("profile")
            batch = validate_paths(files, profile, workers=1)
            for report in batch.reports:
                table_id = Path(report.file).stem
                for finding in (f.to_row() for f in report.findings):
                    _record(audit, table_id, finding)
    _audit_pairs(audit, all_labels.get(PAIRS_TABLE, {}))
    return audit


def _record(audit: Audit, table_id: str, finding: dict) -> None:
    severity = Severity(finding["severity"])
    if severity is Severity.ADVICE:
        return  # 提示 is advice: counted apart, never a problem
    at = _anchor(finding)
    outcome = Outcome(table_id, finding["code"], severity, at, finding["message"])
    candidates = [x for x in audit.labels if x.table == table_id and _matches(x, finding["code"], at)]
    if candidates:
        # Several inconsistencies of one code on one row (two unit slips in one cell): each finding
        # takes a label not yet reported, so a repeated finding cannot stand in for a missed one.
        label = min(candidates, key=lambda x: x.hits)
        label.hits += 1
        outcome.label = label
    audit.outcomes.append(outcome)


def _audit_pairs(audit: Audit, data: dict) -> None:
    """The 丽水 plan/actual text pairs: the text-pair checks against the labelled expectations."""
    for i, pair in enumerate(data.get("pair", [])):
        at = f"pair[{i}]"
        labels = [
            Label(
                PAIRS_TABLE,
                e["code"],
                at,
                "需说明" if e["code"] != "UNIT_MISMATCH" else "错误",
                e.get("why", ""),
            )
            for e in pair.get("expect", [])
        ]
        audit.labels += labels
        for issue in pair_issues(pair["plan"], pair["actual"]):
            outcome = Outcome(PAIRS_TABLE, issue.code, issue.severity, at, issue.message)
            for label in labels:
                if label.code == issue.code and not label.hits:
                    label.hits += 1
                    outcome.label = label
                    break
            else:
                for label in labels:
                    if label.code == issue.code:
                        outcome.label = label
            audit.outcomes.append(outcome)


def render(audit: Audit) -> str:
    """The audit table in plain text (Chinese headers, as the README quotes it)."""
    codes = sorted({x.code for x in audit.labels} | {o.code for o in audit.outcomes})
    true = Counter(o.code for o in audit.outcomes if o.label is not None)
    false = Counter(o.code for o in audit.outcomes if o.label is None)
    missed = Counter(x.code for x in audit.misses())
    lines = [f"{'代码':32} {'真':>4} {'误报':>4} {'漏报':>4}"]
    for code in codes:
        if true[code] or false[code] or missed[code]:
            lines.append(f"{code:32} {true[code]:>4} {false[code]:>4} {missed[code]:>4}")
    err_true, err_false = len(audit.true_alarms(Severity.ERROR)), len(audit.false_alarms(Severity.ERROR))
    lines += [
        "",
        f"错误：报出 {err_true + err_false} 条，其中误报 {err_false} 条，精确率 {audit.precision():.1%}",
        f"需说明：报出 {len(audit.outcomes) - err_true - err_false} 条，"
        f"其中误报 {len(audit.false_alarms(Severity.EXPLAIN))} 条，精确率 {audit.precision(Severity.EXPLAIN):.1%}",
        f"召回：标注的错误 {audit.recall('错误'):.1%}，标注的需说明 {audit.recall('需说明'):.1%}，"
        f"合计 {audit.recall():.1%}",
    ]
    for title, items in (
        ("误报", [o for o in audit.outcomes if o.label is None]),
        ("漏报", audit.misses()),
    ):
        if items:
            lines += ["", f"{title}："]
            for x in items:
                text = x.message if isinstance(x, Outcome) else f"[{x.cls}] {x.why}"
                lines.append(f"  {x.table} {x.at} {x.code}：{text}")
    return "\n".join(lines)


BEGIN, END = "<!-- section:audit -->", "<!-- /section:audit -->"


def markdown(audit: Audit) -> str:
    """The README's audit section: counts per code, the two floors, every false alarm and miss."""
    true = Counter(o.code for o in audit.outcomes if o.label is not None)
    false = Counter(o.code for o in audit.outcomes if o.label is None)
    missed = Counter(x.code for x in audit.misses())
    codes = sorted(c for c in set(true) | set(false) | set(missed))
    lines = ["| code | 真 | 误报 | 漏报 |", "|---|---|---|---|"]
    lines += [f"| `{c}` | {true[c]} | {false[c]} | {missed[c]} |" for c in codes]
    lines += [
        "",
        f"错误 precision **{audit.precision():.1%}** "
        f"({len(audit.true_alarms(Severity.ERROR))} true, {len(audit.false_alarms(Severity.ERROR))} false); "
        f"需说明 precision {audit.precision(Severity.EXPLAIN):.1%}; recall of labelled 错误 "
        f"**{audit.recall('错误'):.1%}**, of labelled 需说明 {audit.recall('需说明'):.1%}.",
    ]
    wrong = [o for o in audit.outcomes if o.label is None]
    lines += ["", "False alarms:" if wrong else "False alarms: none."]
    lines += [f"- {o.table} `{o.at}` `{o.code}`: {o.message}" for o in wrong]
    lines += ["", "Misses (the auditor's note):"]
    lines += [f"- {x.table} `{x.at}` `{x.code}` ({x.cls}): {x.why}" for x in audit.misses()]
    return "\n".join(lines)


def readme_section(readme: str, audit: Audit) -> str:
    """The README text with the audit section regenerated (markers kept)."""
    head, rest = readme.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{markdown(audit)}\n{END}{tail}"


def main() -> int:
    """Print the audit (or, with `--readme FILE`, rewrite its audit section); exit 1 below a floor."""
    audit = run_audit()
    if sys.argv[1:2] == ["--readme"]:
        path = Path(sys.argv[2])
        path.write_text(readme_section(path.read_text(encoding="utf-8"), audit), encoding="utf-8")
    print(render(audit))
    ok = audit.precision() >= PRECISION_FLOOR and audit.recall("错误") >= RECALL_FLOOR
    print(
        "\n审计"
        + ("通过" if ok else f"未达标（错误精确率须 ≥ {PRECISION_FLOOR:.0%}，召回须 ≥ {RECALL_FLOOR:.0%}）")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
