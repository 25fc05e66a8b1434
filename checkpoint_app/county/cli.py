"""`checkpoint-county`: run the county server and administer it from a terminal.

Every command takes `--db URL` (default: the embedded SQLite file in the county's data
folder) and `--data-dir` (where the county's keys live).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

import platformdirs

from checkpoint_app.records.model import CheckpointKind
from checkpoint_app.records.transfers import SiteKind

COUNTY_APP_NAME = "checkpoint_county"
ROLE_CHOICES = ("viewer", "follow_up", "admin")
TOWNSHIP_HELP = "乡镇跟进专员负责的乡镇（只看到该乡镇的跟进人员）；不给则为全县"
# What the audit log names as "who" for changes made at the server's terminal.
CLI_USER = "命令行"


def default_county_dir() -> Path:
    return Path(platformdirs.user_data_dir(COUNTY_APP_NAME, appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=None, help="数据库 URL（默认：数据目录中的 SQLite 文件）")
    common.add_argument("--data-dir", type=Path, default=None, help="县级数据目录（密钥所在）")

    parser = argparse.ArgumentParser(
        prog="checkpoint-county", description="卡点通 县疫情防控指挥部服务器与管理命令"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="运行县级服务器")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--ssl-certfile", default=None, help="TLS 证书（工作站注册时固定）")
    serve.add_argument("--ssl-keyfile", default=None)
    serve.add_argument(
        "--workers", type=int, default=1, help="工作进程数（多进程请用 PostgreSQL，见 COUNTY.md）"
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="地址",
        help="可信反向代理的地址（可多次给出）；只有来自它们的 X-Forwarded-For/-Proto 才采信",
    )

    db = sub.add_parser("db", parents=[common], help="数据库结构（迁移）")
    db_sub = db.add_subparsers(dest="action", required=True)
    db_sub.add_parser("upgrade", parents=[common], help="升级数据库结构（serve 启动时也会做）")
    db_sub.add_parser("current", parents=[common], help="显示数据库结构版本")

    checkpoint = sub.add_parser("checkpoint", parents=[common], help="卡点")
    checkpoint_sub = checkpoint.add_subparsers(dest="action", required=True)
    add = checkpoint_sub.add_parser("add", parents=[common], help="新增卡点并生成注册码")
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=[k.value for k in CheckpointKind])
    add.add_argument("--township", required=True)
    code = checkpoint_sub.add_parser("code", parents=[common], help="为已有卡点生成新注册码")
    code.add_argument("name")
    code.add_argument(
        "--replace-device",
        default=None,
        metavar="设备编号",
        help="重新注册码：让该卡点已注册的这台设备换用新密钥（如电脑重装）",
    )
    checkpoint_sub.add_parser("list", parents=[common], help="列出卡点")

    sub.add_parser("devices", parents=[common], help="列出已注册设备")
    revoke = sub.add_parser("revoke", parents=[common], help="吊销设备（如电脑丢失）")
    revoke.add_argument("device")

    imp = sub.add_parser("import", parents=[common], help="导入交班导出包")
    imp.add_argument("bundles", nargs="+", type=Path)

    policy = sub.add_parser("policy", parents=[common], help="防控策略包")
    policy_sub = policy.add_subparsers(dest="action", required=True)
    publish = policy_sub.add_parser("publish", parents=[common], help="签名并发布新版本")
    publish.add_argument("file", type=Path)
    export = policy_sub.add_parser("export", parents=[common], help="导出当前策略包供离线导入")
    export.add_argument("--out", type=Path, required=True)

    export = sub.add_parser("export", parents=[common], help="导出记录（Excel 或 CSV）")
    export.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    export.add_argument(
        "--since", default=None, help="起始查验时间，如 2022-04-10 或 2022-04-10T08:00（北京时间）"
    )
    export.add_argument("--until", default=None, help="截止查验时间（不含），格式同上")
    export.add_argument("--out", type=Path, required=True, help="导出文件")
    export.add_argument(
        "--unmask", action="store_true", help="导出完整证件号、手机号和姓名（敏感，慎用）"
    )

    stats = sub.add_parser("stats", parents=[common], help="统计：各卡点、处置、健康码颜色")
    stats.add_argument("--json", action="store_true", help="输出 JSON")
    stats.add_argument("--since", default=None, help="起始查验时间（北京时间）")
    stats.add_argument("--until", default=None, help="截止查验时间（不含）")

    user = sub.add_parser("user", parents=[common], help="数据看板用户")
    user_sub = user.add_subparsers(dest="action", required=True)
    for action, text in (("add", "新增用户"), ("passwd", "修改密码")):
        parser_ = user_sub.add_parser(action, parents=[common], help=text)
        parser_.add_argument("name")
        parser_.add_argument(
            "--password-stdin", action="store_true", help="从标准输入读取密码（一行）"
        )
        if action == "add":
            parser_.add_argument(
                "--role",
                choices=ROLE_CHOICES,
                default="viewer",
                help="viewer 值班员（打码）；follow_up 乡镇跟进专员（可见完整联系方式）；"
                "admin 管理员（编辑策略与名单）",
            )
            parser_.add_argument("--township", default="", help=TOWNSHIP_HELP)
    role = user_sub.add_parser("role", parents=[common], help="修改用户角色")
    role.add_argument("name")
    role.add_argument("role", choices=ROLE_CHOICES)
    role.add_argument("--township", default="", help=TOWNSHIP_HELP)
    remove = user_sub.add_parser("remove", parents=[common], help="删除用户")
    remove.add_argument("name")
    user_sub.add_parser("list", parents=[common], help="列出用户")

    watch = sub.add_parser("watch", parents=[common], help="重点人员名单（推送到卡点）")
    watch_sub = watch.add_subparsers(dest="action", required=True)
    watch_add = watch_sub.add_parser("add", parents=[common], help="按证件号码加入名单")
    watch_add.add_argument("number", help="证件号码（只以加盐摘要推送，卡点看不到号码）")
    watch_add.add_argument("--reason", required=True, help="原因，卡点工作人员会看到")
    watch_add.add_argument("--days", type=int, default=14, help="有效天数（默认 14）")
    watch_sub.add_parser("list", parents=[common], help="列出名单（号码打码）")
    watch_remove = watch_sub.add_parser("remove", parents=[common], help="移除手工加入的条目")
    watch_remove.add_argument("id", type=int)

    report = sub.add_parser("report", parents=[common], help="县级日报")
    report_sub = report.add_subparsers(dest="action", required=True)
    daily = report_sub.add_parser("daily", parents=[common], help="某一天的日报（Excel 或 PDF）")
    daily.add_argument("--date", required=True, help="日期（北京时间），如 2026-12-01")
    daily.add_argument("--out", type=Path, default=None, help="输出 .xlsx 或 .pdf；不给则打印")

    site = sub.add_parser(
        "site", parents=[common], help="转运接收点（集中隔离点、发热门诊、乡镇接回）"
    )
    site_sub = site.add_subparsers(dest="action", required=True)
    site_add = site_sub.add_parser("add", parents=[common], help="新增接收点（卡点下次同步时收到）")
    site_add.add_argument("name")
    site_add.add_argument("--kind", required=True, choices=[k.value for k in SiteKind])
    site_add.add_argument("--township", default="", help="所在乡镇")
    site_add.add_argument("--capacity", type=int, required=True, help="可接收人数")
    site_sub.add_parser("list", parents=[common], help="列出接收点")
    site_remove = site_sub.add_parser("remove", parents=[common], help="停用接收点")
    site_remove.add_argument("id", type=int)
    site_staff = site_sub.add_parser(
        "staff", parents=[common], help="让看板用户成为某接收点的工作人员（只确认本接收点的转运）"
    )
    site_staff.add_argument("name", help="看板用户名（先用 user add 添加）")
    site_staff.add_argument("id", type=int, help="接收点编号（site list 可见）")

    keys = sub.add_parser("keys", parents=[common], help="县指挥部密钥")
    keys_sub = keys.add_subparsers(dest="action", required=True)
    keys_sub.add_parser("init", parents=[common], help="生成签名与加密密钥（已有则不覆盖）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir: Path = args.data_dir or default_county_dir()
    from checkpoint_app.county.store import default_db_url

    db_url: str = args.db or default_db_url(data_dir)
    handlers = {
        "serve": _serve,
        "db": _db,
        "checkpoint": _checkpoint,
        "devices": _devices,
        "revoke": _revoke,
        "import": _import,
        "policy": _policy,
        "keys": _keys,
        "export": _export,
        "stats": _stats,
        "user": _user,
        "watch": _watch,
        "report": _report,
        "site": _site,
    }
    from checkpoint_app.county.store import CountyError
    from checkpoint_app.sync.keys import KeyFileError

    try:
        return handlers[args.command](args, data_dir, db_url)
    except (CountyError, KeyFileError) as exc:
        print(exc.message, file=sys.stderr)
        return 1


def _keys(args: argparse.Namespace, data_dir: Path, _db_url: str) -> int:
    from checkpoint_app.county.keys import init_county_keys
    from checkpoint_app.sync.protocol import key_fingerprint

    keys, created = init_county_keys(data_dir)
    print("已生成县指挥部密钥" if created else "县指挥部密钥已存在，未覆盖")
    print(f"签名公钥指纹：{key_fingerprint(keys.signing_public_raw)}")
    print(f"加密公钥指纹：{key_fingerprint(keys.sealing_public_raw)}")
    return 0


def _upgrade(db_url: str) -> str:
    """Upgrade the schema (SchemaError, a CountyError, if refused); a line saying what happened."""
    from checkpoint_app.county.schema import upgrade_schema
    from checkpoint_app.county.store import make_engine

    engine = make_engine(db_url)
    try:
        report = upgrade_schema(engine)
    finally:
        engine.dispose()
    if not report.changed:
        return f"数据库结构已是最新（版本 {report.after}）"
    if report.legacy:
        return f"已识别旧版数据库并纳入版本管理，结构升级到版本 {report.after}"
    if report.before is None:
        return f"已建立数据库结构（版本 {report.after}）"
    return f"数据库结构已从版本 {report.before} 升级到 {report.after}"


def _db(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    if args.action == "upgrade":
        print(_upgrade(db_url))
        return 0
    from checkpoint_app.county.schema import current_revision, head_revision, refuse_unknown
    from checkpoint_app.county.store import make_engine

    engine = make_engine(db_url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if revision == head:
        print(f"数据库结构版本：{revision}（最新）")
        return 0
    if revision is None:
        print(f"数据库结构未纳入版本管理（空库或旧版）；运行 db upgrade 升级到 {head}")
        return 0
    refuse_unknown(revision)
    print(f"数据库结构版本：{revision}；本版本为 {head}，请运行 db upgrade")
    return 0


def _serve(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    import uvicorn

    from checkpoint_app.county.app import DATA_DIR_ENV, DB_URL_ENV, create_app
    from checkpoint_app.county.keys import init_county_keys
    from checkpoint_app.county.store import CountyError

    # Before anything else: a database newer than this release is refused here, with the
    # exit code non-zero, before a single request could be answered from it.
    print(_upgrade(db_url), flush=True)
    _, created = init_county_keys(data_dir)
    if created:
        print(f"首次运行：已在 {data_dir} 生成县指挥部密钥", flush=True)
    if not 1 <= args.workers <= 64:
        raise CountyError("工作进程数应为 1–64")
    # Forwarded headers are believed only from the proxies named here; uvicorn would
    # otherwise believe any local process that sends them (its default trusts 127.0.0.1).
    proxies = {
        "proxy_headers": bool(args.trusted_proxy),
        "forwarded_allow_ips": ",".join(args.trusted_proxy) or "",
    }
    common = {
        "host": args.host,
        "port": args.port,
        "ssl_certfile": args.ssl_certfile,
        "ssl_keyfile": args.ssl_keyfile,
        "log_level": "warning",
        **proxies,
    }
    if args.workers == 1:
        uvicorn.run(create_app(db_url, data_dir), **common)
        return 0
    # Each worker process builds its own app from the environment (uvicorn imports the
    # factory by name); the schema was upgraded once above, so for workers it is a check.
    os.environ[DB_URL_ENV] = db_url
    os.environ[DATA_DIR_ENV] = str(data_dir)
    uvicorn.run(
        "checkpoint_app.county.app:app_from_environment",
        factory=True,
        workers=args.workers,
        **common,
    )
    return 0


def _checkpoint(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.store import CountyError, CountyStore

    store = CountyStore(db_url)
    if args.action == "list":
        for cp in store.list_checkpoints():
            print(f"{cp.name}\t{cp.kind.label}\t{cp.township}")
        return 0
    if args.action == "add":
        checkpoint = store.add_checkpoint(args.name, CheckpointKind(args.kind), args.township)
    else:
        found = store.find_checkpoint(args.name)
        if found is None:
            raise CountyError(f"找不到卡点「{args.name}」")
        checkpoint = found
    replacing = getattr(args, "replace_device", None)
    code = store.issue_enrollment_code(checkpoint.id, for_device=replacing)
    print(f"卡点：{checkpoint.name}（{checkpoint.kind.label}，{checkpoint.township}）")
    if replacing:
        print(f"仅用于设备 {replacing} 重新注册（换用新密钥）")
    print(f"注册码：{code}（7 天内有效，只能用一次）")
    _print_qr(code)
    return 0


def _print_qr(text: str) -> None:
    import segno

    # A terminal without UTF-8 cannot draw the compact blocks; the code printed above suffices.
    with contextlib.suppress(UnicodeEncodeError):
        segno.make(text, error="m").terminal(compact=True)


def _devices(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.store import CountyStore

    devices = CountyStore(db_url).list_devices()
    if not devices:
        print("尚无已注册设备")
    for d in devices:
        state = "已吊销" if d.revoked else "正常"
        print(
            f"{d.device_id}\t{d.checkpoint_name}\t{state}\t注册于 {d.enrolled_at[:16]}"
            f"\t最近同步 {(d.last_seen_at or '从未')[:16]}"
        )
    return 0


def _revoke(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.store import CountyStore

    device = CountyStore(db_url).revoke_device(args.device)
    print(f"已吊销设备 {device.device_id}（{device.checkpoint_name}）")
    return 0


def _import(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.imports import MAX_BUNDLE_FILE_BYTES, import_bundle_bytes
    from checkpoint_app.county.keys import load_county_keys
    from checkpoint_app.county.store import CountyStore
    from checkpoint_app.sync.files import FileRefused, read_chosen_file

    store = CountyStore(db_url)
    keys = load_county_keys(data_dir)
    failed = 0
    for path in args.bundles:
        try:
            data = read_chosen_file(path, limit=MAX_BUNDLE_FILE_BYTES, what="交班导出包")
        except FileRefused as exc:
            print(f"{path.name}：已拒绝 — {exc.message}")
            failed += 1
            continue
        outcome = import_bundle_bytes(store, keys, path.name, data)
        failed += not outcome.ok
        print(outcome.summary())
    return 1 if failed else 0


def _policy(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.keys import load_county_keys
    from checkpoint_app.county.store import CountyError, CountyStore

    store = CountyStore(db_url)
    if args.action == "export":
        policy = store.latest_policy()
        if policy is None:
            raise CountyError("尚未发布防控策略")
        args.out.write_bytes(policy.envelope)
        print(f"已导出第 {policy.version} 版防控策略到 {args.out}")
        return 0
    from checkpoint_app.sync.files import MAX_POLICY_FILE_BYTES, FileRefused, read_chosen_file
    from checkpoint_app.sync.protocol import WireFormatError, load_json

    try:
        data = read_chosen_file(args.file, limit=MAX_POLICY_FILE_BYTES, what="策略文件")
    except FileRefused as exc:
        raise CountyError(exc.message) from exc
    try:
        content = load_json(data, "策略文件不是有效的 JSON（UTF-8）")
    except WireFormatError as exc:
        raise CountyError(exc.message) from exc
    if not isinstance(content, dict):
        raise CountyError("策略文件应为 JSON 对象")
    from checkpoint_app.county.policy_admin import publish_policy_content

    keys = load_county_keys(data_dir)
    stored = publish_policy_content(store, keys.signing, content, by=CLI_USER)
    print(f"已发布第 {stored.version} 版防控策略")
    return 0


def _window(args: argparse.Namespace) -> tuple[str | None, str | None]:
    from checkpoint_app.county.reports import parse_since
    from checkpoint_app.county.store import CountyError
    from checkpoint_app.sync.protocol import format_time

    bounds: list[str | None] = []
    for text in (args.since, args.until):
        try:
            bounds.append(None if text is None else format_time(parse_since(text)))
        except ValueError as exc:
            raise CountyError(str(exc)) from exc
    return bounds[0], bounds[1]


def _export(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.export import ExportFormat, export_records
    from checkpoint_app.county.store import CountyStore

    since, until = _window(args)
    result = export_records(
        CountyStore(db_url),
        args.out,
        ExportFormat(args.format),
        since=since,
        until=until,
        unmask=args.unmask,
    )
    print(f"已导出 {result.rows} 条记录到 {result.path}")
    if result.unmasked:
        print(
            "注意：该文件含完整的身份证号、手机号和姓名，属于敏感个人信息。"
            "只交给需要的人，用完即删，不要用微信或 QQ 传送。",
            file=sys.stderr,
        )
    else:
        print("证件号、手机号和姓名已打码；需要完整信息时加 --unmask。")
    return 0


def _stats(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.reports import stats_json
    from checkpoint_app.county.store import CountyStore
    from checkpoint_app.records.model import CodeColour, Disposition

    since, until = _window(args)
    stats = stats_json(CountyStore(db_url), since, until)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"合计 {stats['total']} 人，发热 {stats['fever']} 人，核酸超时 {stats['nat_expired']} 人")
    for cp in stats["checkpoints"]:
        parts = [f"{Disposition(k).label} {v}" for k, v in cp["by_disposition"].items() if v] + [
            f"{CodeColour(k).label} {v}" for k, v in cp["by_colour"].items() if v
        ]
        print(f"{cp['name']}\t{cp['total']}\t{'，'.join(parts)}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    from checkpoint_app.county.store import CountyError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("密码：")
        if getpass.getpass("再输一次：") != password:
            raise CountyError("两次输入的密码不一致")
    return password


def _user(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.auth import hash_password
    from checkpoint_app.county.store import CountyError, CountyStore

    store = CountyStore(db_url)
    if args.action == "list":
        users = store.list_users()
        if not users:
            print("尚无看板用户；用 checkpoint-county user add 名字 添加")
        from checkpoint_app.county.roles import user_role, user_township

        for u in users:
            township = user_township(store, u.username)
            where = f"（{township}）" if township else ""
            label = user_role(store, u.username).label + where
            print(f"{u.username}\t{label}\t创建于 {u.created_at[:16]}")
        return 0
    if args.action == "role":
        from checkpoint_app.county.roles import DashboardRole, set_user_role

        role = DashboardRole(args.role)
        set_user_role(store, args.name, role, by=CLI_USER, township=args.township)
        where = f"（{args.township}）" if args.township else ""
        print(f"「{args.name}」的角色已改为：{role.label}{where}")
        return 0
    if args.action == "remove":
        store.remove_user(args.name)
        print(f"已删除用户「{args.name}」")
        return 0
    if args.action == "add" and store.user(args.name) is not None:
        raise CountyError(f"已有用户「{args.name}」，修改密码请用 user passwd")
    if args.action == "add" and args.township and args.role != "follow_up":
        raise CountyError("只有乡镇跟进专员（follow_up）角色可以指定乡镇")
    try:
        password_hash = hash_password(_read_password(args))
    except ValueError as exc:
        raise CountyError(str(exc)) from exc
    if args.action == "add":
        from checkpoint_app.county.roles import DashboardRole, set_user_role

        store.add_user(args.name, password_hash)
        role = DashboardRole(args.role)
        set_user_role(store, args.name, role, by=CLI_USER, township=args.township)
        print(f"已添加看板用户「{args.name}」，角色：{role.label}")
    else:
        store.set_password(args.name, password_hash)
        print(f"已修改「{args.name}」的密码（其已登录的会话随之失效）")
    return 0


def _watch(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.store import CountyStore
    from checkpoint_app.county.watchlist import add_watch_entry, listed_people, remove_watch_entry

    store = CountyStore(db_url)
    if args.action == "add":
        entry_id = add_watch_entry(store, args.number, args.reason, days=args.days, by=CLI_USER)
        print(f"已加入重点人员名单（条目 {entry_id}，{args.days} 天内有效）；卡点下次同步时收到")
        return 0
    if args.action == "remove":
        remove_watch_entry(store, args.id, by=CLI_USER)
        print(f"已从名单移除条目 {args.id}")
        return 0
    from checkpoint_app.county.reports import local_time
    from checkpoint_app.sync.protocol import format_time

    people = listed_people(store)
    if not people:
        print("名单为空")
    for p in people:
        until = local_time(format_time(p.expires_at))
        shown = until.strftime("%m-%d %H:%M") if until else ""
        entry = f"条目 {p.manual_id}" if p.manual_id is not None else p.reason_code.label
        print(f"{p.masked_number}\t{p.reason}\t至 {shown}\t{entry}")
    return 0


def _report(args: argparse.Namespace, _data_dir: Path, db_url: str) -> int:
    from datetime import date

    from checkpoint_app.county.daily_report import (
        build_daily_report,
        report_pdf,
        report_text,
        report_workbook,
    )
    from checkpoint_app.county.store import CountyError, CountyStore

    try:
        day = date.fromisoformat(args.date)
    except ValueError as exc:
        raise CountyError(f"日期「{args.date}」格式不对，应为 2026-12-01 这样") from exc
    out: Path | None = args.out
    if out is not None and out.suffix.lower() not in (".xlsx", ".pdf"):
        raise CountyError("输出文件应以 .xlsx 或 .pdf 结尾")
    from checkpoint_app.county.roles import audit

    store = CountyStore(db_url)
    try:
        report = build_daily_report(store, day)
        if out is not None:
            kind = out.suffix.lower().lstrip(".")
            audit(store, CLI_USER, "report.daily", day.isoformat(), {"format": kind})
    finally:
        store.close()
    if out is None:
        print(report_text(report))
        return 0
    data = report_pdf(report) if out.suffix.lower() == ".pdf" else report_workbook(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"已生成 {day.isoformat()} 日报：{out}")
    return 0


def _site(args: argparse.Namespace, _data_dir: Path, db_url: str) -> int:
    from checkpoint_app.county.roles import DashboardRole, set_user_role
    from checkpoint_app.county.store import CountyStore
    from checkpoint_app.county.transfers import add_site, list_sites, remove_site

    store = CountyStore(db_url)
    try:
        if args.action == "add":
            made = add_site(
                store,
                args.name,
                SiteKind(args.kind),
                args.township,
                args.capacity,
                by=CLI_USER,
            )
            print(
                f"已新增接收点 {made.id}：{made.label}，容量 {made.capacity} 人；卡点下次同步时收到"
            )
        elif args.action == "remove":
            removed = remove_site(store, args.id, by=CLI_USER)
            print(f"已停用接收点 {removed.id}：{removed.name}（已有的转运记录保留）")
        elif args.action == "staff":
            set_user_role(store, args.name, DashboardRole.SITE, by=CLI_USER, site_id=args.id)
            print(f"「{args.name}」现为接收点 {args.id} 的工作人员（登录后只见本接收点的转运）")
        else:
            rows = list_sites(store, include_inactive=True)
            if not rows:
                print("尚无接收点；用 checkpoint-county site add 添加")
            for row in rows:
                state = "" if row.active else "\t已停用"
                s = row.site
                where = s.township or "—"
                print(f"{s.id}\t{s.name}\t{s.kind.label}\t{where}\t容量 {s.capacity}{state}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
