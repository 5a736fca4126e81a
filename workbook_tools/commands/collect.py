"""`collect DIR --roster ROSTER -o 回收情况.xlsx`: the collector's command. Who returned what (identified by
the stamp in each file), and from the version adopted for each unit: the findings report, annotated copies
and the 汇总 workbook (collect.outputs)."""

from __future__ import annotations


def register(sub) -> None:
    """Add the collect sub-command."""
    p = sub.add_parser(
        "collect",
        help="统计回收情况：按表内标识匹配名单，逐个校验",
        description="递归扫描目录（含 .zip 附件），按工作簿内的标识（而非文件名）匹配名单单位，"
        "每个单位采用最新保存的一个版本并逐个校验，输出每个单位的状态：未收到、已收到、校验通过、待说明、有错误、"
        "文件损坏、重复提交、无法识别。同时在回收情况表所在文件夹写出：校验结果/（report.xlsx、report.html、"
        "report.json 和按单位命名的标注副本）与 汇总.xlsx——全部取自同一批采用的文件，各输出对每个单位的结论一致。",
        epilog="退出码：0 名单上每个单位都已收到且校验通过（--no-validate 时：都已收到）；"
        "1 有单位未收到、有错误、待说明、文件损坏、重复提交或有无法识别的文件（回收情况表照常写出）；"
        "2 用法错误或无法完成（找不到目录或名单、无法写出回收情况表等，原因见“错误：”一行）。",
    )
    p.add_argument("folder", metavar="目录", help="存放回收文件的目录")
    p.add_argument("--roster", metavar="名单", required=True, help="名单文件（.xlsx 或 .csv）")
    p.add_argument("-o", "--output", metavar="输出文件", required=True, help="回收情况表，以 .xlsx 结尾")
    p.add_argument(
        "--no-validate", action="store_true", help="只识别、不校验（状态为“已收到”；只写回收情况表）"
    )
    p.add_argument(
        "--reports",
        metavar="目录",
        default=None,
        help="校验报告和标注副本的文件夹（默认：回收情况表旁的 校验结果/）",
    )
    p.add_argument(
        "--summary",
        metavar="汇总表",
        default=None,
        help="汇总工作簿，以 .xlsx 结尾（默认：回收情况表旁的 汇总.xlsx）",
    )
    p.add_argument("--board-only", action="store_true", help="只写回收情况表，不写校验报告、标注副本和汇总表")
    p.add_argument("--profile", metavar="规则配置", default=None, help="校验用的规则配置（默认取自文件标识）")
    p.add_argument(
        "--manifest",
        metavar="下发清单",
        default=None,
        help="distribute 写出的 manifest.json/csv（或其所在目录），用于把损坏的文件归到其单位",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Collect, write the board and (unless --board-only) the reports and 汇总, print the counts; 0 when
    every unit passed (was received)."""
    from pathlib import Path

    from workbook_tools.collect.collect import MISSING, PASSED, RECEIVED
    from workbook_tools.collect.outputs import OutputPaths, collect_outputs
    from workbook_tools.commands import refuse_file_name_for_folder, require_suffix
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.validate.batch import terminal_progress

    require_existing(args.folder, args.roster, *([args.manifest] if args.manifest else []))
    inputs = [args.folder, args.roster]
    check_output(args.output, inputs)
    require_suffix(args.output, ".xlsx", "回收情况表")
    paths = OutputPaths.beside(args.output)
    if args.reports:
        refuse_file_name_for_folder(args.reports, "校验结果文件夹")
        paths.reports = Path(args.reports)
    if args.summary:
        require_suffix(args.summary, ".xlsx", "汇总工作簿")
        check_output(args.summary, inputs)
        paths.summary = Path(args.summary)
    if args.board_only or args.no_validate:
        paths.reports = paths.summary = None

    out = collect_outputs(
        args.folder,
        args.roster,
        paths,
        validate=not args.no_validate,
        profile=args.profile,
        progress=terminal_progress(),  # on stderr, only when it is a terminal
        manifest=args.manifest,
    )
    counts = out.result.counts()
    print("；".join(f"{k} {v}" for k, v in counts.items()))
    print(f"回收情况表：{out.board}")
    if out.reports:
        print(
            f"校验报告：{out.reports[0].parent}（report.xlsx、report.html、report.json；标注副本 {len(out.copies)} 份）"
        )
    if out.summary_path is not None:
        whole = f"、部门整体表 {len(out.summary.whole)} 张" if len(out.summary.whole) else ""
        print(f"汇总表：{out.summary_path}（{len(out.summary.projects)} 个项目{whole}，每个单位只计一次）")
    elif out.summary_skipped:
        print(out.summary_skipped)
    done = counts[RECEIVED if args.no_validate else PASSED] == len(out.result.units) and counts[MISSING] == 0
    return 0 if done else 1
