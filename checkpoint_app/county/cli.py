"""`checkpoint-county`: run the county server and administer it from a terminal.

Every command takes `--db URL` (default: the embedded SQLite file in the county's data
folder) and `--data-dir` (where the county's keys live).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from checkpoint_app.records.model import CheckpointKind

if TYPE_CHECKING:
    from checkpoint_app.county.store import CountyStore

COUNTY_APP_NAME = "checkpoint_county"


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

    checkpoint = sub.add_parser("checkpoint", parents=[common], help="卡点")
    checkpoint_sub = checkpoint.add_subparsers(dest="action", required=True)
    add = checkpoint_sub.add_parser("add", parents=[common], help="新增卡点并生成注册码")
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=[k.value for k in CheckpointKind])
    add.add_argument("--township", required=True)
    code = checkpoint_sub.add_parser("code", parents=[common], help="为已有卡点生成新注册码")
    code.add_argument("name")
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
        "checkpoint": _checkpoint,
        "devices": _devices,
        "revoke": _revoke,
        "import": _import,
        "policy": _policy,
        "keys": _keys,
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


def _serve(args: argparse.Namespace, data_dir: Path, db_url: str) -> int:
    import uvicorn

    from checkpoint_app.county.app import create_app
    from checkpoint_app.county.keys import init_county_keys

    _, created = init_county_keys(data_dir)
    if created:
        print(f"首次运行：已在 {data_dir} 生成县指挥部密钥", flush=True)
    app = create_app(db_url, data_dir)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_level="warning",
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
    code = store.issue_enrollment_code(checkpoint.id)
    print(f"卡点：{checkpoint.name}（{checkpoint.kind.label}，{checkpoint.township}）")
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
    from checkpoint_app.county.keys import load_county_keys
    from checkpoint_app.county.store import CountyError, CountyStore
    from checkpoint_app.sync.bundle import BundleRejected, open_bundle

    store = CountyStore(db_url)
    keys = load_county_keys(data_dir)
    failed = 0
    for path in args.bundles:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path.name}：无法读取（{exc.strerror}）")
            failed += 1
            continue
        try:
            opened = open_bundle(
                data, keys.sealing, store.active_device_keys(), already_imported=_Imported(store)
            )
            report = store.import_bundle(
                opened.manifest.device_id,
                opened.manifest.bundle_id,
                hashlib.sha256(data).hexdigest(),
                opened.records,
            )
        except (BundleRejected, CountyError) as exc:
            print(f"{path.name}：已拒绝 — {exc.message}")
            failed += 1
            continue
        print(
            f"{path.name}：{opened.manifest.checkpoint_name}，新增 {report.new} 条，"
            f"已有 {report.already_had} 条，冲突 {report.conflicts} 条"
        )
    return 1 if failed else 0


class _Imported:
    """Bundle ids already imported, looked up one at a time (there may be many)."""

    def __init__(self, store: CountyStore) -> None:
        self._store = store

    def __contains__(self, bundle_id: object) -> bool:
        return isinstance(bundle_id, str) and self._store.is_imported(bundle_id)


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
    try:
        content = json.loads(args.file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise CountyError(f"无法读取策略文件：{exc}") from exc
    if not isinstance(content, dict):
        raise CountyError("策略文件应为 JSON 对象")
    keys = load_county_keys(data_dir)
    stored = store.publish_policy(keys.signing, content)
    print(f"已发布第 {stored.version} 版防控策略")
    return 0


if __name__ == "__main__":
    sys.exit(main())
