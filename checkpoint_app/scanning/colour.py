"""The colour of a health code, read from the QR code's own dark modules.

Voting over the whole screenshot is wrong often (a green page header pulls a yellow
code to green); voting over the found QR quadrilateral alone is what a worker does
when they look at the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt

from checkpoint_app.records.model import CodeColour

__all__ = ["ColourReading", "centre_overlay_box", "classify_card_colour", "classify_code_colour"]

_SIDE: Final = 96
# The centre of a code often carries a logo (粤康码, payment codes) or a button
# (津心通's 请扫场所码) in a colour that says nothing about the code: leave it out.
_CENTRE: Final = (0.32, 0.68)
# OpenCV hue runs 0–179. Yellow codes in the wild are often orange (#F5A623, hue≈19).
_RED_BELOW: Final = 9
_RED_ABOVE: Final = 160
_YELLOW_BELOW: Final = 38
_GREEN_BELOW: Final = 95
# Below this saturation a dark module is achromatic: black or grey.
_MIN_SATURATION: Final = 70
# Achromatic codes whose darkest pixels reach less than this share of the light modules'
# brightness are black. On 650 generated codes (tests/scanning/corpus.py, all variants)
# 灰码 greys (#808080–#A0A0A0) gave 0.49–0.83 and black codes 0.00–0.28 (the top end
# blurred, glared phone photos). The cut sits nearer grey: a doubtful code falls to
# black, the safe side, since a payment code must never get a health-code colour.
_GREY_RATIO: Final = 0.40


@dataclass(frozen=True, slots=True)
class ColourReading:
    """A code's colour and how sure the vote was (share of dark modules that agreed)."""

    colour: CodeColour
    confidence: float


def classify_code_colour(
    image: npt.NDArray[np.uint8], corners: Sequence[tuple[float, float]]
) -> ColourReading:
    """Classify the colour of the QR code whose 4 ``corners`` are given in BGR ``image``.

    Green, yellow, red and grey are health-code colours; a black code (a payment code,
    a NAT report's code) and anything else gives ``CodeColour.UNKNOWN``.
    """
    if image.ndim == 2:
        # A greyscale image cannot show a colour; it can still tell black from grey.
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    quad = np.asarray(corners, dtype=np.float32).reshape(4, 2)
    square = np.array(
        [[0, 0], [_SIDE - 1, 0], [_SIDE - 1, _SIDE - 1], [0, _SIDE - 1]], dtype=np.float32
    )
    if abs(cv2.contourArea(quad)) < 16:
        return ColourReading(CodeColour.UNKNOWN, 0.0)
    matrix = cv2.getPerspectiveTransform(quad, square)
    # INTER_AREA is not available for warps; linear is fine because only the darker
    # half of the pixels votes, which are module centres rather than edges.
    warped = cv2.warpPerspective(image[:, :, :3], matrix, (_SIDE, _SIDE), flags=cv2.INTER_LINEAR)

    keep = np.ones((_SIDE, _SIDE), dtype=bool)
    low, high = int(_SIDE * _CENTRE[0]), int(_SIDE * _CENTRE[1])
    keep[low:high, low:high] = False
    # A button wider than the fixed centre (津心通's 请扫"场所码" spans most of the code)
    # would vote with its own green or blue: leave out all of it.
    overlay = centre_overlay_box(np.asarray(warped, dtype=np.uint8))
    if overlay is not None:
        x0, y0, x1, y1 = overlay
        keep[y0:y1, x0:x1] = False
    pixels = warped[keep].reshape(-1, 1, 3)

    # "Ink" is the per-pixel minimum channel: a yellow module (min≈0) is as dark as a
    # black one, and a grey or tinted background stays light. Otsu splits modules from
    # background whatever the page colour.
    ink = pixels.min(axis=2).ravel()
    threshold, _ = cv2.threshold(ink.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark_mask = ink <= threshold
    light_mask = ~dark_mask
    if dark_mask.sum() < 20 or light_mask.sum() < 20:
        return ColourReading(CodeColour.UNKNOWN, 0.0)

    hsv = cv2.cvtColor(pixels, cv2.COLOR_BGR2HSV).reshape(-1, 3)
    dark = hsv[dark_mask]
    # The darkest half of the dark pixels: module centres, away from JPEG ringing and
    # blur at module edges.
    value_cut = np.median(dark[:, 2])
    core = dark[dark[:, 2] <= value_cut]
    hue = core[:, 0].astype(np.int32)
    saturation = core[:, 1].astype(np.int32)
    value = core[:, 2].astype(np.int32)

    # Dark pixels are too dark to show a hue reliably below V≈50.
    chromatic = (saturation >= _MIN_SATURATION) & (value >= 50)
    votes = _hue_votes(hue, chromatic)
    other_hue = int(np.count_nonzero(chromatic)) - sum(votes.values())
    achromatic = int(np.count_nonzero(~chromatic))
    total = float(len(core))

    best = max(votes, key=lambda colour: votes[colour])
    if votes[best] >= max(other_hue, achromatic):
        return ColourReading(best, votes[best] / total)
    if other_hue > achromatic:
        # Blue, purple…: not a health-code colour.
        return ColourReading(CodeColour.UNKNOWN, other_hue / total)

    # Achromatic: grey code or ordinary black code. Blur and glare lift a small black
    # code's modules towards grey, but the 3×3-module centres of its finder patterns
    # stay dark somewhere: judge by the darkest few per cent, relative to the light
    # modules, so a dim screen does not change the answer either.
    light_value = float(np.percentile(hsv[light_mask][:, 2], 90))
    darkest = float(np.percentile(hsv[dark_mask][:, 2], 3))
    ratio = darkest / max(light_value, 1.0)
    if ratio >= _GREY_RATIO:
        return ColourReading(CodeColour.GREY, achromatic / total)
    return ColourReading(CodeColour.UNKNOWN, achromatic / total)


def _hue_votes(
    hue: npt.NDArray[np.int32], chromatic: npt.NDArray[np.bool_]
) -> dict[CodeColour, int]:
    """Pixels per health colour, by the hue bands above (``chromatic`` ones only)."""
    return {
        CodeColour.RED: int(
            np.count_nonzero(chromatic & ((hue < _RED_BELOW) | (hue >= _RED_ABOVE)))
        ),
        CodeColour.YELLOW: int(
            np.count_nonzero(chromatic & (hue >= _RED_BELOW) & (hue < _YELLOW_BELOW))
        ),
        CodeColour.GREEN: int(
            np.count_nonzero(chromatic & (hue >= _YELLOW_BELOW) & (hue < _GREEN_BELOW))
        ),
    }


# A pixel is "flat" when its window varies by less than this share of the square's
# contrast: module edges are everywhere in a code at this scale, a button has none.
_FLAT_SHARE: Final = 0.3
# A centred overlay is at least this wide and tall (shares of the code's side); a patch
# of same-colour modules hardly ever is both and centred.
_OVERLAY_MIN: Final = (0.14, 0.07)


def centre_overlay_box(square: npt.NDArray[np.uint8]) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of a solid overlay over the middle of a rectified code, or None.

    ``square`` is the code warped upright to a square (BGR). An overlay is a flat region
    (a button, a logo) whose bounding box holds the centre and stays off the edges; its
    label's strokes inside it do not matter, only its outline. Used to keep a venue-scan
    button's colour out of the code's colour, and to paint it out before decoding again.
    """
    side = square.shape[0]
    ink = np.asarray(square.min(axis=2) if square.ndim == 3 else square, dtype=np.uint8)
    low, high = np.percentile(ink, (5, 95))
    contrast = float(high - low)
    if contrast < 20:
        return None
    window = max(3, (side // 20) | 1)
    kernel = np.ones((window, window), np.uint8)
    channels = cv2.split(square) if square.ndim == 3 else [square]
    spread = np.max(
        [cv2.morphologyEx(channel, cv2.MORPH_GRADIENT, kernel) for channel in channels], axis=0
    )
    flat = np.asarray(spread < _FLAT_SHARE * contrast, dtype=np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(flat, connectivity=8)
    centre = side / 2.0
    margin = 0.06 * side
    best: tuple[int, int, int, int] | None = None
    best_area = 0
    for index in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[index])
        if not (x <= centre <= x + w and y <= centre <= y + h):
            continue
        if w < _OVERLAY_MIN[0] * side or h < _OVERLAY_MIN[1] * side:
            continue
        if x < margin or y < margin or x + w > side - margin or y + h > side - margin:
            continue  # reaches the code's edge: the quiet zone or a wrong quad, no overlay
        if area > best_area:
            best, best_area = (x, y, x + w, y + h), area
    if best is None:
        return None
    # The flat test stops half a window short of the overlay's outline.
    grow = window // 2 + 1
    x0, y0, x1, y1 = best
    return (max(0, x0 - grow), max(0, y0 - grow), min(side, x1 + grow), min(side, y1 + grow))


# The travel card's arrow (in a ring or on a disc) is its colour. The search band is
# nearly the whole page: what touches the band's edge (the page's own coloured margins
# and header, a photo's surroundings) is left out, so a crop that moved the arrow still
# finds it (generated cards and 2022-style layouts, crops and photos included: 152 of
# 152 right; a band over the upper middle alone left 13 crops empty).
_CARD_WIDTH: Final = 360
_CARD_BAND_X: Final = (0.05, 0.95)
_CARD_BAND_Y: Final = (0.08, 0.9)
# The arrow is big: at least this share of the band (the real cards' ring and arrow: 2.7–3 %;
# a coloured character of text: under 0.3 %).
_CARD_MIN_AREA: Final = 0.01
_CARD_MIN_AGREEMENT: Final = 0.8


def classify_card_colour(image: npt.NDArray[np.uint8]) -> ColourReading:
    """The colour of a travel card's arrow: the largest saturated blob in the centre band.

    Only meaningful on a 通信大数据行程卡 (the caller decides that from the page's words);
    green, yellow or red, else ``UNKNOWN`` (no big blob, a blob touching the band's edge,
    a long banner rather than a round arrow, or mixed hues).
    """
    if image.ndim != 3:
        return ColourReading(CodeColour.UNKNOWN, 0.0)
    height, width = image.shape[:2]
    scale = _CARD_WIDTH / width
    small = cv2.resize(
        image[:, :, :3],
        (_CARD_WIDTH, max(1, round(height * scale))),
        interpolation=cv2.INTER_AREA,
    )
    rows = small.shape[0]
    y0, y1 = int(rows * _CARD_BAND_Y[0]), int(rows * _CARD_BAND_Y[1])
    x0, x1 = int(_CARD_WIDTH * _CARD_BAND_X[0]), int(_CARD_WIDTH * _CARD_BAND_X[1])
    band = cv2.cvtColor(np.ascontiguousarray(small[y0:y1, x0:x1]), cv2.COLOR_BGR2HSV)
    if band.size == 0:
        return ColourReading(CodeColour.UNKNOWN, 0.0)
    saturated = np.asarray(
        (band[:, :, 1] >= _MIN_SATURATION) & (band[:, :, 2] >= 80), dtype=np.uint8
    )
    saturated = np.asarray(
        cv2.morphologyEx(saturated, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)), dtype=np.uint8
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(saturated, connectivity=8)
    band_h, band_w = saturated.shape
    best, best_area = 0, 0
    for index in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[index])
        if x == 0 or y == 0 or x + w >= band_w or y + h >= band_h:
            continue  # the page's coloured background or a photo's surroundings
        if max(w, h) > 2.0 * min(w, h):
            continue  # a line of coloured text or a bar, not the round arrow
        if area > best_area:
            best, best_area = index, area
    if best == 0 or best_area < _CARD_MIN_AREA * band_h * band_w:
        return ColourReading(CodeColour.UNKNOWN, 0.0)
    pixels = band[(labels == best) & (saturated > 0)]
    hue = pixels[:, 0].astype(np.int32)
    votes = _hue_votes(hue, np.ones(len(hue), dtype=bool))
    colour = max(votes, key=lambda c: votes[c])
    share = votes[colour] / float(len(hue))
    if share < _CARD_MIN_AGREEMENT:
        return ColourReading(CodeColour.UNKNOWN, share)
    return ColourReading(colour, share)
