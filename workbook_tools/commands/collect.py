"""`collect DIR --roster ROSTER -o STATUS.xlsx`: who returned what, identified by the stamp in each file."""

from __future__ import annotations


def register(sub) -> None:
    """Add the collect sub-command."""
    p = sub.add_parser(
        "collect",
        help="统计回收情况：按表内标识匹配名单，逐个校验",
        description="递归扫描目录（含 .zip 附件），按工作簿内的标识（而非文件名）匹配名单单位，"
        "校验每个文件，输出每个单位的状态：未收到、已收到、校验通过、有错误、重复提交、无法识别。",
    )
    p.add_argument("folder", help="存放回收文件的目录")
    p.add_argument("--roster", required=True, help="名单文件（.xlsx 或 .csv）")
    p.add_argument("-o", "--output", required=True, help="回收情况表 STATUS.xlsx")
    p.add_argument("--no-validate", action="store_true", help="只识别、不校验（状态为“已收到”）")
    p.add_argument("--profile", default=None, help="校验用的规则配置（默认取自文件标识）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Collect, write the status workbook, print the counts; 0 when every unit passed."""
    from workbook_tools.collect.collect import MISSING, PASSED
    from workbook_tools.collect.runner import collect_folder
    from workbook_tools.io.paths import check_output, require_existing

    require_existing(args.folder, args.roster)
    check_output(args.output, [args.folder, args.roster])

    result, path = collect_folder(
        args.folder, args.roster, args.output, validate=not args.no_validate, profile=args.profile
    )
    counts = result.counts()
    print("；".join(f"{k} {v}" for k, v in counts.items()))
    print(f"回收情况表：{path}")
    done = counts[PASSED] == len(result.units) and counts[MISSING] == 0
    return 0 if done else 1
