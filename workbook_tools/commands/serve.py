"""`workbook-tools serve`: the collection portal (Django + waitress), SQLite in a data folder or PostgreSQL."""

from __future__ import annotations


def register(sub) -> None:
    """Add the serve sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "serve",
        help="启动收集门户（网页：单位下载模板、上传并即时校验；汇总人员看回收看板）",
        description="启动收集门户。数据（数据库、上传的文件、批次模板）保存在 --data 文件夹；"
        "设置环境变量 DATABASE_URL=postgres://用户:密码@主机:5432/库名 时改用 PostgreSQL。",
        epilog=EXIT_CODES,
    )
    p.add_argument(
        "--host",
        metavar="地址",
        default="127.0.0.1",
        help="监听地址（默认 127.0.0.1；对局域网开放用 0.0.0.0）",
    )
    p.add_argument("--port", metavar="端口", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--data", metavar="目录", default="portal-data", help="数据文件夹（默认 portal-data）")
    p.add_argument("--threads", metavar="线程数", type=int, default=4, help="处理请求的线程数（默认 4）")
    p.add_argument(
        "--create-collector",
        metavar="用户名",
        default=None,
        help="创建汇总人员账号（已存在时重设密码）后退出",
    )
    p.add_argument(
        "--password", metavar="密码", default=None, help="与 --create-collector 同用；不给时随机生成"
    )
    p.add_argument(
        "--demo", action="store_true", help="载入演示名单和演示账号，并显示登录信息和一个单位的链接"
    )
    p.add_argument(
        "--allowed-hosts",
        metavar="域名",
        default=None,
        help="只应答这些主机名（逗号分隔），如 tb.example.gov.cn",
    )
    p.add_argument(
        "--https",
        action="store_true",
        help="运行在本机的 HTTPS 反向代理之后（安全 Cookie，信任本机代理的 X-Forwarded-For/-Proto）",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Set up the data folder and database; create an account, or serve until Ctrl+C."""
    from workbook_tools.portal import server

    server.configure(args.data, hosts=args.allowed_hosts, https=args.https)
    if args.create_collector:
        from workbook_tools.portal.accounts import ensure_collector

        password = ensure_collector(args.create_collector, args.password)
        print(f"汇总人员账号：{args.create_collector}　密码：{password}")
        return 0
    base = f"http://{'localhost' if args.host in ('127.0.0.1', '0.0.0.0') else args.host}:{args.port}"
    if args.demo:
        user, password, link = server.preload_demo(password=args.password)
        print(f"汇总人员登录：{base}/login/　用户名 {user}　密码 {password}")
        print(f"一个单位的专用链接：{base}{link}")
    try:
        server.serve(args.host, args.port, args.threads, behind_proxy=args.https)
    except KeyboardInterrupt:  # Ctrl+C is how a collector stops the portal: not an error
        print("收集门户已停止")
    return 0
