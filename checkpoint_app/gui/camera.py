"""Webcam scanning: a live preview that grabs the frame in which a code is found."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QWidget

from checkpoint_app.gui.background import Task, run_in_background
from checkpoint_app.gui.forms.ui_camera_dialog import Ui_CameraDialog
from checkpoint_app.scanning.decode import DecodeResult, decode_codes

FRAME_INTERVAL_MS = 66  # ~15 frames a second is plenty for a preview and costs little CPU


def open_capture(source: str) -> cv2.VideoCapture:
    """An OpenCV capture for a camera index ("0") or a device path / video file."""
    return cv2.VideoCapture(int(source) if source.isdigit() else source)


class CameraDialog(QDialog):
    """Shows the camera; when a frame holds a code, emits it as PNG bytes and closes.

    Frames are read on the GUI thread (a buffered read takes a few ms); decoding runs
    through the background helper, one frame at a time, so the preview never stalls.
    """

    frame_captured = Signal(bytes)

    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CameraDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._capture = open_capture(source)
        self._decoding: Task | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self._next_frame)
        self.finished.connect(self._stop)
        if not self._capture.isOpened():
            self.ui.previewLabel.setText(
                self.tr("无法打开摄像头 ") + source + self.tr("。请检查连接，或改用截图/扫码枪。")
            )
            return
        self._timer.start()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _next_frame(self) -> None:
        ok, frame = self._capture.read()
        if not ok:
            self._timer.stop()
            self.ui.statusLabel.setText(self.tr("摄像头没有画面了"))
            return
        self._show(frame)
        if self._decoding is None:
            snapshot = frame.copy()
            self._decoding = run_in_background(
                lambda is_cancelled, on_progress: decode_codes(
                    snapshot, is_cancelled=is_cancelled, on_progress=on_progress
                ),
                on_done=lambda result: self._decoded(result, snapshot),
                on_error=lambda _exc: self._decode_failed(),
            )

    def _show(self, frame: np.ndarray) -> None:
        height, width = frame.shape[:2]
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
        self.ui.previewLabel.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.ui.previewLabel.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    def _decoded(self, result: DecodeResult, frame: np.ndarray) -> None:
        self._decoding = None
        if not result.codes or not self.running:
            return
        ok, png = cv2.imencode(".png", frame)
        if ok:
            self._timer.stop()
            self.frame_captured.emit(png.tobytes())
            self.accept()

    def _decode_failed(self) -> None:
        self._decoding = None

    def _stop(self) -> None:
        self._timer.stop()
        if self._decoding is not None:
            self._decoding.cancel()
        self._capture.release()
