"""`demo [-o DIR]`: the collector's whole flow on the bundled roster of 17 county offices."""

from __future__ import annotations


def register(sub) -> None:
    """Add the demo sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "demo",
        help="用内置示例数据演示 下发→回收→校验→汇总 全流程",
        description="用内置的 17 个县（市）科协名单演示完整流程，输出到指定目录。",
        epilog=EXIT_CODES,
    )
    p.add_argument(
        "-o", "--output", metavar="输出文件夹", default="demo-output", help="输出文件夹（默认 demo-output）"
    )
    p.add_argument("--seed", metavar="整数", type=int, default=2021, help="生成示例数据的随机种子")
    p.set_defaults(run=run)


def run(args) -> int:
    """Run the demo; it prints each step and where its outputs are."""
    from workbook_tools.collect.demo import run_demo
    from workbook_tools.commands import refuse_file_name_for_folder

    refuse_file_name_for_folder(args.output)
    run_demo(args.output, seed=args.seed)
    return 0
