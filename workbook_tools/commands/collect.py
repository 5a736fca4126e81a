"""`collect DIR --roster ROSTER -o STATUS.xlsx`: who returned what, identified by the stamp in each file."""

from __future__ import annotations


def register(sub) -> None:
    """Add the collect sub-command."""
    p = sub.add_parser(
        "collect",
        help="统计回收情况：按表内标识匹配名单，逐个校验",
        description="递归扫描目录（含 .zip 附件），按工作簿内的标识（而非文件名）匹配名单单位，"
        "校验每个文件，输出每个单位的状态：未收到、已收到、校验通过、待说明、有错误、文件损坏、重复提交、无法识别。",
        epilog="退出码：0 名单上每个单位都已收到且校验通过（--no-validate 时：都已收到）；"
        "1 有单位未收到、有错误、待说明、文件损坏、重复提交或有无法识别的文件（回收情况表照常写出）；"
        "2 用法错误或无法完成（找不到目录或名单、无法写出回收情况表等，原因见“错误：”一行）。",
    )
    p.add_argument("folder", metavar="目录", help="存放回收文件的目录")
    p.add_argument("--roster", metavar="名单", required=True, help="名单文件（.xlsx 或 .csv）")
    p.add_argument("-o", "--output", metavar="输出文件", required=True, help="回收情况表，以 .xlsx 结尾")
    p.add_argument("--no-validate", action="store_true", help="只识别、不校验（状态为“已收到”）")
    p.add_argument("--profile", metavar="规则配置", default=None, help="校验用的规则配置（默认取自文件标识）")
    p.add_argument(
        "--manifest",
        metavar="下发清单",
        default=None,
        help="distribute 写出的 manifest.json/csv（或其所在目录），用于把损坏的文件归到其单位",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Collect, write the status workbook, print the counts; 0 when every unit passed (was received)."""
    from workbook_tools.collect.collect import MISSING, PASSED, RECEIVED
    from workbook_tools.collect.runner import collect_folder
    from workbook_tools.commands import require_suffix
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.validate.batch import terminal_progress

    require_existing(args.folder, args.roster, *([args.manifest] if args.manifest else []))
    check_output(args.output, [args.folder, args.roster])
    require_suffix(args.output, ".xlsx", "回收情况表")

    result, path = collect_folder(
        args.folder,
        args.roster,
        args.output,
        validate=not args.no_validate,
        profile=args.profile,
        progress=terminal_progress(),  # on stderr, only when it is a terminal
        manifest=args.manifest,
    )
    counts = result.counts()
    print("；".join(f"{k} {v}" for k, v in counts.items()))
    print(f"回收情况表：{path}")
    done = counts[RECEIVED if args.no_validate else PASSED] == len(result.units) and counts[MISSING] == 0
    return 0 if done else 1
