"""Perceptual hashes of screenshots: the DCT hash (pHash) and its Hamming distance.

The hashes stored in ``scan_artefacts.image_phash`` and in screenshot fingerprints were
made by ImageHash 4.3's ``phash``; this is the same algorithm with the same hex format,
so old and new rows compare as before (tests/scanning/test_perceptual_hash.py holds
hashes made by ImageHash and checks they come out bit for bit). It is written here
because ImageHash needs SciPy for one DCT, and SciPy with its BLAS weighed 35 MB in
the workstation bundle; OpenCV, already loaded, has the DCT.
"""

from __future__ import annotations

import string
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

__all__ = ["hamming_distance", "phash"]

_HEX_DIGITS: Final = frozenset(string.hexdigits)


def phash(image: Image.Image, hash_size: int = 8, highfreq_factor: int = 4) -> str:
    """Hex pHash of ``image`` with ``hash_size``² bits, as ImageHash's ``str(phash(...))``.

    The image is reduced to grey ``hash_size × highfreq_factor`` pixels square (Lanczos),
    transformed by a 2-D DCT-II, and each of the ``hash_size × hash_size`` lowest
    frequencies becomes one bit: above their median or not.
    """
    if hash_size < 2:
        raise ValueError("hash_size must be at least 2")
    side = hash_size * highfreq_factor
    grey = image.convert("L").resize((side, side), Image.Resampling.LANCZOS)
    pixels = np.asarray(grey, dtype=np.float64)
    low = _unnormalised_dct2(pixels)[:hash_size, :hash_size]
    bits = (low > np.median(low)).flatten()
    return _bits_to_hex(bits)


def hamming_distance(hex_a: str, hex_b: str) -> int:
    """Number of differing bits between two hex hashes of the same length.

    Raises ValueError for hashes of different lengths or with a non-hex character.
    """
    if len(hex_a) != len(hex_b) or not hex_a:
        raise ValueError("hashes of different sizes")
    if not (_HEX_DIGITS.issuperset(hex_a) and _HEX_DIGITS.issuperset(hex_b)):
        raise ValueError("not a hex hash")
    return (int(hex_a, 16) ^ int(hex_b, 16)).bit_count()


def _unnormalised_dct2(pixels: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """2-D DCT-II scaled as scipy.fftpack.dct's default (norm=None), which ImageHash used.

    cv2.dct is orthonormal: coefficient k carries sqrt(1/N) (k = 0) or sqrt(2/N) instead
    of scipy's factor 2. The scale differs between the first and the other coefficients,
    so it changes which ones lie above the median; undoing it keeps the hashes identical.
    """
    n = pixels.shape[0]
    orthonormal = cv2.dct(np.ascontiguousarray(pixels))
    scale = np.full(n, 2.0 / np.sqrt(2.0 / n))
    scale[0] = 2.0 / np.sqrt(1.0 / n)
    return np.asarray(orthonormal * np.outer(scale, scale), dtype=np.float64)


def _bits_to_hex(bits: npt.NDArray[np.bool_]) -> str:
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    width = (len(bits) + 3) // 4
    return f"{value:0{width}x}"
