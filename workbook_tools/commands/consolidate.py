"""`consolidate PATH... -o SUMMARY.xlsx`: one summary workbook with 汇总, details, problems and charts."""

from __future__ import annotations


def register(sub) -> None:
    """Add the consolidate sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "consolidate",
        help="汇总多个自评表，生成带图表的汇总工作簿",
        description="读取自评表（文件或目录），按原始数据重新计算执行率、得分和总分，"
        "生成 汇总、部门汇总、指标明细、问题清单 和图表。",
        epilog=EXIT_CODES,
    )
    p.add_argument("paths", nargs="+", metavar="路径", help="自评表文件、目录（递归查找）或 .zip 压缩包")
    p.add_argument("-o", "--output", metavar="输出文件", required=True, help="汇总工作簿，以 .xlsx 结尾")
    p.add_argument("--roster", metavar="名单", default=None, help="名单（用“上级单位”列分部门汇总）")
    p.add_argument("--profile", metavar="规则配置", default=None, help="规则配置（默认取自文件标识）")
    p.add_argument("--jobs", metavar="进程数", type=int, default=None, help="并行进程数（默认为 CPU 核数）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Consolidate and print where the summary is."""
    from workbook_tools.collect.runner import consolidate_paths
    from workbook_tools.commands import require_suffix
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.validate.batch import terminal_progress

    require_existing(*args.paths, args.roster)
    check_output(args.output, [*args.paths, args.roster])
    require_suffix(args.output, ".xlsx", "汇总工作簿")

    summary, path = consolidate_paths(
        args.paths,
        args.output,
        roster=args.roster,
        profile=args.profile,
        jobs=args.jobs,
        progress=terminal_progress(),  # on stderr, only when it is a terminal
    )
    from workbook_tools.cli import one_line  # file names may hold control characters

    for location, reason in summary.skipped:
        print(one_line(f"未汇总：{location}（{reason}）"))
    whole = f"、部门整体表 {len(summary.whole)} 张" if len(summary.whole) else ""
    print(f"已汇总 {len(summary.projects)} 个项目{whole}，发现问题 {len(summary.findings)} 条：{path}")
    return 0
