"""The catalogue of finding codes: one declaration per code, read by rules, reports and the README."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """The reporting suites' 审核公式 classes (逻辑性/合法性 vs 合理性); only 错误 makes a workbook invalid.

    错误 blocks 上报: arithmetic, totals, rates, scores, units, required fields the form has.
    需说明 passes once a reason is written where the form holds reasons: deviations, low execution,
    over- and under-achievement. 提示 is advice about the form (表样建议), shown apart, never counted.
    """

    ERROR = "error"
    EXPLAIN = "explain"
    ADVICE = "advice"

    @property
    def label(self) -> str:
        """The Chinese name users see: 错误 / 需说明 / 提示."""
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.EXPLAIN: "需说明", Severity.ADVICE: "提示"}


@dataclass(frozen=True)
class Code:
    """A stable finding code with its Chinese title and message template."""

    code: str
    title: str
    severity: Severity
    template: str
    description: str
    group: str

    def format(self, **params: object) -> str:
        """The message with its parameters filled in."""
        return self.template.format(**params)


CODES: dict[str, Code] = {}


def _declare(group: str, code: str, severity: Severity, title: str, template: str, description: str) -> None:
    if code in CODES:
        raise ValueError(f"duplicate code {code}")
    CODES[code] = Code(code, title, severity, template, description, group)


E, W, N = Severity.ERROR, Severity.EXPLAIN, Severity.ADVICE

# --- files and forms -------------------------------------------------------------------------------
_declare(
    "文件",
    "FILE_UNREADABLE",
    E,
    "文件无法读取",
    "无法作为工作簿读取：{reason}",
    "不是 xlsx/xlsm 文件、压缩包损坏或内容缺失。",
)
_declare(
    "文件",
    "FILE_XLS_UNSUPPORTED",
    E,
    "不支持 .xls 格式",
    "这是旧版 Excel 97-2003（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 后重新提交",
    "旧的二进制 .xls 格式无法可靠读取公式与批注。",
)
_declare(
    "文件",
    "FILE_ENCRYPTED",
    E,
    "文件有打开密码",
    "文件设置了打开密码（已加密），请取消密码后重新提交",
    "加密的 OLE 容器，不输入密码无法读取。",
)
_declare(
    "文件",
    "FILE_DOC_UNSUPPORTED",
    E,
    "不支持旧版 Word 文档",
    "这是旧版 Word 文档（.doc/.wps），请在 Word 或 WPS 中另存为 .docx 后再提交",
    "Word 97-2003 二进制格式无法读取表格；装有 LibreOffice 时可选择自动转换后读取。",
)
_declare(
    "文件",
    "FILE_VALUES_ONLY",
    N,
    "只读取了数值",
    "旧版 .xls/.et 工作簿只读取数值，无法检查公式是否被改动",
    "旧版二进制工作簿按保存的结果读取：公式、百分比格式与错误值（如 #DIV/0!）都看不到。",
)
_declare(
    "文件",
    "FILE_CONVERTED",
    N,
    "已转换格式后读取",
    "旧版 Word 文档已用 LibreOffice 转换为 .docx 后读取，请核对表格内容是否完整",
    "旧版 .doc/.wps 经 LibreOffice 转换后读取，合并单元格等版式可能与原文件略有出入。",
)
_declare(
    "文件",
    "VALIDATOR_INTERNAL_ERROR",
    E,
    "校验程序出错",
    "校验程序处理此文件时出错（{reason}），未能完成校验；这是本工具的缺陷，请把文件发给维护人员",
    "意料之外的程序错误：这一个文件记为未通过，批量处理照常继续。",
)
_declare(
    "文件",
    "FORM_NOT_RECOGNISED",
    E,
    "无法识别表单",
    "无法识别这是哪一种自评表：{reason}",
    "工作簿既没有本工具的模板标识，也无法按官方表样的标签识别。",
)
_declare(
    "文件",
    "FORM_RECOGNISED_BY_LABELS",
    N,
    "按标签识别的表单",
    "工作簿没有模板标识，已按表内标签识别为“{form}”，单元格位置以识别结果为准",
    "手工录入的官方表样：按标签定位单元格，公式完整性无法检查。",
)
_declare(
    "文件",
    "TEMPLATE_VERSION_OLD",
    N,
    "模板版本较旧",
    "模板版本为 {seen}，当前版本为 {current}，请改用新模板",
    "旧版模板仍可校验，但公式与下拉列表可能与现行规则不同。",
)
_declare(
    "文件",
    "TEMPLATE_VERSION_UNKNOWN",
    E,
    "模板版本无法识别",
    "模板版本“{seen}”无法识别（当前版本 {current}）",
    "模板标识中的版本号不是本工具发布过的版本。",
)
_declare(
    "文件",
    "STAMP_PROFILE_UNKNOWN",
    N,
    "模板标识中的规则配置未知",
    "模板标识指定的规则配置“{profile}”不是本工具内置的配置，{why}，因此改用表单默认配置“{used}”校验；"
    "如需按原规则校验，请用 --profile 指定该配置文件",
    "模板标识只能按名称选用内置的规则配置，不能指向文件；模板未携带可用的规则设置（标识被改动、"
    "来自其他版本，或携带的设置缺失、损坏、被改动）时按表单默认配置校验。",
)
_declare(
    "文件",
    "STAMP_PROFILE_EMBEDDED",
    N,
    "按模板携带的规则配置校验",
    "按模板中携带的规则配置“{profile}”校验",
    "用规则配置文件生成的模板（new/distribute --profile 某文件.toml）在隐藏的 _meta 工作表中携带该配置的全部设置；"
    "校验时未指定 --profile 则按这些设置校验。",
)

# --- integrity (§A: computed cells) ------------------------------------------------------------------
_declare(
    "完整性",
    "FORMULA_OVERWRITTEN",
    E,
    "公式被改写",
    "此单元格应由公式计算，{change}",
    "模板中由公式计算的单元格被手工输入的常量或改动过的公式覆盖。",
)
_declare(
    "完整性",
    "CACHED_VALUE_MISMATCH",
    E,
    "显示值与重算值不一致",
    "此单元格应由公式计算，文件中保存的值 {shown} 与按填报数据重算的值 {computed} 不一致（公式被改动或未重新计算）",
    "文件保存的计算结果与按填报数据重算的结果不同（公式被改或未重算）。",
)

# --- C1 required -------------------------------------------------------------------------------------
_declare(
    "必填",
    "REQUIRED_FIELD_MISSING",
    E,
    "必填项为空",
    "“{label}”未填写",
    "项目名称、主管部门、实施单位、年度目标及完成情况、评价结论等必填项。",
)
_declare(
    "必填",
    "FUNDING_TOTAL_MISSING",
    E,
    "资金总额行为空",
    "“{label}”行的{column}为空，但其下分项已填写",
    "总额行必须填写（或由公式汇总分项）。",
)
_declare(
    "必填",
    "INDICATOR_FIELD_MISSING",
    E,
    "指标内容不完整",
    "{row}的“{label}”未填写",
    "有权重（或有内容）的指标须填写一级/二级/三级指标、指标值和完成值。",
)
_declare(
    "必填",
    "UNIT_MISSING",
    N,
    "缺少度量单位",
    "{row}是定量指标，但没有度量单位",
    "定量指标应填写度量单位（指标值或度量单位栏）。",
)

# --- C2 weights --------------------------------------------------------------------------------------
_declare(
    "权重",
    "WEIGHT_TOTAL_MISMATCH",
    E,
    "权重合计不等于总分",
    "预算执行权重与指标权重合计为 {actual}，应为 {expected}",
    "各项权重之和须等于表单总分（如 10+90=100）。",
)
_declare(
    "权重",
    "GROUP_WEIGHT_MISMATCH",
    E,
    "分组权重不符",
    "“{group}”下各指标权重合计为 {actual}，应为 {expected}",
    "下级权重合计应等于上级设置的分值。",
)
_declare(
    "权重",
    "WEIGHT_NOT_POSITIVE",
    N,
    "权重缺失或不大于 0",
    "{row}的权重为 {actual}，应大于 0",
    "计分表中每个实际使用的指标都应有正的权重。",
)

# --- C3 explanations ---------------------------------------------------------------------------------
_declare(
    "说明",
    "EXEC_REASON_MISSING",
    W,
    "执行率偏低未说明原因",
    "预算执行率 {rate} 低于 {threshold}，须说明原因",
    "执行率低于配置的阈值（默认 90%）时须填写原因。",
)
_declare(
    "说明",
    "ADJUSTMENT_REASON_MISSING",
    W,
    "预算调整未说明",
    "“{label}”年初预算 {initial} 与调整后预算 {adjusted} 不同，须说明调整原因",
    "年中追加或调减预算须说明。",
)
_declare(
    "说明",
    "UNDERACHIEVED_REASON_MISSING",
    W,
    "未完成指标未说明原因",
    "{row}未达到目标（指标值 {target}，完成值 {actual}），须填写未完成原因",
    "未完成或得分低于权重的指标须填写未完成原因分析/偏差原因。",
)
_declare(
    "说明",
    "OVERACHIEVED_REASON_MISSING",
    W,
    "大幅超额完成未说明",
    "{row}完成值 {actual} 超出指标值 {target} 达 {deviation}，须说明偏差原因",
    "超出目标超过偏差阈值（默认 30%）须分析原因（目标是否定得过低）。",
)

# --- C4 arithmetic -----------------------------------------------------------------------------------
_declare(
    "计算",
    "FUNDING_TOTAL_MISMATCH",
    E,
    "资金总额不等于分项之和",
    "{column}：总额 {actual} 不等于各分项之和 {expected}",
    "年度资金总额应等于其中各行之和。",
)
_declare(
    "计算",
    "ZERO_BUDGET_EXECUTED",
    E,
    "预算为 0 却有执行数",
    "“{label}”预算数为 0，执行数却为 {executed}",
    "预算为 0 时执行率无意义，执行数应为 0。",
)
_declare(
    "计算",
    "EXEC_RATE_MISMATCH",
    E,
    "执行率计算错误",
    "填报的执行率 {actual} 与重算值 {expected} 不一致",
    "执行率 = 执行数 ÷ 调整后预算数（保留两位小数）。",
)
_declare(
    "计算",
    "EXEC_SCORE_MISMATCH",
    E,
    "预算执行得分计算错误",
    "预算执行得分 {actual} 与重算值 {expected} 不一致",
    "得分 = 权重 × min(执行率, 100%)。",
)
_declare(
    "计算",
    "SCORE_MISMATCH",
    E,
    "指标得分与计分规则不符",
    "{row}得分 {actual}，按计分规则应为 {expected}",
    "定量指标的得分应按指标性质计算。",
)
_declare(
    "计算",
    "SCORE_EXCEEDS_WEIGHT",
    E,
    "得分超过权重",
    "{row}得分 {actual} 超过权重 {expected}",
    "得分不得突破权重。",
)
_declare("计算", "SCORE_NEGATIVE", E, "得分为负", "{row}得分为 {actual}", "得分不能小于 0。")
_declare(
    "计算",
    "TOTAL_SCORE_MISMATCH",
    E,
    "总分不等于各项得分之和",
    "总分 {actual} 不等于各项得分之和 {expected}",
    "总分 = 预算执行得分 + 各指标得分。",
)
_declare(
    "计算",
    "DEPT_SPLIT_MISMATCH",
    E,
    "基本支出与项目支出之和不等于执行数",
    "基本支出 {basic} + 项目支出 {project} = {expected}，与执行数 {actual} 不一致",
    "部门整体：基本支出 + 项目支出 = 执行数。",
)

# --- C5 cost -----------------------------------------------------------------------------------------
_declare(
    "成本",
    "COST_SUM_MISMATCH",
    W,
    "成本指标合计与预算不符",
    "成本指标金额合计 {actual} 万元，与预算 {expected} 万元不一致",
    "经验检查：成本指标之和通常等于项目预算。",
)
_declare(
    "成本",
    "COST_ARITHMETIC_WRONG",
    E,
    "文字中的算式错误",
    "“{formula}”算错了：按所列数字应为 {expected}",
    "成本说明中写出的算式（含元/万元换算）结果不正确。",
)
_declare(
    "成本",
    "COST_TOTAL_WRONG",
    E,
    "文字中的“共计”与分项之和不符",
    "所列各项金额之和为 {expected}，文字写“共计{actual}”",
    "成本说明中逐项金额相加应等于所写合计。",
)

# --- C6 units and consistency ------------------------------------------------------------------------
_declare(
    "单位",
    "UNIT_MISMATCH",
    E,
    "完成值单位与指标值不符",
    "{row}：完成值单位“{actual}”与指标值单位“{expected}”不一致",
    "如指标值为万人、完成值写成万元。",
)
_declare(
    "单位",
    "PERCENT_OUT_OF_RANGE",
    E,
    "百分比超出 0–100",
    "{row}的{label}为 {actual}，百分比应在 0–100 之间",
    "比率类指标的值应在 0% 到 100% 之间。",
)
_declare(
    "单位",
    "TARGET_GE_100_PERCENT",
    N,
    "目标“≥100%”",
    "{row}的指标值“{actual}”不可能超额，应写为“=100%”",
    "百分比目标最高为 100%。",
)
_declare(
    "单位",
    "SATISFACTION_NOT_PERCENT",
    E,
    "满意度不是百分比",
    "{row}是满意度指标，完成值“{actual}”应为百分比",
    "满意度须以百分比填报（如 95%）。",
)
_declare(
    "单位",
    "NATURE_MISMATCH",
    N,
    "指标性质与指标值措辞不符",
    "{row}的指标性质为“{actual}”，而指标值“{target}”的意思是“{expected}”",
    "如“不低于”应为 ≥。",
)
_declare(
    "单位",
    "TIER_MISSING",
    N,
    "定性指标未选择档次",
    "{row}是定性指标，完成情况未注明档次（达成/部分达成/未达成，或优良中低差）",
    "定性指标按三档评分，须注明所达档次。",
)
_declare(
    "单位",
    "QUAL_SCORE_OUT_OF_BAND",
    E,
    "定性得分不在档次区间内",
    "{row}为“{tier}”，得分 {actual} 应在 {expected} 之间",
    "定性得分须落在所选档次的分值区间。",
)
_declare(
    "单位",
    "ACTUAL_NOT_NUMERIC",
    E,
    "定量指标的完成值不是数值",
    "{row}的指标值“{target}”是定量的，完成值“{actual}”却不是数值，得分须人工判定",
    "定量指标的完成值应填写数值。",
)
_declare(
    "单位",
    "MULTI_VALUE_CELL",
    N,
    "一格填写了多个指标",
    "{row}的{label}“{actual}”包含多个数值，请拆分为多个指标",
    "多个数量放在一格无法逐项计分。",
)
_declare(
    "单位",
    "SCALE_AS_TARGET",
    N,
    "以评价等级作为指标值",
    "{row}的指标值“{actual}”是评价等级，不是目标",
    "“优良中低差”不是可考核的目标值。",
)

# --- C7 structure ------------------------------------------------------------------------------------
_declare(
    "结构",
    "VALUE_IN_NAME",
    N,
    "三级指标名称处填写了数值",
    "{row}的三级指标名称“{actual}”是一个值，不是指标名称",
    "三级指标栏应写指标名称，值写在指标值栏。",
)
_declare(
    "结构",
    "PLACEHOLDER_WITH_WEIGHT",
    E,
    "占位行带有权重",
    "{row}是空/占位行，却设置了权重 {weight}",
    "“无”“……”等占位行的权重应为 0 或留空。",
)
_declare(
    "结构",
    "LEVEL_PAIR_UNKNOWN",
    N,
    "一级/二级指标不在指标体系中",
    "{row}的“{level1} / {level2}”不在规定的指标体系中",
    "一级、二级指标应取自规定的指标库（含别名）。",
)
_declare(
    "结构",
    "TEXT_TOO_LONG",
    N,
    "文字超过字数限制",
    "“{label}”共 {actual} 字，超过 {expected} 字的限制",
    "原因说明与评价结论等文字有字数限制。",
)

# --- C8 deviations -----------------------------------------------------------------------------------
_declare(
    "偏差",
    "EXEC_RATE_OVER_100",
    W,
    "执行率超过 100%",
    "预算执行率为 {rate}，执行数 {executed} 超过预算数 {budget}，请核实",
    "执行数通常不应超过调整后预算数。",
)
_declare(
    "偏差",
    "APPROX_OUT_OF_TOLERANCE",
    W,
    "“左右”类指标偏差较大",
    "{row}完成值 {actual} 与约 {target} 相差 {deviation}，超出允许的 {tolerance}",
    "“X左右”按 ±容差视为达成，超出须复核。",
)
_declare(
    "偏差",
    "DEVIATION_EXPLAINED",
    N,
    "超额完成（已说明）",
    "{row}超出目标 {deviation}，已填写说明，请复核",
    "超额完成已说明，仍提示人工复核。",
)

# --- values as typed (forms read by their labels) ------------------------------------------------------
_declare(
    "数值",
    "AMOUNT_NOT_NUMBER",
    E,
    "金额不是数字",
    "金额单元格填的是“{value}”，无法读作金额（万元）：请只填写数字，如 13.50",
    "手工录入的表：金额栏里的文字无法换算成数字，这一栏按空白计算。",
)
_declare(
    "数值",
    "CELL_ERROR_VALUE",
    E,
    "单元格显示错误值",
    "单元格显示错误值“{value}”，请改正公式或填写数值",
    "#DIV/0!、#REF! 等错误值：表内的计算已经出错。",
)
_declare(
    "文件",
    "FORM_BLOCK_MISSING",
    N,
    "表内缺少部分内容",
    "在“{sheet}”中识别出“{form}”，但没有找到“{blocks}”部分：请核对表样是否完整",
    "按标签识别的表：表样应有的某一部分（表头、资金、目标、指标、结论）没有找到。",
)


# --- collector -----------------------------------------------------------------------------------------
_declare(
    "回收",
    "COLLECT_UNIT_MISMATCH",
    E,
    "实施单位与下发单位不一致",
    "表内“实施单位”为“{typed}”，与下发时标识的单位“{stamped}”不一致：可能填错了单位或用了别的单位的表",
    "回收时核对：表内填写的实施单位应是模板标识中的下发单位（仅 collect 检查）。",
)


# --- quantities written in texts (core.quantities) --------------------------------------------------------
_declare(
    "文字数量",
    "CLAIM_RATE_WRONG",
    E,
    "文字中的完成比例算错",
    "{row}写“完成{actual}”，按完成值 {done} ÷ 指标值 {planned} 应为 {expected}",
    "完成值中写出的“完成指标值的 X%”与完成值、指标值算出的比例不一致。",
)
_declare(
    "文字数量",
    "NAME_AMOUNT_MISMATCH",
    E,
    "三级指标文字中的数量与指标值不符",
    "{row}的名称写“{stated}”，指标值却是“{expected}”",
    "三级指标名称里写出的数量（如“预计经费4万元”）与本行指标值的同一数量不一致。",
)
_declare(
    "文字数量",
    "QUALITY_RATE_CONTRADICTED",
    E,
    "质量指标的比率与数量指标矛盾",
    "{row}写“{stated}”，但数量指标“{source}”完成 {done} / {planned} = {expected}",
    "质量指标中声称的完成率、覆盖率与同一事项数量指标的完成值和指标值算出的比率矛盾。",
)
_declare(
    "文字数量",
    "COST_COUNT_MISMATCH",
    E,
    "成本说明中的数量与数量指标不符",
    "{row}的成本说明按 {stated} 计算，但数量指标“{source}”为 {expected}",
    "成本指标文字中的人数、件数、次数（如“5台*0.5万元”）应与同一事项的数量指标一致。",
)
_declare(
    "文字数量",
    "CLAUSE_ACTUAL_MISSING",
    W,
    "指标值中的某项数量没有完成情况",
    "{row}的指标值写了“{planned}”，完成值没有写这一项的完成情况",
    "一格写了多项数量时，每一项都应写明完成值；未写的须说明。",
)
_declare(
    "成本",
    "COST_ACTUAL_SUM_MISMATCH",
    W,
    "成本指标完成值合计与执行数不符",
    "成本指标完成值合计 {actual} 万元，与执行数 {expected} 万元不一致",
    "经验检查：成本指标的实际金额之和通常等于项目执行数；不一致时应说明。",
)
_declare(
    "批次",
    "CROSS_FORM_MISMATCH",
    W,
    "同一事项在两张表中数字不同",
    "{row}{side}中“{noun}”为 {actual}，而 {other_file} {other_cell} 同一事项为 {expected}",
    "同一单位的两张自评表（如项目表与汇总表、两个项目的表）报告同一项目或活动时，数字应一致；"
    "不一致的须说明哪一个为准。只比较名称相同或有相同特定词语的数量、成本指标中同一计数对象、同一单位的数字。",
)
_declare(
    "偏差",
    "NOT_EXECUTED_EXPLAINED",
    N,
    "未执行（已说明原因）",
    "{row}未执行，已写明原因：{reason}",
    "完成值写明未执行及其原因：按 0 计，作为一项已说明的偏差列出；同一原因的其他行不再重复。",
)
_declare(
    "结构",
    "INDICATOR_BLOCK_INCOMPLETE",
    N,
    "产出指标缺少二级指标",
    "产出指标没有{missing}指标",
    "表样建议：产出指标一般应包括数量、质量、时效、成本指标。",
)

# --- province and year rules (profiles) ------------------------------------------------------------------
_declare(
    "配置规则",
    "INDICATOR_DEVIATION",
    W,
    "指标偏离",
    "{row}完成值 {actual} 高出指标值 {target} 达 {deviation}，按本配置扣 {penalty} 分",
    "四川一体化：完成值高出指标值 30% 及以上为指标偏离，本行得分扣分（配置 deviation_penalty，不低于 0）；"
    "未写原因为需说明，写了原因降为提示，扣分照扣。",
)
_declare(
    "配置规则",
    "TOTAL_CAPPED_BY_RATE",
    N,
    "总分受执行率限制",
    "预算执行率 {rate}，总分最高 {cap} 分：{actual} 分按 {expected} 分计",
    "四川一体化：执行率 70–80% 总分不超过 89，60–70% 不超过 79，低于 60% 不超过 69，低于 50% 不超过 59（配置 total_caps）。",
)
_declare(
    "配置规则",
    "QUANTITY_TARGET_FAILED",
    W,
    "数量指标未实现（目标实现口径）",
    "{row}完成值 {actual}、指标值 {target}：按本配置口径数量指标未实现（{why}），目标实现不得满分",
    "凉山：数量指标完成值 B 满足 A ≤ B ≤ 1.3A 才算实现，未实现的数量指标使目标实现不得满分（配置 quantity_rule；"
    "超过 1.3A 仅在 over_achievement = not_achieved 时算未实现）。未写原因为需说明，写了原因降为提示。",
)

# --- 部门整体 forms declared cell by cell: 凉山 指标体系 (sc-dept-system), 丽水 基本情况表 (zj-dept-basic) --
_declare(
    "部门整体",
    "DEPT_POINTS_MISMATCH",
    E,
    "指标分值合计与标签分值不符",
    "“{group}”下各三级指标分值合计 {actual} 分，与标签中的 {expected} 分不一致",
    "指标体系中一级、二级指标标签写明的分值（如“部门预算管理（60分）”）应等于其下三级指标分值之和。",
)
_declare(
    "部门整体",
    "DEPT_POINTS_TOTAL",
    E,
    "指标分值合计不是总分",
    "各三级指标分值合计 {actual} 分，应为总分 {expected} 分",
    "指标体系全部三级指标分值之和应为 100 分。",
)
_declare(
    "部门整体",
    "DEPT_SCORE_OUT_OF_RANGE",
    E,
    "自评得分超出分值",
    "“{name}”自评得分 {actual} 分，应在 0 至 {expected} 分（指标分值）之间",
    "每项自评得分不得为负，也不得超过该指标的分值。",
)
_declare(
    "部门整体",
    "DEPT_RULE_SCORE_MISMATCH",
    E,
    "自评得分与计分标准不符",
    "“{name}”自评得分 {actual} 分，按计分标准应得 {expected} 分：{arithmetic}",
    "凉山指标体系中目标实现、编制准确、支出控制、动态调整、执行进度、预算完成、违规记录按计分标准由计分依据"
    "（预算数、调剂额、注销额、执行进度、问题个数、数量指标等）计算；自评得分与计算结果相差超过 0.01 分即报告，"
    "计分依据未填写的不核对。",
)
_declare(
    "部门整体",
    "DEPT_TOTAL_MISMATCH",
    E,
    "总分与各项得分之和不符",
    "总分 {actual} 分，各项自评得分之和为 {expected} 分",
    "指标体系的总分应等于各三级指标自评得分之和。",
)
_declare(
    "部门整体",
    "DEPT_REVIEWER_ROW_SCORED",
    N,
    "自评质量由评价组评分",
    "“自评质量”由评价组评分，部门自评时无需打分（表中填了 {actual} 分）",
    "凉山：自评质量（10分）按自评得分与抽查得分的差异由评价组评分，部门自评满分为 90 分。",
)
_declare(
    "部门整体",
    "DEPT_GOAL_VS_PROJECTS",
    W,
    "目标实现与同批项目自评表不符",
    "“目标实现”自评 {actual} 分；同批本单位项目自评表的 {n_all} 个数量指标中 {n_ok} 个实现（A ≤ B ≤ 1.3A，"
    "未完成写文字的按未实现计），按计分标准应得 {points} × {n_ok} ÷ {n_all} = {expected} 分",
    "凉山：目标实现 = 分值 × 实现的数量指标个数 ÷ 全部数量指标个数。指标体系中未逐项填写数量指标时，以同一批次中"
    "本单位同年度的项目自评表为准（只计指标值为单个数量、完成值为单个同单位数量或文字的行）；评价只抽查部分项目时须说明。",
)
_declare(
    "部门整体",
    "BASIC_SUM_MISMATCH",
    E,
    "收支合计与分项之和不符",
    "{total} {actual} 万元，{parts} 之和为 {expected} 万元",
    "基本情况表：收入合计 = 上年结转结余 + 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入及其他收入；"
    "支出合计 = 基本支出 + 项目支出 + 经营支出及其他支出；基本支出 = 人员支出 + 日常公用支出。",
)
_declare(
    "部门整体",
    "PLAN_ORDINAL_CHANGED",
    W,
    "计划与实际的届次不同",
    "{row}计划的是“{planned}”，实际报告的是“{reported}”：届次不同，计划的一届未见完成情况",
    "计划写“第36届”而实际写“第35届”时，两者不是同一事项；计划的一届是否完成须说明。",
)


def get(code: str) -> Code:
    """The declaration of a code; an undeclared code is a programmer error."""
    return CODES[code]


# --- 自评报告 (check-report): the numbers a written report states, against each other and its tables ----
_declare(
    "自评报告",
    "REPORT_SUM_MISMATCH",
    E,
    "报告中的合计与所列各项之和不符",
    "“{quote}”：合计 {total}，所列 {count} 项之和为 {sum}（{items}），相差 {diff}",
    "正文写明一个合计（或预算总额）并用“其中”或编号列出各项时，各项之和应等于合计；只检查列出两项以上金额的情形。",
)
_declare(
    "自评报告",
    "REPORT_RATE_MISMATCH",
    E,
    "报告中的执行率与金额不符",
    "{where}：执行率写为 {actual}，按执行数 {executed} ÷ 预算数 {budget} 计算为 {expected}",
    "同一句话（或同一表格行）写明预算数、执行数和执行率时，执行率应等于执行数 ÷ 预算数（按所写位数四舍五入）。",
)
_declare(
    "自评报告",
    "REPORT_TABLE_COUNT_MISMATCH",
    E,
    "报告所称附表数与所附表格数不符",
    "“{quote}”：称附“{title}”{expected} 个，文中实际附有 {actual} 个",
    "正文（或附件目录）说明附有某种表格若干个时，文档中以该名称为标题的表格数应与之相同；文档中一个也没有时不检查（可能另行报送）。",
)
_declare(
    "自评报告",
    "REPORT_FIGURE_CONFLICT",
    W,
    "同一数字在报告中前后不一",
    "“{quote}”：{key}写为 {actual}，而{other}为 {expected}",
    "同一份报告中同一事项（预算执行率、年初预算、调整后预算、执行数、自评得分）在正文两处或正文与资金表中写法不同，应核实以哪个为准。"
    "只在报告只涉及一张资金表时比较。",
)
_declare(
    "自评报告",
    "REPORT_RETURN_MISMATCH",
    E,
    "报告数字与自评表不符",
    "“{quote}”：{key}写为 {actual}，所附自评表（{files}）中为 {expected}",
    "给了 --returns 时，正文中的预算执行率、年初预算、调整后预算、执行数、自评得分应与自评表按核心规则重算的结果一致。",
)
