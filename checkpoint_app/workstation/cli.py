"""Headless sync commands of the workstation: enroll, sync, export, policy import, conflicts.

Only argparse definitions live at module level so that `checkpoint-app` starts fast;
the work is imported when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

SYNC_COMMANDS: frozenset[str] = frozenset({"enroll", "sync", "export", "policy", "conflicts"})


def _data_dir_option() -> argparse.ArgumentParser:
    # `checkpoint-app sync --data-dir D` as well as `checkpoint-app --data-dir D sync`;
    # SUPPRESS keeps the main parser's value when the option is not repeated here.
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="数据目录（默认：本用户的数据文件夹）",
    )
    return parent


def add_sync_commands(sub: Any) -> None:
    """Register the sync subcommands on the main parser's subparsers."""
    common = [_data_dir_option()]
    enroll = sub.add_parser("enroll", parents=common, help="向县指挥部注册本机")
    enroll.add_argument("--server", required=True, help="县服务器地址，如 http://10.0.0.5:8700")
    enroll.add_argument("--code", required=True, help="县里发的注册码")
    enroll.add_argument("--ca-cert", type=Path, default=None, help="县服务器的 TLS 证书（固定）")

    sub.add_parser("sync", parents=common, help="立即与县服务器同步一次（上传记录、下载策略）")

    export = sub.add_parser(
        "export", parents=common, help="交班导出：加密导出包，可用 U 盘带到县里"
    )
    export.add_argument("--out", type=Path, required=True, help="导出到的文件夹")
    export.add_argument(
        "--all", action="store_true", help="导出全部记录（默认只导出上次导出之后的）"
    )

    policy = sub.add_parser("policy", parents=common, help="防控策略包")
    policy.add_argument("action", choices=("import",))
    policy.add_argument("file", type=Path)

    sub.add_parser("conflicts", parents=common, help="列出与县里内容冲突、待人工核对的记录")


def run_sync_command(args: argparse.Namespace, data_dir: Path) -> int:
    """Run one sync subcommand headless; the exit code says whether it fully succeeded."""
    if args.command == "enroll":
        return _enroll(args, data_dir)
    if args.command == "sync":
        return _sync(data_dir)
    if args.command == "export":
        return _export(args, data_dir)
    if args.command == "policy":
        return _policy_import(args, data_dir)
    if args.command == "conflicts":
        return _conflicts(data_dir)
    raise SystemExit(f"unknown command {args.command}")


def _enroll(args: argparse.Namespace, data_dir: Path) -> int:
    from checkpoint_app.sync.client import enroll

    result = enroll(data_dir, args.server, args.code, ca_file=args.ca_cert)
    if result.failure is not None:
        print(f"注册失败：{result.failure.message}")
        return 1
    print(f"注册成功：本机（设备 {result.device_id}）已登记为「{result.checkpoint_name}」")
    print(f"县指挥部公钥指纹：{result.county_fingerprint}（请与县里核对）")
    return 0


def _sync(data_dir: Path) -> int:
    from checkpoint_app.workstation.sync import sync_once

    report = sync_once(data_dir)
    print(report.summary())
    if report.policy is not None and report.policy.message:
        print(report.policy.message)
    # Non-zero while anything waits, so a script or a scheduled task can retry.
    return 0 if report.ok and report.pending == 0 else 1


def _export(args: argparse.Namespace, data_dir: Path) -> int:
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
    from checkpoint_app.sync.bundle import export_bundle

    db = open_database(data_dir / DATABASE_FILENAME)
    try:
        report = export_bundle(db, data_dir, args.out, since_last_export=not args.all)
    finally:
        db.close()
    if report.path is None:
        print(report.error)
        return 0 if report.error == "没有需要导出的新记录" else 1
    print(f"已导出 {report.record_count} 条记录到 {report.path}")
    if report.held_back:
        print(f"{report.held_back} 条未导出，需负责人更正：{report.held_back_reason}")
    print("导出包已加密，只有县指挥部能打开。")
    return 0


def _policy_import(args: argparse.Namespace, data_dir: Path) -> int:
    from checkpoint_app.policy.pull import PolicyStatus, import_policy_file
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database

    db = open_database(data_dir / DATABASE_FILENAME)
    try:
        report = import_policy_file(db, data_dir, args.file)
    finally:
        db.close()
    print(report.message)
    return 0 if report.status in (PolicyStatus.APPLIED, PolicyStatus.UNCHANGED) else 1


def _conflicts(data_dir: Path) -> int:
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
    from checkpoint_app.sync.outbox import ensure_sync_schema, list_conflicts

    db = open_database(data_dir / DATABASE_FILENAME)
    try:
        ensure_sync_schema(db)
        conflicts = list_conflicts(db)
    finally:
        db.close()
    if not conflicts:
        print("没有待核对的冲突")
    for c in conflicts:
        print(
            f"记录 {c.record_uuid} 第 {c.record_version} 版：与县里内容不一致"
            f"（{c.detected_at.astimezone():%m-%d %H:%M} 发现）"
        )
    return 0
