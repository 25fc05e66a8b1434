"""The traveller's pledge (承诺书): how it was signed, and the signature's strokes.

A pledge is never assumed: a record starts 未签 (`PledgeMethod.NONE`) and becomes signed
on screen, signed on a numbered paper slip, or refused only by something the worker did.

An on-screen signature is kept as strokes, not as an image: points quantised to a
`CANVAS_WIDTH` × `CANVAS_HEIGHT` grid, each stroke's points delta-encoded as zig-zag
varints, zlib-compressed and base64-encoded. A signature of a few strokes takes a few
hundred characters; `MAX_STROKES_CHARS` bounds what a device may send, and decoding
checks every count and coordinate, so a forged blob cannot make the county or the
record dialog draw outside the pad or allocate without limit.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class PledgeMethod(StrEnum):
    """How the traveller answered the pledge; the codes go to SQLite and the county."""

    NONE = "none"  # 未签: nobody recorded a pledge
    SCREEN = "screen"  # signed on the workstation's signature pad
    PAPER = "paper"  # signed a numbered paper slip
    REFUSED = "refused"  # refused to sign

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]

    @property
    def signed(self) -> bool:
        return self in (PledgeMethod.SCREEN, PledgeMethod.PAPER)


_METHOD_LABELS = {
    PledgeMethod.NONE: "未签",
    PledgeMethod.SCREEN: "屏幕签名",
    PledgeMethod.PAPER: "纸质签字",
    PledgeMethod.REFUSED: "拒签",
}

#: The signature pad's logical size: 3:1 like a line on paper, fine enough for handwriting.
CANVAS_WIDTH = 600
CANVAS_HEIGHT = 200
#: Bounds on what a device may send (a signature is a few hundred characters).
MAX_STROKES_CHARS = 16_000
MAX_STROKES = 200
MAX_POINTS = 6_000
MAX_SLIP_NUMBER = 99_999_999
MAX_PLEDGE_VERSION = 1_000_000
_MAGIC = b"S1"
# Enough for MAX_POINTS points at the widest varints; decompression stops there.
_MAX_RAW_BYTES = 8 + 3 * MAX_STROKES + 6 * MAX_POINTS

Point = tuple[int, int]
Stroke = tuple[Point, ...]


class SignatureError(ValueError):
    """Stroke data that cannot be a signature; `.message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Pledge:
    """The pledge as recorded with one version of a traveller's record.

    `version` is the pledge text's version shown to the traveller (0: the built-in text);
    `slip` the paper slip's number; `strokes` the encoded on-screen signature.
    """

    method: PledgeMethod = PledgeMethod.NONE
    version: int | None = None
    at: datetime | None = None
    slip: int | None = None
    strokes: str = ""

    @property
    def recorded(self) -> bool:
        return self.method is not PledgeMethod.NONE

    def describe(self) -> str:
        """One Chinese line for the record dialog: "纸质签字 · 第 12 号 · 第 3 版 · 14:05"."""
        parts = [self.method.label]
        if self.slip is not None:
            parts.append(f"第 {self.slip} 号")
        if self.version is not None:
            parts.append("内置文本" if self.version == 0 else f"第 {self.version} 版")
        if self.at is not None:
            parts.append(self.at.astimezone().strftime("%m-%d %H:%M"))
        return " · ".join(parts)


NO_PLEDGE = Pledge()


# ------------------------------------------------------------------------------ strokes


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _unzigzag(value: int) -> int:
    return value >> 1 if value % 2 == 0 else -((value + 1) >> 1)


def _varint(value: int, out: bytearray) -> None:
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def _clamp(value: float, high: int) -> int:
    return max(0, min(high, round(value)))


def encode_strokes(strokes: Iterable[Sequence[tuple[float, float]]]) -> str:
    """`strokes` (points in canvas units) as compact text; "" when there is none.

    Points are rounded to the grid and clamped to the canvas; a repeated point is dropped
    (a pen held still sends many). Raises SignatureError past MAX_STROKES or MAX_POINTS.
    """
    kept: list[list[Point]] = []
    total = 0
    for stroke in strokes:
        points: list[Point] = []
        for x, y in stroke:
            point = (_clamp(x, CANVAS_WIDTH), _clamp(y, CANVAS_HEIGHT))
            if not points or points[-1] != point:
                points.append(point)
        if points:
            kept.append(points)
            total += len(points)
    if not kept:
        return ""
    if len(kept) > MAX_STROKES or total > MAX_POINTS:
        raise SignatureError("签名笔画太多，请清除后重签")
    raw = bytearray(_MAGIC)
    _varint(len(kept), raw)
    for points in kept:
        _varint(len(points), raw)
        last = (0, 0)
        for point in points:
            _varint(_zigzag(point[0] - last[0]), raw)
            _varint(_zigzag(point[1] - last[1]), raw)
            last = point
    text = base64.b64encode(zlib.compress(bytes(raw), 9)).decode("ascii")
    if len(text) > MAX_STROKES_CHARS:
        raise SignatureError("签名数据太大，请清除后重签")
    return text


class _Bytes:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def varint(self) -> int:
        value = shift = 0
        while True:
            if self.pos >= len(self.data) or shift > 28:
                raise SignatureError("签名数据不完整")
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7


def decode_strokes(text: str) -> tuple[Stroke, ...]:
    """The strokes `text` (from `encode_strokes`) holds; SignatureError if it is not one."""
    if not text:
        return ()
    if len(text) > MAX_STROKES_CHARS:
        raise SignatureError(f"签名数据最多{MAX_STROKES_CHARS}个字符")
    try:
        packed = base64.b64decode(text.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, _MAX_RAW_BYTES)
    except (UnicodeEncodeError, binascii.Error, zlib.error):
        raise SignatureError("签名数据格式不对") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise SignatureError("签名数据太大或不完整")
    if not raw.startswith(_MAGIC):
        raise SignatureError("签名数据格式不对")
    reader = _Bytes(raw)
    reader.pos = len(_MAGIC)
    count = reader.varint()
    if not 1 <= count <= MAX_STROKES:
        raise SignatureError("签名笔画数不对")
    strokes: list[Stroke] = []
    total = 0
    for _ in range(count):
        n = reader.varint()
        total += n
        if n < 1 or total > MAX_POINTS:
            raise SignatureError("签名点数不对")
        x = y = 0
        points: list[Point] = []
        for _ in range(n):
            x += _unzigzag(reader.varint())
            y += _unzigzag(reader.varint())
            if not (0 <= x <= CANVAS_WIDTH and 0 <= y <= CANVAS_HEIGHT):
                raise SignatureError("签名超出签字区域")
            points.append((x, y))
        strokes.append(tuple(points))
    if reader.pos != len(raw):
        raise SignatureError("签名数据末尾有多余内容")
    return tuple(strokes)


def check_pledge(pledge: Pledge) -> None:
    """Raise SignatureError (Chinese) when `pledge` is not one the form could have saved.

    未签 holds nothing else; every other method has the text version and the time; paper
    has a slip number, a screen signature has strokes, a refusal neither.
    """
    method = pledge.method
    if method is PledgeMethod.NONE:
        if pledge.version is not None or pledge.at is not None or pledge.slip or pledge.strokes:
            raise SignatureError("未签承诺书的记录不应有签署内容")
        return
    if pledge.version is None or not 0 <= pledge.version <= MAX_PLEDGE_VERSION:
        raise SignatureError("承诺书版本号不对")
    if pledge.at is None:
        raise SignatureError("缺少承诺书签署时间")
    if method is PledgeMethod.PAPER:
        if pledge.slip is None or not 1 <= pledge.slip <= MAX_SLIP_NUMBER:
            raise SignatureError(f"纸质承诺书编号应在 1–{MAX_SLIP_NUMBER} 之间")
    elif pledge.slip is not None:
        raise SignatureError("只有纸质承诺书有编号")
    if method is PledgeMethod.SCREEN:
        if not decode_strokes(pledge.strokes):
            raise SignatureError("屏幕签名没有笔画")
    elif pledge.strokes:
        raise SignatureError("只有屏幕签名有笔画")
