"""Indicator taxonomy of RULES.md §D: 一级/二级 lists, their aliases and the 指标性质 spellings.

Declared once here; the template dropdowns (forms/lists.py), the rules and the core all read it.
"""

from __future__ import annotations

from workbook_tools.core.value import Direction

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

# D3: the 101号-era cost split; 经济成本指标 was seen under 产出 in Sichuan 2023, so both placements are allowed.
COST_LEVEL2 = ("经济成本指标", "社会成本指标", "生态环境成本指标")
OUTPUT_LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", *COST_LEVEL2)
BENEFIT_LEVEL2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SATISFACTION_LEVEL2 = ("服务对象满意度指标",)
ALL_LEVEL2 = (*OUTPUT_LEVEL2, *BENEFIT_LEVEL2, *SATISFACTION_LEVEL2)

LEVEL2_BY_LEVEL1: dict[str, tuple[str, ...]] = {
    OUTPUT: OUTPUT_LEVEL2,
    BENEFIT: BENEFIT_LEVEL2,
    SATISFACTION: SATISFACTION_LEVEL2,
    COST: COST_LEVEL2,
}
# Spellings accepted on returned forms without being offered in the dropdowns.
LEVEL2_ALSO_ACCEPTED: dict[str, tuple[str, ...]] = {SATISFACTION: ("满意度指标",)}

# D2: 凉山's 一级 labels are aliases of the classic ones (alias → canonical).
LEVEL1_ALIASES = {"项目完成指标": OUTPUT, "项目效果指标": BENEFIT}
LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION, COST, *LEVEL1_ALIASES)

# D7: department-wide 一级 sets; their 二级 are form-specific.
DEPT_LEVEL1 = frozenset(
    {
        "部门预算管理",
        "专项预算管理",
        "绩效结果应用",
        "自评质量",
        "部门决策",
        "综合管理",
        "部门绩效情况",
        "预算执行",
    }
)

# D4: what people type for 指标性质, in the order the template's lookup table lists them.
NATURE_ALIASES: tuple[tuple[str, Direction], ...] = (
    ("≥", Direction.GE),
    ("≧", Direction.GE),
    (">=", Direction.GE),
    ("正向", Direction.GE),
    ("》", Direction.GE),
    ("≤", Direction.LE),
    ("≦", Direction.LE),
    ("<=", Direction.LE),
    ("反向", Direction.LE),
    ("=", Direction.EQ),
    ("＝", Direction.EQ),
    ("﹦", Direction.EQ),
    ("等于", Direction.EQ),
    ("定性", Direction.QUALITATIVE),
)
# Natures the core also understands, though the official forms offer only ≥ ≤ = 定性.
EXTRA_NATURES: tuple[tuple[str, Direction], ...] = (
    ("区间", Direction.INTERVAL),
    ("约", Direction.APPROX),
    ("≈", Direction.APPROX),
    ("时限", Direction.DEADLINE),
)


def aliases_of(level1: str) -> tuple[str, ...]:
    """The alias labels that stand for a canonical 一级."""
    return tuple(alias for alias, canonical in LEVEL1_ALIASES.items() if canonical == level1)


def level2_allowed(level1: str, level2: str) -> bool:
    """True when a canonical 一级/二级 pair is in the lists (department 一级 accept any 二级)."""
    if level1 in DEPT_LEVEL1:
        return True
    allowed = LEVEL2_BY_LEVEL1.get(level1, ()) + LEVEL2_ALSO_ACCEPTED.get(level1, ())
    return level2 in allowed
