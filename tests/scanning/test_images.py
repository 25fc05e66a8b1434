"""load_image: what a worker sees when a traveller's file is good, odd or hostile."""

from __future__ import annotations

import io
import resource
import struct
import tracemalloc
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from checkpoint_app.scanning.images import DECODE_MAX_SIDE, ImageRejected, load_image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG start claiming width×height RGB pixels, with a tiny IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + png_chunk(b"IEND", b"")
    )


def screenshot(width: int = 1080, height: int = 2340) -> Image.Image:
    image = Image.new("RGB", (width, height), (250, 250, 250))
    image.paste((26, 173, 25), (300, 800, 780, 1280))
    return image


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "blue")]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:])


# --------------------------------------------------------------------- good files


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP"])
def test_each_accepted_format_loads_as_bgr_at_full_size(fmt: str) -> None:
    loaded = load_image(encode(screenshot(), fmt))

    assert loaded.format == fmt
    assert loaded.original_size == (1080, 2340)
    assert loaded.bgr.shape == (2340, 1080, 3)
    assert loaded.bgr.dtype == np.uint8
    assert loaded.scale == 1.0
    # The green square is green in BGR order (G channel highest), whatever the format.
    b, g, r = (int(v) for v in loaded.bgr[1000, 500])
    assert g > 150 and b < 60 and r < 60


def test_loading_from_a_path_gives_the_same_image_and_hashes(tmp_path: Path) -> None:
    data = encode(screenshot(), "PNG")
    path = tmp_path / "豫康码.png"
    path.write_bytes(data)

    from_path = load_image(path)
    from_bytes = load_image(data)

    assert from_path.sha256 == from_bytes.sha256
    assert from_path.phash == from_bytes.phash
    assert np.array_equal(from_path.bgr, from_bytes.bgr)


def phash_distance(first: str, second: str) -> int:
    return bin(int(first, 16) ^ int(second, 16)).count("1")


def test_wechat_recompressed_copy_has_another_sha256_but_a_close_phash() -> None:
    from tests.scanning.corpus import make_sample

    page = Image.fromarray(make_sample("health", "clean", 0, seed=1).image[:, :, ::-1])
    other_page = Image.fromarray(make_sample("health", "clean", 1, seed=1).image[:, :, ::-1])
    png = load_image(encode(page, "PNG"))
    forwarded = load_image(encode(page.resize((540, 1170)), "JPEG", quality=50))
    other = load_image(encode(other_page, "PNG"))

    assert png.sha256 != forwarded.sha256
    assert phash_distance(png.phash, forwarded.phash) <= 4
    assert phash_distance(png.phash, other.phash) > 8


def test_cmyk_jpeg_loads_with_its_colours() -> None:
    # Pure cyan + yellow ink = green.
    cmyk = Image.new("CMYK", (64, 64), (255, 0, 255, 0))

    loaded = load_image(encode(cmyk, "JPEG", quality=95))

    b, g, r = (int(v) for v in loaded.bgr[32, 32])
    assert g > 200 and b < 40 and r < 40


def test_transparent_png_is_laid_over_white_as_a_phone_shows_it() -> None:
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((0, 0, 0, 255), (10, 10, 30, 30))

    loaded = load_image(encode(image, "PNG"))

    assert loaded.bgr[0, 0].tolist() == [255, 255, 255]
    assert loaded.bgr[20, 20].tolist() == [0, 0, 0]


@pytest.mark.parametrize("mode", ["L", "1", "P", "LA", "I;16"])
def test_greyscale_palette_and_16_bit_images_load_as_three_channels(mode: str) -> None:
    image = Image.new("RGB", (50, 30), "white")
    image.paste((0, 0, 0), (0, 0, 25, 30))
    converted = image.convert(mode) if mode != "I;16" else image.convert("L").convert("I;16")

    loaded = load_image(encode(converted, "PNG"))

    assert loaded.bgr.shape == (30, 50, 3)
    assert int(loaded.bgr[15, 5].max()) < 30
    assert int(loaded.bgr[15, 45].min()) > 220


def test_exif_orientation_turns_a_sideways_photo_upright() -> None:
    image = Image.new("RGB", (200, 100), "white")
    image.paste((0, 0, 0), (0, 0, 20, 100))  # a black band on the left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"

    loaded = load_image(encode(image, "JPEG", exif=exif.tobytes(), quality=95))

    assert loaded.original_size == (100, 200)
    assert loaded.bgr.shape[:2] == (200, 100)
    # After rotating clockwise the left band is at the top.
    assert int(loaded.bgr[5, 50].max()) < 60
    assert int(loaded.bgr[195, 50].min()) > 200


def test_large_camera_photo_is_downscaled_for_decoding_keeping_its_aspect() -> None:
    photo = Image.new("RGB", (6000, 4000), (90, 120, 150))

    loaded = load_image(encode(photo, "JPEG", quality=80))

    height, width = loaded.bgr.shape[:2]
    assert max(height, width) == DECODE_MAX_SIDE
    assert abs(width / height - 1.5) < 0.01
    assert loaded.original_size == (6000, 4000)
    assert loaded.scale == pytest.approx(width / 6000)


# ---------------------------------------------------------------------- bad files

BAD_INPUTS = {
    "empty": (b"", "empty", "图片文件是空的"),
    "text file": (
        b"name,id\n\xe5\xbc\xa0\xe4\xb8\x89,4107\n" * 4,
        "format",
        "只支持 PNG/JPEG/WebP/BMP 图片",
    ),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "format", "只支持 PNG/JPEG/WebP/BMP 图片"),
    "gif": (encode(Image.new("RGB", (8, 8)), "GIF"), "format", "只支持 PNG/JPEG/WebP/BMP 图片"),
    "three bytes": (b"\x89PN", "corrupt", "图片已损坏或不完整"),
    "truncated png": (encode(screenshot(), "PNG")[:3000], "corrupt", "图片已损坏或不完整"),
    "truncated jpeg": (
        encode(screenshot(), "JPEG")[:4000],
        "corrupt",
        "图片已损坏或不完整",
    ),
    "png magic then garbage": (
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "corrupt",
        "图片已损坏或不完整",
    ),
    "jpeg magic then garbage": (
        b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x13" * 500,
        "corrupt",
        "图片已损坏或不完整",
    ),
    "animated png": (animated("PNG"), "animated", "不支持动图，请发送静态截图"),
    "animated webp": (animated("WEBP"), "animated", "不支持动图，请发送静态截图"),
    "48 megapixel header": (
        png_header_only(8000, 6000),
        "too_large",
        "图片过大（4800 万像素），请截取二维码部分后重试",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_with_its_chinese_message(name: str) -> None:
    data, reason, message = BAD_INPUTS[name]

    with pytest.raises(ImageRejected) as caught:
        load_image(data)

    assert caught.value.reason == reason
    assert caught.value.message == message
    assert isinstance(caught.value, ValueError)


def test_file_larger_than_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:
        handle.write(encode(screenshot(32, 32), "PNG"))
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk

    with pytest.raises(ImageRejected) as caught:
        load_image(path, max_bytes=40_000_000)

    assert caught.value.reason == "too_large"
    assert caught.value.message == "文件过大（50.0 MB），请截取二维码部分后重试"


def test_missing_file_is_refused_not_raised_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(ImageRejected) as caught:
        load_image(tmp_path / "gone.jpg")
    assert caught.value.message == "无法读取图片文件"


def test_30000_by_30000_png_header_is_refused_without_allocating_its_pixels() -> None:
    bomb = png_header_only(30_000, 30_000)  # 2.7 GB of RGB if decoded
    peak_rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        with pytest.raises(ImageRejected) as caught:
            load_image(bomb)
        _, peak_traced = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    peak_rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    assert caught.value.reason == "too_large"
    assert caught.value.message.startswith("图片过大")
    assert peak_traced < 20_000_000
    assert peak_rss_after - peak_rss_before < 200_000  # KiB on Linux


def test_pixel_limit_is_the_callers_to_choose() -> None:
    data = encode(screenshot(), "PNG")  # 252.72 万像素

    with pytest.raises(ImageRejected) as caught:
        load_image(data, max_pixels=2_000_000)

    assert caught.value.message == "图片过大（253 万像素），请截取二维码部分后重试"


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.sampled_from(
        [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"BM", b"RIFF\0\0\0\0WEBP", b""]
    ),
    body=st.binary(max_size=600),
)
def test_arbitrary_bytes_either_load_or_are_refused_never_crash(prefix: bytes, body: bytes) -> None:
    try:
        loaded = load_image(prefix + body)
    except ImageRejected as refused:
        assert refused.message
    else:
        assert loaded.bgr.ndim == 3


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=1, max_value=99))
def test_any_truncation_of_a_real_jpeg_is_refused_or_loaded_never_crashes(cut: int) -> None:
    data = JPEG_SAMPLE[: len(JPEG_SAMPLE) * cut // 100]
    try:
        load_image(data)
    except ImageRejected as refused:
        assert refused.reason in {"corrupt", "format"}


JPEG_SAMPLE = encode(screenshot(270, 585), "JPEG", quality=70)
