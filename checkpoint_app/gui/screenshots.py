"""Screenshots into the form: files, drag-and-drop, clipboard, a watched folder.

Reading runs in two stages off the GUI thread through `run_in_background`: the codes
and their colour first (tens of ms), then the text by OCR. Saving never waits for OCR.
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QEvent,
    QFileSystemWatcher,
    QIODevice,
    QObject,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDropEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from checkpoint_app.gui.background import Task, run_in_background
from checkpoint_app.gui.register_form import RegisterForm
from checkpoint_app.storage.records import recent_image_hashes
from checkpoint_app.storage.timefmt import to_db_time

if TYPE_CHECKING:  # decoders and OCR load with the first screenshot, not at start-up
    from checkpoint_app.scanning.screenshot import ScreenshotCodes, ScreenshotText

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp")


def thumbnail_with_outline(codes: ScreenshotCodes, size: tuple[int, int] = (64, 112)) -> QPixmap:
    """A small picture of the screenshot with the found code outlined in the code's colour."""
    import numpy as np

    bgr = np.ascontiguousarray(codes.image.bgr)
    height, width = bgr.shape[:2]
    image = QImage(bgr.data, width, height, bgr.strides[0], QImage.Format.Format_BGR888).copy()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#ff1744"))
    pen.setWidth(max(4, width // 120))
    painter.setPen(pen)
    for code in codes.codes:
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in code.corners]))
    painter.end()
    return QPixmap.fromImage(image).scaled(
        size[0],
        size[1],
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class ScreenshotReader(QObject):
    """Reads screenshots for the current traveller, one at a time, newest request last."""

    codes_read = Signal(object)  # ScreenshotCodes
    text_read = Signal(object)  # ScreenshotText
    failed = Signal(str)
    batch_progressed = Signal(int, int)  # done, total
    idle = Signal()

    def __init__(
        self,
        form: RegisterForm,
        db: Database,
        *,
        max_age_minutes: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._db = db
        self.max_age_minutes = max_age_minutes
        self.keep_images_days = 0
        self.data_dir: Path | None = None
        self._source: Path | bytes = b""
        self._queue: deque[tuple[Path | bytes, str]] = deque()
        self._task: Task | None = None
        self._total = 0
        self._done = 0
        self._codes: ScreenshotCodes | None = None
        form.ui.resetButton.clicked.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def read(self, sources: list[tuple[Path | bytes, str]]) -> None:
        """Queue screenshots (a path or image bytes, with a name to show) for this traveller."""
        self._queue.extend(sources)
        self._total += len(sources)
        if self._task is None:
            self._next()

    def cancel(self) -> None:
        self._queue.clear()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._total = self._done = 0
        self.idle.emit()

    def _next(self) -> None:
        if not self._queue:
            self._task = None
            self._total = self._done = 0
            self.idle.emit()
            return
        from checkpoint_app.scanning.screenshot import read_codes

        source, name = self._queue.popleft()
        self._source = source
        self._form.show_screenshot_pending(name)
        self.batch_progressed.emit(self._done, self._total)
        self._task = run_in_background(
            lambda is_cancelled, on_progress: read_codes(
                source, is_cancelled=is_cancelled, on_progress=on_progress
            ),
            on_done=self._codes_done,
            on_error=self._failed,
        )

    def _codes_done(self, codes: ScreenshotCodes) -> None:
        from checkpoint_app.scanning.screenshot import read_text

        self._keep_if_asked(codes)
        self._codes = codes
        self._form.apply_screenshot_codes(codes, thumbnail_with_outline(codes))
        self.codes_read.emit(codes)
        self._task = run_in_background(
            lambda is_cancelled, on_progress: read_text(
                codes, is_cancelled=is_cancelled, on_progress=on_progress
            ),
            on_done=self._text_done,
            on_error=self._failed,
        )

    def _keep_if_asked(self, codes: ScreenshotCodes) -> None:
        if self.keep_images_days <= 0 or self.data_dir is None:
            return
        from checkpoint_app.storage.kept_images import keep_image

        try:
            data = self._source if isinstance(self._source, bytes) else self._source.read_bytes()
            keep_image(
                self.data_dir,
                codes.image.sha256,
                data,
                today=datetime.now().astimezone().date(),
                suffix="." + codes.image.format.lower(),
            )
        except OSError:
            pass  # keeping a copy is optional; reading the screenshot is what matters

    def _text_done(self, text: ScreenshotText) -> None:
        from checkpoint_app.scanning.screenshot import screenshot_warnings

        assert self._codes is not None
        self._form.apply_screenshot_text(text)
        name, document, phone = self._form.typed_identity()
        start_of_day = datetime.now().astimezone().replace(hour=0, minute=0, second=0)
        warnings = screenshot_warnings(
            self._codes,
            text,
            now=datetime.now().astimezone(),
            max_age_minutes=self.max_age_minutes,
            typed_name=name,
            typed_document=document,
            typed_phone=phone,
            recent_phashes=recent_image_hashes(
                self._db,
                since=to_db_time(start_of_day.astimezone(UTC)),
                exclude_uuid=self._form.record_uuid,
            ),
        )
        self._form.show_screenshot_warnings([w.message for w in warnings])
        self.text_read.emit(text)
        self._finish_one()

    def _failed(self, exc: BaseException) -> None:
        from checkpoint_app.scanning.images import ImageRejected

        message = (
            exc.message
            if isinstance(exc, ImageRejected)
            else self.tr("截图识别失败，请重试或手动填写")
        )
        self._form.show_screenshot_error(message)
        self.failed.emit(message)
        self._finish_one()

    def _finish_one(self) -> None:
        self._done += 1
        self.batch_progressed.emit(self._done, self._total)
        self._task = None
        self._next()


def image_paths(paths: list[str]) -> list[Path]:
    return [Path(p) for p in paths if Path(p).suffix.lower() in IMAGE_SUFFIXES]


def clipboard_image_bytes() -> bytes | None:
    """The clipboard's image as PNG bytes, when it holds an image and no text."""
    mime = QApplication.clipboard().mimeData()
    if mime is None or not mime.hasImage() or mime.hasText():
        return None
    image = QApplication.clipboard().image()
    if image.isNull():
        return None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class ScreenshotInputFilter(QObject):
    """Catches Ctrl+V of an image and drops of image files anywhere in the window.

    Text pastes and text drops go on to the widget as usual.
    """

    images_dropped = Signal(list)  # list[Path]
    image_pasted = Signal(bytes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            data = clipboard_image_bytes()
            if data is not None:
                self.image_pasted.emit(data)
                return True
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDropEvent
        ):
            mime = event.mimeData()
            if mime.hasUrls() and image_paths([u.toLocalFile() for u in mime.urls()]):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            mime = event.mimeData()
            paths = image_paths([u.toLocalFile() for u in mime.urls()]) if mime.hasUrls() else []
            if paths:
                event.acceptProposedAction()
                self.images_dropped.emit(paths)
                return True
        return False


class FolderWatcher(QObject):
    """Offers each new image that appears in a folder (e.g. where PC WeChat saves images)."""

    image_arrived = Signal(object)  # Path

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._known: set[Path] = set()
        self._folder: Path | None = None

    def watch(self, folder: str) -> bool:
        if self._folder is not None:
            self._watcher.removePath(str(self._folder))
        self._folder = None
        if not folder or not Path(folder).is_dir():
            return False
        self._folder = Path(folder)
        self._known = set(self._images())
        return self._watcher.addPath(folder)

    def _images(self) -> list[Path]:
        assert self._folder is not None
        try:
            return image_paths([str(p) for p in self._folder.iterdir() if p.is_file()])
        except OSError:
            return []

    def _changed(self, _path: str) -> None:
        if self._folder is None:
            return
        for path in sorted(self._images(), key=lambda p: p.stat().st_mtime):
            if path not in self._known:
                self._known.add(path)
                self.image_arrived.emit(path)
