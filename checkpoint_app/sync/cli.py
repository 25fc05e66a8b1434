"""Headless sync commands of the workstation: enroll, sync, export.

Only argparse definitions live at module level so that `checkpoint-app` starts fast;
the work is imported when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

SYNC_COMMANDS: frozenset[str] = frozenset()


def add_sync_commands(sub: Any) -> None:
    """Register the sync subcommands on the main parser's subparsers."""


def run_sync_command(args: argparse.Namespace, data_dir: Path) -> int:
    raise SystemExit(f"unknown command {args.command}")
