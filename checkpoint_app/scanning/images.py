"""Safe loading of a traveller's screenshot or photo into a BGR array for decoding.

Every refusal is an :class:`ImageRejected` with a Chinese message the worker can read.
Checks run from cheapest to dearest: size of the file, magic bytes, the header's pixel
count (Pillow opens lazily, so a 30000×30000 header costs nothing), then the real decode.
"""

from __future__ import annotations

import hashlib
import io
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from checkpoint_app.scanning.perceptual_hash import phash as perceptual_hash

__all__ = [
    "DECODE_MAX_SIDE",
    "MAX_SIDE",
    "ImageRejected",
    "LoadedImage",
    "load_image",
]

# Phone screenshots are 1080–1440 px wide and 2340–3200 px tall; decoding beyond this
# only costs time, and a camera photo of a screen (4000×3000) decodes as well at this size.
DECODE_MAX_SIDE: Final = 2400
# The longest side we decode. A long scrolling screenshot is 1080×30000 at most; a strip
# of 1×40,000,000 pixels is within the pixel limit, compresses to 80 kB and yet keeps
# Pillow busy for seconds with gigabytes of per-row bookkeeping.
MAX_SIDE: Final = 32_768

_MAGIC: Final = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"BM", "BMP"),
)
_ALLOWED_FORMATS: Final = ("PNG", "JPEG", "WEBP", "BMP")


class ImageRejected(ValueError):
    """The file is not an image we accept; ``message`` is the Chinese text for the worker."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        #: Stable short code (``empty``, ``format``, ``corrupt``, ``too_large``, ``animated``…)
        #: for logs and tests, independent of the wording shown to the worker.
        self.reason = reason


@dataclass(frozen=True, slots=True)
class LoadedImage:
    """A decoded image ready for QR decoding.

    ``bgr`` may be smaller than the original (see ``scale``); corners found in it map to
    the upright original by dividing by ``scale``.
    """

    bgr: npt.NDArray[np.uint8]
    #: (width, height) of the upright original, after EXIF orientation.
    original_size: tuple[int, int]
    #: "PNG", "JPEG", "WEBP" or "BMP".
    format: str
    #: hex sha256 of the file's bytes, to recognise the same file sent twice.
    sha256: str
    #: hex 64-bit pHash (.perceptual_hash), to recognise the same screenshot re-sent
    #: through WeChat (recompressed, so the sha256 differs).
    phash: str
    #: bgr width / original width (1.0 when not downscaled).
    scale: float


def load_image(
    source: Path | bytes,
    *,
    max_bytes: int = 40_000_000,
    max_pixels: int = 40_000_000,
) -> LoadedImage:
    """Load a PNG/JPEG/WebP/BMP file or its bytes, refusing anything unsafe or broken.

    Raises :class:`ImageRejected` for an empty, truncated, corrupt, non-image, animated,
    too large (bytes or pixels) file or a decompression bomb. Never decodes pixels before
    the header has been checked against ``max_pixels``.
    """
    data = _read_bounded(source, max_bytes)
    fmt = _sniff_format(data)
    sha256 = hashlib.sha256(data).hexdigest()

    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we want a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            pil = Image.open(io.BytesIO(data), formats=[fmt])
        except Image.DecompressionBombError as exc:
            raise _too_large_pixels(None) from exc
        except Image.DecompressionBombWarning as exc:
            raise _too_large_pixels(None) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _corrupt() from exc
        try:
            return _decode_checked(pil, fmt, sha256, max_pixels)
        finally:
            pil.close()


def _decode_checked(pil: Image.Image, fmt: str, sha256: str, max_pixels: int) -> LoadedImage:
    width, height = pil.size
    if width <= 0 or height <= 0:
        raise _corrupt()
    if width * height > max_pixels:
        raise _too_large_pixels(width * height)
    if max(width, height) > MAX_SIDE:
        raise ImageRejected(
            f"图片过长或过宽（{width}×{height} 像素），请截取二维码部分后重试",
            reason="too_large",
        )
    if getattr(pil, "n_frames", 1) > 1:
        raise ImageRejected("不支持动图，请发送静态截图", reason="animated")

    # JPEG can decode at 1/2, 1/4 or 1/8 scale directly: a 40 MP camera photo then never
    # occupies 120 MB as full-size RGB.
    if fmt == "JPEG" and max(width, height) > 2 * DECODE_MAX_SIDE:
        factor = max(width, height) / DECODE_MAX_SIDE
        pil.draft("RGB", (int(width / factor), int(height / factor)))
    try:
        pil.load()
        upright = ImageOps.exif_transpose(_shrunk(pil))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _corrupt() from exc

    rgb = _to_rgb(upright)
    # Size of the upright original: EXIF rotations by 90° swap width and height.
    orientation = pil.getexif().get(0x0112, 1)
    original_size = (height, width) if orientation in (5, 6, 7, 8) else (width, height)

    bgr = cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2BGR)
    long_side = max(bgr.shape[:2])
    if long_side > DECODE_MAX_SIDE:
        shrink = DECODE_MAX_SIDE / long_side
        new_size = (max(1, round(bgr.shape[1] * shrink)), max(1, round(bgr.shape[0] * shrink)))
        # INTER_AREA averages module pixels instead of skipping them (no aliasing).
        bgr = cv2.resize(bgr, new_size, interpolation=cv2.INTER_AREA)
    scale = bgr.shape[1] / original_size[0]

    # phash only looks at a 32×32 reduction: hashing a small thumbnail is 10× cheaper
    # than handing it the full screenshot, and gives the same hash up to resampling noise.
    thumb = rgb if max(rgb.size) <= 256 else rgb.reduce(max(1, max(rgb.size) // 256))
    phash = perceptual_hash(thumb)
    return LoadedImage(
        bgr=np.ascontiguousarray(bgr, dtype=np.uint8),
        original_size=original_size,
        format=fmt,
        sha256=sha256,
        phash=phash,
        scale=scale,
    )


def _shrunk(image: Image.Image) -> Image.Image:
    """PNG, WebP and BMP have no draft mode: shrink a large one by a whole factor inside
    Pillow (a box filter in C) before any full-size copy; the area resize finishes.

    A 40 MP PNG then loads in about half the time and memory, which keeps the largest
    accepted image well inside the 5 s a worker will wait.
    """
    factor = max(image.size) // DECODE_MAX_SIDE
    if factor < 2 or image.mode not in ("RGB", "RGBA", "L", "LA"):
        return image
    return image.reduce(factor)


def _read_bounded(source: Path | bytes, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:
            info = source.stat()
            if not stat.S_ISREG(info.st_mode):
                # A FIFO would block the open() below forever; /dev/zero never ends.
                raise ImageRejected("不是图片文件（可能是文件夹、设备或管道）", reason="unreadable")
            size = info.st_size
            if size > max_bytes:
                raise _too_large_bytes(size)
            with source.open("rb") as handle:
                # Bounded read: the file may have grown since stat().
                data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise ImageRejected("无法读取图片文件", reason="unreadable") from exc
    if not data:
        raise ImageRejected("图片文件是空的", reason="empty")
    if len(data) > max_bytes:
        raise _too_large_bytes(len(data))
    return data


def _sniff_format(data: bytes) -> str:
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if len(data) < 8:
        # Too short to tell: a truncated download is likelier than a foreign format.
        raise _corrupt()
    raise ImageRejected("只支持 PNG/JPEG/WebP/BMP 图片", reason="format")


def _to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode → RGB; transparency is laid over white, as a phone shows it."""
    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit greyscale PNG: scale to 8 bits by the actual range, not by clipping.
        values = np.asarray(image, dtype=np.float32)
        low, high = float(values.min()), float(values.max())
        span = high - low if high > low else 1.0
        grey = ((values - low) * (255.0 / span)).astype(np.uint8)
        return Image.fromarray(grey, mode="L").convert("RGB")
    # CMYK (Pillow undoes Adobe's inverted CMYK JPEGs itself), L, 1, P, YCbCr…
    return image.convert("RGB")


def _corrupt() -> ImageRejected:
    return ImageRejected("图片已损坏或不完整", reason="corrupt")


def _too_large_pixels(pixels: int | None) -> ImageRejected:
    if pixels is None:
        return ImageRejected("图片过大，请截取二维码部分后重试", reason="too_large")
    return ImageRejected(
        f"图片过大（{pixels / 10_000:.0f} 万像素），请截取二维码部分后重试", reason="too_large"
    )


def _too_large_bytes(size: int) -> ImageRejected:
    return ImageRejected(
        f"文件过大（{size / 1_000_000:.1f} MB），请截取二维码部分后重试", reason="too_large"
    )
