"""The signed pledge as a PDF page: the text the traveller was shown and the signature.

Drawn through Qt like the papers (gui/papers.py): an A4 page, the pack's text of the
version recorded, the traveller (ID masked), how it was signed and, for a signature on
screen, the strokes in the box at `SIGNATURE_BOX` (fractions of the page).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from checkpoint_app.gui.fonts import cjk_font_family
from checkpoint_app.gui.signature_pad import paint_strokes
from checkpoint_app.policy.schema import Policy
from checkpoint_app.records.masking import mask_id_number
from checkpoint_app.records.model import TravellerRecord
from checkpoint_app.records.pledge import PledgeMethod, decode_strokes

#: Where the signature is drawn: left, top, width, height as fractions of the page.
SIGNATURE_BOX = (0.15, 0.62, 0.70, 0.2)


def pledge_lines(record: TravellerRecord, policy: Policy, checkpoint: str) -> tuple[str, str]:
    """The page's title and body text for `record`'s pledge."""
    pledge = record.pledge
    text = None if pledge.version is None else policy.pledges.text_of_version(pledge.version)
    title = text.title if text is not None else "承诺书"
    body = (
        text.text
        if text is not None
        else f"（第 {pledge.version} 版承诺书文本不在当前防控策略包中，请向县指挥部调取）"
    )
    who = "　".join(
        part
        for part in (
            f"旅客：{record.name}" if record.name else "",
            f"证件：{mask_id_number(record.document_number)}" if record.document_number else "",
        )
        if part
    )
    how = pledge.describe()
    if pledge.method is PledgeMethod.PAPER:
        how += "（签字见纸质承诺书原件）"
    elif pledge.method is PledgeMethod.REFUSED:
        how += "（旅客拒绝签署）"
    footer = f"{who}\n卡点：{checkpoint}\n签署情况：{how}"
    return title, body + "\n\n" + footer


def write_pledge_pdf(
    path: Path, record: TravellerRecord, policy: Policy, *, checkpoint: str = ""
) -> None:
    """Save `record`'s pledge as a one-page A4 PDF at `path`."""
    title, body = pledge_lines(record, policy, checkpoint)
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    writer.setTitle(title)
    writer.setCreator("卡点通")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    try:
        width, height = writer.width(), writer.height()
        family = cjk_font_family()
        heading = QFont(family) if family else QFont()
        heading.setPointSize(20)
        heading.setBold(True)
        painter.setFont(heading)
        margin = width * 0.1
        painter.drawText(
            QRectF(margin, height * 0.06, width - 2 * margin, height * 0.06),
            Qt.AlignmentFlag.AlignCenter,
            title,
        )
        text_font = QFont(family) if family else QFont()
        text_font.setPointSize(12)
        painter.setFont(text_font)
        painter.drawText(
            QRectF(margin, height * 0.14, width - 2 * margin, height * 0.46),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            body,
        )
        left, top, box_w, box_h = SIGNATURE_BOX
        box = QRectF(width * left, height * top, width * box_w, height * box_h)
        painter.setPen(QPen(QColor("#9e9e9e"), 2, Qt.PenStyle.DashLine))
        painter.drawRect(box)
        painter.drawText(box.adjusted(8, -height * 0.03, 0, 0).topLeft(), "旅客签名：")
        if record.pledge.method is PledgeMethod.SCREEN:
            paint_strokes(
                painter, box, decode_strokes(record.pledge.strokes), pen_width=width / 300
            )
    finally:
        painter.end()
