"""Command line: `checkpoint-app` starts the workstation; subcommands run headless work."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from checkpoint_app import __version__
from checkpoint_app.scanning.idcard.cli import add_idcard_command, run_idcard
from checkpoint_app.scanning.scan_cli import add_scan_command, run_scan
from checkpoint_app.settings import default_data_dir
from checkpoint_app.workstation.cli import SYNC_COMMANDS, add_sync_commands, run_sync_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="checkpoint-app",
        description="卡点通：卡点旅客登记工作站（离线优先）",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="数据目录（默认：本用户的数据文件夹）"
    )
    parser.add_argument("--demo", action="store_true", help="在空数据目录中生成一个班次的演示数据")
    parser.add_argument(
        "--self-test", action="store_true", help="离屏自检：数据库、主窗口、资源与翻译，然后退出"
    )
    parser.add_argument(
        "--lang", choices=("zh_CN", "en"), default=None, help="界面语言（默认简体中文）"
    )
    sub = parser.add_subparsers(dest="command")
    audit = sub.add_parser("audit", help="审计日志")
    audit.add_argument("action", choices=("verify",))
    sub.add_parser(
        "encrypt-store",
        help="把未加密的数据文件改为加密（SQLCipher），生成并显示管理密钥",
        description=(
            "加密本机数据文件。管理密钥取自环境变量 "
            "CHECKPOINT_ADMIN_SECRET，未设置时随机生成并显示一次。"
        ),
    )
    add_sync_commands(sub)
    add_scan_command(sub)
    add_idcard_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "scan":
        return run_scan(args)
    if args.command == "idcard":
        return run_idcard(args)
    if args.self_test:
        from checkpoint_app.gui.application import run_self_test

        return run_self_test(args.data_dir)
    data_dir: Path = args.data_dir or default_data_dir()
    if args.command == "encrypt-store":
        return _encrypt_store(data_dir)
    if args.command == "audit" or args.command in SYNC_COMMANDS:
        refusal = _unlock_for_command(data_dir)
        if refusal:
            return refusal
    if args.command == "audit":
        return _audit_verify(data_dir)
    if args.command in SYNC_COMMANDS:
        return run_sync_command(args, data_dir)
    from checkpoint_app.gui.application import run_gui

    return run_gui(data_dir, demo=args.demo, language=args.lang)


def _audit_verify(data_dir: Path) -> int:
    from checkpoint_app.storage.audit import verify_audit_chain
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database

    db = open_database(data_dir / DATABASE_FILENAME)
    problems = verify_audit_chain(db)
    count = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for problem in problems:
        print(problem)
    print(f"审计日志 {count} 条：" + ("完整" if not problems else f"发现 {len(problems)} 处问题"))
    return 1 if problems else 0


def _unlock_for_command(data_dir: Path) -> int:
    """Unlock an encrypted store with the admin secret for a headless command.

    The secret comes from CHECKPOINT_ADMIN_SECRET (scripts, CI) or is asked for without
    echo. Returns 0 when the store is plain or now unlocked, else an exit code.
    """
    from checkpoint_app.storage.keyfile import UnlockError
    from checkpoint_app.storage.unlock import (
        ADMIN_SECRET_ENV,
        is_store_encrypted,
        unlock_with_admin,
    )

    if not is_store_encrypted(data_dir):
        return 0
    secret = os.environ.get(ADMIN_SECRET_ENV)
    if not secret:
        if not sys.stdin.isatty():
            print(f"数据文件已加密：请设置环境变量 {ADMIN_SECRET_ENV}（管理密钥）", file=sys.stderr)
            return 2
        secret = getpass.getpass("管理密钥：")
    try:
        unlock_with_admin(data_dir, secret)
    except UnlockError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    return 0


def _encrypt_store(data_dir: Path) -> int:
    from checkpoint_app.storage.database import DATABASE_FILENAME
    from checkpoint_app.storage.encryption import StoreLockedError
    from checkpoint_app.storage.keyfile import UnlockError, new_admin_secret
    from checkpoint_app.storage.unlock import ADMIN_SECRET_ENV, migrate_to_encrypted

    if not (data_dir / DATABASE_FILENAME).exists():
        print(f"找不到数据文件：{data_dir / DATABASE_FILENAME}", file=sys.stderr)
        return 2
    chosen = os.environ.get(ADMIN_SECRET_ENV)
    secret = chosen or new_admin_secret()
    try:
        migrate_to_encrypted(data_dir, secret)
    except (UnlockError, StoreLockedError) as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"数据文件已加密：{data_dir / DATABASE_FILENAME}")
    if not chosen:
        print(f"管理密钥：{secret}")
        print("请抄写并妥善保管管理密钥，它不会再次显示；丢失后数据无法恢复。")
    print(
        "下次启动时，请管理员在登录窗口点「管理密钥解锁…」，之后每位工作人员用自己的 PIN 登录一次。"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
