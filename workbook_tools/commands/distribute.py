"""`distribute ROSTER --form FORM -o DIR`: one pre-filled, stamped template per roster row."""

from __future__ import annotations


def register(sub) -> None:
    """Add the distribute sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "distribute",
        help="按名单下发预填好的模板（每个单位一个文件）",
        description="按名单为每个单位生成预填了单位、项目、预算和预设指标的模板，并写出清单 manifest.csv/json。",
        epilog=EXIT_CODES,
    )
    p.add_argument("roster", metavar="名单", help="名单文件（.xlsx 或 .csv），列见 README")
    p.add_argument("--form", metavar="表单", required=True, help="表单编号，如 mof-project、sc-project")
    p.add_argument("-o", "--output", metavar="输出文件夹", required=True, help="存放下发模板的文件夹")
    p.add_argument("--batch", metavar="批次", default=None, help="批次编号（默认按时间生成）")
    p.add_argument("--profile", metavar="规则配置", default=None, help="规则配置（默认为表单的默认配置）")
    p.add_argument("--xlsm", action="store_true", help="下发带“校验”按钮的 .xlsm 模板")
    p.set_defaults(run=run)


def run(args) -> int:
    """Distribute and print where the files are."""
    from pathlib import Path

    from workbook_tools.collect.distribute import MANIFEST_CSV, MANIFEST_JSON, distribute
    from workbook_tools.commands import refuse_file_name_for_folder
    from workbook_tools.io.paths import refuse_output_onto_input, require_existing

    require_existing(args.roster)
    refuse_file_name_for_folder(args.output)
    for name in (MANIFEST_CSV, MANIFEST_JSON):  # the roster must not be overwritten by the manifest
        refuse_output_onto_input(Path(args.output) / name, [args.roster])
    result = distribute(
        args.roster, args.form, args.output, batch_id=args.batch, profile=args.profile, xlsm=args.xlsm
    )
    print(f"已生成 {len(result.files)} 个模板，批次 {result.batch_id}：{result.folder}")
    print(f"清单：{result.manifest_csv}")
    return 0
