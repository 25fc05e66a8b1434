"""Translatable labels for the record enums (the Chinese source text is in records.model)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from checkpoint_app.records.model import (
    CheckpointKind,
    CodeColour,
    Disposition,
    DocumentType,
    NatResult,
    StaffRole,
)

# Listed for pyside6-lupdate, which cannot see the labels in records/model.py.
_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP("labels", "居民身份证"),
    QT_TRANSLATE_NOOP("labels", "护照"),
    QT_TRANSLATE_NOOP("labels", "港澳通行证"),
    QT_TRANSLATE_NOOP("labels", "台胞证"),
    QT_TRANSLATE_NOOP("labels", "其他证件"),
    QT_TRANSLATE_NOOP("labels", "绿码"),
    QT_TRANSLATE_NOOP("labels", "黄码"),
    QT_TRANSLATE_NOOP("labels", "红码"),
    QT_TRANSLATE_NOOP("labels", "灰码"),
    QT_TRANSLATE_NOOP("labels", "未查验"),
    QT_TRANSLATE_NOOP("labels", "阴性"),
    QT_TRANSLATE_NOOP("labels", "阳性"),
    QT_TRANSLATE_NOOP("labels", "无证明"),
    QT_TRANSLATE_NOOP("labels", "放行"),
    QT_TRANSLATE_NOOP("labels", "放行+落地检"),
    QT_TRANSLATE_NOOP("labels", "劝返"),
    QT_TRANSLATE_NOOP("labels", "集中隔离"),
    QT_TRANSLATE_NOOP("labels", "居家隔离"),
    QT_TRANSLATE_NOOP("labels", "居家健康监测"),
    QT_TRANSLATE_NOOP("labels", "转运发热门诊"),
    QT_TRANSLATE_NOOP("labels", "登记员"),
    QT_TRANSLATE_NOOP("labels", "卡点负责人"),
    QT_TRANSLATE_NOOP("labels", "管理员"),
    QT_TRANSLATE_NOOP("labels", "高速收费站"),
    QT_TRANSLATE_NOOP("labels", "乡村道路"),
    QT_TRANSLATE_NOOP("labels", "男"),
    QT_TRANSLATE_NOOP("labels", "女"),
)

E = TypeVar("E", DocumentType, CodeColour, NatResult, Disposition)

COLOUR_HEX = {
    CodeColour.GREEN: "#1e9e4a",
    CodeColour.YELLOW: "#e0a800",
    CodeColour.RED: "#d32f2f",
    CodeColour.GREY: "#8a8a8a",
    CodeColour.UNKNOWN: "#c8c8c8",
}


def label(
    value: DocumentType | CodeColour | NatResult | Disposition | CheckpointKind | StaffRole,
) -> str:
    return QCoreApplication.translate("labels", value.label)


def sex_label(sex: str) -> str:
    """男 / 女 (as the ID number or the ID card says) in the UI's language."""
    return QCoreApplication.translate("labels", sex)


def combo_value(combo: QComboBox, enum_type: type[E]) -> E | None:
    """The enum behind a combo box item (Qt hands StrEnum item data back as plain str)."""
    data = combo.currentData()
    return None if data is None else enum_type(data)
