"""Typed settings of one workstation and where its data lives."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

from checkpoint_app import APP_NAME


def default_data_dir() -> Path:
    """The per-user data folder (platformdirs), used unless --data-dir is given."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True, slots=True)
class Settings:
    """Workstation settings. Thresholds become county policy once a policy pack is applied."""

    fever_threshold: float = 37.3
    nat_valid_hours: int = 48
    temperature_low: float = 34.0
    temperature_high: float = 43.0
    idle_lock_minutes: int = 10
    # A wedge scanner types a whole payload with a few ms between keys; people
    # rarely manage two keys within 30 ms, and never six in a row.
    wedge_max_gap_ms: int = 30
    wedge_min_length: int = 6
    serial_port: str = ""
    serial_baud: int = 9600
    # Second-generation ID-card reader: "serial" (USB-CDC/COM port, pyserial URL) or
    # "sdtapi" (the vendor's DLL on Windows); an empty port means no reader.
    idcard_driver: str = "serial"
    idcard_port: str = ""
    # Wedge scanners cannot type 豫: a plate typed or scanned without its province gets this.
    plate_province: str = "豫"
    sound_enabled: bool = True
    # Where the PC WeChat client saves received images, for example; empty = not watched.
    watch_folder: str = ""
    screenshot_max_age_minutes: int = 30
    keep_images_days: int = 0  # 0: screenshots are never kept, only their hashes and fields
    # Days a delivered record stays on this computer until the county's policy pack says;
    # 0 turns the purge off.
    retention_days: int = 30
    camera_source: str = "0"  # OpenCV capture index, or a device path / video file
    language: str = "zh_CN"
    # Papers for the traveller (告知书, 健康服务卡): the page size on the system printer
    # ("A4" or "A5"), and an ESC/POS receipt printer, "usb:0416:5011" (vendor:product id)
    # or "192.168.1.50:9100"; empty: papers go to the system printer.
    paper_size: str = "A5"
    receipt_printer: str = ""
    receipt_paper_mm: int = 58  # 58 or 80

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        """Known keys with the right type win; unknown or mistyped values fall back to defaults."""
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            default = getattr(defaults, f.name)
            value = data[f.name]
            if isinstance(default, float) and isinstance(value, int | float):
                values[f.name] = float(value)
            elif type(value) is type(default):
                values[f.name] = value
        return dataclasses.replace(defaults, **values)

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)
