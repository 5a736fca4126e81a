"""`distribute ROSTER --form FORM -o DIR`: one pre-filled, stamped template per roster row."""

from __future__ import annotations


def register(sub) -> None:
    """Add the distribute sub-command."""
    p = sub.add_parser(
        "distribute",
        help="按名单下发预填好的模板（每个单位一个文件）",
        description="按名单为每个单位生成预填了单位、项目、预算和预设指标的模板，并写出清单 manifest.csv/json。",
    )
    p.add_argument("roster", help="名单文件（.xlsx 或 .csv），列见 README")
    p.add_argument("--form", required=True, help="表单编号，如 mof-project、sc-project")
    p.add_argument("-o", "--output", required=True, help="输出目录")
    p.add_argument("--batch", default=None, help="批次编号（默认按时间生成）")
    p.add_argument("--profile", default=None, help="规则配置（默认为表单的默认配置）")
    p.add_argument("--xlsm", action="store_true", help="下发带“校验”按钮的 .xlsm 模板")
    p.set_defaults(run=run)


def run(args) -> int:
    """Distribute and print where the files are."""
    from pathlib import Path

    from workbook_tools.collect.distribute import MANIFEST_CSV, MANIFEST_JSON, distribute
    from workbook_tools.io.paths import refuse_output_onto_input, require_existing

    require_existing(args.roster)
    for name in (MANIFEST_CSV, MANIFEST_JSON):  # the roster must not be overwritten by the manifest
        refuse_output_onto_input(Path(args.output) / name, [args.roster])
    result = distribute(
        args.roster, args.form, args.output, batch_id=args.batch, profile=args.profile, xlsm=args.xlsm
    )
    print(f"已生成 {len(result.files)} 个模板，批次 {result.batch_id}：{result.folder}")
    print(f"清单：{result.manifest_csv}")
    return 0
