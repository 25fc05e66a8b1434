"""Find every QR code in a screenshot or photo: a cascade over real decoders.

zxing-cpp runs first because it is the fastest and the most tolerant; dearer steps
(other decoders, other preprocessing, upscaling) run only when the cheap ones found
nothing. ``DEFAULT_STEPS`` was chosen by ``bench/bench_step_order.py``: it gives the
success of running every step at the least time per image. ``THOROUGH_STEPS`` adds
the rest (zbar and OpenCV on whole images, contrast stretch, sharpening, adaptive
threshold, crops around likely code regions) for an explicit "try harder".

Only when the steps found nothing, two rescues follow: the phone's screen in a photo,
found and warped upright ("zxing:screen"), and a centred button painted out of a code
that was seen but did not decode ("zxing:unmask"). :func:`detected_code_quads` says where
such a code is, for reading its colour from its modules.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

from checkpoint_app.scanning.colour import centre_overlay_box

__all__ = [
    "DEFAULT_STEPS",
    "THOROUGH_STEPS",
    "DecodeResult",
    "FoundCode",
    "available_steps",
    "decode_codes",
    "detected_code_quads",
    "likely_code_quad",
]

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]
Image = npt.NDArray[np.uint8]

ZBAR_MISSING_NOTICE: Final = "未找到 zbar 库（pyzbar/libzbar0），已跳过 zbar 解码步骤"


@dataclass(frozen=True, slots=True)
class FoundCode:
    """One decoded QR code."""

    #: The payload as text (UTF-8, or GB18030/Latin-1 when the bytes are not UTF-8).
    text: str
    #: The 4 corners, clockwise from the one nearest the image's top-left, in the
    #: coordinates of the image given to :func:`decode_codes`.
    corners: Quad
    #: "zxing", "zbar", "opencv-aruco" or "opencv".
    decoder: str
    #: Name of the cascade step that found it, e.g. "zbar:min-otsu", or of the rescue
    #: ("zxing:screen", "zxing:unmask").
    step: str


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """What :func:`decode_codes` found, and how."""

    codes: tuple[FoundCode, ...]
    #: Step names in the order they ran.
    steps_tried: tuple[str, ...]
    #: Milliseconds per step (preprocessing included), keyed by step name.
    timings_ms: Mapping[str, float]
    #: Things the worker or county IT should know, e.g. a decoder that is missing.
    notices: tuple[str, ...]
    cancelled: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        """The payloads, in the order found."""
        return tuple(code.text for code in self.codes)


# --------------------------------------------------------------------------- views
# A view is a preprocessed copy of the image plus the affine map back to the original:
# original = view_point / scale + offset.


@dataclass(frozen=True, slots=True)
class _View:
    pixels: Image
    scale: float = 1.0
    offset: Point = (0.0, 0.0)


class _Views:
    """Lazily computed, cached preprocessings of one image."""

    def __init__(self, bgr: Image) -> None:
        self._bgr = bgr
        self._cache: dict[str, list[_View]] = {}

    def get(self, name: str) -> list[_View]:
        if name not in self._cache:
            self._cache[name] = _VIEW_BUILDERS[name](self)
        return self._cache[name]

    def one(self, name: str) -> Image:
        return self.get(name)[0].pixels

    @property
    def bgr(self) -> Image:
        return self._bgr


def _view_bgr(views: _Views) -> list[_View]:
    return [_View(views.bgr)]


def _view_gray(views: _Views) -> list[_View]:
    return [_View(_as_u8(cv2.cvtColor(views.bgr, cv2.COLOR_BGR2GRAY)))]


def _view_min(views: _Views) -> list[_View]:
    # Per-pixel minimum of B, G, R: "how much ink". A yellow module (min≈0) stands out
    # from white (255) far better than in luminance (≈190 vs 255); black codes are
    # unchanged. cv2.min is an order of magnitude faster than numpy's min over axis 2.
    b, g, r = cv2.split(views.bgr)
    return [_View(_as_u8(cv2.min(cv2.min(b, g), r)))]


def _view_min_otsu(views: _Views) -> list[_View]:
    _, binary = cv2.threshold(views.one("min"), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return [_View(_as_u8(binary))]


def _view_stretch(views: _Views) -> list[_View]:
    # Low-contrast photos (glare, a dim screen): stretch the 1st–99th percentile to 0–255.
    source = views.one("min")
    low, high = np.percentile(source[::4, ::4], (1, 99))
    if high - low < 8:
        return [_View(source)]
    lut = np.clip((np.arange(256, dtype=np.float32) - low) * (255.0 / (high - low)), 0, 255)
    return [_View(_as_u8(cv2.LUT(source, lut.astype(np.uint8))))]


def _view_adaptive(views: _Views) -> list[_View]:
    source = views.one("min")
    # The block must span a few modules but not the whole code: ~1/40 of the short side.
    block = max(15, (min(source.shape[:2]) // 40) | 1)
    binary = cv2.adaptiveThreshold(
        source, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 7
    )
    return [_View(_as_u8(binary))]


def _view_up2(views: _Views) -> list[_View]:
    source = views.one("min")
    # Only small images gain from upscaling (qrbench's 87×107 codes, thumbnails); a
    # full screenshot would just cost 4× the pixels.
    if max(source.shape[:2]) > 1000:
        return []
    factor = 2.0 if max(source.shape[:2]) > 400 else 3.0
    big = cv2.resize(source, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return [_View(_as_u8(big), scale=factor)]


def _view_sharpen(views: _Views) -> list[_View]:
    # Unsharp mask against the blur of a phone photo of a screen.
    source = views.one("min")
    blurred = cv2.GaussianBlur(source, (0, 0), 3)
    return [_View(_as_u8(cv2.addWeighted(source, 1.8, blurred, -0.8, 0)))]


def _view_crops(views: _Views) -> list[_View]:
    return [
        _View(pixels, scale, offset)
        for pixels, scale, offset in _likely_code_crops(views.one("min"))
    ]


_VIEW_BUILDERS: Final[dict[str, Callable[[_Views], list[_View]]]] = {
    "bgr": _view_bgr,
    "gray": _view_gray,
    "min": _view_min,
    "min-otsu": _view_min_otsu,
    "stretch": _view_stretch,
    "adaptive": _view_adaptive,
    "up2": _view_up2,
    "sharpen": _view_sharpen,
    "crops": _view_crops,
}


def likely_code_quad(grey: Image) -> Quad | None:
    """The largest square patch dense in edges (a code that may not decode), or None.

    For reading a code's colour from its modules when an overlay or scribbles stop it
    decoding; the same search as the crops the decoders retry on.
    """
    boxes = _likely_code_boxes(grey)
    if not boxes:
        return None
    x, y, w, h, scale = boxes[0]
    x0, y0, x1, y1 = x / scale, y / scale, (x + w) / scale, (y + h) / scale
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _likely_code_boxes(grey: Image) -> list[tuple[int, int, int, int, float]]:
    """(x, y, w, h, scale) of edge-dense square patches on a copy scaled by ``scale``."""
    height, width = grey.shape[:2]
    work_scale = min(1.0, 800.0 / max(height, width))
    small = cv2.resize(grey, None, fx=work_scale, fy=work_scale, interpolation=cv2.INTER_AREA)
    gradient = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, edges = cv2.threshold(gradient, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    window = max(9, (min(small.shape[:2]) // 40) | 1)
    density = cv2.boxFilter(edges.astype(np.float32), -1, (window, window))
    mask = _as_u8(
        cv2.morphologyEx(
            _as_u8(density > 0.35), cv2.MORPH_CLOSE, np.ones((window, window), np.uint8)
        )
    )
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    min_side = max(24.0, 0.04 * min(small.shape[:2]))
    boxes: list[tuple[float, tuple[int, int, int, int]]] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < min_side or max(w, h) > 1.6 * min(w, h):
            continue
        fill = cv2.contourArea(contour) / float(w * h)
        if fill >= 0.55:
            boxes.append((w * h * fill, (x, y, w, h)))
    boxes.sort(reverse=True)
    return [(*box, work_scale) for _, box in boxes]


def _likely_code_crops(grey: Image, limit: int = 3) -> list[tuple[Image, float, Point]]:
    """Square-ish patches dense in edges, cropped with a margin and scaled to ~640 px.

    A QR code is the densest square patch of dark/light edges on a page (text lines are
    dense too, but long and thin). Cropping it and scaling it up gives the decoders a
    well-sized input when a photo's border, glare or a tiny code defeated them.
    """
    height, width = grey.shape[:2]
    boxes = _likely_code_boxes(grey)
    crops: list[tuple[Image, float, Point]] = []
    for x, y, w, h, work_scale in boxes[:limit]:
        margin = 0.2 * max(w, h)
        x0 = max(0, int((x - margin) / work_scale))
        y0 = max(0, int((y - margin) / work_scale))
        x1 = min(width, int((x + w + margin) / work_scale))
        y1 = min(height, int((y + h + margin) / work_scale))
        crop = grey[y0:y1, x0:x1]
        factor = 640.0 / max(crop.shape[:2])
        interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        resized = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=interpolation)
        crops.append((_as_u8(resized), factor, (float(x0), float(y0))))
    return crops


# ------------------------------------------------------------------------ decoders

_Raw = tuple[str, Sequence[Point]]


def _zxing(pixels: Image) -> list[_Raw]:
    results = zxingcpp.read_barcodes(
        pixels,
        # Built per call (cheap): a module-level BarcodeFormats outlives nanobind's
        # teardown at exit and makes it print a leak report on every run.
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        # Rotation by 90° only matters for linear barcodes; QR finders are symmetric.
        try_rotate=False,
        # Plain keeps control characters as they are (HRI would escape them as <GS>).
        text_mode=zxingcpp.TextMode.Plain,
    )
    found: list[_Raw] = []
    for barcode in results:
        pos = barcode.position
        corners = [
            (float(p.x), float(p.y))
            for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
        ]
        found.append((str(barcode.text), corners))
    return found


def _zbar(pixels: Image) -> list[_Raw]:
    from pyzbar import pyzbar

    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    found: list[_Raw] = []
    for symbol in pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        corners = [(float(p.x), float(p.y)) for p in symbol.polygon]
        found.append((_bytes_to_text(symbol.data), corners))
    return found


def _opencv_aruco(pixels: Image) -> list[_Raw]:
    # A fresh detector per call (a few µs): the GUI decodes on a thread pool, and
    # OpenCV does not promise that one detector object is safe across threads.
    return _opencv_run(cv2.QRCodeDetectorAruco(), pixels)


def _opencv_classic(pixels: Image) -> list[_Raw]:
    return _opencv_run(cv2.QRCodeDetector(), pixels)


def _opencv_run(
    detector: cv2.QRCodeDetectorAruco | cv2.QRCodeDetector, pixels: Image
) -> list[_Raw]:
    try:
        ok, payloads, points, _ = detector.detectAndDecodeBytesMulti(pixels)
    except cv2.error:
        # OpenCV raises on some degenerate detections instead of returning nothing.
        return []
    if not ok or points is None:
        return []
    found: list[_Raw] = []
    for payload, quad in zip(payloads, points, strict=False):
        if not payload:
            continue  # detected but not decoded
        found.append((_bytes_to_text(bytes(payload)), [(float(x), float(y)) for x, y in quad]))
    return found


_DECODERS: Final[dict[str, Callable[[Image], list[_Raw]]]] = {
    "zxing": _zxing,
    "zbar": _zbar,
    "opencv-aruco": _opencv_aruco,
    "opencv": _opencv_classic,
}

# Measured with `bench/bench_step_order.py --n 35` (175 generated screenshots in 5
# variants + the 179 qrbench photos): this order decodes everything any of the 21
# decoder:view steps decodes (310/319), at the least cost. zxing on the per-pixel
# minimum channel alone solves 305; upscaling rescues qrbench's tiny codes; Otsu and
# zxing's own luminance one each. Every other step (zbar/OpenCV on full images,
# stretch, sharpen, adaptive, crops) rescued nothing there, so they only run on request.
DEFAULT_STEPS: Final[tuple[str, ...]] = (
    "zxing:min",
    "zxing:up2",
    "zbar:up2",
    "zxing:min-otsu",
    "zxing:bgr",
)
#: For a worker's "try harder" on an image the default cascade found nothing in:
#: every step worth trying, cheapest first (about 0.3–0.7 s on a 1080×2340 screenshot).
THOROUGH_STEPS: Final[tuple[str, ...]] = (
    *DEFAULT_STEPS,
    "zbar:min",
    "zbar:min-otsu",
    "zxing:stretch",
    "zxing:sharpen",
    "zxing:crops",
    "zbar:crops",
    "zxing:adaptive",
    "zbar:adaptive",
    "opencv-aruco:crops",
    "opencv-aruco:bgr",
    "opencv:crops",
)


def available_steps() -> tuple[str, ...]:
    """Every decoder:view combination decode_codes understands (for benchmarks)."""
    return tuple(f"{decoder}:{view}" for decoder in _DECODERS for view in _VIEW_BUILDERS)


def decode_codes(
    image: Image,
    *,
    is_cancelled: Callable[[], bool] = lambda: False,
    on_progress: Callable[[float], None] = lambda fraction: None,
    steps: Sequence[str] = DEFAULT_STEPS,
    exhaustive: bool = False,
    rescue: bool = True,
) -> DecodeResult:
    """Decode every QR code in a BGR (or greyscale) image.

    Runs ``steps`` in order and stops after the first step that found at least one code
    (``exhaustive=True`` runs them all, for benchmarks). Corners are in ``image``'s
    coordinates. Checks ``is_cancelled`` between steps (a cancelled result keeps what
    was found so far) and reports the share of steps done through ``on_progress``; both
    are called on the calling (worker) thread. Never raises for a missing
    pyzbar/libzbar: it adds a notice.

    When the steps found nothing (and ``rescue`` is left on), two dearer tries follow,
    so that the fast path stays fast: the phone's screen found in a photo and warped
    upright ("screen"), then a centred button painted out of a code that was seen but
    did not decode ("unmask"). Their corners, too, are in ``image``'s coordinates.
    """
    if image.ndim == 3 and image.shape[2] == 4:
        image = _as_u8(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR))
    elif image.ndim == 2:
        image = _as_u8(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    image = np.ascontiguousarray(image, dtype=np.uint8)

    notices: list[str] = []
    zbar_ok = _zbar_available()
    if not zbar_ok:
        notices.append(ZBAR_MISSING_NOTICE)

    views = _Views(image)
    codes: dict[str, FoundCode] = {}
    tried: list[str] = []
    timings: dict[str, float] = {}
    cancelled = False
    for index, step in enumerate(steps):
        if is_cancelled():
            cancelled = True
            break
        decoder_name, _, view_name = step.partition(":")
        if decoder_name == "zbar" and not zbar_ok:
            continue
        decoder = _DECODERS[decoder_name]
        started = time.perf_counter()
        for view in views.get(view_name):
            for text, points in decoder(view.pixels):
                if not text or text in codes:
                    continue  # the same code found again by another view/decoder
                corners = _to_original(points, view)
                codes[text] = FoundCode(text, corners, decoder_name, step)
        tried.append(step)
        timings[step] = (time.perf_counter() - started) * 1000.0
        if codes and not exhaustive:
            break
        on_progress((index + 1) / len(steps))
    if rescue and not codes and not cancelled and not exhaustive:
        for name, attempt in _RESCUES:
            if is_cancelled():
                cancelled = True
                break
            started = time.perf_counter()
            for text, corners in attempt(views):
                if text and text not in codes:
                    codes[text] = FoundCode(text, corners, "zxing", name)
            tried.append(name)
            timings[name] = (time.perf_counter() - started) * 1000.0
            if codes:
                break
    if not cancelled:
        on_progress(1.0)
    return DecodeResult(
        codes=tuple(codes.values()),
        steps_tried=tuple(tried),
        timings_ms=MappingProxyType(timings),
        notices=tuple(notices),
        cancelled=cancelled,
    )


# ------------------------------------------------------------------------ rescues
# Each rescue returns (text, corners in the original image).

_Found = list[tuple[str, Quad]]


def _decode_warped(pixels: Image, matrix: npt.NDArray[np.float64], *, photo: bool) -> _Found:
    """Decode a warped copy; map corners back through the inverse of ``matrix``.

    A rectified photo is still blurred: an unsharp mask and a local threshold rescue
    what the plain minimum channel does not (measured on generated hand-held photos).
    """
    b, g, r = cv2.split(pixels) if pixels.ndim == 3 else (pixels, pixels, pixels)
    ink = _as_u8(cv2.min(cv2.min(b, g), r))
    views: list[Callable[[], Image]] = [lambda: ink]
    if photo:
        block = max(15, (ink.shape[1] // 30) | 1)
        views += [
            lambda: _as_u8(cv2.addWeighted(ink, 1.8, cv2.GaussianBlur(ink, (0, 0), 3), -0.8, 0)),
            lambda: _as_u8(
                cv2.adaptiveThreshold(
                    ink, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 5
                )
            ),
        ]
    else:
        views.append(
            lambda: _as_u8(cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1])
        )
    inverse = np.linalg.inv(matrix)
    for view in views:
        found: _Found = []
        for text, points in _zxing(view()):
            mapped = cv2.perspectiveTransform(
                np.asarray(points, dtype=np.float64).reshape(-1, 1, 2), inverse
            ).reshape(-1, 2)
            found.append((text, _clockwise_from_top_left(mapped.astype(np.float32))))
        if found:
            return found
    return []


# A phone's screen is taller than wide by this much (16:9 to 19.5:9, with some slack for
# a photo that cut its edge).
_SCREEN_ASPECT: Final = (1.5, 2.3)
_SCREEN_WIDTH: Final = 1080
# The screen's share of a photo: a phone held at arm's length to one filling the frame.
_SCREEN_SHARE: Final = (0.04, 0.9)


def _rescue_screen(views: _Views) -> _Found:
    """A photo of a phone: find its screen (the largest bright convex quadrilateral),
    warp it upright at screenshot size and decode that."""
    quad = phone_screen_quad(views.one("gray"))
    if quad is None:
        return []
    top = math.dist(quad[0], quad[1])
    bottom = math.dist(quad[3], quad[2])
    left = math.dist(quad[0], quad[3])
    right = math.dist(quad[1], quad[2])
    ratio = (left + right) / max(top + bottom, 1.0)
    if ratio < 1.4:
        # Not a phone held upright: a card on a screenshot, a landscape quad.
        return []
    aspect = min(max(ratio, _SCREEN_ASPECT[0]), _SCREEN_ASPECT[1])
    width, height = _SCREEN_WIDTH, int(_SCREEN_WIDTH * aspect)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(np.asarray(quad, dtype=np.float32), target)
    warped = cv2.warpPerspective(views.bgr, matrix, (width, height), flags=cv2.INTER_CUBIC)
    return _decode_warped(_as_u8(warped), matrix.astype(np.float64), photo=True)


def phone_screen_quad(grey: Image) -> Quad | None:
    """Corners of a phone's screen in a photo (clockwise from top-left), or None.

    The screen is the largest bright region whose convex hull is a quadrilateral of a
    fair share of the photo; a screenshot (the whole image is the screen) has none.
    """
    height, width = grey.shape[:2]
    factor = min(1.0, 600.0 / max(height, width))
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(_as_u8(bright), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    area_total = float(small.shape[0] * small.shape[1])
    # The largest bright region may be a glare on the table or a lamp: take the largest
    # of the few biggest whose hull is a quadrilateral.
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        quad = _quadrilateral(np.asarray(contour, dtype=np.int32), area_total)
        if quad is not None:
            return _clockwise_from_top_left((quad / factor).astype(np.float32))
    return None


def _quadrilateral(
    contour: npt.NDArray[np.int32], area_total: float
) -> npt.NDArray[np.float32] | None:
    """The contour's hull as 4 corners, or None when it is no quadrilateral.

    A thumb over the bezel adds a corner or two to the hull: corners are dropped, the one
    whose loss costs least area first, down to four.
    """
    hull = cv2.convexHull(contour)
    hull_area = float(cv2.contourArea(hull))
    if not _SCREEN_SHARE[0] * area_total <= hull_area <= _SCREEN_SHARE[1] * area_total:
        return None
    approx = cv2.approxPolyDP(hull, 0.015 * cv2.arcLength(hull, True), True)
    points = [p for p in approx.reshape(-1, 2).astype(np.float32)]
    while len(points) > 4:
        costs = [
            hull_area - float(cv2.contourArea(np.array(points[:i] + points[i + 1 :])))
            for i in range(len(points))
        ]
        del points[int(np.argmin(costs))]
    if len(points) != 4:
        return None
    quad = np.array(points, dtype=np.float32)
    # A blob (a glare, a lamp) loses much of its area as four corners; a screen does not.
    if float(cv2.contourArea(quad)) < 0.85 * hull_area:
        return None
    return quad


def _rescue_unmask(views: _Views) -> _Found:
    """A code seen but not decoded: paint a centred button (请扫"场所码", a logo) out in
    the code's light colour, and decode the code's square again."""
    quads = list(detected_code_quads(views.bgr))[:2]
    if not quads:
        quad = likely_code_quad(views.one("gray"))
        quads = [] if quad is None else [quad]
    for quad in quads:
        side = int(min(800.0, max(math.dist(quad[0], quad[1]), math.dist(quad[0], quad[3]))))
        if side < 40:
            continue
        margin = side // 8
        full = side + 2 * margin
        target = np.array(
            [
                [margin, margin],
                [margin + side, margin],
                [margin + side, margin + side],
                [margin, margin + side],
            ],
            dtype=np.float32,
        )
        matrix = cv2.getPerspectiveTransform(np.asarray(quad, dtype=np.float32), target)
        warped = _as_u8(
            cv2.warpPerspective(views.bgr, matrix, (full, full), flags=cv2.INTER_LINEAR)
        )
        square = warped[margin : margin + side, margin : margin + side]
        box = centre_overlay_box(np.ascontiguousarray(square))
        if box is None:
            continue
        ink = square.min(axis=2)
        light = square[ink >= np.percentile(ink, 80)]
        fill = tuple(int(v) for v in np.median(light, axis=0)) if len(light) else (255, 255, 255)
        x0, y0, x1, y1 = box
        warped[margin + y0 : margin + y1, margin + x0 : margin + x1] = fill
        found = _decode_warped(warped, matrix.astype(np.float64), photo=False)
        if found:
            return found
    return []


_RESCUES: Final[tuple[tuple[str, Callable[[_Views], _Found]], ...]] = (
    ("zxing:screen", _rescue_screen),
    ("zxing:unmask", _rescue_unmask),
)


def detected_code_quads(image: Image) -> list[Quad]:
    """Corners of QR codes whose finder patterns were found but which did not decode.

    zxing reports them with their position and a checksum or format error: a code under
    a button or scribbles is still where its three finder squares are. Largest first,
    near-duplicates dropped.
    """
    pixels = image
    if image.ndim == 3:
        b, g, r = cv2.split(image[:, :, :3])
        pixels = _as_u8(cv2.min(cv2.min(b, g), r))
    results = zxingcpp.read_barcodes(
        pixels,
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        try_rotate=False,
        return_errors=True,
    )
    quads: list[tuple[float, Quad]] = []
    for barcode in results:
        if barcode.valid:
            continue
        pos = barcode.position
        points = np.array(
            [
                (float(p.x), float(p.y))
                for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
            ],
            dtype=np.float32,
        )
        area = abs(float(cv2.contourArea(points)))
        sides = [float(np.linalg.norm(points[i] - points[(i + 1) % 4])) for i in range(4)]
        if area < 400 or max(sides) > 1.4 * min(sides):
            continue  # a sliver from a wrong finder triple, not a code
        quad = _clockwise_from_top_left(points)
        centre = points.mean(axis=0)
        if any(
            np.linalg.norm(np.mean(np.asarray(q), axis=0) - centre) < 0.2 * math.sqrt(a)
            for a, q in quads
        ):
            continue
        quads.append((area, quad))
    quads.sort(key=lambda item: -item[0])
    return [quad for _, quad in quads]


def _zbar_available() -> bool:
    try:
        from pyzbar import pyzbar  # noqa: F401
    except (ImportError, OSError):
        # ImportError: no pyzbar, or pyzbar without libzbar ("Unable to find zbar
        # shared library"); OSError: a libzbar that fails to load.
        return False
    return True


def _to_original(points: Sequence[Point], view: _View) -> Quad:
    mapped = np.array(
        [(x / view.scale + view.offset[0], y / view.scale + view.offset[1]) for x, y in points],
        dtype=np.float32,
    )
    if len(mapped) != 4:
        # zbar sometimes reports a polygon with more vertices: take its bounding rotated box.
        mapped = cv2.boxPoints(cv2.minAreaRect(mapped)).astype(np.float32)
    return _clockwise_from_top_left(mapped)


def _clockwise_from_top_left(points: npt.NDArray[np.float32]) -> Quad:
    centre = points.mean(axis=0)
    # Image y grows downwards, so increasing atan2 angle runs clockwise on screen.
    order = sorted(
        range(4), key=lambda i: math.atan2(points[i][1] - centre[1], points[i][0] - centre[0])
    )
    ordered = [points[i] for i in order]
    start = min(range(4), key=lambda i: float(ordered[i][0] + ordered[i][1]))
    ordered = ordered[start:] + ordered[:start]
    p0, p1, p2, p3 = ((float(p[0]), float(p[1])) for p in ordered)
    return (p0, p1, p2, p3)


def _bytes_to_text(data: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _as_u8(array: npt.NDArray[np.generic]) -> Image:
    # OpenCV's stubs return untyped Mat-likes; pin the dtype once here for mypy.
    return np.asarray(array, dtype=np.uint8)
