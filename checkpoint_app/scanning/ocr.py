"""Offline Chinese OCR of a screenshot's text lines, fast enough for a checkpoint queue.

rapidocr-onnxruntime's own pipeline runs text detection on the whole page at up to
2000 px and recognises every box: 2–3 s per 1080×2340 screenshot on two quiet cores,
5–7 s on busy ones. Detection does not need that resolution to *find* lines of 30 px
text, so it runs here on a copy whose long side is 960 px (≈0.1 s), and only the
boxes that can carry a field are recognised, each cropped from the full-resolution
image and read alone at its own width (≈0.15 s a page): not the status bar, not the QR
code itself.

The engine (three ONNX sessions, ~70 MB) is created once, lazily, and shared by every
thread behind a lock: two OCR jobs at once would only fight over the same two cores.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import cv2
import numpy as np
import numpy.typing as npt

__all__ = [
    "DETECT_LONG_SIDE",
    "OcrLine",
    "OcrResult",
    "full_page_lines",
    "read_lines",
    "warm_up",
]

Image = npt.NDArray[np.uint8]
Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

#: Long side of the copy text detection runs on. 960 px keeps 30 px text of a 1080×2340
#: screenshot at ~12 px, which PP-OCRv4's detector still finds; 736 began to lose it.
DETECT_LONG_SIDE: Final = 960
# Phone-shaped pages (taller than 1.7× their width) start with the status bar: its clock
# has no date and says nothing about the page's own content, so its boxes are read apart
# (at most a few) as a weak fallback for the page's age.
_STATUS_BAR_SHARE: Final = 0.035
# A notched phone's status bar is taller (iPhone: 44–47 pt, ~5% of the screen); its
# clock box starts in the top band and ends within this share.
_STATUS_CLOCK_SHARE: Final = 0.055
_MAX_STATUS_BOXES: Final = 4
_PHONE_ASPECT: Final = 1.7
# A page with more boxes than this is not a code page; recognising the rest only costs.
_MAX_BOXES: Final = 48
# rapidocr's own cut for keeping a recognised box.
_MIN_SCORE: Final = 0.5
# rapidocr keeps a detected box whose mean text probability is ≥ 0.5. A masked ID
# (4107**********1234) is mostly asterisks, which the detector scores low once the
# page is downscaled: at 0.5 it lost 11 of 32 masked IDs on generated pages, at 0.3
# none of them; the extra boxes it adds are few (12.6 → 13.0 per page).
_BOX_THRESHOLD: Final = 0.3
_UNCLIP_RATIO: Final = 1.6
# Recognition's input height (PP-OCRv4: 48 px rows, the width follows the box).
_REC_HEIGHT: Final = 48


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line of text: recognised boxes side by side, joined with a space."""

    text: str
    #: The lowest recognition score of the line's boxes (0–1).
    confidence: float
    #: Top-left and bottom-right of the line in the image's coordinates.
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class OcrResult:
    """Lines top to bottom, and what it cost."""

    lines: tuple[OcrLine, ...]
    #: Milliseconds for "ocr_detect" and "ocr_recognise".
    timings_ms: Mapping[str, float]
    #: Boxes found by detection, and how many of them were recognised.
    boxes_found: int = 0
    boxes_read: int = 0
    cancelled: bool = False
    #: Boxes of the phone's status bar (its clock, the carrier…), found but not recognised:
    #: `read_status_bar` reads them when the page's own words gave no clock.
    status_boxes: tuple[npt.NDArray[np.float32], ...] = ()


_engine_lock = threading.Lock()
_run_lock = threading.Lock()
_engine: Any = None
_postprocess: Any = None


def _get_engine() -> Any:
    global _engine, _postprocess  # noqa: PLW0603 - one lazily created, lock-guarded engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]
            from rapidocr_onnxruntime.ch_ppocr_det.utils import (  # type: ignore[import-untyped]
                DBPostProcess,
            )

            _bound_heap_growth()
            # The models ship inside the wheel: nothing is downloaded.
            _engine = RapidOCR(print_verbose=False)
            _use_quiet_sessions(_engine)
            _postprocess = DBPostProcess(
                thresh=0.3,
                box_thresh=_BOX_THRESHOLD,
                max_candidates=1000,
                unclip_ratio=_UNCLIP_RATIO,
                use_dilation=True,
                score_mode="fast",
            )
        return _engine


def _use_quiet_sessions(engine: Any) -> None:
    """Swap rapidocr's detection and recognition sessions for ones that never spin.

    ONNX Runtime's worker threads spin while waiting for work by default. On two cores
    shared with the GUI, decoding and other jobs, spinning threads steal the cores the
    real work needs: with the load average at 7, a page took 5.5 s with spinning and
    2.3 s without (1 thread: 5.5 s).
    """
    import onnxruntime as ort  # type: ignore[import-untyped]
    import rapidocr_onnxruntime

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    for holder, model in (
        (engine.text_det.infer, "ch_PP-OCRv4_det_infer.onnx"),
        (engine.text_rec.session, "ch_PP-OCRv4_rec_infer.onnx"),
    ):
        options = ort.SessionOptions()
        options.log_severity_level = 4
        # Recognition allocates many small, differently sized tensors per batch: without
        # ONNX Runtime's arena each one is an mmap/munmap (the 1 MiB threshold above),
        # and on 11 real screenshots the kernel time was 30 s against 18 s of work. With
        # the arena for recognition only: 0.47 s per page instead of 3.3 s, peak RSS
        # 440 MB instead of 320 MB. Detection's big tensors stay outside it.
        options.enable_cpu_mem_arena = model.endswith("rec_infer.onnx")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = max(1, min(2, os.cpu_count() or 1))
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        holder.session = ort.InferenceSession(
            str(models / model), sess_options=options, providers=["CPUExecutionProvider"]
        )


def _bound_heap_growth() -> None:
    """Keep glibc from hoarding the detector's freed buffers (Linux only).

    Text detection allocates ~100 MB of short-lived tensors per page. glibc raises its
    mmap threshold after such blocks are freed, so the next ones come from the heap and
    stay there: peak RSS over 14 screenshots was 457–540 MB. A fixed 1 MiB threshold
    (which also stops the dynamic raising) hands big blocks back to the kernel on free:
    296–390 MB, no slower. Process-wide, set once, before the first inference.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        m_mmap_threshold = -3
        libc.mallopt(m_mmap_threshold, 1 << 20)
    except (OSError, AttributeError):
        pass  # not glibc (musl, …): nothing to tune


def warm_up() -> None:
    """Load the OCR models and run them once (≈0.5 s), instead of on the first screenshot.

    ONNX Runtime's first inference of each model is several times slower than the next.
    """
    engine = _get_engine()
    page = np.full((256, 128, 3), 255, dtype=np.uint8)
    cv2.putText(page, "2022", (8, 128), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    with _run_lock:
        _detect(engine, page)
        _recognise(engine, page[96:144, :])


def read_lines(
    image: Image,
    *,
    skip_quads: Sequence[Sequence[Point]] = (),
    is_cancelled: Callable[[], bool] = lambda: False,
    on_progress: Callable[[float], None] = lambda fraction: None,
) -> OcrResult:
    """Detect text on a downscaled copy of BGR ``image``; recognise the boxes that matter.

    Boxes whose centre lies inside one of ``skip_quads`` (the QR codes already decoded)
    and the status bar of a phone-shaped page are not recognised. Checks ``is_cancelled``
    between detection and each batch of recognition; called on the worker thread.
    """
    if image.ndim == 2:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    engine = _get_engine()
    timings: dict[str, float] = {}

    started = time.perf_counter()
    with _run_lock:
        boxes = _detect(engine, image)
    timings["ocr_detect"] = (time.perf_counter() - started) * 1000.0
    on_progress(0.4)
    found = len(boxes)
    status_boxes = _status_bar_boxes(boxes, image.shape[:2])
    boxes = _useful_boxes(boxes, image.shape[:2], skip_quads)
    if is_cancelled():
        return OcrResult((), MappingProxyType(timings), found, 0, cancelled=True)

    started = time.perf_counter()
    crops = engine.get_crop_img_list(image, boxes) if boxes else []
    recognised: list[tuple[npt.NDArray[np.float32], str, float]] = []
    cancelled = False
    for done, (box, crop) in enumerate(zip(boxes, crops, strict=True), start=1):
        if is_cancelled():
            cancelled = True
            break
        with _run_lock:
            text, score = _recognise(engine, crop)
        if text and score >= _MIN_SCORE:
            recognised.append((box, text, score))
        on_progress(0.4 + 0.6 * done / len(crops))
    timings["ocr_recognise"] = (time.perf_counter() - started) * 1000.0
    if not cancelled:
        on_progress(1.0)
    return OcrResult(
        lines=_assemble_lines(recognised),
        timings_ms=MappingProxyType(timings),
        boxes_found=found,
        boxes_read=len(boxes),
        cancelled=cancelled,
        status_boxes=tuple(status_boxes),
    )


def read_status_bar(image: Image, boxes: Sequence[npt.NDArray[np.float32]]) -> tuple[OcrLine, ...]:
    """Recognise the status-bar boxes `read_lines` found, left to right (one small batch)."""
    if not boxes:
        return ()
    if image.ndim == 2:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    engine = _get_engine()
    crops = engine.get_crop_img_list(image, list(boxes))
    with _run_lock:
        results = [_recognise(engine, crop) for crop in crops]
    lines = [
        OcrLine(text, score, _bounds(box))
        for box, (text, score) in zip(boxes, results, strict=True)
        if text and score >= _MIN_SCORE
    ]
    return tuple(sorted(lines, key=lambda line: line.box[0]))


def full_page_lines(image: Image) -> tuple[OcrLine, ...]:
    """rapidocr's own full pipeline on the whole page (the slow baseline for benchmarks)."""
    engine = _get_engine()
    with _run_lock:
        result, _ = engine(image)
    recognised = [
        (np.asarray(box, dtype=np.float32), str(text), float(score))
        for box, text, score in (result or [])
    ]
    return _assemble_lines(recognised)


def _recognise(engine: Any, crop: Image) -> tuple[str, float]:
    """Recognise one box at its own width (called under `_run_lock`).

    rapidocr batches six crops and pads each to the widest of them and to at least 320 px:
    on the eleven real screenshots 46 % of the columns it ran were padding (a two-character
    colour word padded beside a 600 px date line), and a batch of wide rows ran slower
    per column than single rows. One crop at its own width reads the same text.
    """
    height, width = crop.shape[:2]
    new_width = max(1, math.ceil(_REC_HEIGHT * width / max(1, height)))
    row = cv2.resize(crop, (new_width, _REC_HEIGHT)).astype(np.float32) * (2.0 / 255.0) - 1.0
    # A blank square after the text (0 is rapidocr's pad): a character touching the right
    # edge was otherwise dropped now and then (a masked ID's last digit; of 368 fields on
    # generated pages 3 lost at the exact width, 2 padded to 320 px, 1 with the square).
    tensor = np.zeros((1, 3, _REC_HEIGHT, new_width + _REC_HEIGHT), dtype=np.float32)
    tensor[0, :, :, :new_width] = row.transpose(2, 0, 1)
    recogniser = engine.text_rec
    predictions = recogniser.session(tensor)[0]
    text, score = recogniser.postprocess_op(predictions)[0][:2]
    return str(text), float(score)


def _detect(engine: Any, image: Image) -> list[npt.NDArray[np.float32]]:
    height, width = image.shape[:2]
    factor = min(1.0, DETECT_LONG_SIDE / max(height, width))
    # The detector wants sides that are multiples of 32.
    small_w = max(32, round(width * factor / 32) * 32)
    small_h = max(32, round(height * factor / 32) * 32)
    small = cv2.resize(image, (small_w, small_h), interpolation=cv2.INTER_AREA)
    tensor = (small.astype(np.float32) * (2.0 / 255.0) - 1.0).transpose(2, 0, 1)[None]
    detector = engine.text_det
    predictions = detector.infer(np.ascontiguousarray(tensor))[0]
    boxes, _ = _postprocess(predictions, (small_h, small_w))
    boxes = detector.filter_tag_det_res(boxes, (small_h, small_w))
    scale = np.array([width / small_w, height / small_h], dtype=np.float32)
    return [np.asarray(box, dtype=np.float32) * scale for box in boxes]


def _status_bar_boxes(
    boxes: list[npt.NDArray[np.float32]], shape: tuple[int, ...]
) -> list[npt.NDArray[np.float32]]:
    """The few boxes wholly inside a phone page's status bar (the clock among them)."""
    height, width = shape[0], shape[1]
    if height < _PHONE_ASPECT * width:
        return []
    top, bottom = height * _STATUS_BAR_SHARE, height * _STATUS_CLOCK_SHARE
    inside = [
        box for box in boxes if float(box[:, 1].min()) < top and float(box[:, 1].max()) < bottom
    ]
    return sorted(inside, key=lambda b: float(b[:, 0].min()))[:_MAX_STATUS_BOXES]


def _useful_boxes(
    boxes: list[npt.NDArray[np.float32]],
    shape: tuple[int, ...],
    skip_quads: Sequence[Sequence[Point]],
) -> list[npt.NDArray[np.float32]]:
    height, width = shape[0], shape[1]
    status_bar = height * _STATUS_BAR_SHARE if height >= _PHONE_ASPECT * width else -1.0
    quads = [np.asarray(q, dtype=np.float32).reshape(-1, 1, 2) for q in skip_quads if len(q) >= 3]
    kept = []
    for box in boxes:
        centre_x, centre_y = (float(v) for v in box.mean(axis=0))
        if float(box[:, 1].max()) < status_bar:
            continue
        if any(cv2.pointPolygonTest(q, (centre_x, centre_y), False) >= 0 for q in quads):
            continue
        kept.append(box)
    # Top to bottom, so a page with too many boxes keeps its upper part (where the
    # name, clock and code are), not a random subset.
    kept.sort(key=lambda b: float(b[:, 1].min()))
    return kept[:_MAX_BOXES]


def _assemble_lines(
    recognised: list[tuple[npt.NDArray[np.float32], str, float]],
) -> tuple[OcrLine, ...]:
    """Group boxes into lines (a label and its value are separate boxes on one row)."""
    if not recognised:
        return ()
    # A phone photo is tilted: rotate box centres by the median text angle first, so a
    # row stays a row across the page.
    angles = []
    for box, _, _ in recognised:
        dx, dy = float(box[1][0] - box[0][0]), float(box[1][1] - box[0][1])
        if abs(dx) > 2 * _box_height(box):
            angles.append(math.atan2(dy, dx))
    angle = float(np.median(angles)) if angles else 0.0
    cos_a, sin_a = math.cos(-angle), math.sin(-angle)

    items = []
    for box, text, score in recognised:
        cx, cy = (float(v) for v in box.mean(axis=0))
        items.append(
            (cx * cos_a - cy * sin_a, cx * sin_a + cy * cos_a, _box_height(box), box, text, score)
        )
    items.sort(key=lambda item: item[1])

    rows: list[list[tuple[float, float, float, npt.NDArray[np.float32], str, float]]] = []
    for item in items:
        if rows:
            row = rows[-1]
            row_y = sum(i[1] for i in row) / len(row)
            row_h = min(i[2] for i in row)
            if abs(item[1] - row_y) < 0.5 * min(row_h, item[2]):
                row.append(item)
                continue
        rows.append([item])

    lines = []
    for row in rows:
        row.sort(key=lambda item: item[0])
        points = np.concatenate([item[3] for item in row])
        lines.append(
            OcrLine(
                text=" ".join(item[4] for item in row),
                confidence=min(item[5] for item in row),
                box=(
                    float(points[:, 0].min()),
                    float(points[:, 1].min()),
                    float(points[:, 0].max()),
                    float(points[:, 1].max()),
                ),
            )
        )
    return tuple(lines)


def _bounds(box: npt.NDArray[np.float32]) -> tuple[float, float, float, float]:
    return (
        float(box[:, 0].min()),
        float(box[:, 1].min()),
        float(box[:, 0].max()),
        float(box[:, 1].max()),
    )


def _box_height(box: npt.NDArray[np.float32]) -> float:
    left = float(np.linalg.norm(box[0] - box[3]))
    right = float(np.linalg.norm(box[1] - box[2]))
    return max(left, right, 1.0)
