"""`make demo`: roster → distribute → simulated returns → collect → validate → consolidate, in Chinese."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from workbook_tools.collect.collect import UNKNOWN, short_name
from workbook_tools.collect.demo_returns import describe, make_returns
from workbook_tools.collect.distribute import distribute
from workbook_tools.collect.outputs import OutputPaths, collect_outputs
from workbook_tools.collect.roster import read_roster
from workbook_tools.collect.runner import UNIT_MISMATCH

FORM = "mof-project"
# Only these are (re)created, so pointing -o at a folder with other files never deletes them.
OUTPUTS = ("01-名单", "02-下发模板", "03-回收文件", "04-回收情况.xlsx", "05-校验结果", "06-汇总.xlsx")


def demo_roster() -> Path:
    """The bundled roster: 17 county 科协 offices of 凉山州 with one project each, and two 部门整体 returns
    (its 表单 column): 凉山州科协's 指标体系 (sc-dept-system) and, to show the other kind in the same run,
    丽水市科协's 基本情况表 (zj-dept-basic)."""
    return Path(str(resources.files("workbook_tools") / "data" / "demo" / "roster.csv"))


def run_demo(
    out: str | Path = "demo-output", seed: int = 2021, echo: Callable[[str], None] = print
) -> dict[str, Path]:
    """Run the whole flow into `out`; returns the main output paths."""
    out = Path(out)
    _clean(out)
    paths = {name: out / name for name in OUTPUTS}
    roster_copy = paths["01-名单"] / "名单.csv"
    roster_copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_roster(), roster_copy)
    roster = read_roster(roster_copy)
    echo(f"① 名单：{len(roster)} 个单位 → {roster_copy}")
    dist = distribute(roster, FORM, paths["02-下发模板"], batch_id=f"LSKX-2021-{seed}")
    whole = sum(1 for f in dist.files if f.form != FORM)
    echo(
        f"② 下发：{len(dist.files)} 个预填模板（其中部门整体 {whole} 个；已锁定预填内容，批次 {dist.batch_id}）"
        f"→ {dist.folder}"
    )
    make_returns(roster, dist, paths["03-回收文件"], seed)
    echo(f"③ 模拟回收：{paths['03-回收文件']}")
    for line in describe():
        echo(f"     · {line}")
    # One collector path: the board, the reports, the annotated copies and the 汇总, all from the versions
    # collect adopted (the same function `workbook-tools collect` runs).
    outputs = collect_outputs(
        paths["03-回收文件"],
        roster,
        OutputPaths(paths["04-回收情况.xlsx"], paths["05-校验结果"], paths["06-汇总.xlsx"]),
    )
    result, status, reports = outputs.result, outputs.board, outputs.batch
    counts = "、".join(f"{k} {v}" for k, v in result.counts().items())
    echo(f"④ 回收情况：{counts} → {status}")
    for u in result.units:
        if u.status not in ("校验通过",):
            echo(f"     · {u.row.name}：{u.status}{'；' + u.note if u.note else ''}")
    for rec in result.unknown:
        echo(f"     · 无法识别：{rec.source.location}（{rec.problem}）")
    echo(
        f"⑤ 校验：{len(reports.reports)} 份采用的报表，错误 {reports.counts()['error']} 条、"
        f"需说明 {reports.counts()['explain']} 条 → {paths['05-校验结果']}"
        "（report.xlsx、report.html、report.json、标注副本）"
    )
    mismatched = sum(1 for r in result.accepted() for f in r.findings if f["code"] == UNIT_MISMATCH)
    if mismatched:
        echo(f"     · 其中 {mismatched} 份报表填写的实施单位与下发单位不符（回收时核对的错误）")
    summary, path = outputs.summary, outputs.summary_path
    echo(
        f"⑥ 汇总：{len(summary.projects)} 个项目，部门汇总 {len(summary.departments)} 行，"
        f"部门整体 {len(summary.whole)} 个单位，问题清单 {len(summary.findings)} 条，含图表 → {path}"
    )
    echo(f"全部输出在：{out.resolve()}")
    for line in board_lines(result, status):
        echo(line)
    return paths


def board_lines(result, status: Path) -> list[str]:
    """The closing verdict: the board's path, then one line per status with its count and units."""
    lines = [f"回收情况表：{status.resolve()}"]
    for name, count in result.counts().items():
        if not count:
            continue
        if name == UNKNOWN:
            who = [rec.source.name for rec in result.unknown]
        else:
            who = [short_name(u.row.name) for u in result.units if u.status == name]
        lines.append(f"  {name} {count}：{'、'.join(who)}")
    return lines


def _clean(out: Path) -> None:
    for name in OUTPUTS:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
