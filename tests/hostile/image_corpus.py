"""Hostile image files, built in memory: what a traveller's phone, WeChat or a prankster sends.

Each entry says what ``load_image`` must do with it: refuse it with a given reason, or load
it. Shared by tests/hostile/test_hostile_images.py and bench/bench_hostile.py. Builders
reuse the PNG helpers of tests/scanning/test_images.py.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PIL import Image

from tests.scanning.test_images import encode, png_chunk, png_header_only, screenshot

LOADED = "loaded"  # expected outcome of a file the loader must accept
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class HostileImage:
    name: str
    build: Callable[[], bytes]
    #: "loaded", or the ImageRejected reason ("empty", "corrupt", "format", "too_large"…).
    expected: str


def _png(mode: str, size: tuple[int, int]) -> bytes:
    return encode(Image.new(mode, size, 0), "PNG")


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        out.append((png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return out


def _with_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    """`png` with one more chunk right after IHDR."""
    chunks = _chunks(png)
    body = b"".join(png_chunk(k, d) for k, d in [*chunks[:1], (kind, data), *chunks[1:]])
    return PNG_SIGNATURE + body


def zero_png(width: int, height: int, *, colour_type: int = 0) -> bytes:
    """A complete, valid all-black PNG of any size, built without compressing its pixels
    row by row: one flushed deflate segment of rows is repeated, so a 30000×30000 file
    takes well under a second to make."""
    channels = {0: 1, 2: 3}[colour_type]
    row = b"\0" * (1 + width * channels)
    rows_per_segment = max(1, min(height, 4_000_000 // len(row)))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = deflate.compress(row * rows_per_segment) + deflate.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(height, rows_per_segment)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    ending = tail.compress(row * rest) + tail.flush()
    adler = 1
    block = row * rows_per_segment
    for _ in range(whole):
        adler = zlib.adler32(block, adler)
    adler = zlib.adler32(row * rest, adler)
    # After a full flush the compressor keeps no history, so copies of one segment in a
    # row are a valid deflate stream.
    stream = b"\x78\xda" + segment * whole + ending + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", stream)
        + png_chunk(b"IEND", b"")
    )


def _jpeg_with_size(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF header claims width×height."""
    data = bytearray(encode(screenshot(64, 64), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _bmp_header(width: int, height: int, bits: int = 24) -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, 0, 2835, 2835, 0, 0)
    return (
        b"BM" + struct.pack("<IHHI", 14 + len(info) + 64, 0, 0, 14 + len(info)) + info + bytes(64)
    )


def _webp_vp8l_header(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    body = b"VP8L" + struct.pack("<I", 5 + 64) + b"\x2f" + struct.pack("<I", bits) + bytes(64)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def _animated(fmt: str, frames: int = 2) -> bytes:
    images = [Image.new("RGB", (32, 32), (i * 40 % 256, 0, 0)) for i in range(frames)]
    return encode(images[0], fmt, save_all=True, append_images=images[1:])


def _apng_claiming_frames(count: int) -> bytes:
    png = _png("RGB", (16, 16))
    return _with_chunk(png, b"acTL", struct.pack(">II", count, 0))


def _deflate_bomb(size: int) -> bytes:
    deflate = zlib.compressobj(9)
    chunk = b"\0" * 1_000_000
    return b"".join(deflate.compress(chunk) for _ in range(size // len(chunk))) + deflate.flush()


def _ztxt_bomb() -> bytes:
    return _with_chunk(_png("RGB", (16, 16)), b"zTXt", b"Comment\0\0" + _deflate_bomb(200_000_000))


def _iccp_bomb() -> bytes:
    return _with_chunk(_png("RGB", (16, 16)), b"iCCP", b"icc\0\0" + _deflate_bomb(200_000_000))


def _exif_garbage() -> bytes:
    jpeg = encode(screenshot(64, 64), "JPEG")
    noise = random.Random(7).randbytes(400)
    exif = b"Exif\0\0MM\0*\xff\xff\xff\xf0" + noise
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + jpeg[2:]


def _exif_odd_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return encode(screenshot(64, 48), "JPEG", exif=exif.tobytes())


def _png_bad_crc() -> bytes:
    png = bytearray(_png("RGB", (16, 16)))
    png[29] ^= 0xFF  # inside the CRC of IHDR
    return bytes(png)


def _png_huge_chunk_length() -> bytes:
    png = _png("RGB", (16, 16))
    ihdr_end = len(PNG_SIGNATURE) + 25
    return png[:ihdr_end] + struct.pack(">I", 0x7FFFFFFF) + b"IDAT" + png[ihdr_end + 8 :]


def _cmyk_jpeg(*, adobe: bool) -> bytes:
    image = Image.new("CMYK", (64, 64), (255, 0, 255, 0))
    data = encode(image, "JPEG", quality=90)
    if not adobe:
        return data
    # An Adobe APP14 marker: the inverted CMYK that Photoshop writes.
    app14 = b"Adobe\0\x64\0\0\0\0\x02"
    return data[:2] + b"\xff\xee" + struct.pack(">H", len(app14) + 2) + app14 + data[2:]


def _sixteen_bit_rgba() -> bytes:
    buffer = io.BytesIO()
    # Pillow writes 16-bit RGBA only through raw data; an I;16 greyscale stands in for it.
    Image.new("I;16", (40, 40), 60000).save(buffer, "PNG")
    return buffer.getvalue()


def _palette_with_transparency() -> bytes:
    image = Image.new("P", (32, 32), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    return encode(image, "PNG", transparency=1)


def hostile_images() -> Iterator[HostileImage]:
    """Every hostile image, cheapest first; the builders run only when called."""
    png = encode(screenshot(270, 585), "PNG")
    jpeg = encode(screenshot(270, 585), "JPEG", quality=70)
    webp = encode(screenshot(270, 585), "WEBP")
    bmp = encode(screenshot(64, 64), "BMP")
    cases: list[tuple[str, Callable[[], bytes], str]] = [
        # Empty and truncated.
        ("zero-byte.png", lambda: b"", "empty"),
        ("one-byte.jpg", lambda: b"\xff", "corrupt"),
        ("png-signature-only.png", lambda: PNG_SIGNATURE, "corrupt"),
        ("png-cut-after-ihdr.png", lambda: png[:33], "corrupt"),
        ("png-cut-mid-idat.png", lambda: png[: len(png) // 2], "corrupt"),
        ("png-without-iend.png", lambda: png[:-12], LOADED),
        ("jpeg-soi-only.jpg", lambda: b"\xff\xd8\xff", "corrupt"),
        ("jpeg-cut-in-header.jpg", lambda: jpeg[:200], "corrupt"),
        ("jpeg-cut-mid-scan.jpg", lambda: jpeg[: len(jpeg) // 2], "corrupt"),
        ("webp-cut.webp", lambda: webp[: len(webp) // 2], "corrupt"),
        ("bmp-cut.bmp", lambda: bmp[: len(bmp) // 2], "corrupt"),
        # Wrong magic: another format, or no image at all, whatever the name says.
        ("gif-named.png", lambda: encode(Image.new("RGB", (8, 8)), "GIF"), "format"),
        ("tiff.jpg", lambda: encode(Image.new("RGB", (8, 8)), "TIFF"), "format"),
        ("pdf.png", lambda: b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "format"),
        ("zip.jpg", lambda: b"PK\x03\x04" + bytes(60), "format"),
        ("elf.png", lambda: b"\x7fELF\x02\x01\x01" + bytes(57), "format"),
        ("html.png", lambda: b"<html><body>" + b"A" * 100, "format"),
        ("svg.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>', "format"),
        ("heic.jpg", lambda: b"\0\0\0\x18ftypheic" + bytes(40), "format"),
        ("png-magic-jpeg-body.png", lambda: PNG_SIGNATURE + jpeg[3:], "corrupt"),
        ("jpeg-magic-png-body.jpg", lambda: b"\xff\xd8\xff" + png[8:], "corrupt"),
        ("png-bad-crc.png", _png_bad_crc, "corrupt"),
        # Claims 2 GB but holds every pixel: Pillow decodes what is there and allocates nothing.
        ("png-chunk-length-2gb.png", _png_huge_chunk_length, LOADED),
        ("png-zero-width.png", lambda: png_header_only(0, 100), "corrupt"),
        # Sizes no phone makes: refused from the header, before a pixel is decoded.
        ("png-30000x30000.png", lambda: zero_png(30_000, 30_000), "too_large"),
        ("png-bomb-8000x8000-rgb.png", lambda: zero_png(8000, 8000, colour_type=2), "too_large"),
        ("png-header-65535x65535.png", lambda: png_header_only(65_535, 65_535), "too_large"),
        ("png-header-2147483647x1.png", lambda: png_header_only(2**31 - 1, 1), "too_large"),
        ("jpeg-header-65500x65500.jpg", lambda: _jpeg_with_size(65_500, 65_500), "too_large"),
        ("bmp-header-30000x30000.bmp", lambda: _bmp_header(30_000, 30_000), "too_large"),
        ("bmp-header-negative-huge.bmp", lambda: _bmp_header(30_000, -30_000), "too_large"),
        ("webp-header-16383x16383.webp", lambda: _webp_vp8l_header(16_383, 16_383), "too_large"),
        ("png-ztxt-bomb-200mb.png", _ztxt_bomb, "corrupt"),
        ("png-iccp-bomb-200mb.png", _iccp_bomb, "corrupt"),
        # Within the pixel limit but far from a screenshot's shape (78 kB; seconds and
        # gigabytes of Pillow's per-row bookkeeping if decoded).
        ("png-1x40000000-strip.png", lambda: zero_png(1, 40_000_000), "too_large"),
        ("png-40000000x1-strip.png", lambda: zero_png(40_000_000, 1), "too_large"),
        ("png-1x32768-strip.png", lambda: zero_png(1, 32_768), LOADED),
        # The largest bomb the pixel limit lets through: 117 kB that decode to 40 MP.
        ("png-6324x6324-rgb-zeros.png", lambda: zero_png(6324, 6324, colour_type=2), LOADED),
        ("png-1x1.png", lambda: _png("RGB", (1, 1)), LOADED),
        # Animation.
        ("apng-2-frames.png", lambda: _animated("PNG"), "animated"),
        ("apng-claims-2147483647-frames.png", lambda: _apng_claiming_frames(2**31 - 1), "animated"),
        ("webp-animated.webp", lambda: _animated("WEBP"), "animated"),
        ("gif-animated.gif", lambda: _animated("GIF"), "format"),
        # Odd but real colour spaces and metadata.
        ("cmyk.jpg", lambda: _cmyk_jpeg(adobe=False), LOADED),
        ("cmyk-adobe.jpg", lambda: _cmyk_jpeg(adobe=True), LOADED),
        ("png-16-bit.png", _sixteen_bit_rgba, LOADED),
        ("png-palette-transparent.png", _palette_with_transparency, LOADED),
        ("jpeg-exif-garbage.jpg", _exif_garbage, LOADED),
        ("jpeg-exif-orientation-9.jpg", lambda: _exif_odd_orientation(9), LOADED),
        ("jpeg-exif-orientation-0.jpg", lambda: _exif_odd_orientation(0), LOADED),
        ("bmp-top-down.bmp", lambda: _top_down_bmp(bmp), LOADED),
    ]
    for name, build, expected in cases:
        yield HostileImage(name, build, expected)


def _top_down_bmp(bmp: bytes) -> bytes:
    data = bytearray(bmp)
    (height,) = struct.unpack("<i", data[22:26])
    data[22:26] = struct.pack("<i", -abs(height))
    return bytes(data)
