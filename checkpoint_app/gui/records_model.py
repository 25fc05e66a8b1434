"""The shift's list: a table model over the store, fetched in pages as the view scrolls.

The last column says, for a traveller sent on in a closed loop, whether they arrived
(转运中 / 已到达 time / 未到 / 超时), read with each page and again after every sync, so the
checkpoint sees the receipts the county passed back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from checkpoint_app.gui.labels import COLOUR_HEX, label
from checkpoint_app.records.masking import mask_id_number, mask_phone
from checkpoint_app.records.model import CodeColour
from checkpoint_app.storage.records import (
    COUNT_CAP,
    RecordFilter,
    RecordListItem,
    RecordRepository,
)
from checkpoint_app.workstation.transfers import (
    TransferState,
    TransferStatus,
    transfer_state_text,
    transfer_statuses,
)

PAGE_SIZE = 200
# People of one car share a tint; neighbouring cars alternate so two cars stay apart.
_CAR_TINTS = (QColor("#e3f2fd"), QColor("#ede7f6"))
_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("RecordsTableModel", "时间"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "姓名"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "证件号"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "手机"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "车牌"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "来源地"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "体温"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "健康码"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "行程卡"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "核酸"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "处置"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "同步"),
    QT_TRANSLATE_NOOP("RecordsTableModel", "转运"),
)
TRANSFER_COLUMN = 12
_TRANSFER_COLOURS = {
    TransferState.IN_FLIGHT: QColor("#ef6c00"),
    TransferState.ARRIVED: QColor("#2e7d32"),
    TransferState.MISSING: QColor("#c62828"),
    TransferState.OVERDUE: QColor("#c62828"),
}
_TRANSFER_LABELS = {
    TransferState.IN_FLIGHT: QT_TRANSLATE_NOOP("RecordsTableModel", "转运中"),
    TransferState.ARRIVED: QT_TRANSLATE_NOOP("RecordsTableModel", "已到达"),
    TransferState.MISSING: QT_TRANSLATE_NOOP("RecordsTableModel", "未到"),
    TransferState.OVERDUE: QT_TRANSLATE_NOOP("RecordsTableModel", "超时"),
}


def _badge(colour: CodeColour) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(COLOUR_HEX[colour]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


class RecordsTableModel(QAbstractTableModel):
    """Current records matching a filter, newest first. Numbers are masked in every cell."""

    def __init__(self, repo: RecordRepository, parent: Any = None) -> None:
        super().__init__(parent)
        self._repo = repo
        self._filter = RecordFilter()
        self._items: list[RecordListItem] = []
        self._total = 0
        self._badges: dict[CodeColour, QIcon] = {}
        self._shades: list[int] = []
        self._transfers: dict[str, TransferStatus] = {}

    # ----- data in ----------------------------------------------------------------
    def set_filter(self, flt: RecordFilter) -> None:
        self._filter = flt
        self.reload()

    @property
    def filter(self) -> RecordFilter:
        return self._filter

    def reload(self) -> None:
        """Re-read the first page (after a save, a correction or a filter change)."""
        self.beginResetModel()
        self._total = self._repo.count(self._filter, cap=COUNT_CAP)
        self._items = self._repo.list_items(self._filter, limit=PAGE_SIZE)
        self._transfers = self._transfer_states(self._items)
        self._shades = []
        self._extend_shades(self._items)
        self.endResetModel()

    @property
    def total(self) -> int:
        """Matching records, counted up to COUNT_CAP + 1 (see `total_text`)."""
        return self._total

    def item_at(self, row: int) -> RecordListItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    # ----- Qt model ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and (len(self._items) < self._total or self._total > COUNT_CAP)

    def fetchMore(self, parent: _Index) -> None:
        more = self._repo.list_items(self._filter, limit=PAGE_SIZE, offset=len(self._items))
        if not more:
            self._total = len(self._items)
            return
        self._total = max(self._total, len(self._items) + len(more))
        self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(more) - 1)
        self._transfers.update(self._transfer_states(more))
        self._extend_shades(more)
        self._items.extend(more)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        record = item.record
        column = index.column()
        if column == TRANSFER_COLUMN:
            value = self._transfer_data(index.row(), role)
            if value is not None:
                return value
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column in (7, 8):
            colour = record.health_colour if column == 7 else record.travel_colour
            if colour not in self._badges:
                self._badges[colour] = _badge(colour)
            return self._badges[colour]
        if role == Qt.ItemDataRole.ForegroundRole and (
            (column == 6 and item.fever) or (column == 9 and item.nat_expired)
        ):
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.BackgroundRole and item.vehicle_size:
            return QBrush(_CAR_TINTS[self._car_shade(index.row())])
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and item.vehicle_size:
            return self.tr("同车 %n 人；查找车牌可列出全车", "", item.vehicle_size)
        if role == Qt.ItemDataRole.UserRole:
            return record.uuid
        return None

    def transfer_status(self, row: int) -> TransferStatus | None:
        """The state of the row's closed-loop transfer, None when it has none."""
        item = self.item_at(row)
        return None if item is None else self._transfers.get(item.record.uuid)

    def _transfer_states(self, items: list[RecordListItem]) -> dict[str, TransferStatus]:
        return transfer_statuses(self._repo.db, [i.record.uuid for i in items])

    def _transfer_data(self, row: int, role: int) -> Any:
        status = self.transfer_status(row)
        if status is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.tr(_TRANSFER_LABELS[status.state])
            received = status.transfer.received_at
            if status.state is TransferState.ARRIVED and received is not None:
                text += " " + received.astimezone().strftime("%m-%d %H:%M")
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_TRANSFER_COLOURS[status.state])
        if role == Qt.ItemDataRole.ToolTipRole:
            return transfer_state_text(status.transfer)
        return None

    def _car_shade(self, row: int) -> int:
        return self._shades[row] if row < len(self._shades) else 0

    def _extend_shades(self, items: list[RecordListItem]) -> None:
        """Per row 0 or 1, flipping each time the list moves on to another car."""
        shade = self._shades[-1] if self._shades else 0
        previous = self._items[len(self._shades) - 1].record.vehicle_id if self._shades else None
        for item in items:
            vehicle = item.record.vehicle_id
            if vehicle and vehicle != previous:
                shade ^= 1
            previous = vehicle
            self._shades.append(shade)

    def _display(self, item: RecordListItem, column: int) -> str:
        r = item.record
        match column:
            case 0:
                return r.checked_at.astimezone().strftime("%m-%d %H:%M")
            case 1:
                return r.name
            case 2:
                return mask_id_number(r.document_number)
            case 3:
                return mask_phone(r.phone)
            case 4:
                if not item.vehicle_size:
                    return r.plate
                size = item.vehicle_size
                if item.is_driver:
                    return f"{r.plate} · " + self.tr("司机，共 %n 人", "", size)
                return f"{r.plate} · " + self.tr("同车，共 %n 人", "", size)
            case 5:
                return r.origin_name
            case 6:
                return "" if r.temperature is None else f"{r.temperature:.1f}"
            case 7:
                return label(r.health_colour)
            case 8:
                return label(r.travel_colour)
            case 9:
                return self.tr("过期") if item.nat_expired else label(r.nat_result)
            case 10:
                return label(r.disposition)
            case 11:
                return self.tr("已同步") if item.synced else self.tr("待同步")
        return ""
