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

__all__ = ["ColourReading", "classify_code_colour"]

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
    votes = {
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
