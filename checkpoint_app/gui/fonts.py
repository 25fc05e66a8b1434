"""The font that shows Chinese: a leaf module, so that any screen can ask for it."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from checkpoint_app.resources import resource_path

# Preferred CJK UI fonts: Windows, then Linux (Noto CJK / WenQuanYi), then macOS.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Source Han Sans SC",
)


def cjk_font_family() -> str | None:
    """A font that can show Simplified Chinese, or None (then text would show as boxes)."""
    for path in (
        sorted(resource_path("fonts").glob("*.[ot]t[fc]"))
        if resource_path("fonts").exists()
        else []
    ):
        QFontDatabase.addApplicationFont(str(path))
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return next(iter(sorted(available)), None)
