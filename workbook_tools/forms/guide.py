"""The 填表说明 sheet: how to fill the form and how it scores, in words, for the accountant."""

from __future__ import annotations

from workbook_tools.core.numbers import general_text
from workbook_tools.core.profile import Profile
from workbook_tools.forms.formulas import tag
from workbook_tools.forms.spec import FormSpec
from workbook_tools.forms.twin import indicator_total, pct_text
from workbook_tools.validate.codes import Severity

ERROR, EXPLAIN, ADVICE = Severity.ERROR, Severity.EXPLAIN, Severity.ADVICE


def guide_lines(spec: FormSpec, profile: Profile) -> list[tuple[str, str]]:
    """(style, text) lines: headings use style 'guide_head'."""
    lines: list[tuple[str, str]] = [
        ("guide_head", f"{spec.title} 填表说明（模板版本 {spec.version}，规则：{profile.title}）")
    ]
    lines += [("guide_head", "一、怎么填")]
    lines += [("guide", t) for t in _how_to_fill(spec)]
    lines += [("guide_head", "二、表格会自动提醒什么")]
    lines += [("guide", t) for t in _warnings(spec, profile)]
    if spec.scored:
        lines += [("guide_head", "三、得分怎么算")]
        lines += [("guide", t) for t in _scoring(profile)]
    lines += [("guide_head", "四、本表说明")]
    lines += [("guide", t) for t in spec.notes]
    return lines


def _how_to_fill(spec: FormSpec) -> list[str]:
    out = [
        "1. 只需填写白色单元格；灰色单元格是自动计算的，已锁定，不能修改。金额单位为万元。",
        "2. 点击单元格时会显示填写提示；一级指标、二级指标、指标性质、度量单位可从下拉列表选择。",
        "3. 用不到的指标行留空即可，空行不计分、不提示。",
    ]
    if spec.scored:
        out += [
            "4. 定量指标（指标性质为 ≥、≤、=）：指标值、完成值只填数字，单位选在“度量单位”一列，"
            "例如指标值 90、度量单位 %、完成值 96.5。",
            "5. 定性指标：指标性质选“定性”，完成值填达成等级：达成年度指标 / 部分达成年度指标并具有一定效果 / "
            "未达成年度指标且效果较差（也可填 优、良、中、低、差）。如需给出具体分数，填在“定性评分”一列；"
            "不填时按该等级分值区间的下限计分。",
            "6. 权重（分值）填正数；各组权重之和应等于规定分值，见表下方的分组小计。",
        ]
    else:
        out += ["4. 指标值、全年实际完成值按实际填写，数字后面写上计量单位，如“20次”“96%”。"]
    return out


def _warnings(spec: FormSpec, profile: Profile) -> list[str]:
    threshold = pct_text(profile.execution_reason_threshold)
    out = [
        "1. 表格右侧“提示”一列（不打印）会实时显示问题，改正后提示自动消失。",
        f"2. 提示格红色（{tag(ERROR.label)}）须改正后才能上报；橙色（{tag(EXPLAIN.label)}）填写原因即可；"
        f"{tag(ADVICE.label)}仅为建议。",
        "3. 必填项为空时显示浅黄色；需要填写原因而原因为空时，原因单元格显示橙色。",
        f"4. 预算执行率低于 {threshold} 需要说明原因；执行率超过 100%、预算数为 0 却有执行数时会提示核实。",
    ]
    if spec.scored:
        out += [
            f"5. 完成值未达到指标值、或偏离指标值超过 {pct_text(profile.deviation_threshold)} 时，需要填写偏差原因。",
            "6. 定性评分超过权重、或不在所选等级的分值区间内时会提示；权重合计不符时在分组小计处提示。",
        ]
    else:
        out += [
            "5. 指标值带有计量单位（如“次”“万元”）而完成值没有写同样的单位时会提示。"
            "注意“万元”与“元”不同：指标值写“万元”时，完成值也应写“万元”。"
        ]
    return out


def _scoring(profile: Profile) -> list[str]:
    w = general_text(profile.execution_weight)
    reverse = (
        "得分 = 权重 × 指标值 ÷ 完成值（完成值为 0 时得满分）"
        if profile.reverse_mode == "ratio"
        else "完成值超过指标值时按超出比例线性扣分，达到指标值的 2 倍时得 0 分"
    )
    bands = "；".join(
        f"{tier}：{pct_text(lo)}–{pct_text(hi)}" for tier, (lo, hi) in profile.qualitative_bands.items()
    )
    groups = "、".join(f"{k} {general_text(v)} 分" for k, v in profile.group_weights.items())
    return [
        f"1. 预算执行：得分 = {w} × 执行率，最高 {w} 分（执行率超过 100% 按 100% 计）。",
        "2. 正向指标（≥）：完成值达到指标值得满分，未达到按 完成值 ÷ 指标值 × 权重 计分。",
        f"3. 反向指标（≤）：完成值不超过指标值得满分；超过时{reverse}。",
        "4. 等于指标（=）：达到或超过指标值得满分，未达到按比例计分。",
        f"5. 定性指标按等级在权重的以下区间内计分：{bands}。",
        f"6. 总分 = 预算执行得分 + 各指标得分，满分 {general_text(profile.total)} 分；"
        f"绩效指标合计 {general_text(indicator_total(profile))} 分"
        + (f"，其中 {groups}。" if groups else "。"),
        "7. 所有得分保留两位小数。",
        *_profile_rules(profile),
    ]


def _profile_rules(profile: Profile) -> list[str]:
    """The province rules the template's formulas apply for this profile (指标偏离, 总分上限)."""
    out = []
    if profile.deviation_penalty:
        out.append(
            f"{len(out) + 8}. 指标偏离：完成值高出指标值 {pct_text(profile.deviation_threshold)} 及以上的（≥、= 指标），"
            f"该指标得分扣 {general_text(profile.deviation_penalty)} 分（不低于 0），并请说明原因。"
        )
    if profile.total_caps:
        caps = "；".join(
            f"执行率 {pct_text(low)} 以上最高 {general_text(cap)} 分"
            if low
            else f"其余最高 {general_text(cap)} 分"
            for low, cap in profile.total_caps
        )
        out.append(f"{len(out) + 8}. 总分受预算执行率限制（超出部分扣除）：{caps}。")
    return out
