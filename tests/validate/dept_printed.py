"""The 凉山 指标体系 (seed 001, last annex) and the 丽水 基本情况表 (seed 003) typed by hand as printed.

Each sheet is what a department's accountant types from the paper form: the printed rows, merged
cells where the paper merges them, numbers as printed. The 凉山 sheet also carries, below the table, the
facts block a department adds (labels as in our template), with what the seed report states:
全年预算调剂金额 15 (冕宁 37届科创赛 调剂), 年初部门预算数 686.54 (当年总收支全部编入年初预算),
调整取消额 3.1 (取消采购上缴财政), 结余注销额 108.1 (年末财政收回), 违纪违规问题 0.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

LIANGSHAN_ROWS = [
    # 一级, 二级, 三级, 指标分值, 自评得分 (as printed)
    ("部门预算管理（60分）", "预算编制（24分）", "目标制定", 8, 8),
    ("部门预算管理（60分）", "预算编制（24分）", "目标实现", 8, 8),
    ("部门预算管理（60分）", "预算编制（24分）", "编制准确", 8, 8),
    ("部门预算管理（60分）", "预算执行（20分）", "支出控制", 6, 3),
    ("部门预算管理（60分）", "预算执行（20分）", "动态调整", 8, 8),
    ("部门预算管理（60分）", "预算执行（20分）", "执行进度", 6, 6),
    ("部门预算管理（60分）", "完成结果（16分）", "预算完成", 8, 8),
    ("部门预算管理（60分）", "完成结果（16分）", "违规记录", 8, 8),
    ("专项预算管理（20分）", None, None, None, 18),
    ("绩效结果应用（10分）", "信息公开（2分）", "自评公开", 2, 2),
    ("绩效结果应用（10分）", "整改反馈（8分）", "结果整改", 4, 4),
    ("绩效结果应用（10分）", "整改反馈（8分）", "应用反馈", 4, 4),
    ("自评质量（10分）", "自评质量（10分）", "自评准确", 10, None),
]
LIANGSHAN_FACTS = [
    ("年初部门预算数（万元）", 686.54),
    ("全年预算调剂金额（万元）", 15),
    ("绩效监控调整取消额（万元）", 3.1),
    ("结余注销额（万元）", 108.1),
    ("审计监督、财政检查发现的违纪违规问题（个）", 0),
]


# 目标实现's sample as a department types it below the table: 项目名称 | 数量指标 | A | B (seed 001's project tables).
LIANGSHAN_QUANTITIES = [
    ("青少年科学素质提升行动", "科技辅导员培训、学习、观摩活动人数", "20人左右", "18人"),
    ("“天府科技云”项目", "人员聘用数", "4人左右", "4人"),
    ("“天府科技云”项目", "购买第三方专业服务机构数", "1个", "1个"),
    ("学术交流学会科普", "学术交流、学术年会等活动场次", "2场以上", "4场"),
    ("州本级科普专项", "第37届州青少年科技创新大赛事次数", "1次", "因疫情发生未能举办。"),
    ("州本级科普专项", "组织开展各类青少年科技活动次数", "1-2次", "2次"),  # a range: not counted
]
# 支出控制: 办公费 10 % over (6 points' band), 印刷费 25 % over (beyond 20 %): 0 points, printed 3.
LIANGSHAN_OFFICE = [("办公费", 10, 11), ("印刷费", 4, 5)]


def liangshan_printed(
    path: Path, rows=LIANGSHAN_ROWS, total=85, facts=LIANGSHAN_FACTS, quantities=(), office=()
) -> Path:
    """The 凉山 table as printed (rows 1–19), then the facts block (rows 22–) and the optional tables."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标体系"
    ws["A1"] = "凉山州科学技术协会2021年部门整体支出绩效评价指标体系"
    ws.append(["绩效指标", None, None, "指标分值", "指标解释", "计分标准", "自评得分", "备注"])
    ws.append(["一级指标", "二级指标", "三级指标"])
    ws.append(["总分", None, None, 100, None, None, total])
    for level1, level2, name, points, score in rows:
        r = ws.max_row + 1
        if name is None:  # 专项预算管理: the description spans 二级 to 计分标准, as printed
            ws.cell(r, 1, level1)
            ws.cell(r, 2, "部门按照专项项目自评工作要求对本部门管理的专项进行自评并打分。")
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
        else:
            for c, v in enumerate((level1, level2, name, points, "（指标解释）", "（计分标准）"), start=1):
                ws.cell(r, c, v)
        if score is not None:
            ws.cell(r, 7, score)
    r = ws.max_row + 3
    ws.cell(r, 1, "计分依据")
    for label, value in facts:
        r += 1
        ws.cell(r, 1, label)
        ws.cell(r, 4, value)
    if office:
        r += 2
        for c, v in enumerate(("科目", None, None, "年初预算数", "决算数"), start=1):
            ws.cell(r, c, v)
        for name, budget, final in office:
            r += 1
            ws.cell(r, 1, name)
            ws.cell(r, 4, budget)
            ws.cell(r, 5, final)
    if quantities:
        r += 2
        for c, v in enumerate(
            ("项目名称", None, "数量指标", None, None, "年初目标值（A）", "实际完成值（B）"), start=1
        ):
            ws.cell(r, c, v)
        for project, name, a, b in quantities:
            r += 1
            for c, v in ((1, project), (3, name), (6, a), (7, b)):
                ws.cell(r, c, v)
    wb.save(path)
    return path


LISHUI_SERVICES = [
    (
        "学会学术发展",
        "(1) 预期完成资助 40 个项目 (包括科学讲坛、重点学术活动、重点科普活动、软课题研究); 组织开展第十五届自然科学优秀论文评选。",
        "(1) 实际完成 61 个科技创新项目资助工作, 通过项目实施, 充分发挥学会作用, 增强了学会活力。"
        "完成第十五届自然科学优秀论文的资助工作。",
    ),
    (
        "人才发展专项",
        "(1) 规范院士专家工作站建设, 根据相关政策做好院士专家工作站考察工作, 助力高质量绿色发展。"
        "(2) 做好院士疗休养规划, 克服疫情影响, 通过各种途径和资源邀请 45 名以上院士来丽疗休养和参加第十届“人才科技”峰会。",
        "(1) 根据院士专家工作站管理办法, 6 家院士专家工作站经考核全部合格, 发放奖励金额 30 万元。"
        "(2) 2021 年度通过各种途径邀请 50 人次院士来丽开展疗休养和实地调研考察。",
    ),
    (
        "科协事务综合业务管理",
        "(1) 完成老科技工作者协会经费的转拨工作。(2) 完成 912 工程终端项目的采购工作。",
        "(1) 老科技工作者协会经费转拨。(2) 完成 14 台国产台式电脑的支付工作。",
    ),
]


def lishui_printed(path: Path, income_total=743.31, basic=446.58) -> Path:
    """The 丽水 基本情况表 as printed in seed 003 (lines 214–245), 服务 table abridged to three lines."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基本情况表"
    ws.append(["市级部门整体支出绩效评价基本情况表"])
    ws.append(["(2021 年度)"])
    ws.append(["评价联系人", "雷珍", None, "联系电话及手机", None, "2056053"])
    ws.append(["人员编制数", 8, None, "实有人数", None, 10])
    ws.append(["单位职能", "丽水市科学技术协会是由市级学会、协会、研究会……组成的群众组织。"])
    ws.append(["单位年度实际收入(万元)"])
    ws.append(["收入合计", "其中:"])
    ws.append([None, "上年结转结余", "财政拨款收入", "上级补助收入", "事业收入", "经营收入及其他收入"])
    ws.append([income_total, 9.27, 734.04, 0, 0, 0])
    ws.append(["单位年度实际支出(万元)"])
    ws.append(["支出合计", "其中:"])
    ws.append([None, "基本支出", "其中:", None, "项目支出", "经营支出及其他支出"])
    ws.append([None, None, "人员支出", "日常公用支出"])
    ws.append([743.31, basic, 353.07, 93.51, 296.73, 0])
    ws.append(["年度绩效状况"])
    ws.append([None, "服务名称", "计 划", "实 际"])
    for name, plan, actual in LISHUI_SERVICES:
        ws.append(["本年度提供的公共产品或服务", name, plan, actual])
    ws.append(["服务对象（受益者及相关群体）满意度", "满意"])
    wb.save(path)
    return path
