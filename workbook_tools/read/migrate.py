"""Carry a form read from any file into another form (last year's Word table → this year's template).

Pure: no I/O. Says, in Chinese, every value that cannot be carried over and why, so `import` can
print a complete list instead of dropping data silently.
"""

from __future__ import annotations

from dataclasses import replace

from workbook_tools.core.model import FundingRow, SelfEvaluation
from workbook_tools.errors import WorkbookToolsError
from workbook_tools.forms.plan import plan_of
from workbook_tools.forms.printed import label_key
from workbook_tools.forms.registry import is_sheet_form
from workbook_tools.forms.spec import FormSpec

# A funding line of one form lands on the line of another form whose label shares one of these words.
_FUNDING_WORDS = (
    ("结转", "上年结转"),
    ("专户", "财政专户"),
    ("单位资金", "单位资金"),
    ("自筹", "单位资金"),
    ("其他", "其他资金"),
    ("财政", "财政"),
    ("拨款", "财政"),
    ("补助", "财政"),
)


def _family(label: str) -> str:
    key = label_key(label)
    for word, family in _FUNDING_WORDS:
        if word in key:
            return family
    return ""


def migrate(se: SelfEvaluation, spec: FormSpec) -> tuple[SelfEvaluation, list[str]]:
    """The model as `spec`'s form holds it, and every value left behind, in words."""
    if is_sheet_form(spec) or se.system is not None or se.basic is not None:
        # The 部门整体 forms declared cell by cell share no block with any other form.
        if se.form != spec.id:
            raise WorkbookToolsError(f"表单“{se.form}”的内容不能转成表单“{spec.id}”（两张表没有共同的栏目）")
        return replace(se), []
    lost: list[str] = []
    out = replace(se, form=spec.id, funding=_funding(se, spec, lost), indicators=list(se.indicators))
    if se.department is not None and not any(f.path.startswith("department.") for f in spec.fields):
        for name, value in vars(se.department).items():
            if value not in (None, ""):
                lost.append(f"部门信息 {name}“{value}”：新表没有这一栏")
        out.department = None
    paths = spec.paths
    for path in (
        "project.authority",
        "project.executor",
        "goals.process",
        "conclusion.summary",
        "conclusion.problems",
        "conclusion.improvements",
    ):
        owner, attr = path.split(".")
        value = getattr(getattr(se, owner), attr)
        if value and path not in paths:
            lost.append(f"{_NAMES[path]}“{_short(value)}”：新表没有这一栏")
    count = spec.indicators.count
    if len(se.indicators) > count:
        lost.append(f"绩效指标第 {count + 1}–{len(se.indicators)} 行：新表最多 {count} 行指标")
        out.indicators = out.indicators[:count]
    if spec.scored and out.indicators and all(ind.weight is None for ind in out.indicators):
        lost.append("权重：原表没有印出各指标的权重（分值），请在新表中逐项填写")
    cols = spec.indicators.columns
    for role, name in (("reason", "未完成原因"), ("unit", "度量单位"), ("nature", "指标性质")):
        if role not in cols and any(getattr(ind, role) for ind in se.indicators):
            lost.append(f"指标的{name}：新表没有这一列")
    return out, lost


def _funding(se: SelfEvaluation, spec: FormSpec, lost: list[str]) -> list[FundingRow]:
    labels = spec.funding.labels
    rows = [FundingRow(source=label) for label in labels]
    if not se.funding:
        return rows
    rows[0] = replace(se.funding[0], source=labels[0])
    taken: set[int] = set()
    for line in se.funding[1:]:
        if all(v in (None, "") for v in (line.initial, line.adjusted, line.executed)):
            continue
        family = _family(line.source)
        same = [i for i, label in enumerate(labels[1:], 1) if label_key(label) == label_key(line.source)]
        alike = [i for i, label in enumerate(labels[1:], 1) if family and _family(label) == family]
        target = next((i for i in same + alike if i not in taken), None)
        if target is None:
            lost.append(f"资金行“{line.source}”：新表没有对应的行，金额已计入总额但未单列")
            continue
        taken.add(target)
        rows[target] = replace(line, source=labels[target])
    if plan_of(spec).total_is_formula and not taken:
        amounts = [getattr(se.funding[0], r) for r in ("initial", "adjusted", "executed")]
        if any(a is not None for a in amounts):
            shown = " / ".join("—" if a is None else f"{a:g}" for a in amounts)
            lost.append(f"资金总额（{shown} 万元）：新表的总额由“其中”各行自动合计，请把金额分填到各行")
    for role in ("initial", "adjusted", "executed"):
        if role not in spec.funding.columns:
            for line in se.funding:
                if getattr(line, role) is not None:
                    lost.append(f"资金行“{line.source}”的{_ROLE_NAMES[role]}：新表没有这一列")
    return rows


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


_NAMES = {
    "project.authority": "主管部门",
    "project.executor": "实施单位",
    "goals.process": "项目实施内容及过程概述",
    "conclusion.summary": "说明 / 评价结论",
    "conclusion.problems": "存在问题",
    "conclusion.improvements": "改进措施",
}
_ROLE_NAMES = {"initial": "年初预算数", "adjusted": "全年（调整后）预算数", "executed": "执行数"}
