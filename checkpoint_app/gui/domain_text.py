"""Chinese messages of the domain layers, shown in the UI's language.

The workstation, policy and validation code speak Chinese (their texts are stored, sent to
the county and printed in Chinese). The English UI shows them through these templates:
each Chinese template names its variable parts %1, %2…; a message that matches one is
shown with the translated template, its parts translated again where they are labels.
A message no template matches is shown as it is — the county's own rule texts, say.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "DomainText"

TEMPLATES = (
    QT_TRANSLATE_NOOP("DomainText", "%1未查验：看过手机后按 F12（绿码·行程卡绿·核酸 48 小时内阴性），或逐项选择；确实无法查验时在「原因」中写明"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainText", "建议「%1」，选择「%2」必须填写原因"),
    QT_TRANSLATE_NOOP("DomainText", "策略不允许「%1」（可选：%2），必须填写原因"),
    QT_TRANSLATE_NOOP("DomainText", "建议「%1」，选择放行必须填写原因"),
    QT_TRANSLATE_NOOP("DomainText", "请填写体温"),
    QT_TRANSLATE_NOOP("DomainText", "请扫码或填写证件号码（或手机号）"),
    QT_TRANSLATE_NOOP("DomainText", "请选择处置（F1–F7）"),
    QT_TRANSLATE_NOOP("DomainText", "同车登记需要车牌：请扫描或填写车牌"),
    QT_TRANSLATE_NOOP("DomainText", "体温应在 %1–%2 °C 之间"),
    QT_TRANSLATE_NOOP("DomainText", "体温 %1 °C ≥ %2"),
    QT_TRANSLATE_NOOP("DomainText", "核酸未查验"),
    QT_TRANSLATE_NOOP("DomainText", "无核酸证明"),
    QT_TRANSLATE_NOOP("DomainText", "核酸阳性"),
    QT_TRANSLATE_NOOP("DomainText", "阴性 · %1 小时内（已查验）"),
    QT_TRANSLATE_NOOP("DomainText", "采样 %1 小时前 · 有效"),
    QT_TRANSLATE_NOOP("DomainText", "已超过 %1 小时"),
    QT_TRANSLATE_NOOP("DomainText", "采样时间晚于现在"),
    QT_TRANSLATE_NOOP("DomainText", "采样时间晚于现在，请核对"),
    QT_TRANSLATE_NOOP("DomainText", "健康码%1"),
    QT_TRANSLATE_NOOP("DomainText", "行程卡%1"),
    QT_TRANSLATE_NOOP("DomainText", "来自 %1(%2)"),
    QT_TRANSLATE_NOOP("DomainText", "各项正常"),
    QT_TRANSLATE_NOOP("DomainText", "扫码中断（电脑太忙或扫码枪断开），未填入，请重新扫码"),
    QT_TRANSLATE_NOOP("DomainText", "扫码内容不完整，未填入，请重新扫码"),
    QT_TRANSLATE_NOOP("DomainText", "手机号应为 11 位"),
    QT_TRANSLATE_NOOP("DomainText", "保存失败，数据未写入：%1"),
    QT_TRANSLATE_NOOP("DomainText", "数据库正忙，请稍后重试"),
    QT_TRANSLATE_NOOP("DomainText", "磁盘已满或无法写入"),
    QT_TRANSLATE_NOOP("DomainText", "数据文件只读"),
    QT_TRANSLATE_NOOP("DomainText", "存储出错"),
    QT_TRANSLATE_NOOP("DomainText", "该登记已保存过（重复提交），未重复写入"),
    QT_TRANSLATE_NOOP("DomainText", "防控策略要求「%1」的旅客签承诺书：Shift+F12 纸质签字，或 Shift+F11 屏幕签名 / 拒签"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainText", "屏幕签名没有笔画"),
    QT_TRANSLATE_NOOP("DomainText", "已签承诺书"),
    QT_TRANSLATE_NOOP("DomainText", "拒签承诺书"),
    QT_TRANSLATE_NOOP("DomainText", "未签承诺书"),
    # Words that stand inside the templates above.
    QT_TRANSLATE_NOOP("DomainText", "健康码"),
    QT_TRANSLATE_NOOP("DomainText", "行程卡"),
    QT_TRANSLATE_NOOP("DomainText", "核酸"),
    QT_TRANSLATE_NOOP("DomainText", "高风险"),
    QT_TRANSLATE_NOOP("DomainText", "中风险"),
    QT_TRANSLATE_NOOP("DomainText", "低风险"),
)  # fmt: skip

_SEPARATORS = re.compile(r"([、；，]|\s·\s)")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    # Longest first, so "健康码%1" does not catch what a longer template means.
    for template in sorted(TEMPLATES, key=len, reverse=True):
        parts = re.split(r"(%\d)", template)
        regex = "".join("(.+?)" if re.fullmatch(r"%\d", p) else re.escape(p) for p in parts)
        compiled.append((re.compile(f"^{regex}$"), template))
    return tuple(compiled)


def translate_domain_text(text: str) -> str:
    """`text` in the UI's language where a template knows it; else `text` unchanged."""
    if not text:
        return text
    for pattern, template in _patterns():
        match = pattern.match(text)
        if match is None:
            continue
        translated = QCoreApplication.translate(_CONTEXT, template)
        if translated == template:  # the Chinese UI, or a language without this message
            return text
        for index, group in enumerate(match.groups(), start=1):
            translated = translated.replace(f"%{index}", _translate_part(group))
        return translated
    return text


def _translate_part(part: str) -> str:
    # A part may be a label (黄码), a list of them (健康码、行程卡) or a message itself.
    pieces = _SEPARATORS.split(part)
    out = []
    for piece in pieces:
        if _SEPARATORS.fullmatch(piece):
            out.append(", " if piece in "、，；" else piece)
            continue
        label = QCoreApplication.translate("labels", piece)
        out.append(label if label != piece else translate_domain_text(piece))
    return "".join(out)
