"""Command line: `checkpoint-app` starts the workstation; subcommands run headless work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checkpoint_app import __version__
from checkpoint_app.scanning.scan_cli import add_scan_command, run_scan
from checkpoint_app.settings import default_data_dir
from checkpoint_app.sync.cli import SYNC_COMMANDS, add_sync_commands, run_sync_command


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
    add_sync_commands(sub)
    add_scan_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "scan":
        return run_scan(args)
    if args.self_test:
        from checkpoint_app.gui.application import run_self_test

        return run_self_test(args.data_dir)
    data_dir: Path = args.data_dir or default_data_dir()
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


if __name__ == "__main__":
    sys.exit(main())
