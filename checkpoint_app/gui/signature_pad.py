"""The signature pad: a traveller signs with the mouse, a pen tablet or a finger.

Strokes are kept in the pad's logical units (records/pledge.py: CANVAS_WIDTH ×
CANVAS_HEIGHT), whatever size the widget has, so what is stored, redrawn in the record
dialog and printed in the PDF is the same drawing. `paint_strokes` draws them anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from checkpoint_app.records.pledge import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    MAX_POINTS,
    encode_strokes,
)

Strokes = Sequence[Sequence[tuple[float, float]]]


def canvas_rect(area: QRectF) -> QRectF:
    """The largest 3:1 rectangle centred in `area`: where the canvas is drawn."""
    scale = min(area.width() / CANVAS_WIDTH, area.height() / CANVAS_HEIGHT)
    width, height = CANVAS_WIDTH * scale, CANVAS_HEIGHT * scale
    return QRectF(
        area.x() + (area.width() - width) / 2,
        area.y() + (area.height() - height) / 2,
        width,
        height,
    )


def paint_strokes(painter: QPainter, area: QRectF, strokes: Strokes, *, pen_width: float) -> None:
    """Draw `strokes` (canvas units) into `area` keeping the pad's proportions."""
    target = canvas_rect(area)
    scale = target.width() / CANVAS_WIDTH
    pen = QPen(QColor("#0d1b4c"), pen_width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    for stroke in strokes:
        if not stroke:
            continue
        points = [QPointF(target.x() + x * scale, target.y() + y * scale) for x, y in stroke]
        if len(points) == 1:
            painter.drawPoint(points[0])
            continue
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.drawPath(path)
    painter.restore()


class SignaturePad(QWidget):
    """Takes mouse, tablet and touch strokes; `changed` after each stroke or clear."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[tuple[float, float]]] = []
        self._drawing = False
        self._read_only = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 120)
        self.setAccessibleName(self.tr("签字区"))
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        return QSize(720, 240)

    # ----- data -------------------------------------------------------------------
    def strokes(self) -> list[list[tuple[float, float]]]:
        return [list(stroke) for stroke in self._strokes]

    def is_empty(self) -> bool:
        return not any(self._strokes)

    def encoded(self) -> str:
        """The strokes as records/pledge.py stores them ("" when nothing was drawn)."""
        return encode_strokes(self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    def set_strokes(self, strokes: Strokes) -> None:
        """Show a signature already made (the record dialog); the pad takes no input."""
        self._strokes = [list(stroke) for stroke in strokes]
        self._read_only = True
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.update()

    # ----- input ------------------------------------------------------------------
    def _to_canvas(self, position: QPointF) -> tuple[float, float]:
        target = canvas_rect(QRectF(self.rect()))
        scale = target.width() / CANVAS_WIDTH
        x = (position.x() - target.x()) / scale
        y = (position.y() - target.y()) / scale
        return (min(max(x, 0.0), CANVAS_WIDTH), min(max(y, 0.0), CANVAS_HEIGHT))

    def _begin(self, position: QPointF) -> None:
        if self._read_only or sum(len(s) for s in self._strokes) >= MAX_POINTS:
            return
        self._strokes.append([self._to_canvas(position)])
        self._drawing = True
        self.update()

    def _extend(self, position: QPointF) -> None:
        if not self._drawing:
            return
        if sum(len(s) for s in self._strokes) >= MAX_POINTS:
            self._end()
            return
        self._strokes[-1].append(self._to_canvas(position))
        self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepted, so Qt does not also send the mouse events it would make from it.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove and event.pressure() > 0:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                # One finger signs; a second resting on the screen is ignored.
                position = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(position)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(position)
                else:
                    self._extend(position)
                    self._end()
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._end()
            event.accept()
            return True
        return super().event(event)

    # ----- drawing ----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        target = canvas_rect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.setPen(QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DashLine))
        painter.drawRect(target)
        baseline = target.y() + target.height() * 0.8
        painter.drawLine(QPointF(target.x() + 12, baseline), QPointF(target.right() - 12, baseline))
        if self.is_empty() and not self._read_only:
            painter.setPen(QColor("#9e9e9e"))
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter, self.tr("请在此处签名"))
        paint_strokes(painter, QRectF(self.rect()), self._strokes, pen_width=3.0)
        painter.end()
