"""`make bench`: validate + consolidate N filled returns end to end, against a raw read of the same files.

Prints files/s for the pipeline (all cores), python-calamine and openpyxl raw reads (one process,
as a plain script would read them), peak RSS of the parent and of the worker processes, and ends
with the machine-readable line `pipeline_vs_calamine=<ratio>` (pipeline files/s ÷ calamine files/s).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import warnings
from dataclasses import replace
from pathlib import Path

FORM = "mof-project"


def _generate_one(task: tuple[int, str]) -> str:
    """Write filled return number i (a demo roster row with its own code and seed)."""
    i, folder = task
    from workbook_tools.collect.demo import demo_roster
    from workbook_tools.collect.roster import read_roster
    from workbook_tools.collect.samples import filled
    from workbook_tools.core.profile import load_profile
    from workbook_tools.forms.registry import get_form
    from workbook_tools.xlsx.identity import Identity
    from workbook_tools.xlsx.writer import write_template

    rows = read_roster(demo_roster()).rows
    row = replace(rows[i % len(rows)], code=f"B{i:05d}", name=f"{rows[i % len(rows)].name}{i}")
    spec, prof = get_form(FORM), load_profile("national-2020")
    data = filled(row, FORM, spec.funding.labels, seed=i)
    stamp = Identity(FORM, spec.version, prof.name, row.code, row.name, row.project, "BENCH")
    path = Path(folder) / f"{i:05d}.xlsx"
    write_template(spec, path, profile=prof, data=data, stamp=stamp, lock_prefilled=True)
    return str(path)


def generate(n: int, folder: Path, jobs: int) -> list[Path]:
    """N distinct filled workbooks, written on all cores."""
    with multiprocessing.get_context().Pool(jobs) as pool:
        return [Path(p) for p in pool.imap(_generate_one, [(i, str(folder)) for i in range(n)], chunksize=16)]


def time_pipeline(files: list[Path], out: Path, jobs: int) -> float:
    """Seconds for validate + recompute (all cores) + summary tables + summary workbook."""
    from workbook_tools.collect.runner import consolidate_paths

    start = time.perf_counter()
    summary, _path = consolidate_paths(files, out, jobs=jobs)
    elapsed = time.perf_counter() - start
    if len(summary.projects) != len(files):
        raise SystemExit(f"汇总行数 {len(summary.projects)} 与文件数 {len(files)} 不符")
    return elapsed


def _calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())


def _openpyxl_read(path: Path) -> int:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    return rows


def time_reads(files: list[Path], reader) -> float:
    """Seconds to read the first sheet of every file in this process."""
    start = time.perf_counter()
    for f in files:
        reader(f)
    return time.perf_counter() - start


# A typed 绵阳-style form (no stamp): what offices send when they type the official form themselves.
_TYPED_ROWS = (
    ("市科协项目绩效目标自评表",),
    ("（2021年度）",),
    ("政策（项目）名称", None, "{name}"),
    ("项目主管部门", None, "绵阳市科学技术协会", None, "资金使用单位", "{name}"),
    ("项目资金（万元）", None, "全年预算数", "全年执行数", "预算执行率"),
    (None, "年度资金总额：", "{budget}", "{spent}", "{rate}"),
    (None, "其中：市级财政资金", "{budget}", "{spent}", "{rate}"),
    ("总体目标完成情况", "总体目标", None, "全年实际完成情况"),
    (None, "开展科普活动", None, "开展了科普活动"),
    ("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"),
    (None, "产出指标", "数量指标", "开展活动", "≥20次", "{count}次"),
    (None, "产出指标", "质量指标", "合格率", "≥90%", "95%"),
    (None, "产出指标", "成本指标", "活动经费", "{budget}万元", "{spent}万元"),
    (None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "93%"),
    ("说明", "无"),
)


def _typed_one(task: tuple[int, str]) -> str:
    """Write typed return number i with openpyxl: the official form as an office types it, no stamp."""
    import openpyxl

    i, folder = task
    budget = 10 + i % 37
    values = {
        "name": f"科普项目{i}",
        "budget": f"{budget:.2f}",
        "spent": f"{budget * 0.95:.2f}",
        "rate": "95%",
        "count": str(20 + i % 7),
    }
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(_TYPED_ROWS, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, c, value.format(**values))
    path = Path(folder) / f"typed-{i:05d}.xlsx"
    wb.save(path)
    return str(path)


def time_typed(n: int, folder: Path, jobs: int) -> float:
    """Files/s of validate (the one reader, label-anchored) over n typed returns, in one process."""
    from workbook_tools.validate.workbook import check_workbook

    with multiprocessing.get_context().Pool(jobs) as pool:
        files = list(pool.imap(_typed_one, [(i, str(folder)) for i in range(n)], chunksize=16))
    start = time.perf_counter()
    for f in files:
        if check_workbook(f).model is None:
            raise SystemExit(f"{f} 未能识别")
    return n / (time.perf_counter() - start)


def cold_starts() -> dict[str, float]:
    """Seconds (best of 3) for `python -c pass`, `workbook-tools validate ONE.xlsx` and the button module import."""
    import subprocess

    from workbook_tools.forms.registry import get_form
    from workbook_tools.xlsx.writer import write_template

    with tempfile.TemporaryDirectory(prefix="workbook-tools-cold-") as tmp:
        one = write_template(get_form(FORM), Path(tmp) / "one.xlsx")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "workbook-tools validate ONE.xlsx": [
                sys.executable,
                "-m",
                "workbook_tools",
                "validate",
                str(one),
            ],
            "Excel 按钮模块（import workbook_tools.excel.buttons）": [
                sys.executable,
                "-c",
                "import workbook_tools.excel.buttons",
            ],
            "xlwings 本身（首次点击时加载；启用 Use UDF Server 后每次会话一次）": [
                sys.executable,
                "-c",
                "import xlwings",
            ],
        }
        out = {}
        for label, argv in commands.items():
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run(argv, capture_output=True, check=False)
                best = min(best, time.perf_counter() - start)
            out[label] = best
    return out


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size (MB) of this process and of its largest finished child."""
    per_mb = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / per_mb, children / per_mb


def run(n: int, jobs: int, keep: str | None = None) -> float:
    """Generate, time, print; returns pipeline ÷ calamine throughput."""
    with tempfile.TemporaryDirectory(prefix="workbook-tools-bench-") as tmp:
        folder = Path(keep) if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"生成 {n} 个已填报的工作簿（{FORM}，{jobs} 个进程）……", flush=True)
        files = generate(n, folder, jobs)
        pipeline = time_pipeline(files, Path(tmp) / "汇总.xlsx", jobs)
        calamine = time_reads(files, _calamine_read)
        openpyxl_s = time_reads(files, _openpyxl_read)
        typed_n = min(n, 500)
        typed_dir = folder / "typed"
        typed_dir.mkdir(exist_ok=True)
        typed = time_typed(typed_n, typed_dir, jobs)
    rates = {
        "流水线（校验+重算+汇总，全部核心）": n / pipeline,
        "python-calamine 原始读取（单进程）": n / calamine,
        "openpyxl 原始读取（read_only，单进程）": n / openpyxl_s,
    }
    for label, rate in rates.items():
        print(f"{label}：{rate:,.1f} 个文件/秒")
    print(
        f"手工录入的官方表样（无标识，按标签识别，单进程，N={typed_n}）：{typed:,.1f} 个文件/秒（目标 ≥ 200）"
    )
    for label, seconds in cold_starts().items():
        print(f"冷启动 {label}：{seconds:.2f} 秒")
    parent, child = peak_rss_mb()
    print(f"峰值内存：主进程 {parent:,.0f} MB，子进程 {child:,.0f} MB（N={n}，CPU 核数 {os.cpu_count()}）")
    ratio = (n / pipeline) / (n / calamine)
    print(f"流水线 / calamine = {ratio:.3f}（目标 ≥ 0.5）")
    print(f"pipeline_vs_calamine={ratio:.3f}")
    return ratio


def main(argv: list[str] | None = None) -> int:
    """Command line of the benchmark."""
    p = argparse.ArgumentParser(prog="python -m workbook_tools.bench", description="批量校验与汇总的性能测试")
    p.add_argument("--n", type=int, default=2000, help="工作簿数量（默认 2000）")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="进程数（默认为 CPU 核数）")
    p.add_argument("--keep", default=None, help="把生成的工作簿保留在此目录")
    args = p.parse_args(argv)
    run(args.n, args.jobs, args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
