"""卡点通 — registration workstation for epidemic-control checkpoints."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "checkpoint_app"
APP_DISPLAY_NAME = "卡点通"
