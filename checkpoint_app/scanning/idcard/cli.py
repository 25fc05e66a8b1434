"""`checkpoint-app idcard probe [--port URL]`: try the ID-card reader and show every frame.

Only argparse definitions live at module level, so `checkpoint-app` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import IO, Any

__all__ = ["add_idcard_command", "run_idcard"]


def add_idcard_command(subparsers: Any) -> None:
    """Register `idcard` on the main parser's subparsers (dest="command")."""
    parser = subparsers.add_parser(
        "idcard",
        help="身份证阅读器：试读一次并显示收发的数据帧",
        description="试读二代身份证阅读器一次，显示收发的每一帧（证件信息部分不显示）和读到的证件（号码打星）。",
    )
    parser.add_argument("action", choices=("probe",))
    parser.add_argument(
        "--port",
        default="",
        help="端口：COM3、/dev/ttyUSB0 或 socket://主机:端口（DLL 驱动：USB1、COM3）；"
        "不填时若只有一个串口就用它",
    )
    parser.add_argument("--driver", choices=("serial", "sdtapi"), default="serial")
    parser.add_argument("--timeout", type=float, default=1.0, help="每条命令等应答的秒数")


def run_idcard(args: argparse.Namespace, *, out: IO[str] | None = None) -> int:
    """0 when a card was read, 1 when the reader answered but held no card, 2 on an error."""
    from checkpoint_app.scanning.idcard.probe import describe_card, list_serial_ports, probe

    stream = out or sys.stdout
    port: str = args.port
    if not port and args.driver == "serial":
        ports = list_serial_ports()
        if len(ports) != 1:
            found = "、".join(p.device for p in ports) or "无"
            print(f"请用 --port 指定读卡器端口（本机串口：{found}）", file=sys.stderr)
            return 2
        port = ports[0].device
    print(f"端口：{port or 'USB'}（{args.driver}）", file=stream)
    result = probe(
        port,
        driver=args.driver,
        timeout=args.timeout,
        on_frame=lambda event: print(
            f"{event.hex_view()}  {event.command.label}", file=stream, flush=True
        ),
    )
    print(result.summary, file=stream)
    if result.card is None:
        return 2 if result.error else 1
    for line in describe_card(result.card):
        print(line, file=stream)
    for warning in result.card.warnings(date.today()):
        print(f"注意：{warning}", file=stream)
    return 0
